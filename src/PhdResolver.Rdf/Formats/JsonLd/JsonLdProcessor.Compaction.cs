using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

public static partial class JsonLdProcessor
{
    /// <summary>Compaction algorithm (§6 / compact()): expands the input, then compacts with <paramref name="context"/>.</summary>
    public static JsonObject Compact(JsonNode? input, JsonNode? context, JsonLdOptions? options = null) =>
        throw new NotSupportedException("JSON-LD compaction is not implemented yet");

    /// <summary>Serialize RDF as JSON-LD (§8.4 / fromRdf()): expanded JSON-LD.</summary>
    public static JsonArray FromRdf(IEnumerable<Quad> dataset, JsonLdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new FromRdfSerializer(options ?? new JsonLdOptions()).Serialize(dataset);
    }
}
