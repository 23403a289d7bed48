using System.Buffers;
using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// The one JSON string escaper (RFC 8259 §7) for the JSON we write by hand: SPARQL JSON results and canonical
/// JSON (JSON literals, RFC 8785). It escapes exactly what must be escaped - '"', '\' and the C0 controls, with
/// the short forms <c>\b \f \n \r \t</c> and <c>\u00xx</c> (lowercase hex) for the rest - which is also the
/// form RFC 8785 §3.2.2.2 prescribes, so canonical output and results share it.
/// </summary>
public static class JsonString
{
    /// <summary>The characters a JSON string must escape.</summary>
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\");

    private static readonly string[] Escapes = BuildEscapes();

    private static string[] BuildEscapes()
    {
        var e = new string[0x5D];
        for (int c = 0; c < 0x20; c++) e[c] = "\\u" + c.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        e['\b'] = "\\b";
        e['\f'] = "\\f";
        e['\n'] = "\\n";
        e['\r'] = "\\r";
        e['\t'] = "\\t";
        e['"'] = "\\\"";
        e['\\'] = "\\\\";
        return e;
    }

    /// <summary>Writes <paramref name="s"/> as a quoted JSON string.</summary>
    public static void Write(TextWriter output, ReadOnlySpan<char> s)
    {
        output.Write('"');
        int i;
        // Vectorised scan: most IRIs and literals need no escape at all and go out in one write.
        while ((i = s.IndexOfAny(Escaped)) >= 0)
        {
            if (i > 0) output.Write(s[..i]);
            output.Write(Escapes[s[i]]);
            s = s[(i + 1)..];
        }
        if (!s.IsEmpty) output.Write(s);
        output.Write('"');
    }

    /// <summary>Appends <paramref name="s"/> as a quoted JSON string.</summary>
    public static void Append(StringBuilder sb, ReadOnlySpan<char> s) => Write(new StringWriter(sb, System.Globalization.CultureInfo.InvariantCulture), s);
}
