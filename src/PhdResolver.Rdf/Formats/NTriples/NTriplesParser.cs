using System.Buffers;
using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// Streaming parser for RDF 1.1 N-Triples and (with <c>quads: true</c>) N-Quads.
/// Works on UTF-8 bytes in a pooled buffer, one line (= one statement) at a time, so memory
/// stays bounded by the longest line whatever the file size. Repeated IRIs and short literals
/// are decoded once and shared (see <see cref="TermCache{TKey}"/>).
/// </summary>
public sealed class NTriplesParser(bool quads = false) : ByteParser
{
    public override RdfFormat Format => quads ? RdfFormat.NQuads : RdfFormat.NTriples;

    private protected override void Run(ByteSource source, IRdfSink sink, ParserOptions options) => new NTriplesReader(quads, sink, options, source).Run();
}

internal sealed class NTriplesReader
{
    private const int InitialBuffer = 1 << 20;

    /// <summary>Bytes that end the fast scan of an IRIREF: '>' , '\' and everything not allowed raw.</summary>
    internal static readonly SearchValues<byte> IriStop = SearchValues.Create(
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
        (byte)'<', (byte)'>', (byte)'"', (byte)'{', (byte)'}', (byte)'|', (byte)'^', (byte)'`', (byte)'\\',
    ]);

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly bool _quads;
    private readonly IRdfSink _sink;
    private readonly ParserOptions _options;
    private readonly ByteSource _source;
    private readonly BlankNodeScope _scope;
    private readonly Term? _defaultGraph;
    private readonly TermCache<byte> _iris = new(12, 512);
    private readonly TermCache<byte> _literals = new(12, 128);
    private readonly TermCache<byte> _bnodes = new(10, 128);

    private byte[] _buf = [];
    private int _pos, _end;
    private bool _eof;
    private long _line = 1;
    private bool _lastCr;
    private Utf8Scratch _scratch = new();
    private readonly LangTagCache _langs = new();

    public NTriplesReader(bool quads, IRdfSink sink, ParserOptions options, ByteSource source)
    {
        _quads = quads;
        _sink = sink;
        _options = options;
        _source = source;
        _scope = options.BlankNodes ?? new BlankNodeScope();
        // ParserOptions.DefaultGraph is for triple-only syntaxes; N-Quads names its own graphs.
        _defaultGraph = quads ? null : options.DefaultGraph;
    }

    public void Run()
    {
        _buf = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            while (!_eof && _end < 3) Refill();
            if (_end >= 3 && _buf[0] == 0xEF && _buf[1] == 0xBB && _buf[2] == 0xBF) _pos = 3;
            Loop();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buf);
            _buf = [];
        }
    }

    private void Loop()
    {
        while (true)
        {
            var span = _buf.AsSpan(_pos, _end - _pos);
            int nl = span.IndexOfAny((byte)'\n', (byte)'\r');
            if (nl < 0)
            {
                if (!_eof)
                {
                    Refill();
                    continue;
                }
                if (span.Length == 0) return;
                nl = span.Length;
            }
            if (nl > 0)
            {
                _lastCr = false;
                if (_options.Lenient)
                {
                    try { ParseLine(span[..nl]); }
                    catch (RdfSyntaxException e) { _options.OnError?.Invoke(e); }
                }
                else
                {
                    ParseLine(span[..nl]);
                }
            }
            int next = _pos + nl;
            if (next < _end)
            {
                if (_buf[next] == (byte)'\r') { _line++; _lastCr = true; }
                else
                {
                    if (!_lastCr) _line++;
                    _lastCr = false;
                }
                _pos = next + 1;
            }
            else
            {
                _pos = _end;
            }
        }
    }

    private void Refill()
    {
        int remaining = _end - _pos;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buf, _pos, _buf, 0, remaining);
            _pos = 0;
            _end = remaining;
        }
        int n = _source.ReadInto(ref _buf, _end);
        if (n <= 0) _eof = true;
        else _end += n;
    }

    // ---- one statement -------------------------------------------------------------------

    private void ParseLine(ReadOnlySpan<byte> s)
    {
        int i = SkipWs(s, 0);
        if (i == s.Length || s[i] == (byte)'#') return;

        Term subject = s[i] switch
        {
            (byte)'<' => ReadIri(s, ref i),
            (byte)'_' => ReadBlankNode(s, ref i),
            _ => throw Error("expected an IRI or a blank node as subject", s, i),
        };
        i = SkipWs(s, i);
        if (i >= s.Length || s[i] != (byte)'<') throw Error("expected an IRI as predicate", s, i);
        Iri predicate = ReadIri(s, ref i);
        i = SkipWs(s, i);
        if (i >= s.Length) throw Error("expected an object", s, i);
        Term obj = s[i] switch
        {
            (byte)'<' => ReadIri(s, ref i),
            (byte)'_' => ReadBlankNode(s, ref i),
            (byte)'"' => ReadLiteral(s, ref i),
            _ => throw Error("expected an IRI, a blank node or a literal as object", s, i),
        };
        i = SkipWs(s, i);
        Term? graph = _defaultGraph;
        if (_quads && i < s.Length && s[i] is (byte)'<' or (byte)'_')
        {
            graph = s[i] == (byte)'<' ? ReadIri(s, ref i) : ReadBlankNode(s, ref i);
            i = SkipWs(s, i);
        }
        if (i >= s.Length || s[i] != (byte)'.')
            throw Error(_quads ? "expected '.' (or a graph name) after the object" : "expected '.' after the object", s, i);
        i = SkipWs(s, i + 1);
        if (i < s.Length && s[i] != (byte)'#') throw Error("unexpected text after '.'", s, i);
        _sink.OnQuad(new Quad(subject, predicate, obj, graph));
    }

    private static int SkipWs(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && (s[i] == (byte)' ' || s[i] == (byte)'\t')) i++;
        return i;
    }

    private Iri ReadIri(ReadOnlySpan<byte> s, ref int i)
    {
        int open = i;
        int start = i + 1;
        int k = s[start..].IndexOfAny(IriStop);
        if (k < 0) throw Error("unterminated IRI", s, open);
        int j = start + k;
        byte c = s[j];
        if (c == (byte)'>')
        {
            var raw = s[start..j];
            i = j + 1;
            if (_iris.Get(raw, out int slot) is Iri hit) return hit;
            if (!RdfGrammar.HasScheme(raw)) throw Error("relative IRI (N-Triples and N-Quads need absolute IRIs)", s, open);
            var iri = new Iri(Decode(raw, s, start));
            _iris.Set(slot, raw, iri);
            return iri;
        }
        if (c == (byte)'\\') return ReadIriEscaped(s, ref i);
        throw Error(c == (byte)' ' ? "space in IRI" : $"character U+{c:X4} not allowed in an IRI", s, j);
    }

    private Iri ReadIriEscaped(ReadOnlySpan<byte> s, ref int i)
    {
        int open = i;
        int j = i + 1;
        _scratch.Clear();
        while (true)
        {
            if (j >= s.Length) throw Error("unterminated IRI", s, open);
            byte c = s[j];
            if (c == (byte)'>') break;
            if (c == (byte)'\\')
            {
                int cp = ReadUchar(s, ref j, inIri: true);
                _scratch.AppendRune(cp);
                continue;
            }
            if (IriStop.Contains(c)) throw Error(c == (byte)' ' ? "space in IRI" : $"character U+{c:X4} not allowed in an IRI", s, j);
            _scratch.Append(c);
            j++;
        }
        var raw = s[(open + 1)..j];
        i = j + 1;
        if (_iris.Get(raw, out int slot) is Iri hit) return hit;
        var value = Decode(_scratch.Span, s, open);
        if (!RdfGrammar.HasScheme(value.AsSpan())) throw Error("relative IRI (N-Triples and N-Quads need absolute IRIs)", s, open);
        var iri = new Iri(value);
        _iris.Set(slot, raw, iri);
        return iri;
    }

    /// <summary>Reads \uXXXX or \UXXXXXXXX at s[j] (the backslash); advances j past it.</summary>
    private int ReadUchar(ReadOnlySpan<byte> s, ref int j, bool inIri)
    {
        int cp = RdfGrammar.DecodeUchar(s[j..], inIri, combinePairs: true, out int length, out string? error);
        if (cp < 0) throw Error(error!, s, j);
        j += length;
        return cp;
    }

    private BlankNode ReadBlankNode(ReadOnlySpan<byte> s, ref int i)
    {
        int at = i;
        if (i + 1 >= s.Length || s[i + 1] != (byte)':') throw Error("expected '_:' to start a blank node label", s, at);
        int start = i + 2;
        int j = start;
        int cp = DecodeAt(s, j, out int n);
        if (!(RdfGrammar.IsPnCharsU(cp) || (uint)(cp - '0') <= 9)) throw Error("bad blank node label", s, at);
        j += n;
        int lastGood = j;
        while (j < s.Length)
        {
            cp = DecodeAt(s, j, out n);
            if (cp == '.') { j++; continue; }
            if (!RdfGrammar.IsPnChars(cp)) break;
            j += n;
            lastGood = j;
        }
        // A ':' right after a label is not a separator in N-Triples; reject "_:a:b".
        if (lastGood < s.Length && s[lastGood] == (byte)':') throw Error("bad blank node label", s, at);
        var raw = s[start..lastGood];
        i = lastGood;
        if (_bnodes.Get(raw, out int slot) is BlankNode hit) return hit;
        var node = _scope.Get(Decode(raw, s, start));
        _bnodes.Set(slot, raw, node);
        return node;
    }

    /// <summary>The code point at s[j] (-1 past the end); throws on invalid UTF-8.</summary>
    private int DecodeAt(ReadOnlySpan<byte> s, int j, out int n)
    {
        if (j >= s.Length) { n = 0; return -1; }
        byte b = s[j];
        if (b < 0x80) { n = 1; return b; }
        if (Rune.DecodeFromUtf8(s[j..], out var r, out n) != OperationStatus.Done) throw Error("invalid UTF-8", s, j);
        return r.Value;
    }

    private Literal ReadLiteral(ReadOnlySpan<byte> s, ref int i)
    {
        int open = i;
        int start = i + 1;
        int k = s[start..].IndexOfAny((byte)'"', (byte)'\\');
        if (k < 0) throw Error("unterminated string", s, open);
        int close = start + k;
        bool escaped = s[close] == (byte)'\\';
        if (escaped) close = ScanEscapedString(s, start, open);
        int j = close + 1;
        Iri? datatype = null;
        int langStart = 0, langEnd = 0;
        if (j < s.Length && s[j] == (byte)'@')
        {
            langStart = j + 1;
            langEnd = ScanLangTag(s, langStart);
            j = langEnd;
        }
        else if (j < s.Length && s[j] == (byte)'^')
        {
            if (j + 1 >= s.Length || s[j + 1] != (byte)'^') throw Error("expected '^^' before a datatype IRI", s, j);
            j += 2;
            if (j >= s.Length || s[j] != (byte)'<') throw Error("expected a datatype IRI after '^^'", s, j);
            datatype = ReadIri(s, ref j);
        }
        var raw = s[open..j];
        i = j;
        if (_literals.Get(raw, out int slot) is Literal hit) return hit;

        string lexical = escaped
            ? Decode(_scratch.Span, s, open)
            : Decode(s[start..close], s, start);
        Literal lit;
        if (langEnd > 0) lit = new Literal(lexical, _langs.Get(s[langStart..langEnd]));
        else if (datatype is not null) lit = new Literal(lexical, datatype);
        else lit = new Literal(lexical);
        _literals.Set(slot, raw, lit);
        return lit;
    }

    /// <summary>Unescapes a quoted string into the scratch buffer; returns the index of the closing quote.</summary>
    private int ScanEscapedString(ReadOnlySpan<byte> s, int start, int open)
    {
        _scratch.Clear();
        int j = start;
        while (true)
        {
            int k = s[j..].IndexOfAny((byte)'"', (byte)'\\');
            if (k < 0) throw Error("unterminated string", s, open);
            _scratch.Append(s.Slice(j, k));
            j += k;
            if (s[j] == (byte)'"') return j;
            if (j + 1 >= s.Length) throw Error("unterminated string", s, open);
            byte e = s[j + 1];
            byte? simple = e switch
            {
                (byte)'t' => (byte)'\t',
                (byte)'b' => (byte)'\b',
                (byte)'n' => (byte)'\n',
                (byte)'r' => (byte)'\r',
                (byte)'f' => (byte)'\f',
                (byte)'"' => (byte)'"',
                (byte)'\'' => (byte)'\'',
                (byte)'\\' => (byte)'\\',
                _ => null,
            };
            if (simple is byte b)
            {
                _scratch.Append(b);
                j += 2;
            }
            else
            {
                _scratch.AppendRune(ReadUchar(s, ref j, inIri: false));
            }
        }
    }

    private int ScanLangTag(ReadOnlySpan<byte> s, int j)
    {
        int at = j - 1;
        int first = j;
        while (j < s.Length && char.IsAsciiLetter((char)s[j])) j++;
        if (j == first) throw Error("bad language tag", s, at);
        while (j < s.Length && s[j] == (byte)'-')
        {
            int sub = ++j;
            while (j < s.Length && char.IsAsciiLetterOrDigit((char)s[j])) j++;
            if (j == sub) throw Error("bad language tag", s, at);
        }
        if (j < s.Length && (s[j] >= 0x80 || char.IsAsciiLetterOrDigit((char)s[j]) || s[j] == (byte)'_'))
            throw Error("bad language tag", s, at);
        return j;
    }


    // ---- helpers ---------------------------------------------------------------------------

    private string Decode(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> line, int at)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("invalid UTF-8", line, at);
        }
    }




    private RdfSyntaxException Error(string message, ReadOnlySpan<byte> line, int at)
    {
        // Column in characters: count the bytes that start a UTF-8 sequence.
        int col = 1;
        int upto = Math.Min(at, line.Length);
        for (int k = 0; k < upto; k++)
            if ((line[k] & 0xC0) != 0x80) col++;
        return new RdfSyntaxException(message, _line, col);
    }
}
