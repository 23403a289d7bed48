using System.Text;

namespace PhdResolver.Rdf;

/// <summary>Canonical N-Triples spelling of terms (RDF 1.1 N-Triples §4 canonical form).</summary>
public static class NTriplesFormatter
{
    public static string FormatQuad(in Quad q)
    {
        var sb = new StringBuilder(128);
        AppendQuad(sb, q);
        return sb.ToString();
    }

    public static void AppendQuad(StringBuilder sb, in Quad q)
    {
        AppendTerm(sb, q.Subject);
        sb.Append(' ');
        AppendTerm(sb, q.Predicate);
        sb.Append(' ');
        AppendTerm(sb, q.Object);
        if (q.Graph is not null)
        {
            sb.Append(' ');
            AppendTerm(sb, q.Graph);
        }
        sb.Append(" .");
    }

    public static void AppendTerm(StringBuilder sb, Term t)
    {
        switch (t)
        {
            case Iri iri:
                sb.Append('<');
                AppendIriEscaped(sb, iri.Value);
                sb.Append('>');
                break;
            case BlankNode b:
                sb.Append("_:").Append(b.Id);
                break;
            case Literal l:
                sb.Append('"');
                AppendStringEscaped(sb, l.Lexical);
                sb.Append('"');
                if (l.Language is not null) sb.Append('@').Append(l.Language);
                else if (l.Datatype.Value != Vocab.Xsd.StringValue)
                {
                    sb.Append("^^<");
                    AppendIriEscaped(sb, l.Datatype.Value);
                    sb.Append('>');
                }
                break;
        }
    }

    /// <summary>Escapes a string for a quoted N-Triples literal: only what must be escaped (canonical form).</summary>
    public static void AppendStringEscaped(StringBuilder sb, string s)
    {
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            string? esc = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => null,
            };
            if (esc is null && c >= 0x20 && c != 0x7F) continue;
            sb.Append(s, start, i - start);
            if (esc is not null) sb.Append(esc);
            else if (c == '\t') sb.Append("\\t");
            else if (c == '\b') sb.Append("\\b");
            else if (c == '\f') sb.Append("\\f");
            else sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            start = i + 1;
        }
        sb.Append(s, start, s.Length - start);
    }

    /// <summary>Escapes characters that may not appear raw inside &lt;...&gt; in N-Triples.</summary>
    public static void AppendIriEscaped(StringBuilder sb, string s)
    {
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c > 0x20 && c is not ('<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')) continue;
            sb.Append(s, start, i - start);
            sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            start = i + 1;
        }
        sb.Append(s, start, s.Length - start);
    }
}
