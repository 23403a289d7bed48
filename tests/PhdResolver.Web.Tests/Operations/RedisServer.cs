using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PhdResolver.Web.Tests.Operations;

/// <summary>
/// A real redis-server (Debian's package) on 127.0.0.1 and a free port, without persistence, for one test
/// class; stopped (by its process id) on dispose. Missing binary: the tests say so and pass outside CI, fail in CI
/// (.ci/run installs it).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process? _process;

    public RedisServer()
    {
        string? exe = new[] { Environment.GetEnvironmentVariable("PHD_REDIS_SERVER"), "/usr/bin/redis-server", "/usr/local/bin/redis-server" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
        if (exe is null) return;
        Port = FreePort();
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!Answers(Port))
        {
            if (_process.HasExited || DateTime.UtcNow > until) throw new InvalidOperationException("redis-server did not start");
            Thread.Sleep(50);
        }
    }

    public bool Available => _process is not null;
    public int Port { get; }
    public string Endpoint => "127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the test can run; false (outside CI only) when redis-server is not installed.</summary>
    public bool Require()
    {
        if (Available) return true;
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
            "redis-server is missing (apt-get install -y redis-server, or set PHD_REDIS_SERVER)");
        return false;
    }

    /// <summary>A port nothing listens on (bound and released: the kernel will not hand it out again at once).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static bool Answers(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            var s = c.GetStream();
            s.Write("PING\r\n"u8);
            var buf = new byte[16];
            int n = s.Read(buf);
            return n > 0 && buf[0] == (byte)'+';
        }
        catch (SocketException) { return false; }
        catch (IOException) { return false; }
    }

    public void Dispose()
    {
        if (_process is null) return;
        try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
