using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

// Value Compaction (JSON-LD 1.1 API §6.5).
internal sealed partial class Compactor
{
    /// <summary>
    /// A value object or node reference in its most compact form: a scalar when the term
    /// definition of <paramref name="activeProperty"/> makes the extra entries implicit, otherwise a
    /// (fresh) map with compacted keys.
    /// </summary>
    internal JsonNode? CompactValue(ActiveContext activeContext, string? activeProperty, JsonObject value)
    {
        var def = activeContext.GetTerm(activeProperty);
        string? language = def is { HasLanguage: true } ? def.Language : activeContext.DefaultLanguage;
        string? direction = def is { HasDirection: true } ? def.Direction : activeContext.DefaultBaseDirection;
        string? typeMapping = def?.TypeMapping;
        bool indexContainer = def is not null && def.HasContainer("@index");
        bool hasIndex = value.ContainsKey("@index");

        JsonNode? result = null;
        bool resultIsCopy = true;
        var valueType = value["@type"];

        if (value.ContainsKey("@id") && (value.Count == 1 || (value.Count == 2 && hasIndex)))
        {
            string? id = JsonLdKeywords.AsString(value["@id"]);
            if (typeMapping == "@id") { result = CompactIri(activeContext, id, vocab: false); resultIsCopy = false; }
            else if (typeMapping == "@vocab") { result = CompactIri(activeContext, id); resultIsCopy = false; }
        }
        else if (valueType is not null && JsonLdKeywords.AsString(valueType) is { } vt && vt == typeMapping)
        {
            result = value["@value"]?.DeepClone();
            resultIsCopy = false;
        }
        else if (typeMapping == "@none" || valueType is not null)
        {
            // Value compaction is disabled: keep the map, compacting @type's IRI.
        }
        else if (value["@value"] is not JsonValue sv || sv.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            if (!hasIndex || indexContainer) { result = value["@value"]?.DeepClone(); resultIsCopy = false; }
        }
        else if (LanguageMatches(JsonLdKeywords.AsString(value["@language"]), value.ContainsKey("@language"), language)
            && DirectionMatches(JsonLdKeywords.AsString(value["@direction"]), value.ContainsKey("@direction"), direction))
        {
            if (!hasIndex || indexContainer) { result = value["@value"]?.DeepClone(); resultIsCopy = false; }
        }

        if (!resultIsCopy) return result;

        // The result is the map itself: compact its keys (and the @type IRI).
        var map = new JsonObject();
        foreach (var (key, v) in value)
        {
            JsonNode? nv = key == "@type" && JsonLdKeywords.AsString(v) is { } t
                ? CompactIri(activeContext, t)
                : v?.DeepClone();
            if (key == "@id" && JsonLdKeywords.AsString(v) is { } id) nv = CompactIri(activeContext, id, vocab: false);
            map[CompactIri(activeContext, key)!] = nv;
        }
        return map;
    }

    private static bool LanguageMatches(string? valueLanguage, bool present, string? language) =>
        language is null ? !present : valueLanguage is not null && string.Equals(valueLanguage, language, StringComparison.OrdinalIgnoreCase);

    private static bool DirectionMatches(string? valueDirection, bool present, string? direction) =>
        direction is null ? !present : valueDirection == direction;
}
