using System.Net;
using System.Text;
using PhdResolver.Conformance;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Remote;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;
using Xunit.Abstractions;
using PhdResolver.Tests.Shared;

namespace PhdResolver.Web.Tests.Remote;

/// <summary>
/// The W3C SPARQL query evaluation suites through the remote backend: each test's data is written to a real Virtuoso
/// by Graph Store Protocol (the default graph as a graph of its own, passed as default-graph-uri; named graphs under
/// their names, passed as named-graph-uri, unless the query names its dataset), the query is forwarded by
/// <see cref="RemoteSparqlEndpoint"/>, and the answer compared with the expected one as for the embedded engine. Each
/// suite runs twice: forwarded, and with Virtuoso asked directly (its whole answer read by our ordinary result
/// readers). A test that Virtuoso answers right directly must pass forwarded (our forwarding loses nothing), and every
/// forwarded failure must be in <c>virtuoso-deviations.txt</c>, the tests Virtuoso itself gets wrong.
/// </summary>
[Trait("Category", "Conformance")]
public sealed class RemoteW3cSuiteTests(VirtuosoServer virtuoso, ITestOutputHelper output) : IClassFixture<VirtuosoServer>
{
    private const string DefaultGraph = "urn:phd:w3c:default";

    [Theory]
    [InlineData("sparql11-query")]
    [InlineData("sparql10")]
    public void Forwarding_passes_every_test_Virtuoso_passes(string suite)
    {
        string root = SuiteRunner.LocateTestsRequiredInCi() ?? throw new InvalidOperationException("the W3C tests are missing (../shared/reference/w3c or $PHD_W3C_TESTS)");
        var options = virtuoso.Options();
        using var remote = new RemoteSparqlEndpoint(options);
        using var http = virtuoso.Client();
        var forwarded = SparqlEvalSuite.Run(root, suite, (data, query, text) => Ask(http, data, query, text, (q, t, d, n) => remote.Query(q, t, d, n, CancellationToken.None)));
        var direct = SparqlEvalSuite.Run(root, suite, (data, query, text) => Ask(http, data, query, text, (q, t, d, n) => Direct(http, q, t, d, n)));

        var known = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Remote", "virtuoso-deviations.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal); // ids hold '#': comments are whole lines
        static HashSet<string> Failed(List<TestResult> r) => r.Where(x => x.Outcome == Outcome.Failed).Select(x => Short(x.Id)).ToHashSet(StringComparer.Ordinal);
        var fwdFailed = Failed(forwarded);
        var dirFailed = Failed(direct);
        output.WriteLine($"{suite}: forwarded {forwarded.Count(x => x.Outcome == Outcome.Passed)} of {forwarded.Count} passed; "
            + $"Virtuoso asked directly {direct.Count(x => x.Outcome == Outcome.Passed)} of {direct.Count}");
        foreach (var id in dirFailed.Except(known).Order(StringComparer.Ordinal)) output.WriteLine($"not in virtuoso-deviations.txt: {id}");
        var lost = forwarded.Where(x => x.Outcome == Outcome.Failed && !dirFailed.Contains(Short(x.Id))).Select(x => $"{Short(x.Id)}: {x.Message}").ToList();
        Assert.True(lost.Count == 0, "answered right by Virtuoso directly, wrong when forwarded:\n" + string.Join("\n", lost));
        var unknown = fwdFailed.Except(known).Order(StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, "failed forwarded and not a known Virtuoso deviation:\n" + string.Join("\n", unknown));
    }

    /// <summary>The test's id from the suite folder on (manifest file URLs carry the machine's path).</summary>
    private static string Short(string id)
    {
        int i = id.IndexOf("/sparql/", StringComparison.Ordinal);
        return i >= 0 ? id[(i + "/sparql/".Length)..] : id;
    }

    private delegate QueryResult Asker(Query query, string text, IReadOnlyList<string> defaults, IReadOnlyList<string> named);

    /// <summary>Writes the data to Virtuoso, asks, reads the whole answer, and removes the data again.</summary>
    private QueryResult Ask(HttpClient http, QuadStore data, Query query, string text, Asker ask)
    {
        var written = new List<string>();
        try
        {
            using var snap = data.OpenSnapshot();
            var named = new List<string>();
            var byGraph = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
            foreach (var q in snap.Match(null, null, null, GraphFilter.Any))
            {
                string g = q.Graph is Iri gi ? gi.Value : DefaultGraph;
                if (!byGraph.TryGetValue(g, out var sb)) byGraph[g] = sb = new StringBuilder();
                NTriplesFormatter.AppendQuad(sb, new Quad(q.Subject, q.Predicate, q.Object, null));
                sb.Append('\n');
            }
            foreach (var (g, body) in byGraph)
            {
                Put(http, g, body.ToString());
                written.Add(g);
                if (g != DefaultGraph) named.Add(g);
            }
            bool own = query.From.Count > 0 || query.FromNamed.Count > 0;
            // The query's relative IRIs resolve against its file, as for the engine: Virtuoso is told the base.
            string sent = query.BaseIri is { } b ? $"BASE <{b}>\n{text}" : text;
            var result = ask(query, sent, own ? [] : [DefaultGraph], own ? [] : named);
            return result switch
            {
                BindingsResult r => new BindingsResult(r.Variables, r.Rows.ToList()),
                GraphResult r => new GraphResult(r.Triples.ToList()),
                _ => result,
            };
        }
        finally
        {
            foreach (var g in written) Delete(http, g);
        }
    }

    private Uri GraphUri(string g) => new($"{virtuoso.GraphStore}?graph={Uri.EscapeDataString(g)}");

    private void Put(HttpClient http, string graph, string ntriples)
    {
        using var req = new HttpRequestMessage(HttpMethod.Put, GraphUri(graph)) { Content = new StringContent(ntriples, Encoding.UTF8, "application/n-triples") };
        using var r = http.Send(req);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"PUT <{graph}>: {(int)r.StatusCode}");
    }

    private void Delete(HttpClient http, string graph)
    {
        using var req = new HttpRequestMessage(HttpMethod.Delete, GraphUri(graph));
        using var r = http.Send(req);
    }

    /// <summary>Virtuoso asked directly: the same request, the whole answer read by our ordinary readers.</summary>
    private QueryResult Direct(HttpClient http, Query query, string text, IReadOnlyList<string> defaults, IReadOnlyList<string> named)
    {
        var form = new List<KeyValuePair<string, string>> { new("query", text) };
        foreach (var g in defaults) form.Add(new("default-graph-uri", g));
        foreach (var g in named) form.Add(new("named-graph-uri", g));
        using var req = new HttpRequestMessage(HttpMethod.Post, virtuoso.Query) { Content = new FormUrlEncodedContent(form) };
        bool graph = query.Form is QueryForm.Construct or QueryForm.Describe;
        req.Headers.TryAddWithoutValidation("Accept", graph ? "application/n-triples" : "application/sparql-results+json");
        using var r = http.Send(req);
        string body = r.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"Virtuoso answered {(int)r.StatusCode}: {body.Split('\n')[0]}");
        if (!graph) return SparqlResultFormats.Parse(body, SparqlResultFormat.Json);
        return new GraphResult(Dataset.Parse(body, RdfFormat.NTriples).Select(q => q.Triple).ToList());
    }
}
