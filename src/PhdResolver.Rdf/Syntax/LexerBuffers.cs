using System.Runtime.CompilerServices;
using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// The byte-level lexers' scratch space (N-Triples, Turtle): the UTF-8 of a token whose escapes had to be
/// decoded, grown as needed and reused from token to token. A mutable struct held in a field of its lexer,
/// so the calls stay as cheap as the lexers' own private methods were.
/// </summary>
internal struct Utf8Scratch()
{
    private byte[] _bytes = new byte[256];

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b)
    {
        if (Length == _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        _bytes[Length++] = b;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + bytes.Length));
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void AppendRune(int cp)
    {
        if (Length + 4 > _bytes.Length) Array.Resize(ref _bytes, _bytes.Length * 2);
        Length += new Rune(cp).EncodeToUtf8(_bytes.AsSpan(Length));
    }
}

/// <summary>A language tag as a string, the last one remembered: data repeats its tag, so most literals share it.</summary>
internal sealed class LangTagCache
{
    private byte[] _lastBytes = [];
    private string? _last;

    public string Get(ReadOnlySpan<byte> tag)
    {
        if (_last is not null && tag.SequenceEqual(_lastBytes)) return _last;
        _lastBytes = tag.ToArray();
        return _last = Encoding.ASCII.GetString(tag);
    }
}
