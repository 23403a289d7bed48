using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>
/// What SHACL needs of XML Schema datatypes: whether a literal's lexical form is in its datatype's
/// lexical space (sh:datatype rejects ill-typed literals), and value comparison for the range
/// and lessThan constraints (SPARQL operator semantics; incomparable values yield null).
/// </summary>
public static partial class XsdValues
{
    private const string X = Vocab.Xsd.Namespace;

    /// <summary>True unless the literal has a recognised datatype and an invalid lexical form.</summary>
    public static bool IsWellTyped(Literal lit)
    {
        var dt = lit.Datatype.Value;
        if (dt == Vocab.Rdf.LangString.Value) return lit.Language is { Length: > 0 };
        if (!dt.StartsWith(X, StringComparison.Ordinal)) return true;
        var s = lit.Lexical;
        switch (dt.AsSpan(X.Length))
        {
            case "string" or "normalizedString" or "token" or "anyURI": return true;
            case "boolean": return s is "true" or "false" or "1" or "0";
            case "decimal": return DecimalRx().IsMatch(s);
            case "float" or "double": return DoubleRx().IsMatch(s);
            case "integer": return IntegerRange(s, null, null);
            case "long": return IntegerRange(s, long.MinValue, long.MaxValue);
            case "int": return IntegerRange(s, int.MinValue, int.MaxValue);
            case "short": return IntegerRange(s, short.MinValue, short.MaxValue);
            case "byte": return IntegerRange(s, sbyte.MinValue, sbyte.MaxValue);
            case "nonNegativeInteger": return IntegerRange(s, 0, null);
            case "positiveInteger": return IntegerRange(s, 1, null);
            case "nonPositiveInteger": return IntegerRange(s, null, 0);
            case "negativeInteger": return IntegerRange(s, null, -1);
            case "unsignedLong": return IntegerRange(s, 0, ulong.MaxValue);
            case "unsignedInt": return IntegerRange(s, 0, uint.MaxValue);
            case "unsignedShort": return IntegerRange(s, 0, ushort.MaxValue);
            case "unsignedByte": return IntegerRange(s, 0, byte.MaxValue);
            case "dateTime": return ParseDateTime(s, DateTimeForm.DateTime, out _, out _);
            case "dateTimeStamp": return ParseDateTime(s, DateTimeForm.DateTime, out _, out bool tz) && tz;
            case "date": return ParseDateTime(s, DateTimeForm.Date, out _, out _);
            case "time": return ParseDateTime(s, DateTimeForm.Time, out _, out _);
            case "gYear": return GYearRx().IsMatch(s);
            case "gYearMonth": return GYearMonthRx().IsMatch(s);
            case "gMonth": return GMonthRx().IsMatch(s);
            case "gDay": return GDayRx().IsMatch(s);
            case "gMonthDay": return GMonthDayRx().IsMatch(s);
            case "duration": return DurationRx().IsMatch(s) && s[^1] is not ('P' or 'T');
            case "language": return LanguageRx().IsMatch(s);
            case "hexBinary": return s.Length % 2 == 0 && s.All(char.IsAsciiHexDigit);
            case "base64Binary": return IsBase64(s);
            default: return true; // other XSD types: not checked, so not rejected
        }
    }

    private static bool IsBase64(string s)
    {
        var compact = s.Replace(" ", "", StringComparison.Ordinal);
        return compact.Length % 4 == 0 && Convert.TryFromBase64String(compact, new byte[compact.Length], out _);
    }

    private static bool IntegerRange(string s, BigInteger? min, BigInteger? max)
    {
        if (!IntegerRx().IsMatch(s)) return false;
        var v = BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (min is null || v >= min) && (max is null || v <= max);
    }

    private static bool IsIntegerOrDecimal(string dt) =>
        dt.StartsWith(X, StringComparison.Ordinal) && dt.AsSpan(X.Length) is "decimal" or "integer" or "long" or "int" or "short" or "byte"
            or "nonNegativeInteger" or "positiveInteger" or "nonPositiveInteger" or "negativeInteger"
            or "unsignedLong" or "unsignedInt" or "unsignedShort" or "unsignedByte";

    private static bool IsFloating(string dt) => dt == X + "double" || dt == X + "float";

    /// <summary>
    /// Compares two terms as SPARQL's <c>&lt;</c> would: negative, zero or positive, or null when the
    /// values are incomparable (different kinds, ill-typed, non-literals, dateTime with and without timezone).
    /// </summary>
    public static int? Compare(Term a, Term b)
    {
        if (a is not Literal x || b is not Literal y) return null;
        string dx = x.Datatype.Value, dy = y.Datatype.Value;
        bool decX = IsIntegerOrDecimal(dx), decY = IsIntegerOrDecimal(dy);
        if ((decX || IsFloating(dx)) && (decY || IsFloating(dy)))
        {
            if (!IsWellTyped(x) || !IsWellTyped(y)) return null;
            if (decX && decY
                && decimal.TryParse(x.Lexical, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mx)
                && decimal.TryParse(y.Lexical, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var my))
                return mx.CompareTo(my);
            double fx = ToDouble(x.Lexical), fy = ToDouble(y.Lexical);
            if (double.IsNaN(fx) || double.IsNaN(fy)) return null;
            return fx.CompareTo(fy);
        }
        if (dx != dy) return null;
        if (x.Language is not null || y.Language is not null) return null;
        if (dx == Vocab.Xsd.StringValue) return string.CompareOrdinal(x.Lexical, y.Lexical);
        if (dx == X + "boolean")
        {
            if (!IsWellTyped(x) || !IsWellTyped(y)) return null;
            return (x.Lexical is "true" or "1").CompareTo(y.Lexical is "true" or "1");
        }
        var form = dx switch
        {
            X + "dateTime" or X + "dateTimeStamp" => DateTimeForm.DateTime,
            X + "date" => DateTimeForm.Date,
            X + "time" => DateTimeForm.Time,
            _ => (DateTimeForm?)null,
        };
        if (form is null) return null;
        if (!ParseDateTime(x.Lexical, form.Value, out var tx, out bool zx) || !ParseDateTime(y.Lexical, form.Value, out var ty, out bool zy)) return null;
        if (zx != zy) return null; // XSD leaves mixed timezone comparisons indeterminate within ±14h; SHACL treats them as incomparable
        return tx.CompareTo(ty);
    }

    private static double ToDouble(string s) => s switch
    {
        "INF" or "+INF" => double.PositiveInfinity,
        "-INF" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static readonly int[] s_monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private enum DateTimeForm { DateTime, Date, Time }

    /// <summary>Parses dateTime/date/time into ticks (UTC when a timezone is given); false if invalid.</summary>
    private static bool ParseDateTime(string s, DateTimeForm form, out decimal ticks, out bool hasTz)
    {
        ticks = 0;
        hasTz = false;
        var m = form switch
        {
            DateTimeForm.DateTime => DateTimeRx().Match(s),
            DateTimeForm.Date => DateRx().Match(s),
            _ => TimeRx().Match(s),
        };
        if (!m.Success) return false;
        decimal days = 0;
        if (form != DateTimeForm.Time)
        {
            var year = BigInteger.Parse(m.Groups["y"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            int month = int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture);
            int day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            if (year == 0 || month is < 1 or > 12 || day < 1) return false;
            // Proleptic Gregorian with astronomical years (XSD 1.1: year 0000 is not allowed in 1.0, so -1 is 1 BC).
            var y = year < 0 ? year + 1 : year;
            bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            if (day > (month == 2 && leap ? 29 : s_monthDays[month - 1])) return false;
            days = DaysFromCivil(y, month, day);
        }
        decimal seconds = 0;
        if (form != DateTimeForm.Date)
        {
            int h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            int mi = int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture);
            var sec = decimal.Parse(m.Groups["s"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (h == 24 ? mi != 0 || sec != 0 : h > 23) return false;
            if (mi > 59 || sec >= 60) return false;
            seconds = h * 3600m + mi * 60m + sec;
        }
        var tz = m.Groups["tz"];
        if (tz.Success)
        {
            hasTz = true;
            if (tz.Value != "Z")
            {
                int th = int.Parse(tz.Value.AsSpan(1, 2), CultureInfo.InvariantCulture);
                int tm = int.Parse(tz.Value.AsSpan(4, 2), CultureInfo.InvariantCulture);
                if (th > 14 || tm > 59 || (th == 14 && tm != 0)) return false;
                int offset = (th * 60 + tm) * 60;
                seconds -= tz.Value[0] == '-' ? -offset : offset;
            }
        }
        ticks = days * 86400m + seconds;
        return true;
    }

    /// <summary>Days since 1970-01-01 (Howard Hinnant's days_from_civil), on arbitrary-size years.</summary>
    private static decimal DaysFromCivil(BigInteger year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = BigInteger.Divide(y >= 0 ? y : y - 399, 400);
        var yoe = (int)(y - era * 400);
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return (decimal)(era * 146097 + doe - 719468);
    }

    [GeneratedRegex(@"^[+-]?[0-9]+$")] private static partial Regex IntegerRx();
    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")] private static partial Regex DecimalRx();
    [GeneratedRegex(@"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)$")] private static partial Regex DoubleRx();
    [GeneratedRegex(@"^(?<y>-?([1-9][0-9]{4,}|[0-9]{4}))-(?<mo>[0-9]{2})-(?<d>[0-9]{2})T(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2}(\.[0-9]+)?)(?<tz>Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex DateTimeRx();
    [GeneratedRegex(@"^(?<y>-?([1-9][0-9]{4,}|[0-9]{4}))-(?<mo>[0-9]{2})-(?<d>[0-9]{2})(?<tz>Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex DateRx();
    [GeneratedRegex(@"^(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2}(\.[0-9]+)?)(?<tz>Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex TimeRx();
    [GeneratedRegex(@"^-?([1-9][0-9]{4,}|[0-9]{4})(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GYearRx();
    [GeneratedRegex(@"^-?([1-9][0-9]{4,}|[0-9]{4})-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GYearMonthRx();
    [GeneratedRegex(@"^--(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GMonthRx();
    [GeneratedRegex(@"^---(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GDayRx();
    [GeneratedRegex(@"^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GMonthDayRx();
    [GeneratedRegex(@"^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$")] private static partial Regex DurationRx();
    [GeneratedRegex(@"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")] private static partial Regex LanguageRx();
}
