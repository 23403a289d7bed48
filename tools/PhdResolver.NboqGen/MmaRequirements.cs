using System.Text.Json;
using PhdResolver.Nboq.Import;

namespace PhdResolver.NboqGen;

/// <summary>
/// What the Micro-Meta App schemas (micrometaapp/schemas) require, by NBO class and NBO attribute name. The NBO
/// tables mark some attributes R that Micro-Meta App, the community's capture tool, never asks for (a light source's
/// PurchaseDate) or asks for only at a later tier. A file Micro-Meta App accepts at tier N must conform at tier N,
/// so such rows become SHOULD at their NBO tier (flagged nboq:nboRequired) and MUST from the tier Micro-Meta App
/// enforces them, if it does. Elements no schema describes keep the NBO rule as it is.
/// </summary>
public sealed class MmaRequirements
{
    /// <summary>Per schema: its NBO class name and attribute -> the tier from which it is required (null: optional).</summary>
    public List<(string Schema, string Class, Dictionary<string, int?> Fields)> Schemas { get; } = [];

    public static MmaRequirements Read(string referenceDir)
    {
        var r = new MmaRequirements();
        var dir = Path.Combine(referenceDir, "micrometaapp", "schemas");
        if (!Directory.Exists(dir)) return r;
        foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            var name = Path.GetFileName(file);
            r.Add(name, ClassOf(name), root);
        }
        return r;
    }

    private static string ClassOf(string schemaFile)
    {
        var full = MmaNames.ElementName(schemaFile);
        return Naming.ClassName(full.Contains('_', StringComparison.Ordinal) ? MmaNames.LastPart(schemaFile) : full);
    }

    private void Add(string schema, string cls, JsonElement obj)
    {
        var required = obj.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        var fields = new Dictionary<string, int?>(StringComparer.Ordinal);
        if (!obj.TryGetProperty("properties", out var props)) return;
        foreach (var p in props.EnumerateObject())
        {
            int? tier = Tier(p.Value) ?? 1;
            var nbo = MmaNames.NboName(p.Name);
            var at = required.Contains(p.Name) ? tier : null;
            Note(fields, nbo, at);
            Note(fields, nbo + "Ref", at);   // a link field stands for the NBO reference attribute
            if (p.Value.TryGetProperty("items", out var items) && items.TryGetProperty("properties", out _))
                Add(schema + "#" + p.Name, Naming.ClassName(nbo.EndsWith('s') && nbo != "Pixels" ? nbo : nbo), items);
        }
        Schemas.Add((schema, cls, fields));
        // The importer moves an LED module's flattened wavelength-range fields onto its IlluminationWavelengthRange.
        if (cls == "LEDModule") Schemas.Add((schema + "#range", "LEDModuleIlluminationWavelengthRange", fields));
    }

    private static void Note(Dictionary<string, int?> fields, string name, int? tier)
    {
        if (!fields.TryGetValue(name, out var known) || (tier is int t && (known is null || t < known))) fields[name] = tier;
    }

    private static int? Tier(JsonElement def)
    {
        if (def.TryGetProperty("tier", out var t) && t.ValueKind == JsonValueKind.Number) return t.GetInt32();
        if (def.TryGetProperty("items", out var items) && items.TryGetProperty("tier", out t) && t.ValueKind == JsonValueKind.Number) return t.GetInt32();
        return null;
    }

    /// <summary>
    /// The tier from which Micro-Meta App requires <paramref name="attribute"/> of every schema whose class is among
    /// <paramref name="classes"/>: null when no schema describes them (the NBO rule stands), int.MaxValue when some never does.
    /// </summary>
    public int? EnforcedFrom(IReadOnlyCollection<string> classes, string attribute)
    {
        int? result = null;
        foreach (var (_, cls, fields) in Schemas)
        {
            if (!classes.Contains(cls)) continue;
            // A schema that does not list the attribute at all describes it elsewhere or not at all: it does not vote.
            if (!fields.TryGetValue(attribute, out var tier)) continue;
            int t = tier ?? int.MaxValue;
            result = result is int r ? Math.Max(r, t) : t;
        }
        return result;
    }
}
