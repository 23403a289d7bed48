using System.Globalization;
using System.Numerics;
using System.Text;

namespace PhdResolver.Rdf.Xsd;

/// <summary>
/// Canonical lexical forms (XML Schema canonical representations) for the datatypes where
/// RDF consumers compare values: integers, decimals, doubles/floats, booleans, dateTimes.
/// Ill-typed lexical forms are returned unchanged: they stay valid RDF, just not values.
/// </summary>
public static class LiteralCanonicalizer
{
    private const string X = Vocab.Xsd.Namespace;

    /// <summary>The literal with a canonical lexical form, or the same instance when already canonical or not canonicalisable.</summary>
    public static Literal Canonicalize(Literal literal)
    {
        if (literal.Language is not null) return literal;
        var canonical = CanonicalLexical(literal.Lexical, literal.Datatype.Value);
        return canonical is null || canonical == literal.Lexical ? literal : new Literal(canonical, literal.Datatype);
    }

    /// <summary>The canonical form of <paramref name="lexical"/> for <paramref name="datatype"/>, or null if unknown or invalid.</summary>
    public static string? CanonicalLexical(string lexical, string datatype)
    {
        if (!datatype.StartsWith(X, StringComparison.Ordinal)) return null;
        var local = datatype.AsSpan(X.Length);
        var s = lexical.Trim(); // XSD whitespace facet "collapse" for these types
        return local switch
        {
            "integer" or "long" or "int" or "short" or "byte" or "nonNegativeInteger" or "positiveInteger"
                or "nonPositiveInteger" or "negativeInteger" or "unsignedLong" or "unsignedInt"
                or "unsignedShort" or "unsignedByte" => Integer(s),
            "decimal" => Decimal(s),
            "double" or "float" => Double(s),
            "boolean" => s switch { "true" or "1" => "true", "false" or "0" => "false", _ => null },
            "dateTime" => DateTime(s),
            _ => null,
        };
    }

    private static string? Integer(string s) =>
        XsdTypes.IsIntegerLexical(s) && BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v.ToString(CultureInfo.InvariantCulture)
            : null;

    /// <summary>Decimal canonical form: no leading zeros (but one before the point), no trailing zeros (but one after it), "-" only.</summary>
    private static string? Decimal(string s)
    {
        if (!XsdTypes.IsDecimalLexical(s)) return null;
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot < 0 ? s[i..] : s[i..dot];
        string fracPart = dot < 0 ? "" : s[(dot + 1)..];
        intPart = intPart.TrimStart('0');
        fracPart = fracPart.TrimEnd('0');
        if (intPart.Length == 0) intPart = "0";
        if (fracPart.Length == 0) fracPart = "0";
        bool zero = intPart == "0" && fracPart == "0";
        return (negative && !zero ? "-" : "") + intPart + "." + fracPart;
    }

    /// <summary>Double canonical form: mantissa d.ddd (at least one fraction digit), "E", exponent without leading zeros.</summary>
    private static string? Double(string s)
    {
        switch (s)
        {
            case "INF" or "+INF": return "INF";
            case "-INF": return "-INF";
            case "NaN": return "NaN";
        }
        if (!XsdTypes.IsDoubleLexical(s) || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return null;
        return FormatDouble(d);
    }

    /// <summary>Formats a double in canonical XSD form (also the form JSON-LD uses for non-integral numbers).</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "INF";
        if (double.IsNegativeInfinity(d)) return "-INF";
        if (d == 0) return double.IsNegative(d) ? "-0.0E0" : "0.0E0";
        // "R" gives the shortest round-tripping digits; re-shape them into d.dddEn.
        var (digits, exponent, negative) = Decompose(d.ToString("R", CultureInfo.InvariantCulture));
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        sb.Append(digits[0]).Append('.');
        sb.Append(digits.Length > 1 ? digits.AsSpan(1) : "0");
        sb.Append('E').Append(exponent.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>Splits a formatted number into significant digits (no leading/trailing zeros) and a decimal exponent.</summary>
    private static (string Digits, int Exponent, bool Negative) Decompose(string s)
    {
        bool negative = s.StartsWith('-');
        if (negative) s = s[1..];
        int exp = 0;
        int e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot < 0 ? s : s[..dot];
        string frac = dot < 0 ? "" : s[(dot + 1)..];
        string all = intPart + frac;
        int pointPos = intPart.Length; // digits before the point
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        pointPos -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0) all = "0";
        return (all, exp + pointPos - 1, negative);
    }

    /// <summary>dateTime canonical form: timezone normalised to Z, fractional seconds without trailing zeros.</summary>
    private static string? DateTime(string s)
    {
        // yyyy-mm-ddThh:mm:ss(.s+)?(zzzzzz)?  (years beyond 9999 and negative years are left alone)
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return null;
        int end = 19;
        string frac = "";
        if (end < s.Length && s[end] == '.')
        {
            int st = ++end;
            while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
            if (end == st) return null;
            frac = s[st..end].TrimEnd('0');
        }
        string tz = s[end..];
        if (!int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            || !int.TryParse(s.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int month)
            || !int.TryParse(s.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int day)
            || !int.TryParse(s.AsSpan(11, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hour)
            || !int.TryParse(s.AsSpan(14, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int minute)
            || !int.TryParse(s.AsSpan(17, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int second))
            return null;
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > System.DateTime.DaysInMonth(year, month) || minute > 59 || second > 59 || hour > 24) return null;
        if (hour == 24 && (minute != 0 || second != 0 || frac.Length > 0)) return null;
        var dt = new System.DateTime(year, month, day, hour == 24 ? 0 : hour, minute, second, DateTimeKind.Unspecified);
        if (hour == 24) dt = dt.AddDays(1);
        string suffix;
        if (tz.Length == 0) suffix = "";
        else if (tz == "Z") suffix = "Z";
        else if (tz.Length == 6 && (tz[0] == '+' || tz[0] == '-') && tz[3] == ':'
            && int.TryParse(tz.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int th)
            && int.TryParse(tz.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int tm) && th <= 14 && tm <= 59)
        {
            var offset = new TimeSpan(th, tm, 0);
            dt = tz[0] == '+' ? dt - offset : dt + offset;
            suffix = "Z";
        }
        else return null;
        return dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (frac.Length > 0 ? "." + frac : "") + suffix;
    }
}
