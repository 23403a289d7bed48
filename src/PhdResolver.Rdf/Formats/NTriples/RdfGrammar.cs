namespace PhdResolver.Rdf;

/// <summary>
/// Character classes shared by the N-Triples, N-Quads, Turtle and TriG grammars (RDF 1.1).
/// Code points, not UTF-16 units: callers decode surrogate pairs first.
/// </summary>
internal static class RdfGrammar
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
