using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>What the operators know about a literal's datatype.</summary>
internal enum LiteralClass : byte
{
    /// <summary>A datatype the evaluator does not interpret (open world: comparisons give errors).</summary>
    Other,
    /// <summary>Simple literal / xsd:string (the same thing in RDF 1.1).</summary>
    String,
    LangString,
    Boolean,
    Numeric,
    DateTime,
    /// <summary>xsd:date: not required by SPARQL, but compared like dateTime (midnight) when both sides are dates.</summary>
    Date,
}

/// <summary>Datatype lookup and lexical-form validation/parsing for the XSD types SPARQL operators interpret.</summary>
internal static class XsdTypes
{
    private const string X = Vocab.Xsd.Namespace;

    /// <summary>Integer-derived types with their inclusive value range (xsd:integer itself unbounded).</summary>
    private static readonly Dictionary<string, (decimal Min, decimal Max)> s_integerTypes = new(StringComparer.Ordinal)
    {
        [X + "integer"] = (decimal.MinValue, decimal.MaxValue),
        [X + "long"] = (long.MinValue, long.MaxValue),
        [X + "int"] = (int.MinValue, int.MaxValue),
        [X + "short"] = (short.MinValue, short.MaxValue),
        [X + "byte"] = (sbyte.MinValue, sbyte.MaxValue),
        [X + "nonNegativeInteger"] = (0, decimal.MaxValue),
        [X + "positiveInteger"] = (1, decimal.MaxValue),
        [X + "nonPositiveInteger"] = (decimal.MinValue, 0),
        [X + "negativeInteger"] = (decimal.MinValue, -1),
        [X + "unsignedLong"] = (0, ulong.MaxValue),
        [X + "unsignedInt"] = (0, uint.MaxValue),
        [X + "unsignedShort"] = (0, ushort.MaxValue),
        [X + "unsignedByte"] = (0, byte.MaxValue),
    };

    private const string DecimalIri = X + "decimal";
    private const string FloatIri = X + "float";
    private const string DoubleIri = X + "double";
    private const string BooleanIri = X + "boolean";
    private const string DateTimeIri = X + "dateTime";
    private const string DateIri = X + "date";

    /// <summary>The class of the literal's datatype (regardless of whether its lexical form is valid).</summary>
    public static LiteralClass Classify(Literal l)
    {
        if (l.Language is not null) return LiteralClass.LangString;
        var dt = l.Datatype;
        if (ReferenceEquals(dt, Vocab.Xsd.String)) return LiteralClass.String;
        if (ReferenceEquals(dt, Vocab.Xsd.Integer) || ReferenceEquals(dt, Vocab.Xsd.Decimal) || ReferenceEquals(dt, Vocab.Xsd.Double)) return LiteralClass.Numeric;
        string v = dt.Value;
        if (!v.StartsWith(X, StringComparison.Ordinal)) return LiteralClass.Other;
        if (v == Vocab.Xsd.StringValue) return LiteralClass.String;
        if (v == DecimalIri || v == FloatIri || v == DoubleIri || s_integerTypes.ContainsKey(v)) return LiteralClass.Numeric;
        if (v == BooleanIri) return LiteralClass.Boolean;
        if (v == DateTimeIri) return LiteralClass.DateTime;
        if (v == DateIri) return LiteralClass.Date;
        return LiteralClass.Other;
    }

    public static bool IsStringLiteral(Term? t) => t is Literal l && (l.Language is not null || IsXsdString(l));

    /// <summary>Simple literal or xsd:string.</summary>
    public static bool IsXsdString(Literal l) =>
        l.Language is null && (ReferenceEquals(l.Datatype, Vocab.Xsd.String) || l.Datatype.Value == Vocab.Xsd.StringValue);

    public static bool IsSimpleOrXsdString(Term? t) => t is Literal l && IsXsdString(l);

    /// <summary>Parses a numeric literal; false if it is not numeric or its lexical form is invalid for its type.</summary>
    public static bool TryNumeric(Term? term, out NumericValue value)
    {
        value = default;
        if (term is not Literal l || l.Language is not null) return false;
        var dt = l.Datatype;
        if (ReferenceEquals(dt, Vocab.Xsd.Integer)) return TryParseInteger(l.Lexical, decimal.MinValue, decimal.MaxValue, out value);
        if (ReferenceEquals(dt, Vocab.Xsd.Decimal)) return TryParseDecimal(l.Lexical, out value);
        if (ReferenceEquals(dt, Vocab.Xsd.Double)) return TryParseDouble(l.Lexical, NumericKind.Double, out value);
        string v = dt.Value;
        if (!v.StartsWith(X, StringComparison.Ordinal)) return false;
        if (v == DecimalIri) return TryParseDecimal(l.Lexical, out value);
        if (v == DoubleIri) return TryParseDouble(l.Lexical, NumericKind.Double, out value);
        if (v == FloatIri) return TryParseDouble(l.Lexical, NumericKind.Float, out value);
        return s_integerTypes.TryGetValue(v, out var range) && TryParseInteger(l.Lexical, range.Min, range.Max, out value);
    }

    public static bool TryParseInteger(string s, decimal min, decimal max, out NumericValue value)
    {
        value = default;
        int i = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
        if (i == s.Length) return false;
        for (int k = i; k < s.Length; k++) if (!char.IsAsciiDigit(s[k])) return false;
        if (s.Length <= 18)
        {
            long n = long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (n < min || n > max) return false;
            value = NumericValue.FromInteger(n);
            return true;
        }
        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m) || m < min || m > max) return false;
        value = NumericValue.FromBigInteger(m);
        return true;
    }

    public static bool TryParseDecimal(string s, out NumericValue value)
    {
        value = default;
        if (!IsDecimalLexical(s)) return false;
        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m)) return false;
        value = NumericValue.FromDecimal(m);
        return true;
    }

    /// <summary>[+-]? (digits ('.' digits?)? | '.' digits)</summary>
    public static bool IsDecimalLexical(ReadOnlySpan<char> s)
    {
        int i = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
        int digits = 0;
        bool dot = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (c == '.' && !dot) dot = true;
            else return false;
        }
        return digits > 0;
    }

    public static bool TryParseDouble(string s, NumericKind kind, out NumericValue value)
    {
        value = default;
        double d;
        switch (s)
        {
            case "INF" or "+INF": d = double.PositiveInfinity; break;
            case "-INF": d = double.NegativeInfinity; break;
            case "NaN": d = double.NaN; break;
            default:
                int e = s.AsSpan().IndexOfAny('e', 'E');
                if (!IsDecimalLexical(e < 0 ? s : s.AsSpan(0, e))) return false;
                if (e >= 0)
                {
                    var exp = s.AsSpan(e + 1);
                    int j = exp.Length > 0 && (exp[0] == '+' || exp[0] == '-') ? 1 : 0;
                    if (j == exp.Length) return false;
                    for (; j < exp.Length; j++) if (!char.IsAsciiDigit(exp[j])) return false;
                }
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return false;
                break;
        }
        value = NumericValue.FromKind(kind, d);
        return true;
    }

    /// <summary>Parses an xsd:boolean lexical form (true, false, 1, 0).</summary>
    public static bool TryParseBoolean(string s, out bool value)
    {
        switch (s)
        {
            case "true" or "1": value = true; return true;
            case "false" or "0": value = false; return true;
            default: value = false; return false;
        }
    }

    public static bool TryBoolean(Term? term, out bool value)
    {
        value = false;
        return term is Literal l && l.Language is null
            && (ReferenceEquals(l.Datatype, Vocab.Xsd.Boolean) || l.Datatype.Value == BooleanIri)
            && TryParseBoolean(l.Lexical, out value);
    }

    /// <summary>Parses an xsd:dateTime (or an xsd:date, as its midnight; callers keep the two types apart).</summary>
    public static bool TryDateTime(Term? term, out XsdDateTime value)
    {
        value = default;
        if (term is not Literal l || l.Language is not null) return false;
        if (ReferenceEquals(l.Datatype, Vocab.Xsd.DateTime) || l.Datatype.Value == DateTimeIri) return XsdDateTime.TryParse(l.Lexical, out value);
        return l.Datatype.Value == DateIri && XsdDateTime.TryParseDate(l.Lexical, out value);
    }

    /// <summary>Only xsd:dateTime (for the dateTime accessor functions).</summary>
    public static bool TryDateTimeOnly(Term? term, out XsdDateTime value)
    {
        value = default;
        return term is Literal l && l.Language is null
            && (ReferenceEquals(l.Datatype, Vocab.Xsd.DateTime) || l.Datatype.Value == DateTimeIri)
            && XsdDateTime.TryParse(l.Lexical, out value);
    }
}
