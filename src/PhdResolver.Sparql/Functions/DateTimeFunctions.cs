using System.Globalization;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>YEAR … SECONDS, TIMEZONE, TZ (§17.4.5): components as written, not normalised to UTC.</summary>
internal static class DateTimeFunctions
{
    private static readonly Iri s_dayTimeDuration = new(Vocab.Xsd.Namespace + "dayTimeDuration");

    public static Term? Apply(string name, Term a)
    {
        if (!XsdTypes.TryDateTimeOnly(a, out var dt)) return null;
        switch (name)
        {
            case "YEAR": return Integer(dt.Year);
            case "MONTH": return Integer(dt.Month);
            case "DAY": return Integer(dt.Day);
            case "HOURS": return Integer(dt.Hour);
            case "MINUTES": return Integer(dt.Minute);
            case "SECONDS": return NumericValue.FromDecimal(dt.Second).ToLiteral();
            case "TZ": return new Literal(dt.TimezoneText);
            default:
                return dt.TimezoneMinutes is int tz ? new Literal(Duration(tz), s_dayTimeDuration) : null;
        }
    }

    private static Literal Integer(long v) => NumericValue.FromInteger(v).ToLiteral();

    /// <summary>Canonical xsd:dayTimeDuration for an offset: PT0S, -PT8H, PT5H30M.</summary>
    private static string Duration(int minutes)
    {
        if (minutes == 0) return "PT0S";
        var sb = new StringBuilder();
        if (minutes < 0) sb.Append('-');
        int m = Math.Abs(minutes);
        sb.Append("PT");
        if (m / 60 > 0) sb.Append((m / 60).ToString(CultureInfo.InvariantCulture)).Append('H');
        if (m % 60 > 0) sb.Append((m % 60).ToString(CultureInfo.InvariantCulture)).Append('M');
        return sb.ToString();
    }
}
