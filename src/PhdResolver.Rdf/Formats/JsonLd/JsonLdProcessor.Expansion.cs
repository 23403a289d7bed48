using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>The JSON-LD 1.1 API: expand, compact, toRdf, fromRdf. Errors are RdfSyntaxException with a JSON-LD ErrorCode.</summary>
public static partial class JsonLdProcessor
{
    /// <summary>Expansion algorithm (JSON-LD 1.1 API §5.1 / expand()).</summary>
    public static JsonArray Expand(JsonNode? input, JsonLdOptions? options = null) =>
        throw new NotSupportedException("JSON-LD expansion is not implemented yet");

    /// <summary>Deserialize JSON-LD to RDF (§8.1 / toRdf()): expands, builds the node map and emits quads.</summary>
    public static void ToRdf(JsonNode? input, IRdfSink sink, JsonLdOptions? options = null) =>
        throw new NotSupportedException("JSON-LD toRdf is not implemented yet");
}
