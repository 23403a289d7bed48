using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace PhdResolver.Rdf.Xsd;

public static partial class XsdTypes
{
    /// <summary>
    /// True unless the literal has a recognised datatype and a lexical form outside its lexical space (SHACL's
    /// sh:datatype rejects ill-typed literals; RDF calls them ill-typed but keeps them). The numeric, boolean and
    /// date/time types use the same parsers as the operators, so "a value SPARQL can compare" and "a well-typed
    /// literal" cannot disagree.
    /// </summary>
    public static bool IsWellTyped(Literal lit)
    {
        var dt = lit.Datatype.Value;
        if (dt == Vocab.Rdf.LangString.Value) return lit.Language is { Length: > 0 };
        if (!dt.StartsWith(X, StringComparison.Ordinal)) return true;
        var s = lit.Lexical;
        switch (dt.AsSpan(X.Length))
        {
            case "string" or "normalizedString" or "token" or "anyURI": return true;
            case "boolean": return TryParseBoolean(s, out _);
            case "decimal": return IsDecimalLexical(s);
            case "float" or "double": return IsDoubleLexical(s);
            case "dateTime": return XsdDateTime.TryParse(s, out _);
            case "dateTimeStamp": return XsdDateTime.TryParse(s, out var v) && v.TimezoneMinutes.HasValue;
            case "date": return XsdDateTime.TryParseDate(s, out _);
            case "time": return XsdDateTime.TryParseTime(s, out _);
            case "gYear": return GYearRx().IsMatch(s);
            case "gYearMonth": return GYearMonthRx().IsMatch(s);
            case "gMonth": return GMonthRx().IsMatch(s);
            case "gDay": return GDayRx().IsMatch(s);
            case "gMonthDay": return GMonthDayRx().IsMatch(s);
            case "duration": return DurationRx().IsMatch(s) && s[^1] is not ('P' or 'T');
            case "language": return LanguageRx().IsMatch(s);
            case "hexBinary": return s.Length % 2 == 0 && s.All(char.IsAsciiHexDigit);
            case "base64Binary": return IsBase64(s);
        }
        if (TryIntegerRange(dt, out decimal min, out decimal max))
        {
            if (!IsIntegerLexical(s)) return false;
            // decimal.MinValue/MaxValue stand for "unbounded" in the range table (xsd:integer, nonNegativeInteger, ...):
            // the lexical space is not limited to what a decimal reaches.
            var value = BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return (min == decimal.MinValue || value >= new BigInteger(min)) && (max == decimal.MaxValue || value <= new BigInteger(max));
        }
        return true; // other XSD types: not checked, so not rejected
    }

    private static bool IsBase64(string s)
    {
        var compact = s.Replace(" ", "", StringComparison.Ordinal);
        return compact.Length % 4 == 0 && Convert.TryFromBase64String(compact, new byte[compact.Length], out _);
    }

    [GeneratedRegex(@"^-?([1-9][0-9]{4,}|[0-9]{4})(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GYearRx();
    [GeneratedRegex(@"^-?([1-9][0-9]{4,}|[0-9]{4})-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GYearMonthRx();
    [GeneratedRegex(@"^--(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GMonthRx();
    [GeneratedRegex(@"^---(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GDayRx();
    [GeneratedRegex(@"^--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$")] private static partial Regex GMonthDayRx();
    [GeneratedRegex(@"^-?P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$")] private static partial Regex DurationRx();
    [GeneratedRegex(@"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")] private static partial Regex LanguageRx();
}
