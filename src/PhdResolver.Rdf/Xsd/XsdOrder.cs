namespace PhdResolver.Rdf.Xsd;

/// <summary>
/// The value order of literals as SPARQL's &lt;, &gt;, &lt;=, &gt;= define it (§17.3): numerics after type
/// promotion, simple literals / xsd:string in code-point order, booleans, dateTimes (with XSD's indeterminate
/// zone for a value without timezone against one with), and, beyond what SPARQL requires, dates and times
/// each among themselves. SHACL's range and pair constraints use the same order, as the SHACL spec says.
/// </summary>
public static class XsdOrder
{
    /// <summary>Result of an ordering comparison: an order, unordered (NaN), or an error (incomparable values).</summary>
    public enum Order : sbyte { Less = -1, Equal = 0, Greater = 1, Unordered = 2, Error = 3 }

    /// <summary>Compares two terms; <see cref="Order.Error"/> for non-literals, different classes or ill-typed values.</summary>
    public static Order Compare(Term a, Term b)
    {
        if (a is not Literal la || b is not Literal lb) return Order.Error;
        var ca = XsdTypes.Classify(la);
        if (ca != XsdTypes.Classify(lb)) return Order.Error;
        switch (ca)
        {
            case LiteralClass.Numeric:
                if (!XsdTypes.TryNumeric(la, out var na) || !XsdTypes.TryNumeric(lb, out var nb)) return Order.Error;
                int? n = NumericValue.Compare(na, nb);
                return n.HasValue ? (Order)Math.Sign(n.Value) : Order.Unordered;
            case LiteralClass.String:
                return (Order)Math.Sign(CompareCodePoints(la.Lexical, lb.Lexical));
            case LiteralClass.Boolean:
                if (!XsdTypes.TryBoolean(la, out bool ba) || !XsdTypes.TryBoolean(lb, out bool bb)) return Order.Error;
                return (Order)ba.CompareTo(bb);
            case LiteralClass.DateTime:
            case LiteralClass.Date:
            case LiteralClass.Time:
                if (!XsdTypes.TryDateTime(la, out var da) || !XsdTypes.TryDateTime(lb, out var db)) return Order.Error;
                int? d = XsdDateTime.Compare(da, db);
                return d.HasValue ? (Order)Math.Sign(d.Value) : Order.Error;
            default:
                return Order.Error;
        }
    }

    /// <summary>The order as a number (negative, zero, positive), or null when the values are not ordered.</summary>
    public static int? CompareValues(Term a, Term b) => Compare(a, b) switch
    {
        Order.Less => -1,
        Order.Equal => 0,
        Order.Greater => 1,
        _ => null,
    };

    /// <summary>Code-point order (ordinal UTF-16 order differs for supplementary characters vs U+E000..U+FFFF).</summary>
    public static int CompareCodePoints(string x, string y)
    {
        int i = x.AsSpan().CommonPrefixLength(y);
        if (i == x.Length || i == y.Length) return x.Length.CompareTo(y.Length);
        char cx = x[i], cy = y[i];
        if (cx >= 0xD800 && cy >= 0xD800)
        {
            // Surrogates (D800-DFFF) stand for code points above FFFF: lift them above E000-FFFF.
            int fx = char.IsSurrogate(cx) ? cx + 0x10000 : cx;
            int fy = char.IsSurrogate(cy) ? cy + 0x10000 : cy;
            return fx.CompareTo(fy);
        }
        return cx.CompareTo(cy);
    }
}
