using System.Xml;

namespace PhdResolver.Rdf;

/// <summary>
/// The XML 1.0 character policy (README, "Characters"). RDF allows any Unicode string in a
/// literal, and the parsers stay W3C-conformant and accept them; but XML 1.0 cannot carry U+0000,
/// most C0 controls (all but TAB, LF, CR), U+FFFE/U+FFFF or lone surrogates, not even as character
/// references. A registry record must be servable in every format, RDF/XML and SPARQL XML results
/// included, so the registry's input gate refuses such data with <see cref="Find(IEnumerable{Quad})"/>,
/// and the XML writers refuse it before writing a byte (<see cref="UnwritableDataException"/>).
/// </summary>
public static class XmlChars
{
    /// <summary>Index of the first character XML 1.0 cannot carry, or -1. A surrogate pair counts as one valid character.</summary>
    public static int FirstInvalid(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (XmlConvert.IsXmlChar(c)) continue;
            if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], c))
            {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /// <summary>
    /// Writes <paramref name="s"/> escaped as XML text or as an attribute value (between double quotes): the one XML
    /// escaper, used by the RDF/XML and SPARQL XML results writers. CR (and in attributes TAB and LF) become
    /// character references because XML parsers normalise them otherwise. A character XML 1.0 cannot carry at all
    /// (most C0 controls, lone surrogates) throws <see cref="UnwritableDataException"/> naming
    /// <paramref name="syntax"/> (writers check whole records first, so a caller never sees half a value).
    /// </summary>
    public static void WriteEscaped(TextWriter output, string s, bool attribute, string syntax)
    {
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            string? esc = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' when !attribute => "&gt;",
                '"' when attribute => "&quot;",
                '\r' => "&#xD;",
                '\n' when attribute => "&#xA;",
                '\t' when attribute => "&#x9;",
                _ => null,
            };
            if (esc is null)
            {
                if (XmlConvert.IsXmlChar(c)) continue;
                if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], c))
                {
                    i++;
                    continue;
                }
                throw new UnwritableDataException($"{syntax} (XML 1.0) cannot represent the character U+{(int)c:X4} in \"{s}\"");
            }
            if (i > start) output.Write(s.AsSpan(start, i - start));
            output.Write(esc);
            start = i + 1;
        }
        if (start < s.Length) output.Write(s.AsSpan(start));
    }

    /// <summary>True when every character of <paramref name="s"/> is allowed in XML 1.0.</summary>
    public static bool IsValid(string s) => FirstInvalid(s) < 0;

    /// <summary>The first term of <paramref name="quads"/> with a character XML 1.0 cannot carry, or null.</summary>
    public static XmlCharProblem? Find(IEnumerable<Quad> quads)
    {
        foreach (var q in quads)
        {
            if (Check(q.Subject, q, "subject") is { } a) return a;
            if (Check(q.Predicate, q, "predicate") is { } b) return b;
            if (Check(q.Object, q, "object") is { } c) return c;
            if (q.Graph is not null && Check(q.Graph, q, "graph") is { } d) return d;
        }
        return null;
    }

    private static XmlCharProblem? Check(Term t, Quad q, string position)
    {
        string text = t switch
        {
            Iri i => i.Value,
            Literal l => l.Lexical,
            BlankNode b => b.Id,
            _ => "",
        };
        int at = FirstInvalid(text);
        if (at < 0 && t is Literal { Language: { } lang }) at = FirstInvalid(lang);
        if (at < 0 && t is Literal { Datatype: { } dt }) at = FirstInvalid(dt.Value);
        if (at < 0) return null;
        int cp = char.IsSurrogate(text, at) ? text[at] : char.ConvertToUtf32(text, at);
        return new XmlCharProblem(q, position, at, cp);
    }
}

/// <summary>A character XML 1.0 cannot carry: in which quad, which position of it, at which index of the term's text.</summary>
public sealed record XmlCharProblem(Quad Quad, string Position, int Index, int CodePoint)
{
    public string Message =>
        $"the {Position} of a statement contains U+{CodePoint:X4} at character {Index + 1}, which XML 1.0 (and so RDF/XML and SPARQL XML results) cannot carry: {Short(Quad)}";

    private static string Short(Quad q)
    {
        string s = q.ToString();
        var sb = new System.Text.StringBuilder(Math.Min(s.Length, 201));
        for (int i = 0; i < s.Length && sb.Length < 200; i++)
        {
            char c = s[i];
            if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], c)) sb.Append(c).Append(s[++i]);
            else sb.Append('\uFFFD');
        }
        if (sb.Length < s.Length) sb.Append('…');
        return sb.ToString();
    }
}

/// <summary>Data a writer's syntax cannot express (e.g. U+0000 in RDF/XML); thrown before any output is written.</summary>
public sealed class UnwritableDataException(string message) : NotSupportedException(message);
