using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhdResolver.Nboq.Tests;

/// <summary>
/// The Micro-Meta App JSON schemas (../shared/reference/micrometaapp/schemas), read independently of the importer,
/// and files built from them the way Micro-Meta App writes them: an Instrument (model 2.01) whose components hold
/// exactly the fields a schema lists (all of them, or only those it requires up to a tier).
/// </summary>
internal sealed class MmaSchemas
{
    public sealed record Field(string Name, JsonElement Def, int? Tier, bool Required);

    public sealed record Schema(string File, string Title, string? Domain, string? Category, IReadOnlyList<Field> Fields)
    {
        public string Id => File;
        /// <summary>Hardware that sits in an Instrument's "components" list (stands go in "MicroscopeStand").</summary>
        public bool IsComponent => Domain is "MicroscopeHardwareSpecifications" or "MicroscopeSpecifications" && Category is not ("ChildElement" or "MicroscopeStand");
        public bool IsStand => Category == "MicroscopeStand";
    }

    // Fields every component has that are bookkeeping, not hardware facts.
    public static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "ID", "Tier", "Schema_ID", "ModelVersion", "AppVersion", "Extension", "Domain", "Category" };

    private static readonly Lazy<MmaSchemas> s_default = new(() => new MmaSchemas(Path.Combine(Paths.Reference, "micrometaapp", "schemas")));
    public static MmaSchemas Default => s_default.Value;

    public IReadOnlyDictionary<string, Schema> ByFile { get; }

    private MmaSchemas(string dir)
    {
        var all = new Dictionary<string, Schema>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement.Clone();
            all[Path.GetFileName(file)] = Read(Path.GetFileName(file), root);
        }
        ByFile = all;
    }

    private static Schema Read(string file, JsonElement root)
    {
        var required = root.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        var fields = root.GetProperty("properties").EnumerateObject()
            .Select(p => new Field(p.Name, p.Value, TierOf(p.Value), required.Contains(p.Name))).ToList();
        return new Schema(file, root.GetProperty("title").GetString()!, Str(root, "domain"), Str(root, "category"), fields);
    }

    private static string? Str(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? TierOf(JsonElement def)
    {
        if (def.TryGetProperty("tier", out var t) && t.ValueKind == JsonValueKind.Number) return t.GetInt32();
        if (def.TryGetProperty("items", out var items) && items.TryGetProperty("tier", out t) && t.ValueKind == JsonValueKind.Number) return t.GetInt32();
        return null;
    }

    /// <summary>The schema a link names: a title ("StandardDichroic"), a file name ("Fluorescence_LightSource_Laser") or a category ("Lens").</summary>
    public Schema? LinkTarget(string linkTo) =>
        ByFile.Values.FirstOrDefault(s => s.Title == linkTo && s.IsComponent)
        ?? ByFile.GetValueOrDefault(linkTo + ".json")
        ?? ByFile.Values.FirstOrDefault(s => s.IsComponent && (s.Category == linkTo || s.Category?.EndsWith("." + linkTo, StringComparison.Ordinal) == true));

    /// <summary>Which fields a built component gets: all, or the required ones up to a tier (MMA requires a field with no tier at every tier).</summary>
    public static IEnumerable<Field> Select(IReadOnlyList<Field> fields, int? tier) =>
        tier is int n ? fields.Where(f => f.Required && (f.Tier is null || f.Tier <= n)) : fields;

    /// <summary>An Instrument file holding one component of <paramref name="schema"/> (plus the components it links to).</summary>
    public sealed class Built
    {
        public required JsonObject Root { get; init; }
        public required string ComponentId { get; init; }
        public required string ComponentPath { get; init; }   // "$.components[0]" or "$.MicroscopeStand"
        public string Text => Root.ToJsonString();
    }

    public Built Build(Schema schema, int? tier, string? omit = null)
    {
        var components = new JsonArray();
        var counter = new int[1];
        var id = NewId(counter);
        var component = Component(schema, id, tier, omit, components, counter, depth: 0);
        var root = new JsonObject
        {
            ["Name"] = "generated " + schema.Title, ["ID"] = "instrument-1", ["Tier"] = tier ?? 3, ["ValidationTier"] = tier ?? 3,
            ["Schema_ID"] = "Instrument.json", ["ModelVersion"] = "2.01.0",
        };
        string path;
        if (schema.IsStand) { root["MicroscopeStand"] = component; path = "$.MicroscopeStand"; }
        else { components.Insert(0, component); path = "$.components[0]"; }
        root["components"] = components;
        return new Built { Root = root, ComponentId = id, ComponentPath = path };
    }

    private static string NewId(int[] counter) => $"00000000-0000-4000-8000-{++counter[0]:D12}";

    private JsonObject Component(Schema schema, string id, int? tier, string? omit, JsonArray components, int[] counter, int depth)
    {
        var o = new JsonObject { ["ID"] = id, ["Schema_ID"] = schema.File, ["Tier"] = tier ?? 3, ["ModelVersion"] = "2.01.0", ["Name"] = schema.Title + " " + id[^4..] };
        foreach (var f in Select(schema.Fields, tier))
        {
            if (f.Name == omit || Bookkeeping.Contains(f.Name) || f.Name == "Name" && o.ContainsKey("Name")) continue;
            if (Value(f.Name, f.Def, tier, components, counter, depth) is { } v) o[f.Name] = v;
        }
        return o;
    }

    private JsonNode? Value(string name, JsonElement def, int? tier, JsonArray components, int[] counter, int depth)
    {
        var type = def.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (def.TryGetProperty("linkTo", out var link))
        {
            if (depth > 2 || LinkTarget(link.GetString()!) is not { } target) return null;
            var tid = NewId(counter);
            components.Add(Component(target, tid, tier, null, components, counter, depth + 1));
            return $"{target.Title}/{tid}";
        }
        if (type == "array" && def.TryGetProperty("items", out var items))
        {
            if (items.TryGetProperty("linkTo", out _))
                return Value(name, items, tier, components, counter, depth) is JsonValue v ? new JsonArray(JsonValue.Create(v.GetValue<string>()[(v.GetValue<string>().LastIndexOf('/') + 1)..])) : null;
            if (items.TryGetProperty("properties", out var props))
            {
                var required = items.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
                var child = new JsonObject();
                foreach (var p in props.EnumerateObject())
                {
                    var f = new Field(p.Name, p.Value, TierOf(p.Value), required.Contains(p.Name));
                    if (tier is int n && !(f.Required && (f.Tier is null || f.Tier <= n))) continue;
                    if (Value(p.Name, p.Value, tier, components, counter, depth) is { } v) child[p.Name] = v;
                }
                return new JsonArray(child);
            }
            return null;
        }
        if (def.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            var list = values.EnumerateArray().Select(v => v.ToString()).ToList();
            if (name.EndsWith("Unit", StringComparison.Ordinal))
                return list.FirstOrDefault(u => PhdResolver.Nboq.Import.Units.ToQudt(u) is not null && u is "nm" or "mm" or "µm" or "mW" or "s" or "ms" or "°C" or "Hz")
                    ?? list.FirstOrDefault(u => PhdResolver.Nboq.Import.Units.ToQudt(u) is not null) ?? list[0];
            return list[0];
        }
        return type switch
        {
            "number" => JsonValue.Create(1.5),
            "integer" => JsonValue.Create(2),
            "boolean" => JsonValue.Create(true),
            _ when name.Contains("Date", StringComparison.Ordinal) => "2020-01-02",
            _ when name.Contains("URL", StringComparison.OrdinalIgnoreCase) || name.Contains("Website", StringComparison.Ordinal) || name.EndsWith("File", StringComparison.Ordinal) => "https://example.org/spec.pdf",
            _ => "text " + name.ToLowerInvariant(),
        };
    }

    public static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
