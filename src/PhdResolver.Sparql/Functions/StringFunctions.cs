using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>The string functions of §17.4.3. Lengths and positions count code points, not UTF-16 units.</summary>
internal static class StringFunctions
{
    /// <summary>
    /// Longest string a function may build, in UTF-16 units (16 Mi: 32 MB). CONCAT, REPLACE,
    /// ENCODE_FOR_URI and GROUP_CONCAT check it before they allocate, so a query doubling a string
    /// with BIND(CONCAT(?a, ?a) AS ?b) stops with a limit error after 24 steps instead of building
    /// gigabytes long before any deadline is checked again.
    /// </summary>
    public const int MaxLength = 1 << 24;

    public static SparqlLimitException TooLong(string function) =>
        new($"{function} would build a string longer than {MaxLength} characters");

    public static Term? StrLen(Term a)
    {
        if (!XsdTypes.IsStringLiteral(a)) return null;
        string s = ((Literal)a).Lexical;
        return NumericValue.FromInteger(CodePointCount(s)).ToLiteral();
    }

    public static int CodePointCount(string s)
    {
        int n = s.Length;
        foreach (char c in s) if (char.IsLowSurrogate(c)) n--;
        return n;
    }

    /// <summary>SUBSTR as XPath fn:substring: code points at 1-based positions p with round(start) &lt;= p &lt; round(start)+round(length).</summary>
    public static Term? Substr(Term a, Term start, Term? length)
    {
        if (!XsdTypes.IsStringLiteral(a) || !XsdTypes.TryNumeric(start, out var ns)) return null;
        NumericValue nl = default;
        if (length is not null && !XsdTypes.TryNumeric(length, out nl)) return null;
        var lit = (Literal)a;
        string s = lit.Lexical;
        double first = XPathRound(ns.AsDouble());
        double last = length is null ? double.PositiveInfinity : first + XPathRound(nl.AsDouble());
        if (double.IsNaN(first) || double.IsNaN(last)) return Keep(lit, "");
        var sb = new StringBuilder();
        int pos = 1;
        for (int i = 0; i < s.Length; pos++)
        {
            int width = char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            if (pos >= first && pos < last) sb.Append(s, i, width);
            i += width;
        }
        return Keep(lit, sb.ToString());
    }

    private static double XPathRound(double d) => double.IsFinite(d) ? Math.Floor(d + 0.5) : d;

    public static Term? MapCase(Term a, bool upper)
    {
        if (!XsdTypes.IsStringLiteral(a)) return null;
        var l = (Literal)a;
        string s = upper ? l.Lexical.ToUpperInvariant() : l.Lexical.ToLowerInvariant();
        return l.Language is not null ? new Literal(s, l.Language) : new Literal(s, l.Datatype);
    }

    public static Term? EncodeForUri(Term a)
    {
        if (!XsdTypes.IsStringLiteral(a)) return null;
        string s = ((Literal)a).Lexical;
        var sb = new StringBuilder(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            int v = rune.Value;
            if (v < 128 && (char.IsAsciiLetterOrDigit((char)v) || v is '-' or '_' or '.' or '~'))
            {
                sb.Append((char)v);
                continue;
            }
            if (sb.Length > MaxLength - 12) throw TooLong("ENCODE_FOR_URI");
            int n = rune.EncodeToUtf8(utf8);
            for (int k = 0; k < n; k++) sb.Append('%').Append(utf8[k].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return new Literal(sb.ToString());
    }

    /// <summary>CONCAT: the language tag survives if all arguments share it; otherwise a simple literal.</summary>
    public static Term? Concat(Term?[] args)
    {
        string? lang = null;
        bool sameLang = true;
        var sb = new StringBuilder();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is not Literal l || !XsdTypes.IsStringLiteral(l)) return null;
            if (i == 0) lang = l.Language;
            else if (!string.Equals(lang, l.Language, StringComparison.OrdinalIgnoreCase)) sameLang = false;
            if ((long)sb.Length + l.Lexical.Length > MaxLength) throw TooLong("CONCAT");
            sb.Append(l.Lexical);
        }
        return sameLang && lang is not null ? new Literal(sb.ToString(), lang) : new Literal(sb.ToString());
    }

    /// <summary>Argument compatibility (§17.4.3.1.1): both simple/xsd:string, both with the same tag, or a tagged first and an untagged second.</summary>
    public static bool Compatible(Term a, Term b)
    {
        if (!XsdTypes.IsStringLiteral(a) || !XsdTypes.IsStringLiteral(b)) return false;
        var la = (Literal)a;
        var lb = (Literal)b;
        if (lb.Language is null) return true;
        return la.Language is not null && string.Equals(la.Language, lb.Language, StringComparison.OrdinalIgnoreCase);
    }

    public static Term? Test(string name, Term a, Term b)
    {
        if (!Compatible(a, b)) return null;
        string s = ((Literal)a).Lexical, t = ((Literal)b).Lexical;
        return ExpressionEvaluator.Bool(name switch
        {
            "CONTAINS" => s.Contains(t, StringComparison.Ordinal),
            "STRSTARTS" => s.StartsWith(t, StringComparison.Ordinal),
            _ => s.EndsWith(t, StringComparison.Ordinal),
        });
    }

    /// <summary>STRBEFORE: on no match the empty simple literal; otherwise keeps the first argument's tag/type.</summary>
    public static Term? StrBefore(Term a, Term b)
    {
        if (!Compatible(a, b)) return null;
        var la = (Literal)a;
        int i = la.Lexical.IndexOf(((Literal)b).Lexical, StringComparison.Ordinal);
        return i < 0 ? new Literal("") : Keep(la, la.Lexical[..i]);
    }

    public static Term? StrAfter(Term a, Term b)
    {
        if (!Compatible(a, b)) return null;
        var la = (Literal)a;
        string t = ((Literal)b).Lexical;
        int i = la.Lexical.IndexOf(t, StringComparison.Ordinal);
        return i < 0 ? new Literal("") : Keep(la, la.Lexical[(i + t.Length)..]);
    }

    /// <summary>A result of the same kind as <paramref name="like"/>: same language tag or same (string) datatype.</summary>
    private static Literal Keep(Literal like, string lexical) =>
        like.Language is not null ? new Literal(lexical, like.Language) : new Literal(lexical, like.Datatype);

    /// <summary>langMatches with RFC 4647 basic filtering; "*" matches any non-empty tag.</summary>
    public static Term? LangMatches(Term tag, Term range)
    {
        if (!XsdTypes.IsSimpleOrXsdString(tag) || !XsdTypes.IsSimpleOrXsdString(range)) return null;
        string t = ((Literal)tag).Lexical, r = ((Literal)range).Lexical;
        bool match = r == "*"
            ? t.Length > 0
            : t.Equals(r, StringComparison.OrdinalIgnoreCase)
              || (r.Length > 0 && t.Length > r.Length && t[r.Length] == '-' && t.StartsWith(r, StringComparison.OrdinalIgnoreCase));
        return ExpressionEvaluator.Bool(match);
    }
}
