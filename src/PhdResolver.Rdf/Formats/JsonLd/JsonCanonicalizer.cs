using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// JSON Canonicalization Scheme (RFC 8785), used for the lexical form of rdf:JSON literals:
/// object members sorted by UTF-16 code units, no whitespace, ECMAScript number formatting,
/// minimal string escaping.
/// </summary>
public static class JsonCanonicalizer
{
    public static string Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
            {
                var keys = new List<string>(obj.Count);
                foreach (var (k, _) in obj) keys.Add(k);
                keys.Sort(StringComparer.Ordinal);
                sb.Append('{');
                for (int i = 0; i < keys.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteString(sb, keys[i]);
                    sb.Append(':');
                    Write(sb, obj[keys[i]]);
                }
                sb.Append('}');
                break;
            }
            case JsonArray arr:
                sb.Append('[');
                for (int i = 0; i < arr.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, arr[i]);
                }
                sb.Append(']');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(sb, node.GetValue<string>()); break;
                    case JsonValueKind.True: sb.Append("true"); break;
                    case JsonValueKind.False: sb.Append("false"); break;
                    case JsonValueKind.Number: sb.Append(FormatNumber(JsonLdKeywords.NumberValue(node))); break;
                    default: sb.Append("null"); break;
                }
                break;
        }
    }

    // RFC 8785 §3.2.2.2's escaping is JSON's minimal one: the shared escaper.
    private static void WriteString(StringBuilder sb, string s) => JsonString.Append(sb, s);

    /// <summary>ECMAScript Number.prototype.toString (ECMA-262 §7.1.12.1) for finite doubles.</summary>
    public static string FormatNumber(double d)
    {
        if (d == 0) return "0";
        if (double.IsNaN(d) || double.IsInfinity(d)) throw new ArgumentOutOfRangeException(nameof(d), "JSON has no NaN or Infinity");
        var sb = new StringBuilder();
        if (d < 0)
        {
            sb.Append('-');
            d = -d;
        }
        // Shortest round-trip digits and exponent: "R" gives e.g. "1.2345E+25" or "123.45".
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        // Extract digit string and decimal exponent n (value = 0.digits * 10^n).
        string digits;
        int n;
        int ePos = shortest.IndexOfAny(['E', 'e']);
        string mant = ePos >= 0 ? shortest[..ePos] : shortest;
        int exp = ePos >= 0 ? int.Parse(shortest.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        int dot = mant.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? mant[..dot] : mant;
        string fracPart = dot >= 0 ? mant[(dot + 1)..] : "";
        digits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - digits.Length;
        n = intPart.Length - leadingZeros + exp;
        digits = digits.TrimEnd('0');
        int k = digits.Length;
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1) sb.Append('.').Append(digits, 1, k - 1);
            sb.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
