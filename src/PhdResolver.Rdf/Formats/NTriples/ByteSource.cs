using System.Text;

namespace PhdResolver.Rdf;

/// <summary>Supplies UTF-8 bytes to the byte-level parsers, from a stream or (re-encoded) from a text reader.</summary>
internal abstract class ByteSource
{
    /// <summary>Fills as much of <paramref name="dest"/> as is available; 0 at the end. <paramref name="dest"/> has room for at least 8 bytes.</summary>
    public abstract int Read(Span<byte> dest);

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
