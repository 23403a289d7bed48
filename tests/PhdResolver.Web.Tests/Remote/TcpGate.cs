using System.Net;
using System.Net.Sockets;
using PhdResolver.Tests.Shared;

namespace PhdResolver.Web.Tests.Remote;

/// <summary>
/// A TCP forwarder between the resolver and its SPARQL store, so a test can make the store unreachable (connections
/// refused), or make it hang (connections accepted, never answered) and see when the resolver gives a connection up,
/// without restarting the store. <see cref="Forward"/> passes bytes both ways.
/// </summary>
public sealed class TcpGate : IDisposable
{
    public enum Mode { Forward, Refuse, Hang }

    private readonly int _target;
    private readonly int _port;
    private TcpListener? _listener;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private Mode _mode = Mode.Forward;
    private int _hungClosed;
    private int _hungAccepted;

    public TcpGate(int targetPort)
    {
        _target = targetPort;
        _port = VirtuosoServer.FreePort();
        Listen();
    }

    public int Port => _port;

    /// <summary>Connections accepted in <see cref="Mode.Hang"/>, and those of them the other side has closed.</summary>
    public int HungAccepted => Volatile.Read(ref _hungAccepted);
    public int HungClosed => Volatile.Read(ref _hungClosed);

    public void Set(Mode mode)
    {
        lock (_lock)
        {
            _mode = mode;
            foreach (var c in _open) c.Dispose(); // pooled connections end too: the next request sees the new mode
            _open.Clear();
            if (mode == Mode.Refuse) { _listener?.Stop(); _listener = null; }
            else if (_listener is null) Listen();
        }
    }

    private void Listen()
    {
        var l = new TcpListener(IPAddress.Loopback, _port);
        l.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        l.Start();
        _listener = l;
        _ = Task.Run(() => Accept(l));
    }

    private async Task Accept(TcpListener l)
    {
        while (true)
        {
            TcpClient c;
            try { c = await l.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            Mode mode;
            lock (_lock)
            {
                mode = _mode;
                _open.Add(c);
            }
            if (mode == Mode.Hang) _ = Task.Run(() => Hang(c));
            else _ = Task.Run(() => Pipe(c));
        }
    }

    private async Task Hang(TcpClient c)
    {
        Interlocked.Increment(ref _hungAccepted);
        var buf = new byte[8192];
        try
        {
            var s = c.GetStream();
            while (await s.ReadAsync(buf) > 0) { } // the request is read and never answered
            Interlocked.Increment(ref _hungClosed); // the client closed its side
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            Interlocked.Increment(ref _hungClosed);
        }
    }

    private async Task Pipe(TcpClient c)
    {
        using var up = new TcpClient();
        try
        {
            await up.ConnectAsync(IPAddress.Loopback, _target);
            lock (_lock) _open.Add(up);
            var a = c.GetStream();
            var b = up.GetStream();
            var t1 = a.CopyToAsync(b);
            var t2 = b.CopyToAsync(a);
            await Task.WhenAny(t1, t2);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException) { }
        finally
        {
            c.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }
}
