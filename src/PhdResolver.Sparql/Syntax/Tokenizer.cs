using System.Globalization;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Syntax;

/// <summary>
/// Splits SPARQL text into tokens (SPARQL 1.1 §19.8 terminals). The whole input is tokenized up
/// front: queries are small and a token list gives the parser free lookahead.
/// </summary>
internal sealed class Tokenizer
{
    private readonly string _s;
    private int _p;

    private Tokenizer(string text) => _s = text;

    public static List<Token> Tokenize(string text, out string processed)
    {
        processed = UnescapeCodepoints(text);
        var t = new Tokenizer(processed);
        var list = new List<Token>(processed.Length / 4 + 4);
        while (true)
        {
            var tok = t.Next();
            list.Add(tok);
            if (tok.Kind == TokenKind.Eof) return list;
        }
    }

    /// <summary>
    /// §19.2: \u and \U escapes are replaced before parsing, in one pass (an escape that produces a
    /// backslash does not start another escape). "\\" pairs are copied so that an escaped backslash
    /// inside a string keeps its meaning.
    /// </summary>
    internal static string UnescapeCodepoints(string s)
    {
        int i = s.IndexOf('\\', StringComparison.Ordinal);
        if (i < 0) return s;
        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, i);
        while (i < s.Length)
        {
            char c = s[i];
            if (c != '\\' || i + 1 >= s.Length) { sb.Append(c); i++; continue; }
            char n = s[i + 1];
            if (n == 'u' || n == 'U')
            {
                // SPARQL has no leniency for surrogate pairs written as two escapes: each must be a code point.
                int cp = RdfGrammar.DecodeUchar(s.AsSpan(i), inIri: false, combinePairs: false, out int length, out string? error);
                if (cp < 0) throw Error(s, i, error!);
                sb.Append(char.ConvertFromUtf32(cp));
                i += length;
                continue;
            }
            sb.Append(c).Append(n);
            i += 2;
        }
        return sb.ToString();
    }

    public static SparqlSyntaxException Error(string text, int pos, string message)
    {
        long line = 1, col = 1;
        for (int i = 0; i < pos && i < text.Length; i++)
        {
            if (text[i] == '\n') { line++; col = 1; }
            else col++;
        }
        return new SparqlSyntaxException(message, line, col);
    }

    private SparqlSyntaxException Error(int pos, string message) => Error(_s, pos, message);

    private void SkipWsAndComments()
    {
        while (_p < _s.Length)
        {
            char c = _s[_p];
            if (c is ' ' or '\t' or '\r' or '\n') _p++;
            else if (c == '#')
            {
                while (_p < _s.Length && _s[_p] != '\n' && _s[_p] != '\r') _p++;
            }
            else return;
        }
    }

    private Token Next()
    {
        SkipWsAndComments();
        int start = _p;
        if (_p >= _s.Length) return new Token(TokenKind.Eof, start, start, "");
        char c = _s[_p];
        switch (c)
        {
            case '<':
                if (TryIri(out var iri)) return iri;
                if (Peek(1) == '=') { _p += 2; return P(start, "<="); }
                _p++;
                return P(start, "<");
            case '>':
                if (Peek(1) == '=') { _p += 2; return P(start, ">="); }
                _p++;
                return P(start, ">");
            case '?':
            case '$':
                if (_p + 1 < _s.Length && IsVarStart(_p + 1)) return ReadVar();
                if (c == '$') throw Error(start, "expected a variable name after '$'");
                _p++;
                return P(start, "?");
            case '"':
            case '\'':
                return ReadString();
            case '@':
                return ReadLangTag();
            case '_':
                if (Peek(1) == ':') return ReadBlankLabel();
                break;
            case '(':
            case '[':
                {
                    int q = _p + 1;
                    while (q < _s.Length && _s[q] is ' ' or '\t' or '\r' or '\n') q++;
                    char close = c == '(' ? ')' : ']';
                    if (q < _s.Length && _s[q] == close)
                    {
                        _p = q + 1;
                        return new Token(c == '(' ? TokenKind.Nil : TokenKind.Anon, start, _p, c == '(' ? "()" : "[]");
                    }
                    _p++;
                    return P(start, c.ToString());
                }
            case '^':
                if (Peek(1) == '^') { _p += 2; return P(start, "^^"); }
                _p++;
                return P(start, "^");
            case '|':
                if (Peek(1) == '|') { _p += 2; return P(start, "||"); }
                _p++;
                return P(start, "|");
            case '&':
                if (Peek(1) == '&') { _p += 2; return P(start, "&&"); }
                throw Error(start, "unexpected '&' (did you mean '&&'?)");
            case '!':
                if (Peek(1) == '=') { _p += 2; return P(start, "!="); }
                _p++;
                return P(start, "!");
            case '.':
                if (IsDigit(Peek(1))) return ReadNumber();
                _p++;
                return P(start, ".");
            case '{': case '}': case ')': case ']': case ',': case ';': case '*': case '+': case '-': case '/': case '=':
                _p++;
                return P(start, c.ToString());
            case ':':
                return ReadPName(start, "");
        }
        if (IsDigit(c)) return ReadNumber();
        if (IsPnCharsBase(_p, out _)) return ReadWordOrPName();
        throw Error(start, $"unexpected character {Describe(_p)}");
    }

    /// <summary>The character at <paramref name="p"/> for a message: quoted, or as U+XXXX when it is a lone
    /// surrogate (which has no string form; ConvertFromUtf32 would throw, as fuzzing found).</summary>
    private string Describe(int p)
    {
        char c = _s[p];
        if (char.IsHighSurrogate(c) && p + 1 < _s.Length && char.IsLowSurrogate(_s[p + 1])) return "'" + _s.Substring(p, 2) + "'";
        return char.IsSurrogate(c) || char.IsControl(c) ? $"U+{(int)c:X4}" : "'" + c + "'";
    }

    private static Token P(int start, string text) => new(TokenKind.Punct, start, start + text.Length, text);

    private char Peek(int k) => _p + k < _s.Length ? _s[_p + k] : '\0';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    // ---- character classes (§19.8) ----

    private int CodePoint(int i, out int len)
    {
        char c = _s[i];
        if (char.IsHighSurrogate(c) && i + 1 < _s.Length && char.IsLowSurrogate(_s[i + 1])) { len = 2; return char.ConvertToUtf32(c, _s[i + 1]); }
        len = 1;
        return c;
    }

    private static bool BaseCp(int c) => RdfGrammar.IsPnCharsBase(c);

    private static bool CharsCp(int c) => RdfGrammar.IsPnChars(c);

    private bool IsPnCharsBase(int i, out int len) { int c = CodePoint(i, out len); return BaseCp(c); }

    private bool IsPnChars(int i, out int len) { int c = CodePoint(i, out len); return CharsCp(c); }

    private bool IsVarStart(int i) { int c = CodePoint(i, out _); return BaseCp(c) || c == '_' || c is >= '0' and <= '9'; }

    private bool IsVarChar(int i, out int len)
    {
        int c = CodePoint(i, out len);
        return c != '-' && RdfGrammar.IsPnChars(c); // VARNAME's characters: PN_CHARS without '-'
    }

    // ---- token readers ----

    private bool TryIri(out Token token)
    {
        int q = _p + 1;
        while (q < _s.Length)
        {
            char c = _s[q];
            if (c == '>')
            {
                token = new Token(TokenKind.IriRef, _p, q + 1, _s.Substring(_p + 1, q - _p - 1));
                _p = q + 1;
                return true;
            }
            if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`' or '\\') break;
            q++;
        }
        token = default;
        return false;
    }

    private Token ReadVar()
    {
        int start = _p;
        _p++;
        int nameStart = _p;
        while (_p < _s.Length && IsVarChar(_p, out int len)) _p += len;
        return new Token(TokenKind.Var, start, _p, _s[nameStart.._p]);
    }

    private Token ReadLangTag()
    {
        int start = _p++;
        int tagStart = _p;
        while (_p < _s.Length && char.IsAsciiLetter(_s[_p])) _p++;
        if (_p == tagStart) throw Error(start, "expected a language tag after '@'");
        while (_p + 1 < _s.Length && _s[_p] == '-' && char.IsAsciiLetterOrDigit(_s[_p + 1]))
        {
            _p++;
            while (_p < _s.Length && char.IsAsciiLetterOrDigit(_s[_p])) _p++;
        }
        return new Token(TokenKind.LangTag, start, _p, _s[tagStart.._p]);
    }

    private Token ReadBlankLabel()
    {
        int start = _p;
        _p += 2;
        int labelStart = _p;
        if (_p >= _s.Length || !(IsPnChars(_p, out int l0) && _s[_p] != '-' && _s[_p] != 0xB7 && !(_s[_p] >= 0x300 && _s[_p] <= 0x36F) && !(_s[_p] >= 0x203F && _s[_p] <= 0x2040)))
            throw Error(start, "expected a blank node label after '_:'");
        _p += l0;
        int lastGood = _p;
        while (_p < _s.Length)
        {
            if (_s[_p] == '.') { _p++; continue; }
            if (IsPnChars(_p, out int len)) { _p += len; lastGood = _p; continue; }
            break;
        }
        _p = lastGood; // a label never ends with '.'
        return new Token(TokenKind.BlankNodeLabel, start, _p, _s[labelStart.._p]);
    }

    private Token ReadWordOrPName()
    {
        int start = _p;
        // Try PN_PREFIX: PN_CHARS_BASE ((PN_CHARS|'.')* PN_CHARS)?
        int q = _p;
        CodePoint(q, out int l0);
        q += l0;
        int lastGood = q;
        while (q < _s.Length)
        {
            if (_s[q] == '.') { q++; continue; }
            if (IsPnChars(q, out int len)) { q += len; lastGood = q; continue; }
            break;
        }
        if (lastGood < _s.Length && _s[lastGood] == ':')
        {
            string prefix = _s[start..lastGood];
            return ReadPName(start, prefix, lastGood);
        }
        // A keyword, built-in name or 'a': ASCII letters, digits and '_'.
        _p = start;
        while (_p < _s.Length && (char.IsAsciiLetterOrDigit(_s[_p]) || _s[_p] == '_')) _p++;
        if (_p == start) throw Error(start, "unexpected character '" + _s[start] + "'");
        return new Token(TokenKind.Word, start, _p, _s[start.._p]);
    }

    private Token ReadPName(int start, string prefix, int colon = -1)
    {
        _p = colon < 0 ? _p : colon;
        _p++; // ':'
        var sb = new StringBuilder();
        int lastGoodPos = _p, lastGoodLen = 0;
        bool first = true;
        while (_p < _s.Length)
        {
            char c = _s[_p];
            if (c == '%')
            {
                if (_p + 2 >= _s.Length || !char.IsAsciiHexDigit(_s[_p + 1]) || !char.IsAsciiHexDigit(_s[_p + 2]))
                    throw Error(_p, "'%' in a prefixed name must be followed by two hex digits");
                sb.Append(_s, _p, 3);
                _p += 3;
            }
            else if (c == '\\')
            {
                char e = Peek(1);
                if ("_~.-!$&'()*+,;=/?#@%".IndexOf(e, StringComparison.Ordinal) < 0)
                    throw Error(_p, $"invalid escape '\\{e}' in a prefixed name");
                sb.Append(e);
                _p += 2;
            }
            else if (c == ':') { sb.Append(c); _p++; }
            else if (c == '.' && !first) { sb.Append(c); _p++; continue; }
            else if (IsPnChars(_p, out int len) && (!first || c != '-' && !(c == 0xB7) && !(c >= 0x300 && c <= 0x36F) && !(c >= 0x203F && c <= 0x2040)))
            {
                sb.Append(_s, _p, len);
                _p += len;
            }
            else break;
            first = false;
            lastGoodPos = _p;
            lastGoodLen = sb.Length;
        }
        // PN_LOCAL never ends with '.': give trailing dots back.
        _p = lastGoodPos;
        sb.Length = lastGoodLen;
        return new Token(TokenKind.PName, start, _p, prefix, sb.ToString());
    }

    private Token ReadNumber()
    {
        int start = _p;
        while (_p < _s.Length && IsDigit(_s[_p])) _p++;
        var kind = TokenKind.Integer;
        if (_p < _s.Length && _s[_p] == '.' && (IsDigit(Peek(1)) || (IsExponentAt(_p + 1) && _p > start)))
        {
            _p++;
            while (_p < _s.Length && IsDigit(_s[_p])) _p++;
            kind = TokenKind.Decimal;
        }
        if (IsExponentAt(_p))
        {
            _p++;
            if (_s[_p] is '+' or '-') _p++;
            while (_p < _s.Length && IsDigit(_s[_p])) _p++;
            kind = TokenKind.Double;
        }
        return new Token(kind, start, _p, _s[start.._p]);
    }

    private bool IsExponentAt(int i)
    {
        if (i >= _s.Length || (_s[i] != 'e' && _s[i] != 'E')) return false;
        int j = i + 1;
        if (j < _s.Length && _s[j] is '+' or '-') j++;
        return j < _s.Length && IsDigit(_s[j]);
    }

    private Token ReadString()
    {
        int start = _p;
        char q = _s[_p];
        bool longString = Peek(1) == q && Peek(2) == q;
        _p += longString ? 3 : 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (_p >= _s.Length) throw Error(start, "unterminated string literal");
            char c = _s[_p];
            if (c == q)
            {
                if (!longString) { _p++; break; }
                if (Peek(1) == q && Peek(2) == q)
                {
                    // The first run of three quotes closes the string; the grammar forbids content ending in a quote.
                    _p += 3;
                    break;
                }
                sb.Append(c);
                _p++;
                continue;
            }
            if (c == '\\')
            {
                char e = Peek(1);
                sb.Append(e switch
                {
                    't' => '\t', 'b' => '\b', 'n' => '\n', 'r' => '\r', 'f' => '\f',
                    '"' => '"', '\'' => '\'', '\\' => '\\',
                    _ => throw Error(_p, $"invalid escape sequence '\\{e}' in a string"),
                });
                _p += 2;
                continue;
            }
            if (!longString && (c == '\n' || c == '\r')) throw Error(_p, "line break in a short string literal (use \"\"\" for multi-line strings)");
            sb.Append(c);
            _p++;
        }
        return new Token(TokenKind.String, start, _p, sb.ToString());
    }
}
