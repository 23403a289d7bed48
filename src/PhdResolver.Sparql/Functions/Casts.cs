using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>
/// The XSD constructor functions of §17.5 (xsd:string, boolean, integer, decimal, float, double,
/// dateTime) following the XPath casting table: strings are parsed with the target's lexical rules,
/// numerics convert by value (double → integer truncates), IRIs cast only to xsd:string.
/// </summary>
internal static class Casts
{
    private const string X = Vocab.Xsd.Namespace;

    public static bool IsCast(Iri function) => function.Value.StartsWith(X, StringComparison.Ordinal) && function.Value.AsSpan(X.Length) switch
    {
        "string" or "boolean" or "integer" or "decimal" or "float" or "double" or "dateTime" => true,
        _ => false,
    };

    public static Term? Cast(Iri target, Term value)
    {
        string to = target.Value[X.Length..];
        if (value is Iri iri) return to == "string" ? new Literal(iri.Value) : null;
        if (value is not Literal l) return null;
        switch (XsdTypes.Classify(l))
        {
            case LiteralClass.String:
                return FromString(to, l.Lexical);
            case LiteralClass.Numeric:
                return XsdTypes.TryNumeric(l, out var n) ? FromNumeric(to, n) : null;
            case LiteralClass.Boolean:
                if (!XsdTypes.TryBoolean(l, out bool b)) return null;
                return to switch
                {
                    "string" => new Literal(b ? "true" : "false"),
                    "boolean" => ExpressionEvaluator.Bool(b),
                    "dateTime" => null,
                    _ => FromNumeric(to, NumericValue.FromInteger(b ? 1 : 0)),
                };
            case LiteralClass.DateTime:
                if (!XsdTypes.TryDateTime(l, out _)) return null;
                return to switch
                {
                    "string" => new Literal(l.Lexical),
                    "dateTime" => new Literal(l.Lexical, Vocab.Xsd.DateTime),
                    _ => null,
                };
            case LiteralClass.Other:
            case LiteralClass.Date:
            case LiteralClass.Time:
                return to == "string" ? new Literal(l.Lexical) : null;
            default:
                return null; // language-tagged strings are not in the casting table
        }
    }

    private static Term? FromString(string to, string lexical)
    {
        if (to == "string") return new Literal(lexical);
        string s = lexical.Trim(' ', '\t', '\n', '\r'); // whitespace facet "collapse" of the target types
        NumericValue n;
        switch (to)
        {
            case "boolean":
                return XsdTypes.TryParseBoolean(s, out bool b) ? ExpressionEvaluator.Bool(b) : null;
            case "integer":
                return XsdTypes.TryParseInteger(s, decimal.MinValue, decimal.MaxValue, out n) ? n.ToLiteral() : null;
            case "decimal":
                return XsdTypes.TryParseDecimal(s, out n) ? n.ToLiteral() : null;
            case "float":
                return XsdTypes.TryParseDouble(s, NumericKind.Float, out n) ? n.ToLiteral() : null;
            case "double":
                return XsdTypes.TryParseDouble(s, NumericKind.Double, out n) ? n.ToLiteral() : null;
            default:
                return XsdDateTime.TryParse(s, out _) ? new Literal(s, Vocab.Xsd.DateTime) : null;
        }
    }

    private static Term? FromNumeric(string to, NumericValue n)
    {
        bool floating = n.Kind >= NumericKind.Float;
        switch (to)
        {
            case "string":
                return new Literal(XPathString(n));
            case "boolean":
                return ExpressionEvaluator.Bool(!n.IsZero && !n.IsNaN);
            case "integer":
                if (floating && !double.IsFinite(n.Double)) return null;
                if (n.Kind == NumericKind.Integer) return n.ToLiteral();
                try
                {
                    decimal m = floating ? (decimal)Math.Truncate(n.Double) : decimal.Truncate(n.Decimal);
                    return NumericValue.FromBigInteger(m).ToLiteral();
                }
                catch (OverflowException)
                {
                    return null;
                }
            case "decimal":
                if (floating && !double.IsFinite(n.Double)) return null;
                try
                {
                    return NumericValue.FromDecimal(n.AsDecimal()).ToLiteral();
                }
                catch (OverflowException)
                {
                    return null;
                }
            case "float":
                return NumericValue.FromFloat(n.AsDouble()).ToLiteral();
            case "double":
                return NumericValue.FromDouble(n.AsDouble()).ToLiteral();
            default:
                return null;
        }
    }

    /// <summary>XPath's numeric → string cast: integral decimals without a point, doubles in [1e-6, 1e6) in plain notation.</summary>
    internal static string XPathString(in NumericValue n)
    {
        switch (n.Kind)
        {
            case NumericKind.Integer:
                return n.ToLiteral().Lexical;
            case NumericKind.Decimal:
                return PlainDecimal(n.Decimal);
        }
        double d = n.Double;
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "INF" : "-INF";
        if (d == 0) return double.IsNegative(d) ? "-0" : "0";
        double abs = Math.Abs(d);
        if (abs >= 1e-6 && abs < 1e6)
        {
            // The shortest round-trip digits, written without exponent.
            string r = n.Kind == NumericKind.Float
                ? ((float)d).ToString("R", CultureInfo.InvariantCulture)
                : d.ToString("R", CultureInfo.InvariantCulture);
            return PlainDecimal(decimal.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return n.Kind == NumericKind.Float ? NumericValue.FormatFloat((float)d) : LiteralCanonicalizer.FormatDouble(d);
    }

    private static string PlainDecimal(decimal m)
    {
        string s = NumericValue.FormatDecimal(m);
        return s.EndsWith(".0", StringComparison.Ordinal) ? s[..^2] : s;
    }
}
