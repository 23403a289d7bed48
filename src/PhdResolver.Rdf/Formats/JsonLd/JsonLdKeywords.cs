using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>Keyword tables and small JSON helpers shared by the JSON-LD algorithms.</summary>
internal static class JsonLdKeywords
{
    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit", "@graph",
        "@id", "@import", "@included", "@index", "@json", "@language", "@list", "@nest", "@none",
        "@omitDefault", "@prefix", "@preserve", "@propagate", "@protected", "@requireAll", "@reverse",
        "@set", "@type", "@value", "@version", "@vocab",
    };

    public static bool IsKeyword(string? s) => s is not null && All.Contains(s);

    /// <summary>"@" followed by one or more ASCII letters: reserved for future keywords, ignored with a warning.</summary>
    public static bool HasKeywordForm(string s)
    {
        if (s.Length < 2 || s[0] != '@') return false;
        for (int i = 1; i < s.Length; i++)
            if (!char.IsAsciiLetter(s[i])) return false;
        return true;
    }

    public static bool IsBlankNodeId(string? s) => s is not null && s.StartsWith("_:", StringComparison.Ordinal);

    /// <summary>An absolute IRI (has a scheme) or a blank node identifier; the spec's "IRI" test after expansion.</summary>
    public static bool IsAbsoluteIri(string? s) => s is not null && IriResolver.IsAbsolute(s);

    public static RdfSyntaxException Error(string code, string message, string path = "$") => new(message, path, code);

    /// <summary>Puts a node under a new parent: System.Text.Json nodes have one parent, so shared ones are cloned.</summary>
    public static JsonNode? Own(JsonNode? node) => node is null || node.Parent is null ? node : Copy(node);

    /// <summary>
    /// A parentless copy. Scalars are re-created as primitive-backed values: cloning a value that
    /// wraps a JsonElement copies the element into a new JsonDocument, which is far slower.
    /// </summary>
    public static JsonNode? Copy(JsonNode? node)
    {
        if (node is not JsonValue v) return node?.DeepClone();
        switch (v.GetValueKind())
        {
            case JsonValueKind.String: return JsonValue.Create(v.GetValue<string>());
            case JsonValueKind.True: return JsonValue.Create(true);
            case JsonValueKind.False: return JsonValue.Create(false);
            case JsonValueKind.Number:
                if (v.TryGetValue<long>(out long l)) return JsonValue.Create(l);
                if (v.TryGetValue<double>(out double d) && double.IsFinite(d)) return JsonValue.Create(d);
                return v.DeepClone();
            default: return v.DeepClone();
        }
    }

    public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsScalar(JsonNode? node) => node is JsonValue;

    public static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static JsonArray AsArray(JsonNode? node)
    {
        if (node is JsonArray a) return a;
        var result = new JsonArray();
        if (node is not null) result.Add(Own(node));
        return result;
    }

    /// <summary>Items of a value seen as an array (a non-array value is a one-item sequence; null is empty).</summary>
    public static IEnumerable<JsonNode?> Items(JsonNode? node)
    {
        if (node is JsonArray a)
        {
            foreach (var item in a) yield return item;
        }
        else if (node is not null)
        {
            yield return node;
        }
    }

    /// <summary>Appends a value to the array under <paramref name="key"/>, flattening arrays (the spec's "add value, as array").</summary>
    public static void AddValue(JsonObject obj, string key, JsonNode? value)
    {
        if (obj[key] is not JsonArray arr)
        {
            var existing = obj[key];
            arr = new JsonArray();
            if (obj.ContainsKey(key))
            {
                obj.Remove(key);
                if (existing is not null) arr.Add(existing);
            }
            obj[key] = arr;
        }
        if (value is JsonArray items)
        {
            // A parentless array is a temporary built by the algorithms: take its items rather than clone them.
            if (items.Parent is null)
                foreach (var item in Detach(items)) arr.Add(item);
            else
                foreach (var item in items) arr.Add(Copy(item));
        }
        else
        {
            arr.Add(Own(value));
        }
    }

    /// <summary>
    /// The value of a JSON number node, whatever CLR type backs it (parsed JSON, or values callers
    /// built with JsonValue.Create(int) and friends: GetValue&lt;double&gt; would throw for those).
    /// </summary>
    public static double NumberValue(JsonNode node)
    {
        var v = (JsonValue)node;
        if (v.TryGetValue<double>(out double d)) return d;
        if (v.TryGetValue<long>(out long l)) return l;
        if (v.TryGetValue<int>(out int i)) return i;
        if (v.TryGetValue<decimal>(out decimal m)) return (double)m;
        if (v.TryGetValue<float>(out float f)) return f;
        if (v.TryGetValue<ulong>(out ulong ul)) return ul;
        if (v.TryGetValue<uint>(out uint ui)) return ui;
        if (v.TryGetValue<short>(out short sh)) return sh;
        if (v.TryGetValue<ushort>(out ushort us)) return us;
        if (v.TryGetValue<byte>(out byte b)) return b;
        if (v.TryGetValue<sbyte>(out sbyte sb)) return sb;
        return double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Empties an array and returns its items, now parentless so they can move elsewhere.</summary>
    public static JsonNode?[] Detach(JsonArray array)
    {
        var items = array.ToArray();
        array.Clear();
        return items;
    }

    public static string Quote(string s) => JsonSerializer.Serialize(s);
}
