using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PhdResolver.Sparql.Remote;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests.Remote;

/// <summary>
/// <c>phd serve --sparql-store</c> against a real Virtuoso (started by the fixture), reached through a
/// <see cref="TcpGate"/> so that a test can take it away: /sparql answered by Virtuoso, writes copied there in their
/// transaction, a write refused whole while Virtuoso is unreachable and the copy repaired when it is back, and the
/// endpoint's refusals, timeout, disconnect and row limit kept in this mode.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RemoteStoreTests : IClassFixture<VirtuosoServer>, IAsyncLifetime
{
    private const int RowLimit = 50;
    private readonly VirtuosoServer _virtuoso;
    private readonly TcpGate _gate;
    private TestHost _h = null!;
    private string _admin = "";

    public RemoteStoreTests(VirtuosoServer virtuoso)
    {
        _virtuoso = virtuoso;
        _gate = new TcpGate(virtuoso.HttpPort);
    }

    private RemoteStoreOptions Remote => new()
    {
        QueryEndpoint = new Uri($"http://127.0.0.1:{_gate.Port}/sparql"),
        GraphStoreEndpoint = new Uri($"http://127.0.0.1:{_gate.Port}/sparql-graph-crud-auth"),
        Credentials = new NetworkCredential(VirtuosoServer.User, VirtuosoServer.Password),
        WriteTimeout = TimeSpan.FromSeconds(10),
    };

    public async Task InitializeAsync()
    {
        _h = TestHost.Start(o => o with { SeedDemoData = true, SparqlStore = Remote, SparqlMaxResultRows = RowLimit, SparqlTimeout = TimeSpan.FromSeconds(30) });
        _admin = Registry.CreateToken(null, null, "admin", "test").Secret;
        await Ready();
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _gate.Dispose();
    }

    private PhdResolver.Registry.RegistryService Registry => ((RegistryHost)_h.App.Services.GetService(typeof(RegistryHost))!).Registry;
    private StoreHost Store => (StoreHost)_h.App.Services.GetService(typeof(StoreHost))!;

    /// <summary>Waits for /readyz: the copy confirmed equal to the record (a repair runs in the background).</summary>
    private async Task Ready()
    {
        for (int i = 0; i < 600; i++)
        {
            if ((await _h.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(100);
        }
        Assert.Fail("not ready after 60 s: " + Store.Mirror?.NotInStep);
    }

    private Task<HttpResponseMessage> Post(string url, string body, string type)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, type) };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
        return _h.Client.SendAsync(req);
    }

    private async Task<HttpResponseMessage> Sparql(string query, string accept = "application/sparql-results+json", CancellationToken ct = default)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/sparql") { Content = new FormUrlEncodedContent([new("query", query)]) };
        req.Headers.TryAddWithoutValidation("Accept", accept);
        return await _h.Client.SendAsync(req, ct);
    }

    private static async Task<List<JsonElement>> Bindings(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return [.. (await r.Json()).GetProperty("results").GetProperty("bindings").EnumerateArray()];
    }

    /// <summary>Virtuoso asked directly (not through the resolver): what it holds.</summary>
    private async Task<List<JsonElement>> Direct(string query)
    {
        using var c = _virtuoso.Client();
        using var req = new HttpRequestMessage(HttpMethod.Post, _virtuoso.Query) { Content = new FormUrlEncodedContent([new("query", query)]) };
        req.Headers.TryAddWithoutValidation("Accept", "application/sparql-results+json");
        using var r = await c.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return [.. JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("results").GetProperty("bindings").EnumerateArray()];
    }

    /// <summary>Every named graph of the local record with its triple count, and the same graphs in Virtuoso.</summary>
    private async Task AssertRemoteEqualsRecord()
    {
        var local = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using (var snap = Store.Store.OpenSnapshot())
            foreach (var g in snap.NamedGraphs())
                local[((PhdResolver.Rdf.Iri)g).Value] = snap.Count(null, null, null, PhdResolver.Store.GraphFilter.Named(g));
        var remote = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var b in await Direct("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
            remote[b.GetProperty("g").GetProperty("value").GetString()!] = long.Parse(b.GetProperty("n").GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEmpty(local);
        // Every graph of the record, with as many triples. (Virtuoso's own graphs, and those of the other tests' resolvers,
        // which share this Virtuoso and the base URI, are left out.)
        var ours = remote.Where(kv => local.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        Assert.Equal(local, new SortedDictionary<string, long>(ours, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Registered_records_are_answered_by_the_remote_store_and_still_resolve()
    {
        var f = await Post("/api/facilities", "{\"name\":\"Remote mode core\",\"city\":\"Jena\",\"country\":\"DE\"}", "application/json");
        Assert.Equal(HttpStatusCode.Created, f.StatusCode);
        string facility = (await f.Json()).GetProperty("pid").GetString()!;
        var m = await Post("/api/models", "{\"name\":\"Remote scope 9\",\"manufacturer\":\"Acme Optics\"}", "application/json");
        Assert.Equal(HttpStatusCode.Created, m.StatusCode);
        string model = (await m.Json()).GetProperty("pid").GetString()!;
        var i = await Post("/api/instances", JsonSerializer.Serialize(new { name = "Remote scope 9 #1", facility, model }), "application/json");
        Assert.Equal(HttpStatusCode.Created, i.StatusCode);
        string instance = (await i.Json()).GetProperty("pid").GetString()!;
        var v = await Post($"/api/instances/{instance}/versions?tier=1", PhdResolver.Web.Demo.DemoSeed.Read("widefield-1-c1.ttl"), "text/turtle");
        Assert.Equal(HttpStatusCode.Created, v.StatusCode);
        var version = v.Headers.Location!.OriginalString;

        // The answer comes from Virtuoso: it holds the facility's name, and so does /sparql.
        const string ask = "SELECT ?s WHERE { ?s ?p \"Remote mode core\" }";
        Assert.NotEmpty(await Direct(ask));
        Assert.NotEmpty(await Bindings(await Sparql(ask)));
        // The descriptor's hardware graph is there too: its components are typed in the version's graph.
        var graphs = await Bindings(await Sparql("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"));
        Assert.True(long.Parse(graphs[0].GetProperty("n").GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 4);
        // Landing pages still resolve (from the local record).
        foreach (var path in new[] { (await f.Json()).GetProperty("path").GetString()!, version })
            Assert.Equal(HttpStatusCode.OK, (await _h.Client.GetWithAccept(path, "text/html")).StatusCode);
        await AssertRemoteEqualsRecord();
    }

    [Fact]
    public async Task A_write_while_the_store_is_unreachable_is_refused_whole_and_the_copy_is_repaired()
    {
        _gate.Set(TcpGate.Mode.Refuse);
        try
        {
            var refused = await Post("/api/facilities", "{\"name\":\"Written while away\"}", "application/json");
            await refused.AssertProblem(503);
            Assert.DoesNotContain(Registry.Facilities, x => x.Name == "Written while away");
            // /sparql: the store is down, a 503 problem naming it (never a 500).
            var down = await (await Sparql("ASK { ?s ?p ?o }")).AssertProblem(503);
            Assert.Contains("cannot be reached", down.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _h.Client.GetAsync("/readyz")).StatusCode);
        }
        finally
        {
            _gate.Set(TcpGate.Mode.Forward);
        }
        await Ready();
        Assert.Empty(await Direct("SELECT ?s WHERE { ?s ?p \"Written while away\" }"));
        await AssertRemoteEqualsRecord();
        // And writing works again.
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/facilities", "{\"name\":\"Written after\"}", "application/json")).StatusCode);
        Assert.NotEmpty(await Bindings(await Sparql("SELECT ?s WHERE { ?s ?p \"Written after\" }")));
        await AssertRemoteEqualsRecord();
    }

    [Fact]
    public async Task Service_load_update_and_local_only_functions_stay_refused()
    {
        var service = await (await Sparql("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")).AssertProblem(403);
        Assert.Contains("SERVICE", service.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var req = new HttpRequestMessage(HttpMethod.Post, "/sparql") { Content = new StringContent("LOAD <http://example.org/x.ttl>", Encoding.UTF8, "application/sparql-update") })
            await (await _h.Client.SendAsync(req)).AssertProblem(403);
        var text = await (await Sparql("PREFIX text: <http://jena.apache.org/text#> SELECT ?s WHERE { ?s text:query \"confocal\" }")).AssertProblem(403);
        Assert.Contains("/search", text.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A syntax error keeps its position, found by our parser before anything is sent.
        var syntax = await (await Sparql("SELECT ?s WHERE { ?s ?p }")).AssertProblem(400);
        Assert.True(syntax.GetProperty("line").GetInt64() >= 1);
    }

    [Fact]
    public async Task The_row_limit_cuts_a_remote_result_with_its_signal()
    {
        var r = await Sparql("SELECT ?s ?p ?o WHERE { ?s ?p ?o }");
        Assert.Equal(RowLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Headers.GetValues("SPARQL-Row-Limit").Single());
        var json = await r.Json();
        Assert.Equal(RowLimit, json.GetProperty("results").GetProperty("bindings").GetArrayLength());
        Assert.Contains("limit", json.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        // XML cannot carry the warning: a problem, as in embedded mode.
        await (await Sparql("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+xml")).AssertProblem(422);
        // Re-serialised in the negotiated syntax: CSV and Turtle from Virtuoso's JSON and N-Triples.
        var csv = await Sparql("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "text/csv");
        Assert.Equal("text/csv", csv.MediaType());
        Assert.Equal(4, (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var ttl = await Sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p \"Acme Optics\" }", "text/turtle");
        Assert.Equal("text/turtle", ttl.MediaType());
        var ask = await (await Sparql("ASK { ?s ?p \"Acme Optics\" }")).Json();
        Assert.Equal(JsonValueKind.True, ask.GetProperty("boolean").ValueKind);
    }

    [Fact]
    public async Task A_client_that_leaves_ends_the_remote_call()
    {
        _gate.Set(TcpGate.Mode.Hang);
        try
        {
            using var cts = new CancellationTokenSource();
            var call = Sparql("SELECT * WHERE { ?s ?p ?o }", ct: cts.Token);
            for (int i = 0; i < 200 && _gate.HungAccepted == 0; i++) await Task.Delay(50);
            Assert.Equal(1, _gate.HungAccepted);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            // The resolver closes its connection to the store (the host's timeout, 30 s, is far off).
            for (int i = 0; i < 200 && _gate.HungClosed == 0; i++) await Task.Delay(50);
            Assert.Equal(1, _gate.HungClosed);
        }
        finally
        {
            _gate.Set(TcpGate.Mode.Forward);
        }
    }

    [Fact]
    public async Task A_store_that_does_not_answer_in_time_is_the_timeout_problem()
    {
        // A second resolver on its own data with a short timeout, through the same gate (it writes nothing).
        await using var quick = TestHost.Start(o => o with { SparqlStore = Remote, SparqlTimeout = TimeSpan.FromSeconds(1) });
        var mirror = ((StoreHost)quick.App.Services.GetService(typeof(StoreHost))!).Mirror!;
        for (int i = 0; i < 600 && mirror.NotInStep is not null; i++) await Task.Delay(100); // its initial sync first
        Assert.Null(mirror.NotInStep);
        _gate.Set(TcpGate.Mode.Hang);
        try
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/sparql") { Content = new FormUrlEncodedContent([new("query", "ASK { ?s ?p ?o }")]) };
            var p = await (await quick.Client.SendAsync(req)).AssertProblem(503);
            Assert.Equal("Query timeout", p.GetProperty("title").GetString());
            for (int i = 0; i < 200 && _gate.HungClosed < _gate.HungAccepted; i++) await Task.Delay(50);
            Assert.Equal(_gate.HungAccepted, _gate.HungClosed);
        }
        finally
        {
            _gate.Set(TcpGate.Mode.Forward);
        }
    }
}
