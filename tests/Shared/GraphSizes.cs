using System.Globalization;
using System.Text.Json;
using PhdResolver.Store;

namespace PhdResolver.Tests.Shared;

/// <summary>
/// Every named graph with its triple count: the measure by which tests compare what a SPARQL endpoint answers (ours, or
/// a remote store asked directly) with the record itself, e.g. a mirror's copy or the graphs left after a crash.
/// </summary>
public static class GraphSizes
{
    public const string Query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";

    /// <summary>The record's own: every named graph of <paramref name="snapshot"/> (only named graphs are mirrored).</summary>
    public static Dictionary<string, long> Of(IQuadSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var g in snapshot.NamedGraphs())
            sizes[((PhdResolver.Rdf.Iri)g).Value] = snapshot.Count(null, null, null, GraphFilter.Named(g));
        return sizes;
    }

    /// <summary>As <paramref name="endpoint"/> (a SPARQL endpoint, relative to the client's base address or absolute)
    /// answers <see cref="Query"/>; a status other than success throws with the body.</summary>
    public static async Task<Dictionary<string, long>> Ask(HttpClient http, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var req = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent([new("query", Query)]) };
        req.Headers.Accept.ParseAdd("application/sparql-results+json");
        using var r = await http.SendAsync(req);
        string body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"{endpoint}: {(int)r.StatusCode} {body}", null, r.StatusCode);
        using var doc = JsonDocument.Parse(body);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var b in doc.RootElement.GetProperty("results").GetProperty("bindings").EnumerateArray())
            sizes[b.GetProperty("g").GetProperty("value").GetString()!] = long.Parse(b.GetProperty("n").GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
        return sizes;
    }
}
