using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PhdResolver.Sparql.Remote;
using PhdResolver.Web.Records;
using PhdResolver.Tests.Shared;

namespace PhdResolver.Web.Tests.Remote;

/// <summary>
/// <c>phd serve --sparql-store</c> against a real Virtuoso (started by the fixture), reached through a
/// <see cref="TcpGate"/> so that a test can take it away: /sparql answered by Virtuoso, writes copied there in their
/// transaction, a write refused whole while Virtuoso is unreachable and the copy repaired when it is back, and the
/// endpoint's refusals, timeout, disconnect and row limit kept in this mode; data written while the server was stopped
/// pushed at the next start. Every test runs twice: with the store's query indexes (<see cref="Indexed"/>) and without
/// them (<see cref="Lean"/>, <c>phd serve --lean --sparql-store</c>), each against a Virtuoso of its own.
/// </summary>
[Trait("Category", "EndToEnd")]
public abstract class RemoteStoreTests : IClassFixture<VirtuosoServer>, IAsyncLifetime
{
    /// <summary><c>phd serve --sparql-store</c>: the mirror reads the in-memory indexes.</summary>
    public sealed class Indexed(VirtuosoServer virtuoso) : RemoteStoreTests(virtuoso, lean: false);

    /// <summary><c>phd serve --lean --sparql-store</c>: the mirror reads the system of record.</summary>
    public sealed class Lean(VirtuosoServer virtuoso) : RemoteStoreTests(virtuoso, lean: true);

    private const int RowLimit = 50;
    private readonly VirtuosoServer _virtuoso;
    private readonly TcpGate _gate;
    private readonly bool _lean;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-web-remote-" + Guid.NewGuid().ToString("N"));
    private TestHost _h = null!;
    private string _admin = "";

    private RemoteStoreTests(VirtuosoServer virtuoso, bool lean)
    {
        _virtuoso = virtuoso;
        _gate = new TcpGate(virtuoso.HttpPort);
        _lean = lean;
    }

    private RemoteStoreOptions Remote => new()
    {
        QueryEndpoint = new Uri($"http://127.0.0.1:{_gate.Port}/sparql"),
        GraphStoreEndpoint = new Uri($"http://127.0.0.1:{_gate.Port}/sparql-graph-crud-auth"),
        Credentials = new NetworkCredential(VirtuosoServer.User, VirtuosoServer.Password),
        WriteTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A resolver on this test's data directory (the first start seeds the demo and syncs it: the initial sync).</summary>
    private TestHost StartHost() => TestHost.Start(o => o with
    {
        DataDirectory = _dir, SeedDemoData = true, Lean = _lean, SparqlStore = Remote, SparqlMaxResultRows = RowLimit, SparqlTimeout = TimeSpan.FromSeconds(30),
        StartupLog = l => { lock (_startup) _startup.Add(l); },
    });

    /// <summary>The start-up lines of every host this test started (the mirror's full push reports on it).</summary>
    private readonly List<string> _startup = [];

    private int FullPushes() { lock (_startup) return _startup.Count(l => l.StartsWith("sparql store: sending ", StringComparison.Ordinal)); }

    public async Task InitializeAsync()
    {
        _h = StartHost();
        Assert.Equal(_lean, Store.Store.IsLean);
        Assert.True(Store.AnswersSparql); // lean or not: the warm-up asks /sparql a query
        _admin = Registry.CreateToken(null, null, "admin", "test").Secret;
        await Ready();
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _gate.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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
        SortedDictionary<string, long> local;
        using (var snap = Store.Store.OpenQuadSnapshot())
            local = new SortedDictionary<string, long>(GraphSizes.Of(snap), StringComparer.Ordinal);
        Dictionary<string, long> remote;
        using (var c = _virtuoso.Client())
            remote = await GraphSizes.Ask(c, _virtuoso.Query.AbsoluteUri);
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
    public async Task Data_written_while_the_server_was_stopped_is_pushed_at_the_next_start()
    {
        Assert.Equal(1, FullPushes()); // the initial sync
        await _h.DisposeAsync();
        // Another command on the data directory (phd load, phd edit) writes without the mirror.
        var offline = new PhdResolver.Rdf.Iri("http://example.org/written-offline");
        using (var store = PhdResolver.Store.QuadStore.Open(_dir, new PhdResolver.Store.StoreOptions { QueryIndexes = !_lean }))
        using (var tx = store.BeginWrite())
        {
            tx.Insert(new PhdResolver.Rdf.Quad(offline, offline, new PhdResolver.Rdf.Literal("Written while stopped"), offline));
            tx.Commit();
        }
        _h = StartHost();
        await Ready();
        // The confirmed digest differs from the record's: every graph was sent again (the journal was empty).
        Assert.Equal(2, FullPushes());
        Assert.NotEmpty(await Direct("SELECT ?s WHERE { GRAPH <http://example.org/written-offline> { ?s ?p \"Written while stopped\" } }"));
        await AssertRemoteEqualsRecord();
    }

    [Fact]
    public async Task A_restart_checks_the_copy_in_the_background_and_sends_nothing_when_nothing_changed()
    {
        Assert.Equal(1, FullPushes()); // the initial sync
        await _h.DisposeAsync();
        int checks = Checks();
        _h = StartHost();
        await Ready();
        // The confirmed digest was compared with the record's (once, by the repair loop) and found equal: nothing sent.
        Assert.True(Checks() == checks + 1 && FullPushes() == 1, "start-up lines: " + Startup());
        await AssertRemoteEqualsRecord();

        // Again, with a write at once: it may land before, during or after the check, and is not lost; the copy ends
        // equal to the record.
        await _h.DisposeAsync();
        _h = StartHost();
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/facilities", "{\"name\":\"Written at the restart\"}", "application/json")).StatusCode);
        await Ready();
        Assert.NotEmpty(await Direct("SELECT ?s WHERE { ?s ?p \"Written at the restart\" }"));
        await AssertRemoteEqualsRecord();
    }

    private string Startup() { lock (_startup) return string.Join(" | ", _startup); }

    private int Checks() { lock (_startup) return _startup.Count(l => l.StartsWith("sparql store: digest of ", StringComparison.Ordinal)); }

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
        // A demo manufacturer (the seed's, so that the test does not depend on another test's registration running first).
        var ttl = await Sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p \"Carl Zeiss Microscopy\" }", "text/turtle");
        Assert.Equal("text/turtle", ttl.MediaType());
        var ask = await (await Sparql("ASK { ?s ?p \"Carl Zeiss Microscopy\" }")).Json();
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
        await using var quick = TestHost.Start(o => o with { Lean = _lean, SparqlStore = Remote, SparqlTimeout = TimeSpan.FromSeconds(1) });
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
