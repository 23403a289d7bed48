using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhdResolver.Conformance;

/// <summary>
/// JSON-LD object comparison as the JSON-LD test suite defines it: members unordered, arrays
/// unordered except under @list, language tags case-insensitive, numbers by value, and blank
/// node identifiers equal up to a one-to-one renaming (our parsers allocate fresh labels, so
/// "_:b41" must be allowed to stand for the expected "_:cl1").
/// </summary>
public static class JsonLdComparer
{
    public static bool Equivalent(JsonNode? a, JsonNode? b) => Eq(a, b, ordered: false, key: null, new BlankMap());

    /// <summary>A bijection between blank node labels, copied on write so that backtracking can undo guesses.</summary>
    private sealed class BlankMap
    {
        public Dictionary<string, string> Forward = new(StringComparer.Ordinal);
        public Dictionary<string, string> Backward = new(StringComparer.Ordinal);

        public BlankMap Clone() => new()
        {
            Forward = new(Forward, StringComparer.Ordinal),
            Backward = new(Backward, StringComparer.Ordinal),
        };

        public void CopyFrom(BlankMap other)
        {
            Forward = other.Forward;
            Backward = other.Backward;
        }

        public bool Bind(string a, string b)
        {
            if (Forward.TryGetValue(a, out var mapped)) return mapped == b;
            if (Backward.ContainsKey(b)) return false;
            Forward[a] = b;
            Backward[b] = a;
            return true;
        }
    }

    private static bool Eq(JsonNode? a, JsonNode? b, bool ordered, string? key, BlankMap map)
    {
        if (a is null || b is null) return a is null && b is null;
        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count) return false;
                foreach (var (k, va) in oa)
                {
                    if (!ob.TryGetPropertyValue(k, out var vb)) return false;
                    if (!Eq(va, vb, ordered: k == "@list", key: k, map)) return false;
                }
                return true;
            case JsonArray aa when b is JsonArray ab:
                if (aa.Count != ab.Count) return false;
                if (ordered)
                {
                    for (int i = 0; i < aa.Count; i++)
                        if (!Eq(aa[i], ab[i], false, key, map)) return false;
                    return true;
                }
                return MatchUnordered(aa, ab, 0, new bool[ab.Count], key, map);
            case JsonValue va when b is JsonValue vb:
                return ValueEq(va, vb, key, map);
            default:
                return false;
        }
    }

    /// <summary>Finds a matching of array items, backtracking over blank node guesses.</summary>
    private static bool MatchUnordered(JsonArray aa, JsonArray ab, int i, bool[] used, string? key, BlankMap map)
    {
        if (i == aa.Count) return true;
        for (int j = 0; j < ab.Count; j++)
        {
            if (used[j]) continue;
            var trial = map.Clone();
            if (!Eq(aa[i], ab[j], false, key, trial)) continue;
            used[j] = true;
            if (MatchUnordered(aa, ab, i + 1, used, key, trial))
            {
                map.CopyFrom(trial);
                return true;
            }
            used[j] = false;
        }
        return false;
    }

    private static bool ValueEq(JsonValue a, JsonValue b, string? key, BlankMap map)
    {
        var ka = a.GetValueKind();
        var kb = b.GetValueKind();
        if (ka != kb) return false;
        switch (ka)
        {
            case JsonValueKind.String:
                var sa = a.GetValue<string>();
                var sb = b.GetValue<string>();
                if (key is "@id" or "@type" && sa.StartsWith("_:", StringComparison.Ordinal) && sb.StartsWith("_:", StringComparison.Ordinal))
                    return map.Bind(sa, sb);
                return key == "@language"
                    ? string.Equals(sa, sb, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(sa, sb, StringComparison.Ordinal);
            case JsonValueKind.Number:
                return Number(a).Equals(Number(b));
            default:
                return true; // true/false/null: the kinds already match
        }
    }

    // Processors build JsonValues from long, double or JsonElement; compare what they print.
    private static double Number(JsonValue v) =>
        double.Parse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
}
