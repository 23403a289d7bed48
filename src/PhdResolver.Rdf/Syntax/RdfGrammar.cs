using System.Numerics;

namespace PhdResolver.Rdf;

/// <summary>
/// The lexical pieces shared by the line and terse syntaxes: N-Triples, N-Quads, Turtle, TriG, SPARQL
/// (queries and the Turtle-term results reader). Character classes take code points, not UTF-16 units:
/// callers decode surrogate pairs first. Escapes decode over bytes (the RDF parsers read UTF-8) or chars
/// (SPARQL reads strings) with one generic implementation.
/// </summary>
public static class RdfGrammar
{
    /// <summary>PN_CHARS_BASE.</summary>
    public static bool IsPnCharsBase(int c)
    {
        if (c < 0x80) return (uint)((c | 0x20) - 'a') <= 'z' - 'a';
        return c switch
        {
            >= 0x00C0 and <= 0x00D6 => true,
            >= 0x00D8 and <= 0x00F6 => true,
            >= 0x00F8 and <= 0x02FF => true,
            >= 0x0370 and <= 0x037D => true,
            >= 0x037F and <= 0x1FFF => true,
            >= 0x200C and <= 0x200D => true,
            >= 0x2070 and <= 0x218F => true,
            >= 0x2C00 and <= 0x2FEF => true,
            >= 0x3001 and <= 0xD7FF => true,
            >= 0xF900 and <= 0xFDCF => true,
            >= 0xFDF0 and <= 0xFFFD => true,
            >= 0x10000 and <= 0xEFFFF => true,
            _ => false,
        };
    }

    /// <summary>PN_CHARS_U (Turtle's; the N-Triples test suite rejects ':' in labels too).</summary>
    public static bool IsPnCharsU(int c) => c == '_' || IsPnCharsBase(c);

    /// <summary>PN_CHARS.</summary>
    public static bool IsPnChars(int c)
    {
        if (c < 0x80)
            return c == '_' || c == '-' || (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 'z' - 'a';
        return c == 0x00B7 || (c >= 0x0300 && c <= 0x036F) || (c >= 0x203F && c <= 0x2040) || IsPnCharsBase(c);
    }

    /// <summary>The value of a hex digit, or -1.</summary>
    public static int HexValue(int c)
    {
        if ((uint)(c - '0') <= 9) return c - '0';
        int l = c | 0x20;
        if ((uint)(l - 'a') <= 5) return l - 'a' + 10;
        return -1;
    }

    /// <summary>
    /// Decodes the UCHAR that starts at <c>s[0]</c> (the backslash): <c>\uXXXX</c> or <c>\UXXXXXXXX</c>. With
    /// <paramref name="combinePairs"/>, a UTF-16 surrogate pair written as two <c>\u</c> escapes (common in the wild)
    /// becomes its one code point. Returns the code point and the number of units it took, or -1 with the reason
    /// (the caller adds the position, which only it knows how to count).
    /// </summary>
    public static int DecodeUchar<T>(ReadOnlySpan<T> s, bool inIri, bool combinePairs, out int length, out string? error)
        where T : unmanaged, IBinaryInteger<T>
    {
        length = 0;
        error = null;
        int kind = s.Length > 1 ? int.CreateTruncating(s[1]) : -1;
        int digits = kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
        if (digits == 0)
        {
            error = inIri ? "only \\u and \\U escapes are allowed in IRIs" : $"bad escape '\\{(char)Math.Max(kind, 0)}'";
            return -1;
        }
        int cp = Hex(s, 2, digits);
        if (cp == -2) { error = "bad numeric escape"; return -1; }
        length = 2 + digits;
        if (combinePairs && digits == 4 && cp is >= 0xD800 and <= 0xDBFF && s.Length >= 12
            && int.CreateTruncating(s[6]) == '\\' && int.CreateTruncating(s[7]) == 'u'
            && Hex(s, 8, 4) is var lo and >= 0xDC00 and <= 0xDFFF)
        {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            length = 12;
        }
        if ((uint)cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
        {
            length = 0;
            error = $"escape \\{(char)kind}{Text(s.Slice(2, digits))} is not a Unicode scalar value";
            return -1;
        }
        if (inIri && IsIriForbidden(cp))
        {
            length = 0;
            error = $"escaped character U+{cp:X4} is not allowed in an IRI";
            return -1;
        }
        return cp;
    }

    /// <summary>The value of <paramref name="count"/> hex digits at <paramref name="at"/> (eight may overflow to a
    /// negative number, which no caller accepts), or -2 when they are missing or not hex digits.</summary>
    private static int Hex<T>(ReadOnlySpan<T> s, int at, int count) where T : unmanaged, IBinaryInteger<T>
    {
        if (at + count > s.Length) return -2;
        int v = 0;
        for (int d = 0; d < count; d++)
        {
            int h = HexValue(int.CreateTruncating(s[at + d]));
            if (h < 0) return -2;
            v = (v << 4) | h;
        }
        return v;
    }

    private static string Text<T>(ReadOnlySpan<T> digits) where T : unmanaged, IBinaryInteger<T>
    {
        Span<char> c = stackalloc char[digits.Length];
        for (int i = 0; i < digits.Length; i++) c[i] = (char)int.CreateTruncating(digits[i]);
        return new string(c);
    }

    /// <summary>True if the string starts with a scheme followed by ':' (an absolute IRI).</summary>
    public static bool HasScheme(ReadOnlySpan<byte> iri)
    {
        if (iri.Length == 0 || (uint)((iri[0] | 0x20) - 'a') > 'z' - 'a') return false;
        for (int i = 1; i < iri.Length; i++)
        {
            byte c = iri[i];
            if (c == ':') return true;
            if (!((uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c is (byte)'+' or (byte)'-' or (byte)'.')) return false;
        }
        return false;
    }

    /// <summary>True if the string starts with a scheme followed by ':' (an absolute IRI).</summary>
    public static bool HasScheme(ReadOnlySpan<char> iri)
    {
        if (iri.Length == 0 || !char.IsAsciiLetter(iri[0])) return false;
        for (int i = 1; i < iri.Length; i++)
        {
            char c = iri[i];
            if (c == ':') return true;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
        }
        return false;
    }

    /// <summary>Characters that may not appear raw (or UCHAR-escaped) in an IRIREF.</summary>
    public static bool IsIriForbidden(int c) =>
        c <= 0x20 || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\';
}
