using System.Globalization;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// Reads one RDF term in the Turtle/N-Triples spelling TSV results use: <c>&lt;iri&gt;</c>,
/// <c>_:label</c>, quoted literals (short or long, either quote) with <c>@lang</c> or
/// <c>^^&lt;datatype&gt;</c>, bare numbers and booleans. No prefixed names: TSV has no prologue.
/// </summary>
internal static class TurtleTermReader
{
    /// <summary>Parses <paramref name="text"/> as exactly one term; errors carry the given line and the column in that line.</summary>
    public static Term Parse(string text, long line, int columnOffset, BlankNodeScope? blanks = null)
    {
        int i = 0;
        var t = ReadTerm(text, ref i, line, columnOffset, blanks);
        if (i != text.Length) throw Error("unexpected text after the term", line, columnOffset + i);
        return t;
    }

    private static Term ReadTerm(string s, ref int i, long line, int col, BlankNodeScope? blanks)
    {
        if (i >= s.Length) throw Error("expected a term", line, col + i);
        char c = s[i];
        if (c == '<') return new Iri(ReadIri(s, ref i, line, col));
        if (c == '_' && i + 1 < s.Length && s[i + 1] == ':')
        {
            int start = i + 2;
            int end = start;
            while (end < s.Length && !char.IsWhiteSpace(s[end])) end++;
            // A label may not end with '.', but a TSV field has nothing after the term.
            if (end == start) throw Error("empty blank node label", line, col + i);
            i = end;
            var label = s[start..end];
            return blanks is null ? new BlankNode(label) : blanks.Get(label);
        }
        if (c == '"' || c == '\'')
        {
            var lexical = ReadString(s, ref i, line, col);
            if (i < s.Length && s[i] == '@')
            {
                int start = ++i;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '-')) i++;
                if (i == start) throw Error("empty language tag", line, col + i);
                return new Literal(lexical, s[start..i]);
            }
            if (i + 1 < s.Length && s[i] == '^' && s[i + 1] == '^')
            {
                i += 2;
                if (i >= s.Length || s[i] != '<') throw Error("expected <datatype IRI> after ^^ (TSV has no prefixes)", line, col + i);
                return new Literal(lexical, new Iri(ReadIri(s, ref i, line, col)));
            }
            return new Literal(lexical);
        }
        if (s.AsSpan(i).SequenceEqual("true") || s.AsSpan(i).SequenceEqual("false"))
        {
            var v = s[i..];
            i = s.Length;
            return new Literal(v, Vocab.Xsd.Boolean);
        }
        var kind = ResultTerms.NumberShape(s.AsSpan(i));
        if (kind != ResultTerms.NumberKind.None)
        {
            var v = s[i..];
            i = s.Length;
            return new Literal(v, kind switch
            {
                ResultTerms.NumberKind.Integer => Vocab.Xsd.Integer,
                ResultTerms.NumberKind.Decimal => Vocab.Xsd.Decimal,
                _ => Vocab.Xsd.Double,
            });
        }
        throw Error($"not an RDF term: '{Shorten(s[i..])}'", line, col + i);
    }

    private static string ReadIri(string s, ref int i, long line, int col)
    {
        int open = i++;
        var sb = new StringBuilder();
        while (i < s.Length && s[i] != '>')
        {
            char c = s[i];
            if (c == '\\')
            {
                AppendUnicodeEscape(s, ref i, sb, line, col);
                continue;
            }
            if (c <= 0x20 || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
                throw Error($"character U+{(int)c:X4} is not allowed in an IRI", line, col + i);
            sb.Append(c);
            i++;
        }
        if (i >= s.Length) throw Error("unterminated IRI", line, col + open);
        i++;
        return sb.ToString();
    }

    private static string ReadString(string s, ref int i, long line, int col)
    {
        char q = s[i];
        int open = i;
        bool longForm = i + 2 < s.Length && s[i + 1] == q && s[i + 2] == q;
        i += longForm ? 3 : 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= s.Length) throw Error("unterminated string", line, col + open);
            char c = s[i];
            if (c == q)
            {
                if (!longForm) { i++; return sb.ToString(); }
                if (i + 2 < s.Length && s[i + 1] == q && s[i + 2] == q)
                {
                    // Up to two quotes may precede the closing triple: """a"""" is a + '"'.
                    while (i + 3 < s.Length && s[i + 3] == q) { sb.Append(q); i++; }
                    i += 3;
                    return sb.ToString();
                }
                sb.Append(c);
                i++;
                continue;
            }
            if (c == '\\')
            {
                if (i + 1 >= s.Length) throw Error("dangling backslash", line, col + i);
                char e = s[i + 1];
                string? rep = e switch
                {
                    't' => "\t", 'b' => "\b", 'n' => "\n", 'r' => "\r", 'f' => "\f",
                    '"' => "\"", '\'' => "'", '\\' => "\\", _ => null,
                };
                if (rep is not null) { sb.Append(rep); i += 2; continue; }
                AppendUnicodeEscape(s, ref i, sb, line, col);
                continue;
            }
            if (!longForm && (c == '\n' || c == '\r')) throw Error("line break in a short string", line, col + i);
            sb.Append(c);
            i++;
        }
    }

    private static void AppendUnicodeEscape(string s, ref int i, StringBuilder sb, long line, int col)
    {
        int cp = RdfGrammar.DecodeUchar(s.AsSpan(i), inIri: false, combinePairs: true, out int length, out string? error);
        if (cp < 0) throw Error(error!, line, col + i);
        sb.Append(char.ConvertFromUtf32(cp));
        i += length;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

    private static RdfSyntaxException Error(string message, long line, int column) => new(message, line, column + 1);
}
