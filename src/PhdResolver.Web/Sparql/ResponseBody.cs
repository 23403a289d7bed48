using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace PhdResolver.Web.Sparql;

/// <summary>
/// The body of one /sparql answer, written synchronously by a <see cref="Infrastructure.WorkQueue"/>
/// thread while the result is being computed.
/// <para>The first <see cref="BufferBytes"/> stay in memory. A result that ends within them is sent
/// whole, with Content-Length; an error before then still becomes a problem document, because
/// nothing has been sent. The moment the buffer overflows the response is committed (status 200 and
/// the headers from <c>onStart</c> go out) and from then on each full buffer is written through to
/// the connection: the first byte leaves after 32 KB of output, long before the last row of a large
/// result, and the worker waits while the client is slow to read (backpressure), so a response holds
/// one buffer whatever the size of the result.</para>
/// <para>Writes take the query's token (timeout and client disconnect): a write blocked on a client
/// that stopped reading ends with the deadline instead of holding a worker.</para>
/// </summary>
internal sealed class ResponseBody : PhdResolver.Rdf.WriteOnlyStream
{
    /// <summary>Bytes held before the response is committed, and the size of each write after.</summary>
    public const int BufferBytes = 32 * 1024;

    private readonly HttpResponse _response;
    private readonly Action<HttpResponse> _onStart;
    private readonly CancellationToken _ct;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _length;

    public ResponseBody(HttpResponse response, Action<HttpResponse> onStart, CancellationToken ct)
    {
        _response = response;
        _onStart = onStart;
        _ct = ct;
    }

    /// <summary>True once status and headers have gone out: an error can no longer become a problem document.</summary>
    public bool Committed { get; private set; }

    /// <summary>Bytes handed to the connection so far.</summary>
    public long BytesSent { get; private set; }

    public override void Write(ReadOnlySpan<byte> data)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(ResponseBody));
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, BufferBytes - _length);
            data[..n].CopyTo(buffer.AsSpan(_length));
            _length += n;
            data = data[n..];
            if (_length == BufferBytes) Send();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Sends what is buffered; a response that was not committed yet is sent whole, with Content-Length.</summary>
    public void Complete()
    {
        if (!Committed)
        {
            Start();
            _response.ContentLength = _length;
        }
        if (_length > 0) Send();
    }

    private void Start()
    {
        _onStart(_response);
        Committed = true;
    }

    private void Send()
    {
        if (!Committed) Start();
        _ct.ThrowIfCancellationRequested();
        // Sync over async on a dedicated worker thread (never a pool thread): the wait is the backpressure.
        var pending = _response.Body.WriteAsync(_buffer.AsMemory(0, _length), _ct);
        if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
        BytesSent += _length;
        _length = 0;
    }

    /// <summary>Nothing: the writers flush at the end of a result, and this class decides when bytes leave.</summary>
    public override void Flush() { }

    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
        base.Dispose(disposing);
    }

}
