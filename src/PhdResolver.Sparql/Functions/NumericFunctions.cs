using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>ABS, CEIL, FLOOR, ROUND (§17.4.4): the result keeps the argument's numeric type.</summary>
internal static class NumericFunctions
{
    public static Term? Apply(string name, Term a)
    {
        if (!XsdTypes.TryNumeric(a, out var n)) return null;
        switch (n.Kind)
        {
            case NumericKind.Integer:
                if (name != "ABS") return n.ToLiteral();
                return (n.Big ? n.AsDecimal() < 0 : n.Long < 0) ? n.Negate().ToLiteral() : n.ToLiteral();
            case NumericKind.Decimal:
                {
                    decimal m = n.Decimal;
                    decimal r = name switch
                    {
                        "ABS" => Math.Abs(m),
                        "CEIL" => decimal.Ceiling(m),
                        "FLOOR" => decimal.Floor(m),
                        _ => decimal.Floor(m + 0.5m), // XPath fn:round: halves go towards positive infinity
                    };
                    return NumericValue.FromDecimal(r).ToLiteral();
                }
            default:
                {
                    double d = n.Double;
                    double r = name switch
                    {
                        "ABS" => Math.Abs(d),
                        "CEIL" => Math.Ceiling(d),
                        "FLOOR" => Math.Floor(d),
                        _ => RoundHalfUp(d),
                    };
                    return NumericValue.FromKind(n.Kind, r).ToLiteral();
                }
        }
    }

    private static double RoundHalfUp(double d)
    {
        if (!double.IsFinite(d) || d == 0) return d;
        double r = Math.Floor(d + 0.5);
        // XPath: round(-0.5) is -0.
        return r == 0 && d < 0 ? -0.0 : r;
    }
}
