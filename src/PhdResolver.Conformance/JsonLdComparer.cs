using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhdResolver.Conformance;

/// <summary>
/// JSON-LD object comparison as the JSON-LD test suite defines it: members unordered, arrays
/// unordered except under @list, language tags case-insensitive, numbers by value.
/// </summary>
public static class JsonLdComparer
{
    public static bool Equivalent(JsonNode? a, JsonNode? b) => Eq(a, b, ordered: false, key: null);

    private static bool Eq(JsonNode? a, JsonNode? b, bool ordered, string? key)
    {
        if (a is null || b is null) return a is null && b is null;
        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count) return false;
                foreach (var (k, va) in oa)
                {
                    if (!ob.TryGetPropertyValue(k, out var vb)) return false;
                    if (!Eq(va, vb, ordered: k == "@list", key: k)) return false;
                }
                return true;
            case JsonArray aa when b is JsonArray ab:
                if (aa.Count != ab.Count) return false;
                if (ordered)
                {
                    for (int i = 0; i < aa.Count; i++)
                        if (!Eq(aa[i], ab[i], false, key)) return false;
                    return true;
                }
                var used = new bool[ab.Count];
                foreach (var x in aa)
                {
                    bool found = false;
                    for (int j = 0; j < ab.Count && !found; j++)
                    {
                        if (used[j] || !Eq(x, ab[j], false, key)) continue;
                        used[j] = found = true;
                    }
                    if (!found) return false;
                }
                return true;
            case JsonValue va when b is JsonValue vb:
                return ValueEq(va, vb, key);
            default:
                return false;
        }
    }

    private static bool ValueEq(JsonValue a, JsonValue b, string? key)
    {
        var ka = a.GetValueKind();
        var kb = b.GetValueKind();
        if (ka != kb) return false;
        switch (ka)
        {
            case JsonValueKind.String:
                var sa = a.GetValue<string>();
                var sb = b.GetValue<string>();
                return key == "@language"
                    ? string.Equals(sa, sb, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(sa, sb, StringComparison.Ordinal);
            case JsonValueKind.Number:
                return Number(a).Equals(Number(b));
            default:
                return ka == kb;
        }
    }

    // Processors build JsonValues from long, double or JsonElement; compare what they print.
    private static double Number(JsonValue v) =>
        double.Parse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
}
