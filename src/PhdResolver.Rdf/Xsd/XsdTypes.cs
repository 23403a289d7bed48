using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Rdf.Xsd;

/// <summary>What the operators know about a literal's datatype.</summary>
public enum LiteralClass : byte
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
    /// <summary>xsd:time: not required by SPARQL; ordered (SHACL's range constraints compare times), never cast.</summary>
    Time,
}

/// <summary>
/// The XSD datatypes in one place (issue 18, in the spirit of Oxigraph's oxsdatatypes): which class a
/// datatype IRI belongs to, whether a lexical form is in its type's lexical space, and parsing into
/// values (<see cref="NumericValue"/>, <see cref="XsdDateTime"/>). SPARQL's operators and functions,
/// SHACL's sh:datatype and range constraints (<see cref="IsWellTyped"/>, <see cref="XsdOrder"/>) and
/// RDF canonicalisation (<see cref="LiteralCanonicalizer"/>) all read literals through here.
/// </summary>
public static partial class XsdTypes
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
    private const string DateTimeStampIri = X + "dateTimeStamp";
    private const string TimeIri = X + "time";

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
        if (v == DateTimeIri || v == DateTimeStampIri) return LiteralClass.DateTime;
        if (v == DateIri) return LiteralClass.Date;
        if (v == TimeIri) return LiteralClass.Time;
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

    /// <summary>[+-]? digits</summary>
    public static bool IsIntegerLexical(ReadOnlySpan<char> s)
    {
        int i = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
        if (i == s.Length) return false;
        for (; i < s.Length; i++) if (!char.IsAsciiDigit(s[i])) return false;
        return true;
    }

    /// <summary>The value range of an integer-derived datatype (xsd:integer: unbounded, as far as a decimal reaches), or false if
    /// <paramref name="datatype"/> is not one.</summary>
    public static bool TryIntegerRange(string datatype, out decimal min, out decimal max)
    {
        bool known = s_integerTypes.TryGetValue(datatype, out var range);
        (min, max) = range;
        return known;
    }

    public static bool TryParseInteger(string s, decimal min, decimal max, out NumericValue value)
    {
        value = default;
        if (!IsIntegerLexical(s)) return false;
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

    /// <summary>A decimal with an optional exponent ([eE] [+-]? digits), or INF, +INF, -INF, NaN.</summary>
    public static bool IsDoubleLexical(ReadOnlySpan<char> s)
    {
        if (s is "INF" or "+INF" or "-INF" or "NaN") return true;
        int e = s.IndexOfAny('e', 'E');
        if (!IsDecimalLexical(e < 0 ? s : s[..e])) return false;
        return e < 0 || IsIntegerLexical(s[(e + 1)..]);
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
                if (!IsDoubleLexical(s)) return false;
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

    /// <summary>Parses an xsd:dateTime or xsd:dateTimeStamp (which must have a timezone), an xsd:date as its midnight, or an
    /// xsd:time as that time on one fixed day; callers keep the types apart (<see cref="Classify"/>).</summary>
    public static bool TryDateTime(Term? term, out XsdDateTime value)
    {
        value = default;
        if (term is not Literal l || l.Language is not null) return false;
        if (ReferenceEquals(l.Datatype, Vocab.Xsd.DateTime) || l.Datatype.Value == DateTimeIri) return XsdDateTime.TryParse(l.Lexical, out value);
        return l.Datatype.Value switch
        {
            DateIri => XsdDateTime.TryParseDate(l.Lexical, out value),
            TimeIri => XsdDateTime.TryParseTime(l.Lexical, out value),
            DateTimeStampIri => XsdDateTime.TryParse(l.Lexical, out value) && value.TimezoneMinutes.HasValue,
            _ => false,
        };
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
