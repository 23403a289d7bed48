using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>The JSON-LD 1.1 API: expand, compact, toRdf, fromRdf. Errors are RdfSyntaxException with a JSON-LD ErrorCode.</summary>
public static partial class JsonLdProcessor
{
    /// <summary>Expansion algorithm (JSON-LD 1.1 API §5.1 / expand()).</summary>
    /// <param name="input">The document; a JSON string value is taken as the IRI of a document to load.</param>
    public static JsonArray Expand(JsonNode? input, JsonLdOptions? options = null)
    {
        options ??= new JsonLdOptions();
        string? baseUrl = options.Base;
        if (input is JsonValue v && JsonLdKeywords.AsString(v) is { } url)
        {
            var doc = options.DocumentLoader.Load(baseUrl is null ? url : IriResolver.Resolve(baseUrl, url));
            input = doc.Document;
            baseUrl ??= doc.DocumentUrl;
        }

        var activeContext = ActiveContext.Create(options, baseUrl);
        if (options.ExpandContext is { } expandContext)
        {
            var local = expandContext is JsonObject eo && eo.TryGetPropertyValue("@context", out var inner) ? inner : expandContext;
            activeContext = activeContext.Process(local, baseUrl);
        }

        var expanded = Expander.Expand(activeContext, null, input, baseUrl);
        if (expanded is JsonObject obj && obj.Count == 1 && obj.TryGetPropertyValue("@graph", out var graph))
        {
            obj.Remove("@graph");
            expanded = graph;
        }
        return expanded switch
        {
            null => [],
            JsonArray a => a,
            _ => new JsonArray(expanded),
        };
    }

    /// <summary>Deserialize JSON-LD to RDF (§8.1 / toRdf()): expands, builds the node map and emits quads.</summary>
    public static void ToRdf(JsonNode? input, IRdfSink sink, JsonLdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new JsonLdOptions();
        var expanded = Expand(input, options);
        var nodeMap = NodeMapGenerator.Generate(expanded);
        new RdfEmitter(sink, options).Emit(nodeMap);
    }
}
