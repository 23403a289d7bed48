using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Rdf.Xsd;

/// <summary>The XPath numeric types in promotion order (integer &lt; decimal &lt; float &lt; double).</summary>
public enum NumericKind : byte { Integer, Decimal, Float, Double }

/// <summary>The four arithmetic operators of XPath (op:numeric-add, -subtract, -multiply, -divide).</summary>
public enum NumericOp : byte { Add, Subtract, Multiply, Divide }

/// <summary>
/// A parsed numeric value. A struct so that FILTER arithmetic on millions of rows does not allocate
/// until a result literal is built. Integers live in a long; the rare ones beyond it fall back to
/// <see cref="decimal"/> (28 digits) with <see cref="Big"/> set.
/// </summary>
public readonly struct NumericValue
{
    public readonly NumericKind Kind;
    public readonly bool Big;
    public readonly long Long;
    public readonly decimal Decimal;
    public readonly double Double;

    private NumericValue(NumericKind kind, bool big, long l, decimal m, double d)
    {
        Kind = kind;
        Big = big;
        Long = l;
        Decimal = m;
        Double = d;
    }

    public static NumericValue FromInteger(long v) => new(NumericKind.Integer, false, v, 0, 0);

    public static NumericValue FromBigInteger(decimal v) =>
        v >= long.MinValue && v <= long.MaxValue ? FromInteger((long)v) : new(NumericKind.Integer, true, 0, v, 0);

    public static NumericValue FromDecimal(decimal v) => new(NumericKind.Decimal, false, 0, v, 0);

    public static NumericValue FromFloat(double v) => new(NumericKind.Float, false, 0, 0, (float)v);

    public static NumericValue FromDouble(double v) => new(NumericKind.Double, false, 0, 0, v);

    public static NumericValue FromKind(NumericKind kind, double v) =>
        kind == NumericKind.Float ? FromFloat(v) : FromDouble(v);

    public decimal AsDecimal() => Kind switch
    {
        NumericKind.Integer => Big ? Decimal : Long,
        NumericKind.Decimal => Decimal,
        _ => (decimal)Double, // callers check finiteness first
    };

    public double AsDouble() => Kind switch
    {
        NumericKind.Integer => Big ? (double)Decimal : Long,
        NumericKind.Decimal => (double)Decimal,
        _ => Double,
    };

    public bool IsZero => Kind switch
    {
        NumericKind.Integer => Big ? Decimal == 0 : Long == 0,
        NumericKind.Decimal => Decimal == 0,
        _ => Double == 0,
    };

    public bool IsNaN => Kind >= NumericKind.Float && double.IsNaN(Double);

    /// <summary>The result literal with the canonical lexical form of its type.</summary>
    public Literal ToLiteral() => Kind switch
    {
        NumericKind.Integer => new Literal(Big ? Decimal.ToString("0", CultureInfo.InvariantCulture) : Long.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Integer),
        NumericKind.Decimal => new Literal(FormatDecimal(Decimal), Vocab.Xsd.Decimal),
        NumericKind.Float => new Literal(FormatFloat((float)Double), Vocab.Xsd.Float),
        _ => new Literal(LiteralCanonicalizer.FormatDouble(Double), Vocab.Xsd.Double),
    };

    /// <summary>XSD canonical decimal: at least one digit either side of the point, no redundant zeros.</summary>
    public static string FormatDecimal(decimal d)
    {
        string s = d.ToString(CultureInfo.InvariantCulture);
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0) return s + ".0";
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s + "0" : s;
    }

    /// <summary>Canonical float: the shortest digits that round-trip as a float, in the double layout (1.5E0).</summary>
    public static string FormatFloat(float f)
    {
        if (float.IsNaN(f) || float.IsInfinity(f) || f == 0) return LiteralCanonicalizer.FormatDouble(f);
        // Parsing the float's shortest form as a double gives a double whose shortest form is those digits.
        return LiteralCanonicalizer.FormatDouble(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>The kind both operands are promoted to (XPath numeric type promotion).</summary>
    public static NumericKind Promote(NumericKind a, NumericKind b) => a > b ? a : b;

    /// <summary>Compares by value after promotion; null when unordered (NaN).</summary>
    public static int? Compare(in NumericValue a, in NumericValue b)
    {
        var kind = Promote(a.Kind, b.Kind);
        if (kind == NumericKind.Integer && !a.Big && !b.Big) return a.Long.CompareTo(b.Long);
        if (kind <= NumericKind.Decimal) return a.AsDecimal().CompareTo(b.AsDecimal());
        double x = a.AsDouble(), y = b.AsDouble();
        if (double.IsNaN(x) || double.IsNaN(y)) return null;
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /// <summary>+, -, *, / with promotion; false on an error (integer/decimal division by zero, overflow).</summary>
    public static bool TryArithmetic(NumericOp op, in NumericValue a, in NumericValue b, out NumericValue result)
    {
        var kind = Promote(a.Kind, b.Kind);
        if (op == NumericOp.Divide && kind == NumericKind.Integer) kind = NumericKind.Decimal; // op:numeric-divide
        result = default;
        if (kind == NumericKind.Integer)
        {
            if (!a.Big && !b.Big)
            {
                long x = a.Long, y = b.Long, r;
                bool ok = op switch
                {
                    NumericOp.Add => !OverflowAdd(x, y, out r),
                    NumericOp.Subtract => !OverflowSub(x, y, out r),
                    _ => !OverflowMul(x, y, out r),
                };
                if (ok) { result = FromInteger(r); return true; }
            }
            if (!TryDecimal(op, a.AsDecimal(), b.AsDecimal(), out var big)) return false;
            result = FromBigInteger(big);
            return true;
        }
        if (kind == NumericKind.Decimal)
        {
            if (!TryDecimal(op, a.AsDecimal(), b.AsDecimal(), out var m)) return false;
            result = FromDecimal(m);
            return true;
        }
        double p = a.AsDouble(), q = b.AsDouble();
        double d = op switch
        {
            NumericOp.Add => p + q,
            NumericOp.Subtract => p - q,
            NumericOp.Multiply => p * q,
            _ => p / q, // IEEE: x/0 is ±INF, 0/0 NaN
        };
        result = FromKind(kind, d);
        return true;
    }

    private static bool TryDecimal(NumericOp op, decimal x, decimal y, out decimal r)
    {
        r = 0;
        if (op == NumericOp.Divide && y == 0) return false;
        try
        {
            r = op switch
            {
                NumericOp.Add => x + y,
                NumericOp.Subtract => x - y,
                NumericOp.Multiply => x * y,
                _ => x / y,
            };
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool OverflowAdd(long x, long y, out long r)
    {
        r = unchecked(x + y);
        return ((x ^ r) & (y ^ r)) < 0;
    }

    private static bool OverflowSub(long x, long y, out long r)
    {
        r = unchecked(x - y);
        return ((x ^ y) & (x ^ r)) < 0;
    }

    private static bool OverflowMul(long x, long y, out long r)
    {
        r = unchecked(x * y);
        long high = Math.BigMul(x, y, out long low);
        return !(high == 0 && low >= 0) && !(high == -1 && low < 0);
    }

    public NumericValue Negate() => Kind switch
    {
        NumericKind.Integer when !Big && Long != long.MinValue => FromInteger(-Long),
        NumericKind.Integer => FromBigInteger(-AsDecimal()),
        NumericKind.Decimal => FromDecimal(-Decimal),
        _ => FromKind(Kind, -Double),
    };
}
