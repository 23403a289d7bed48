using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// Streaming parser for RDF 1.1 Turtle and (with <c>trig: true</c>) TriG: both prefix forms,
/// base resolution (RFC 3986), all literal forms, collections, blank node property lists, PN_LOCAL
/// escapes, TriG graph blocks. Reads UTF-8 bytes through a pooled buffer that only has to hold
/// the current token, and shares the terms of repeated tokens (see <see cref="TermCache{TKey}"/>).
/// </summary>
public sealed class TurtleParser(bool trig = false) : ByteParser
{
    public override RdfFormat Format => trig ? RdfFormat.TriG : RdfFormat.Turtle;

    private protected override void Run(ByteSource source, IRdfSink sink, ParserOptions options) => new TurtleReader(trig, sink, options, source).Run();
}

internal sealed class TurtleReader
{
    private const int InitialBuffer = 1 << 18;

    // ASCII character classes.
    private const byte CBase = 1;   // PN_CHARS_BASE
    private const byte CU = 2;      // PN_CHARS_U
    private const byte CChars = 4;  // PN_CHARS
    private const byte CDigit = 8;
    private static readonly byte[] Ascii = BuildAscii();

    private static readonly SearchValues<byte> ShortDq = SearchValues.Create("\"\\\n\r"u8);
    private static readonly SearchValues<byte> ShortSq = SearchValues.Create("'\\\n\r"u8);
    private static readonly SearchValues<byte> LongDq = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> LongSq = SearchValues.Create("'\\"u8);
    private static readonly SearchValues<byte> LocalEsc = SearchValues.Create("_~.-!$&'()*+,;=/?#@%"u8);

    private static readonly Literal True = new("true", Vocab.Xsd.Boolean);
    private static readonly Literal False = new("false", Vocab.Xsd.Boolean);

    private readonly bool _trig;
    private readonly IRdfSink _sink;
    private readonly ParserOptions _options;
    private readonly ByteSource _source;
    private readonly BlankNodeScope _scope;
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private readonly TermCache<byte> _iris = new(11, 512);
    private readonly TermCache<byte> _pnames = new(12, 256);
    private readonly TermCache<byte> _literals = new(12, 128);
    private readonly TermCache<byte> _bnodes = new(10, 128);
    private string? _base;
    private Term? _graph;

    private byte[] _buf = [];
    private int _pos, _end;
    private bool _eof;
    private int _mark = -1; // a token start that a refill must keep (-1: none)
    private int _depth;     // open '[' and '(' (RdfLimits.MaxNesting)

    // Position bookkeeping: the byte at _lineStart is on line _line, at column _colBase + 1.
    private long _line = 1;
    private int _lineStart;
    private long _colBase;

    private Utf8Scratch _scratch = new();
    private readonly LangTagCache _langs = new();

    /// <summary>Blank nodes keep their labels (term mode for result documents, whose labels are data) instead of fresh ones per document.</summary>
    public bool KeepLabels { get; init; }

    /// <summary>A UCHAR in an IRI may stand for any character, '&lt;' or a space included (term mode for result
    /// documents: their writers escape what an IRIREF cannot hold raw, and reading must give the same IRI back).</summary>
    public bool AnyEscapedIriCharacter { get; init; }

    public TurtleReader(bool trig, IRdfSink sink, ParserOptions options, ByteSource source)
    {
        _trig = trig;
        _sink = sink;
        _options = options;
        _source = source;
        _scope = options.BlankNodes ?? new BlankNodeScope();
        _base = options.BaseIri;
        _graph = trig ? null : options.DefaultGraph;
    }

    private static byte[] BuildAscii()
    {
        var t = new byte[128];
        for (int c = 'a'; c <= 'z'; c++) t[c] = t[c - 32] = CBase | CU | CChars;
        for (int c = '0'; c <= '9'; c++) t[c] = CChars | CDigit;
        t['_'] = CU | CChars;
        t['-'] = CChars;
        return t;
    }

    // ---- driver --------------------------------------------------------------------------------

    public void Run()
    {
        _buf = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            if (Ensure(2) && _buf[0] == 0xEF && _buf[1] == 0xBB && _buf[2] == 0xBF) { _pos = 3; _lineStart = 3; }
            while (true)
            {
                SkipWs();
                if (At(0) < 0) break;
                if (_options.Lenient)
                {
                    try { Statement(); }
                    catch (RdfSyntaxException e)
                    {
                        _options.OnError?.Invoke(e);
                        Recover();
                    }
                }
                else
                {
                    Statement();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buf);
            _buf = [];
        }
    }

    /// <summary>
    /// Term mode: reads exactly one term from <paramref name="utf8"/> (its first <paramref name="length"/> bytes)
    /// with the same scanning as a document - an IRI, a blank node label, a literal with its language or
    /// datatype, a number or a boolean (prefixed names only for prefixes declared, and there is no prologue).
    /// Positions are 1-based in the term. The reader keeps its caches from term to term.
    /// </summary>
    public Term ReadSingleTerm(byte[] utf8, int length)
    {
        _buf = utf8;
        _pos = 0;
        _end = length;
        _eof = true; // everything is in the buffer: no refill
        _mark = -1;
        _depth = 0;
        _line = 1;
        _lineStart = 0;
        _colBase = 0;
        try
        {
            int c = At(0);
            // Blank node property lists and collections are statements, not terms.
            if (c is '[' or '(') throw Error("not an RDF term: a blank node property list or collection", 0);
            if (c < 0) throw Error("expected a term", 0);
            var t = ReadObject();
            if (At(0) >= 0) throw Error("unexpected text after the term", 0);
            return t;
        }
        finally
        {
            _buf = [];
        }
    }

    /// <summary>Lenient mode: skip to just after the next '.' that ends a statement (best effort).</summary>
    private void Recover()
    {
        _mark = -1;
        _depth = 0;
        _graph = _trig ? null : _options.DefaultGraph;
        while (true)
        {
            int b = At(0);
            if (b < 0) return;
            _pos++;
            if (b == '.')
            {
                int n = At(0);
                if (n < 0 || n is ' ' or '\t' or '\n' or '\r') return;
            }
        }
    }

    private void Statement()
    {
        int c = At(0);
        if (c == '@')
        {
            AtDirective();
            return;
        }
        if (IsAsciiLetter(c))
        {
            if (MatchKeyword("PREFIX"))
            {
                _pos += 6;
                PrefixDirective();
                return;
            }
            if (MatchKeyword("BASE"))
            {
                _pos += 4;
                BaseDirective();
                return;
            }
            if (_trig && MatchKeyword("GRAPH"))
            {
                _pos += 5;
                SkipWs();
                var label = ReadGraphLabel();
                SkipWs();
                if (At(0) != '{') throw Error("expected '{' after the graph name", 0);
                WrappedGraph(label);
                return;
            }
        }
        if (_trig)
        {
            if (c == '{')
            {
                WrappedGraph(null);
                return;
            }
            if (c is '<' or '_' or ':' || c >= 0x80 || IsAsciiLetter(c) || (c == '[' && IsAnon()))
            {
                Term subject = c == '[' ? ReadAnon() : ReadIriOrLabel(allowLiteralError: true);
                SkipWs();
                if (At(0) == '{')
                {
                    WrappedGraph(subject);
                    return;
                }
                PredicateObjectList(subject);
                Expect('.');
                return;
            }
        }
        Triples(inBlock: false);
        Expect('.');
    }

    private void AtDirective()
    {
        // '@' then a keyword; LANGTAG-like words other than prefix/base are errors here.
        int k = 1;
        while (IsAsciiLetter(At(k))) k++;
        var word = _buf.AsSpan(_pos + 1, k - 1);
        if (word.SequenceEqual("prefix"u8))
        {
            _pos += k;
            PrefixDirective();
            Expect('.');
        }
        else if (word.SequenceEqual("base"u8))
        {
            _pos += k;
            BaseDirective();
            Expect('.');
        }
        else
        {
            throw Error("expected @prefix or @base", 0);
        }
    }

    private void PrefixDirective()
    {
        SkipWs();
        // PNAME_NS
        int k = 0;
        if (At(0) != ':')
        {
            k = ScanPrefix(0);
            if (k == 0) throw Error("expected a prefix name ending in ':'", 0);
        }
        if (At(k) != ':') throw Error("expected ':' after the prefix name", k);
        string prefix = Decode(_buf.AsSpan(_pos, k), 0);
        _pos += k + 1;
        SkipWs();
        if (At(0) != '<') throw Error("expected an IRI after the prefix name", 0);
        var ns = ReadIriRef().Value;
        _prefixes[prefix] = ns;
        _pnames.Clear();
        _literals.Clear();
        _sink.OnPrefix(prefix, ns);
    }

    private void BaseDirective()
    {
        SkipWs();
        if (At(0) != '<') throw Error("expected an IRI after BASE", 0);
        var iri = ReadIriRef().Value;
        _base = iri;
        _iris.Clear();
        _literals.Clear();
        _sink.OnBase(iri);
    }

    private bool MatchKeyword(string kw)
    {
        for (int i = 0; i < kw.Length; i++)
            if ((At(i) | 0x20) != (kw[i] | 0x20)) return false;
        int n = At(kw.Length);
        // A keyword is a whole word: not the start of a prefixed name like "prefix:x" or "graphs".
        return !(n == ':' || n == '.' || n == '\\' || n == '%' || n >= 0x80 || (n >= 0 && (Ascii[n] & CChars) != 0));
    }

    private void WrappedGraph(Term? label)
    {
        if (!_trig) throw Error("graph blocks are TriG, not Turtle", 0);
        _pos++; // '{'
        var saved = _graph;
        _graph = label;
        SkipWs();
        while (At(0) != '}')
        {
            if (At(0) < 0) throw Error("unterminated graph block: expected '}'", 0);
            Triples(inBlock: true);
            SkipWs();
            int c = At(0);
            if (c == '.')
            {
                _pos++;
                SkipWs();
                continue;
            }
            if (c != '}') throw Error("expected '.' or '}'", 0);
        }
        _pos++;
        _graph = saved;
    }

    private Term ReadGraphLabel()
    {
        int c = At(0);
        if (c == '[')
        {
            if (!IsAnon()) throw Error("a graph name must be an IRI or a blank node", 0);
            return ReadAnon();
        }
        return ReadIriOrLabel(allowLiteralError: true);
    }

    // ---- triples -------------------------------------------------------------------------------

    private void Triples(bool inBlock)
    {
        int c = At(0);
        if (c == '[')
        {
            if (IsAnon())
            {
                var anon = ReadAnon();
                SkipWs();
                PredicateObjectList(anon);
                return;
            }
            var node = BlankNodePropertyList();
            SkipWs();
            int n = At(0);
            if (n == '.' || (inBlock && n == '}') || (!inBlock && n < 0)) return;
            PredicateObjectList(node);
            return;
        }
        if (c == '(')
        {
            var list = Collection();
            SkipWs();
            PredicateObjectList(list);
            return;
        }
        var subject = ReadIriOrLabel(allowLiteralError: true);
        SkipWs();
        PredicateObjectList(subject);
    }

    private void PredicateObjectList(Term subject)
    {
        while (true)
        {
            var verb = ReadVerb();
            SkipWs();
            ObjectList(subject, verb);
            SkipWs();
            if (At(0) != ';') return;
            while (At(0) == ';')
            {
                _pos++;
                SkipWs();
            }
            int c = At(0);
            if (c is '.' or ']' or '}' or < 0) return;
        }
    }

    private void ObjectList(Term subject, Term verb)
    {
        while (true)
        {
            var obj = ReadObject();
            _sink.OnQuad(new Quad(subject, verb, obj, _graph));
            SkipWs();
            if (At(0) != ',') return;
            _pos++;
            SkipWs();
        }
    }

    private Term ReadVerb()
    {
        int c = At(0);
        if (c == 'a')
        {
            int n = At(1);
            if (!(n == ':' || n == '.' || n == '\\' || n == '%' || n >= 0x80 || (n >= 0 && (Ascii[n] & CChars) != 0)))
            {
                _pos++;
                return Vocab.Rdf.Type;
            }
        }
        if (c == '<') return ReadIriRef();
        if (c == ':' || c >= 0x80 || IsAsciiLetter(c)) return ReadPrefixedName();
        if (c < 0) throw Error("unexpected end of input: expected a predicate", 0);
        if (c is '_' or '[') throw Error("a blank node cannot be a predicate", 0);
        if (c is '"' or '\'' or '+' or '-' or '.' || (uint)(c - '0') <= 9) throw Error("a literal cannot be a predicate", 0);
        throw Error("expected a predicate", 0);
    }

    private Term ReadObject()
    {
        int c = At(0);
        switch (c)
        {
            case '<': return ReadIriRef();
            case '_': return ReadBlankNodeLabel();
            case '[': return IsAnon() ? ReadAnon() : BlankNodePropertyList();
            case '(': return Collection();
            case '"' or '\'': return ReadRdfLiteral();
            case '+' or '-' or '.':
            case >= '0' and <= '9':
                return ReadNumber();
            case < 0: throw Error("unexpected end of input: expected an object", 0);
        }
        if (c == ':' || c >= 0x80 || IsAsciiLetter(c))
        {
            if (c == 't' && MatchWord("true")) { _pos += 4; return True; }
            if (c == 'f' && MatchWord("false")) { _pos += 5; return False; }
            return ReadPrefixedName();
        }
        throw Error("expected an object", 0);
    }

    private bool MatchWord(string w)
    {
        for (int i = 0; i < w.Length; i++)
            if (At(i) != w[i]) return false;
        int n = At(w.Length);
        return !(n == ':' || (n == '.' && IsNameChar(At(w.Length + 1))) || n == '\\' || n == '%' || IsNameChar(n));
    }

    private static bool IsNameChar(int c) => c >= 0x80 || (c >= 0 && (Ascii[c] & CChars) != 0);

    /// <summary>An IRI (IRIREF or prefixed name) or a blank node (label or ANON) in subject or graph-name position.</summary>
    private Term ReadIriOrLabel(bool allowLiteralError)
    {
        int c = At(0);
        if (c == '<') return ReadIriRef();
        if (c == '_') return ReadBlankNodeLabel();
        if (c == '[' && IsAnon()) return ReadAnon();
        if (c == ':' || c >= 0x80 || IsAsciiLetter(c))
        {
            if (allowLiteralError && (MatchWord("true") || MatchWord("false"))) throw Error("a literal cannot be a subject", 0);
            return ReadPrefixedName();
        }
        if (c < 0) throw Error("unexpected end of input", 0);
        if (c is '"' or '\'' or '+' or '-' or '.' || (uint)(c - '0') <= 9) throw Error("a literal cannot be a subject", 0);
        throw Error($"unexpected character '{(char)c}'", 0);
    }

    private bool IsAnon()
    {
        int k = 1;
        while (true)
        {
            int b = At(k);
            if (b is ' ' or '\t' or '\r' or '\n') { k++; continue; }
            if (b == '#')
            {
                // A comment inside [ ]: skip it too.
                while (true)
                {
                    b = At(++k);
                    if (b < 0 || b == '\n') break;
                }
                continue;
            }
            return b == ']';
        }
    }

    private BlankNode ReadAnon()
    {
        _pos++;
        SkipWs();
        _pos++; // ']'
        return _scope.New();
    }

    private BlankNode BlankNodePropertyList()
    {
        Enter();
        _pos++; // '['
        SkipWs();
        var node = _scope.New();
        PredicateObjectList(node);
        SkipWs();
        if (At(0) != ']') throw Error("expected ']'", 0);
        _pos++;
        _depth--;
        return node;
    }

    /// <summary>One more level of '[' or '(': refused beyond <see cref="RdfLimits.MaxNesting"/>, before the stack can overflow.</summary>
    private void Enter()
    {
        if (++_depth > RdfLimits.MaxNesting)
            throw Error($"collections and blank node property lists are nested more than {RdfLimits.MaxNesting} deep", 0);
    }

    private Term Collection()
    {
        _pos++; // '('
        SkipWs();
        if (At(0) == ')')
        {
            _pos++;
            return Vocab.Rdf.Nil;
        }
        Enter();
        var head = _scope.New();
        var cur = head;
        while (true)
        {
            if (At(0) < 0) throw Error("unterminated collection: expected ')'", 0);
            var item = ReadObject();
            _sink.OnQuad(new Quad(cur, Vocab.Rdf.First, item, _graph));
            SkipWs();
            if (At(0) == ')')
            {
                _pos++;
                _sink.OnQuad(new Quad(cur, Vocab.Rdf.Rest, Vocab.Rdf.Nil, _graph));
                _depth--;
                return head;
            }
            var next = _scope.New();
            _sink.OnQuad(new Quad(cur, Vocab.Rdf.Rest, next, _graph));
            cur = next;
        }
    }

    private void Expect(char c)
    {
        SkipWs();
        int b = At(0);
        if (b != c)
        {
            if (b < 0) throw Error($"unexpected end of input: expected '{c}'", 0);
            throw Error($"expected '{c}'", 0);
        }
        _pos++;
    }

    // ---- tokens ----------------------------------------------------------------------------------

    private void SkipWs()
    {
        while (true)
        {
            int idx = _pos;
            var buf = _buf;
            int end = _end;
            while (idx < end)
            {
                byte b = buf[idx];
                if (b is (byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r') { idx++; continue; }
                if (b == (byte)'#')
                {
                    int nl = buf.AsSpan(idx, end - idx).IndexOf((byte)'\n');
                    if (nl >= 0) { idx += nl + 1; continue; }
                    // The comment runs past the buffer: drop what we have and read on.
                    _pos = end;
                    if (!Ensure(0)) return;
                    // Still inside the comment: keep skipping to its end.
                    SkipCommentRest();
                    idx = _pos;
                    buf = _buf;
                    end = _end;
                    continue;
                }
                _pos = idx;
                return;
            }
            _pos = idx;
            if (!Ensure(0)) return;
        }
    }

    private void SkipCommentRest()
    {
        while (true)
        {
            int nl = _buf.AsSpan(_pos, _end - _pos).IndexOf((byte)'\n');
            if (nl >= 0) { _pos += nl + 1; return; }
            _pos = _end;
            if (!Ensure(0)) return;
        }
    }

    private Iri ReadIriRef()
    {
        // At(0) == '<'. Find the closing '>' (escapes are checked after).
        int k = 1;
        bool escaped = false;
        while (true)
        {
            var span = _buf.AsSpan(_pos + k, _end - _pos - k);
            int x = span.IndexOfAny(NTriplesReader.IriStop);
            if (x < 0)
            {
                k += span.Length;
                if (!Ensure(k)) throw Error("unterminated IRI", 0);
                continue;
            }
            k += x;
            byte c = _buf[_pos + k];
            if (c == (byte)'>') break;
            if (c == (byte)'\\')
            {
                escaped = true;
                k++;
                if (!Ensure(k)) throw Error("unterminated IRI", 0);
                continue;
            }
            throw Error(c == (byte)' ' ? "space in IRI" : $"character U+{c:X4} not allowed in an IRI", k);
        }
        var raw = _buf.AsSpan(_pos + 1, k - 1);
        if (_iris.Get(raw, out int slot) is Iri hit)
        {
            _pos += k + 1;
            return hit;
        }
        string value;
        if (escaped)
        {
            UnescapeIri(1, k);
            value = Decode(_scratch.Span, 0);
        }
        else
        {
            value = Decode(raw, 1);
        }
        var iri = new Iri(Resolve(value, 0));
        _iris.Set(slot, _buf.AsSpan(_pos + 1, k - 1), iri);
        _pos += k + 1;
        return iri;
    }

    private string Resolve(string value, int at)
    {
        if (RdfGrammar.HasScheme(value.AsSpan()))
        {
            // Only absolute IRIs with dot segments need the resolver.
            if (value.Contains("/.", StringComparison.Ordinal) || value.Contains(":.", StringComparison.Ordinal))
                return IriResolver.Resolve(value, value);
            return value;
        }
        if (_base is null) throw Error($"relative IRI <{value}> and no base IRI to resolve it against", at);
        return IriResolver.Resolve(_base, value);
    }

    /// <summary>Unescapes UCHARs of the IRI body at offsets [from, to) into the scratch buffer.</summary>
    private void UnescapeIri(int from, int to)
    {
        _scratch.Clear();
        int k = from;
        while (k < to)
        {
            byte b = _buf[_pos + k];
            if (b != (byte)'\\')
            {
                _scratch.Append(b);
                k++;
                continue;
            }
            _scratch.AppendRune(ReadUchar(ref k, to, inIri: !AnyEscapedIriCharacter));
        }
    }

    /// <summary>Reads \uXXXX or \UXXXXXXXX at offset k (the backslash), not past <paramref name="limit"/>.</summary>
    private int ReadUchar(ref int k, int limit, bool inIri)
    {
        int cp = RdfGrammar.DecodeUchar(_buf.AsSpan(_pos + k, limit - k), inIri, combinePairs: true, out int length, out string? error);
        if (cp < 0) throw Error(error!, k);
        k += length;
        return cp;
    }

    /// <summary>
    /// Scans the tail shared by PN_PREFIX and BLANK_NODE_LABEL, (PN_CHARS | '.')* not ending in
    /// '.': returns the end of the last PN_CHARS; <paramref name="k"/> ends after any trailing dots.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ScanPnCharsTail(ref int k)
    {
        int lastGood = k;
        while (true)
        {
            int cp = CodePointAt(k, out int n);
            if (cp == '.') { k++; continue; }
            if (cp < 0 || !RdfGrammar.IsPnChars(cp)) return lastGood;
            k += n;
            lastGood = k;
        }
    }

    /// <summary>Scans PN_PREFIX at offset k; returns its end offset (k if there is none).</summary>
    private int ScanPrefix(int k)
    {
        int start = k;
        int cp = CodePointAt(k, out int n);
        if (cp < 0 || !RdfGrammar.IsPnCharsBase(cp)) return start;
        k += n;
        int lastGood = ScanPnCharsTail(ref k);
        return k > lastGood && At(k) == ':' ? k : lastGood; // "a.:" is caught by the caller (prefix ends in '.')
    }

    private Iri ReadPrefixedName()
    {
        int colon = 0;
        if (At(0) != ':')
        {
            colon = ScanPrefix(0);
            if (colon == 0) throw Error("expected a prefixed name", 0);
            if (At(colon) != ':')
            {
                var word = Encoding.UTF8.GetString(_buf.AsSpan(_pos, colon));
                throw Error($"unexpected word '{word}' (missing prefix, or a keyword in the wrong place)", 0);
            }
            if (_buf[_pos + colon - 1] == (byte)'.') throw Error("a prefix name cannot end with '.'", colon - 1);
        }
        int end = ScanLocal(colon + 1, out bool escaped);
        var raw = _buf.AsSpan(_pos, end);
        if (_pnames.Get(raw, out int slot) is Iri hit)
        {
            _pos += end;
            return hit;
        }
        string prefix = Decode(_buf.AsSpan(_pos, colon), 0);
        if (!_prefixes.TryGetValue(prefix, out var ns)) throw Error($"undefined prefix '{prefix}:'", 0);
        string local;
        if (escaped)
        {
            _scratch.Clear();
            for (int k = colon + 1; k < end; k++)
            {
                byte b = _buf[_pos + k];
                if (b == (byte)'\\') b = _buf[_pos + ++k];
                _scratch.Append(b);
            }
            local = Decode(_scratch.Span, colon + 1);
        }
        else
        {
            local = Decode(_buf.AsSpan(_pos + colon + 1, end - colon - 1), colon + 1);
        }
        var iri = new Iri(ns + local);
        _pnames.Set(slot, _buf.AsSpan(_pos, end), iri);
        _pos += end;
        return iri;
    }

    /// <summary>Scans PN_LOCAL from offset k; returns the end offset (k when empty).</summary>
    private int ScanLocal(int k, out bool escaped)
    {
        escaped = false;
        int lastGood = k;
        bool first = true;
        while (true)
        {
            int b = At(k);
            if (b < 0) break;
            if (b == '.')
            {
                if (first) break;
                k++;
                continue;
            }
            if (b == ':')
            {
                k++;
            }
            else if (b == '%')
            {
                if (RdfGrammar.HexValue(At(k + 1)) < 0 || RdfGrammar.HexValue(At(k + 2)) < 0) throw Error("'%' must be followed by two hex digits", k);
                k += 3;
            }
            else if (b == '\\')
            {
                int e = At(k + 1);
                if (e < 0 || e >= 0x80 || !LocalEsc.Contains((byte)e)) throw Error("bad escape in local name", k);
                escaped = true;
                k += 2;
            }
            else if (b < 0x80)
            {
                byte cls = Ascii[b];
                if ((first ? cls & (CU | CDigit) : cls & CChars) == 0) break;
                k++;
            }
            else
            {
                int cp = CodePointAt(k, out int n);
                if (!(first ? RdfGrammar.IsPnCharsU(cp) : RdfGrammar.IsPnChars(cp))) break;
                k += n;
            }
            first = false;
            lastGood = k;
        }
        return lastGood;
    }

    private BlankNode ReadBlankNodeLabel()
    {
        if (At(1) != ':') throw Error("expected '_:' to start a blank node label", 0);
        int k = 2;
        int cp = CodePointAt(k, out int n);
        if (cp < 0 || !(RdfGrammar.IsPnCharsU(cp) || (uint)(cp - '0') <= 9)) throw Error("bad blank node label", 0);
        k += n;
        int lastGood = ScanPnCharsTail(ref k);
        var raw = _buf.AsSpan(_pos + 2, lastGood - 2);
        BlankNode node;
        if (_bnodes.Get(raw, out int slot) is BlankNode hit) node = hit;
        else
        {
            var label = Decode(raw, 2);
            node = KeepLabels ? new BlankNode(label) : _scope.Get(label);
            _bnodes.Set(slot, raw, node);
        }
        _pos += lastGood;
        return node;
    }

    private Literal ReadRdfLiteral()
    {
        int q = At(0);
        bool isLong = At(1) == q && At(2) == q;
        int start = isLong ? 3 : 1;
        int k = start;
        bool escaped = false;
        var stops = isLong ? (q == '"' ? LongDq : LongSq) : (q == '"' ? ShortDq : ShortSq);
        int close;
        while (true)
        {
            var span = _buf.AsSpan(_pos + k, _end - _pos - k);
            int x = span.IndexOfAny(stops);
            if (x < 0)
            {
                k += span.Length;
                if (!Ensure(k)) throw Error("unterminated string", 0);
                continue;
            }
            k += x;
            byte c = _buf[_pos + k];
            if (c == (byte)'\\')
            {
                escaped = true;
                k += 2;
                if (!Ensure(k - 1)) throw Error("unterminated string", 0);
                continue;
            }
            if (c == (byte)'\n' || c == (byte)'\r') throw Error("line break in a short string (use \"\"\" or \\n)", k);
            if (!isLong)
            {
                close = k;
                break;
            }
            if (At(k + 1) == q && At(k + 2) == q)
            {
                close = k;
                break;
            }
            k++;
        }
        int after = close + (isLong ? 3 : 1);
        int j = after;
        Iri? datatype = null;
        int langStart = 0, langEnd = 0;
        int next = At(j);
        if (next == '@')
        {
            langStart = j + 1;
            langEnd = ScanLangTag(langStart);
            j = langEnd;
        }
        else if (next == '^')
        {
            if (At(j + 1) != '^') throw Error("expected '^^' before a datatype IRI", j);
            j += 2;
            // Read the datatype from its own position, keeping the literal's bytes in the buffer.
            _mark = _pos;
            _pos += j;
            int c = At(0);
            if (c == '<') datatype = ReadIriRef();
            else if (c == ':' || c >= 0x80 || IsAsciiLetter(c)) datatype = ReadPrefixedName();
            else throw Error("expected a datatype IRI after '^^'", 0);
            j = _pos - _mark;
            _pos = _mark;
            _mark = -1;
        }
        var raw = _buf.AsSpan(_pos, j);
        if (_literals.Get(raw, out int slot) is Literal hit)
        {
            _pos += j;
            return hit;
        }
        string lexical;
        if (escaped)
        {
            UnescapeString(start, close);
            lexical = Decode(_scratch.Span, start);
        }
        else
        {
            lexical = Decode(_buf.AsSpan(_pos + start, close - start), start);
        }
        Literal lit;
        if (langEnd > 0) lit = new Literal(lexical, _langs.Get(_buf.AsSpan(_pos + langStart, langEnd - langStart)));
        else if (datatype is not null) lit = new Literal(lexical, datatype);
        else lit = new Literal(lexical);
        _literals.Set(slot, _buf.AsSpan(_pos, j), lit);
        _pos += j;
        return lit;
    }

    private void UnescapeString(int from, int to)
    {
        _scratch.Clear();
        int k = from;
        while (k < to)
        {
            var span = _buf.AsSpan(_pos + k, to - k);
            int x = span.IndexOf((byte)'\\');
            if (x < 0)
            {
                _scratch.Append(span);
                return;
            }
            _scratch.Append(span[..x]);
            k += x;
            int e = k + 1 < to ? _buf[_pos + k + 1] : -1;
            int simple = e switch
            {
                't' => '\t',
                'b' => '\b',
                'n' => '\n',
                'r' => '\r',
                'f' => '\f',
                '"' => '"',
                '\'' => '\'',
                '\\' => '\\',
                _ => -1,
            };
            if (simple >= 0)
            {
                _scratch.Append((byte)simple);
                k += 2;
            }
            else
            {
                _scratch.AppendRune(ReadUchar(ref k, to, inIri: false));
            }
        }
    }

    private int ScanLangTag(int k)
    {
        int at = k - 1;
        int first = k;
        while (IsAsciiLetter(At(k))) k++;
        if (k == first) throw Error("bad language tag", at);
        while (At(k) == '-')
        {
            int sub = ++k;
            while (true)
            {
                int c = At(k);
                if (!(IsAsciiLetter(c) || (uint)(c - '0') <= 9)) break;
                k++;
            }
            if (k == sub) throw Error("bad language tag", at);
        }
        return k;
    }


    private Literal ReadNumber()
    {
        int k = 0;
        int c = At(0);
        if (c is '+' or '-') k++;
        int intStart = k;
        while ((uint)(At(k) - '0') <= 9) k++;
        bool hasInt = k > intStart;
        bool hasFrac = false, hasExp = false;
        if (At(k) == '.')
        {
            if ((uint)(At(k + 1) - '0') <= 9)
            {
                k++;
                while ((uint)(At(k) - '0') <= 9) k++;
                hasFrac = true;
            }
            else if (hasInt && (At(k + 1) | 0x20) == 'e' && ExponentAt(k + 1) > 0)
            {
                k++; // "1.e5": the dot belongs to the double
                hasFrac = true;
            }
        }
        if (!hasInt && !hasFrac) throw Error("bad number", 0);
        if ((At(k) | 0x20) == 'e')
        {
            int e = ExponentAt(k);
            if (e == 0) throw Error("bad exponent", k);
            k += e;
            hasExp = true;
        }
        var raw = _buf.AsSpan(_pos, k);
        if (_literals.Get(raw, out int slot) is Literal hit)
        {
            _pos += k;
            return hit;
        }
        var dt = hasExp ? Vocab.Xsd.Double : hasFrac ? Vocab.Xsd.Decimal : Vocab.Xsd.Integer;
        var lit = new Literal(Encoding.ASCII.GetString(raw), dt);
        _literals.Set(slot, raw, lit);
        _pos += k;
        return lit;
    }

    /// <summary>Length of a valid EXPONENT at offset k, or 0.</summary>
    private int ExponentAt(int k)
    {
        int j = k + 1;
        if (At(j) is '+' or '-') j++;
        int digits = j;
        while ((uint)(At(j) - '0') <= 9) j++;
        return j > digits ? j - k : 0;
    }

    // ---- buffer --------------------------------------------------------------------------------

    /// <summary>The byte at offset k from the current position, or -1 at the end of input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int At(int k)
    {
        int idx = _pos + k;
        if ((uint)idx < (uint)_end) return _buf[idx];
        return AtSlow(k);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AtSlow(int k) => Ensure(k) ? _buf[_pos + k] : -1;

    /// <summary>Makes the byte at offset k available if the input has it.</summary>
    private bool Ensure(int k)
    {
        while (_pos + k >= _end)
        {
            if (_eof) return false;
            Refill();
        }
        return true;
    }

    private void Refill()
    {
        int keep = _mark >= 0 && _mark < _pos ? _mark : _pos;
        if (keep > 0)
        {
            Advance(keep);
            int remaining = _end - keep;
            Buffer.BlockCopy(_buf, keep, _buf, 0, remaining);
            _end = remaining;
            _pos -= keep;
            if (_mark >= 0) _mark -= keep;
            _lineStart = 0;
        }
        int n = _source.ReadInto(ref _buf, _end);
        if (n <= 0) _eof = true;
        else _end += n;
    }

    /// <summary>Moves the line/column bookkeeping forward to buffer index <paramref name="idx"/>.</summary>
    private void Advance(int idx)
    {
        if (idx <= _lineStart) return;
        var span = _buf.AsSpan(_lineStart, idx - _lineStart);
        int last = span.LastIndexOf((byte)'\n');
        if (last >= 0)
        {
            _line += span.Count((byte)'\n');
            _colBase = 0;
            span = span[(last + 1)..];
        }
        _colBase += CountChars(span);
        _lineStart = idx;
    }

    private static int CountChars(ReadOnlySpan<byte> s)
    {
        int n = 0;
        foreach (var b in s)
            if ((b & 0xC0) != 0x80) n++;
        return n;
    }

    /// <summary>The code point at offset k (-1 at the end); throws on invalid UTF-8.</summary>
    private int CodePointAt(int k, out int n)
    {
        int b = At(k);
        if (b < 0x80)
        {
            n = b < 0 ? 0 : 1;
            return b;
        }
        Ensure(k + 3);
        int avail = Math.Min(4, _end - _pos - k);
        if (Rune.DecodeFromUtf8(_buf.AsSpan(_pos + k, avail), out var r, out n) != OperationStatus.Done) throw Error("invalid UTF-8", k);
        return r.Value;
    }

    private static bool IsAsciiLetter(int c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private string Decode(ReadOnlySpan<byte> bytes, int at)
    {
        try
        {
            return NTriplesReader.StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("invalid UTF-8", at);
        }
    }




    /// <summary>An error at offset k from the current position, with its line and column.</summary>
    private RdfSyntaxException Error(string message, int k)
    {
        int idx = Math.Clamp(_pos + k, _lineStart, Math.Max(_lineStart, _end));
        long line = _line, col = _colBase;
        var span = _buf.AsSpan(_lineStart, idx - _lineStart);
        int last = span.LastIndexOf((byte)'\n');
        if (last >= 0)
        {
            line += span.Count((byte)'\n');
            col = 0;
            span = span[(last + 1)..];
        }
        col += CountChars(span);
        return new RdfSyntaxException(message, line, col + 1);
    }
}
