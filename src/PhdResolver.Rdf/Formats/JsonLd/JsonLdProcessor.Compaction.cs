using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

public static partial class JsonLdProcessor
{
    /// <summary>Compaction algorithm (§6 / compact()): expands the input, then compacts with <paramref name="context"/>.</summary>
    public static JsonObject Compact(JsonNode? input, JsonNode? context, JsonLdOptions? options = null)
    {
        options ??= new JsonLdOptions();
        var expanded = Expand(input, options with { Ordered = false });
        return CompactExpanded(expanded, context, options);
    }

    /// <summary>
    /// The compaction half of compact(): <paramref name="expanded"/> must already be expanded JSON-LD
    /// (as Expand or FromRdf return it). Used by the JSON-LD writer, which has no need to re-expand.
    /// </summary>
    public static JsonObject CompactExpanded(JsonNode? expanded, JsonNode? context, JsonLdOptions? options = null)
    {
        options ??= new JsonLdOptions();
        if (context is JsonObject co && co.TryGetPropertyValue("@context", out var inner)) context = inner;
        var activeContext = ActiveContext.Create(options, options.Base).Process(context, options.Base, options);
        var compactor = new Compactor(options);
        var compacted = compactor.Compact(activeContext, null, expanded);

        JsonObject output;
        if (compacted is JsonArray array)
        {
            output = new JsonObject();
            if (array.Count > 0) output[compactor.CompactIri(activeContext, "@graph")!] = array;
        }
        else
        {
            output = compacted as JsonObject ?? new JsonObject();
        }

        // An empty context adds nothing a reader needs; the test suite expects it left out.
        if (context is null || context is JsonObject { Count: 0 } || context is JsonArray { Count: 0 }) return output;
        // @context goes first, for people reading the document.
        var withContext = new JsonObject { ["@context"] = context.DeepClone() };
        foreach (var (key, value) in output.ToList())
        {
            output.Remove(key);
            withContext[key] = value;
        }
        return withContext;
    }

    /// <summary>Serialize RDF as JSON-LD (§8.4 / fromRdf()): expanded JSON-LD.</summary>
    public static JsonArray FromRdf(IEnumerable<Quad> dataset, JsonLdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new FromRdfSerializer(options ?? new JsonLdOptions()).Serialize(dataset);
    }
}
