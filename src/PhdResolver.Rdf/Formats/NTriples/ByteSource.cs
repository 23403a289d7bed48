using System.Buffers;
using System.Text;

namespace PhdResolver.Rdf;

/// <summary>Supplies UTF-8 bytes to the byte-level parsers, from a stream or (re-encoded) from a text reader.</summary>
internal abstract class ByteSource
{
    /// <summary>Fills as much of <paramref name="dest"/> as is available; 0 at the end. <paramref name="dest"/> has room for at least 8 bytes.</summary>
    public abstract int Read(Span<byte> dest);

    /// <summary>
    /// Reads into the free tail of a pooled <paramref name="buffer"/> holding <paramref name="end"/> bytes, first
    /// doubling it (from <see cref="ArrayPool{T}.Shared"/>, the old one returned) when fewer than 16 bytes are free,
    /// so that a token longer than the buffer still fits: the one refill of both line readers. Returns the bytes read,
    /// 0 at the end.
    /// </summary>
    public int ReadInto(ref byte[] buffer, int end)
    {
        if (buffer.Length - end < 16)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, bigger, 0, end);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        return Read(buffer.AsSpan(end));
    }

    public static ByteSource From(Stream s) => new StreamByteSource(s);

    public static ByteSource From(TextReader r) => new TextByteSource(r);

    private sealed class StreamByteSource(Stream stream) : ByteSource
    {
        public override int Read(Span<byte> dest) => stream.Read(dest);
    }

    private sealed class TextByteSource(TextReader reader) : ByteSource
    {
        private readonly char[] _chars = new char[1 << 14];
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private int _start, _end;
        private bool _eof;

        public override int Read(Span<byte> dest)
        {
            while (true)
            {
                if (_start == _end && !_eof)
                {
                    _end = reader.Read(_chars, 0, _chars.Length);
                    _start = 0;
                    if (_end <= 0) { _end = 0; _eof = true; }
                }
                _encoder.Convert(_chars.AsSpan(_start, _end - _start), dest, _eof, out int used, out int written, out _);
                _start += used;
                if (written > 0 || (_eof && _start == _end)) return written;
            }
        }
    }
}
