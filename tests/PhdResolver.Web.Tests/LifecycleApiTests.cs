using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PhdResolver.Registry;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>
/// Issue 15 over HTTP: edit (a record revision), withdraw, move, history, tokens, external identifiers;
/// every refusal a problem document with nothing written (audit log, rows and graphs unchanged).
/// </summary>
public sealed class LifecycleApiTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<HttpResponseMessage> Send(TestHost h, HttpMethod method, string url, string? json, string? token)
    {
        using var req = new HttpRequestMessage(method, url);
        if (json is not null) req.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await h.Client.SendAsync(req);
    }

    private static RegistryService Registry(TestHost h) => ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;

    /// <summary>What a refused write must leave unchanged: the audit log, and every quad of the store.</summary>
    private static (int Audit, long Quads) Snapshot(RegistryService reg)
    {
        using var snap = reg.Store.OpenSnapshot();
        return (reg.AuditLog(limit: 10_000).Count, snap.Match(null, null, null, PhdResolver.Store.GraphFilter.Any).LongCount());
    }

    private sealed record Demo(RegistryService Reg, Registry.Records.FacilityRecord A, Registry.Records.FacilityRecord B, Registry.Records.InstanceRecord InstrumentOfA, string TokenA, string Admin);

    private static Demo Seed(TestHost h)
    {
        var reg = Registry(h);
        var a = reg.Facilities.Single(f => f.Country == "DE");
        var b = reg.Facilities.Single(f => f.Country == "NL");
        var i = reg.Instances.First(x => x.Facility == a.Pid && reg.GetVersions(x.Pid).Count > 0);
        return new Demo(reg, a, b, i, reg.CreateToken(a.Pid.ToString(), null, null, "test").Secret, reg.CreateToken(null, null, null, "test").Secret);
    }

    [Fact]
    public async Task Editing_a_facility_is_a_revision_audited_with_reason_and_shown_everywhere()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        var version = d.Reg.GetVersions(d.InstrumentOfA.Pid)[0];
        int hardware = d.Reg.GetGraph(version).Count;
        // The version page's JSON-LD is memoised by the store's state (RecordEndpoints.EmbeddedJsonLd): rendered before
        // the edit, it must still follow it.
        async Task<string> JsonLdOfVersionPage() => TestHost.ParseHtml(await (await h.Client.GetWithAccept(d.Reg.PathOf(version) + "?nocache=1", "text/html"))
            .Content.ReadAsStringAsync()).QuerySelector("script[type='application/ld+json']")!.TextContent;
        Assert.DoesNotContain("Renamed Core", await JsonLdOfVersionPage(), StringComparison.Ordinal);
        var r = await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"name\":\"Renamed Core\",\"city\":\"New City\",\"reason\":\"the core merged\"}", d.TokenA);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await r.Json();
        Assert.Equal(2, body.GetProperty("revision").GetInt32());
        Assert.Equal(new[] { "name", "city" }, body.GetProperty("changed").EnumerateArray().Select(x => x.GetString()!).ToArray());
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());

        var page = await h.Client.GetStringAsync("/" + d.A.Pid);
        Assert.Contains("Renamed Core", page, StringComparison.Ordinal);
        Assert.Contains("Metadata revision", page, StringComparison.Ordinal);
        // The instrument's version graphs name the facility: rewritten; the hardware graph is not.
        var ttl = await (await h.Client.GetWithAccept(d.Reg.PathOf(version), "text/turtle")).Content.ReadAsStringAsync();
        Assert.Contains("Renamed Core", ttl, StringComparison.Ordinal);
        Assert.Contains("Renamed Core", await JsonLdOfVersionPage(), StringComparison.Ordinal);
        Assert.Equal(hardware, d.Reg.GetGraph(d.Reg.GetVersion(version.Accession)!).Count);
        var audit = d.Reg.AuditLog(d.A.Pid.ToString())[0];
        Assert.Equal(("edit-record", "the core merged"), (audit.Action, System.Text.Json.JsonDocument.Parse(audit.DetailsJson).RootElement.GetProperty("reason").GetString()));
        // The graph says the revision.
        var sparql = await h.Client.GetStringAsync("/sparql?query=" + Uri.EscapeDataString($"SELECT ?r WHERE {{ <http://localhost/{d.A.Pid}> <https://w3id.org/nbo-q/recordRevision> ?r }}") + "&format=csv");
        Assert.Contains("2", sparql.Split('\n')[1], StringComparison.Ordinal);

        // Unchanged values: 200, nothing written.
        var before = Snapshot(d.Reg);
        var same = await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"name\":\"Renamed Core\"}", d.TokenA)).Json();
        Assert.Equal(0, same.GetProperty("changed").GetArrayLength());
        Assert.Equal(before, Snapshot(d.Reg));
    }

    [Fact]
    public async Task Refused_edits_are_problems_and_write_nothing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, Clock = clock });
        var d = Seed(h);
        var expiring = d.Reg.CreateToken(d.A.Pid.ToString(), clock.Now.AddDays(1), null, "test");
        var revoked = d.Reg.CreateToken(d.A.Pid.ToString(), null, null, "test");
        d.Reg.RevokeToken(revoked.Token.Id, "test");
        clock.Now = clock.Now.AddDays(2);
        var version = d.Reg.GetVersions(d.InstrumentOfA.Pid)[0];
        var before = Snapshot(d.Reg);
        string edit = "{\"name\":\"x\"}";
        // facility A's token acting on B, its instruments, and on a shared model
        Assert.Contains("may not change", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.B.Pid, edit, d.TokenA)).AssertProblem(403)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var ofB = d.Reg.Instances.First(i => i.Facility == d.B.Pid);
        await (await Send(h, HttpMethod.Patch, "/api/records/" + ofB.Pid, edit, d.TokenA)).AssertProblem(403);
        await (await Send(h, HttpMethod.Patch, "/api/records/" + d.InstrumentOfA.Model, edit, d.TokenA)).AssertProblem(403);
        await (await Send(h, HttpMethod.Post, "/api/records/" + ofB.Pid + "/withdraw", "{\"reason\":\"x\"}", d.TokenA)).AssertProblem(403);
        // expired, revoked, missing tokens
        Assert.Contains("expired", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, edit, expiring.Secret)).AssertProblem(401)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("revoked", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, edit, revoked.Secret)).AssertProblem(401)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, edit, null)).AssertProblem(401);
        // bad input: a descriptor version (immutable), an unknown field value, a field the level lacks, bad JSON, unknown record
        Assert.Contains("immutable", (await (await Send(h, HttpMethod.Patch, "/api/records/" + version.Pid, edit, d.Admin)).AssertProblem(422)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("homepage", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"homepage\":\"ftp://x\"}", d.Admin)).AssertProblem(422)).GetProperty("field").GetString());
        Assert.Equal("modality", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"modality\":\"confocal\"}", d.Admin)).AssertProblem(422)).GetProperty("field").GetString());
        Assert.Equal("name", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"name\":\"  \"}", d.Admin)).AssertProblem(422)).GetProperty("field").GetString());
        Assert.Contains("line", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"name\":", d.Admin)).AssertProblem(400)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await Send(h, HttpMethod.Patch, "/api/records/doi:10.5072/no-such-thing", edit, d.Admin)).AssertProblem(404);
        Assert.Equal(before, Snapshot(d.Reg));

        // a withdrawn record is not edited
        d.Reg.Withdraw(ofB.Pid.ToString(), "decommissioned", "test");
        before = Snapshot(d.Reg);
        Assert.Contains("withdrawn", (await (await Send(h, HttpMethod.Patch, "/api/records/" + ofB.Pid, edit, d.Admin)).AssertProblem(410)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(d.Reg));
    }

    [Fact]
    public async Task Withdraw_over_the_api_gives_a_410_tombstone_that_keeps_the_citation()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        var version = d.Reg.GetVersions(d.InstrumentOfA.Pid)[^1];
        string path = d.Reg.PathOf(version);
        await (await Send(h, HttpMethod.Post, "/api/records/" + version.Pid + "/withdraw", "{}", d.TokenA)).AssertProblem(422); // a reason is required
        var r = await Send(h, HttpMethod.Post, "/api/records/" + version.Pid + "/withdraw", "{\"reason\":\"objective was mislabelled\"}", d.TokenA);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(path, (await r.Json()).GetProperty("path").GetString());
        var page = await h.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("objective was mislabelled", html, StringComparison.Ordinal);
        Assert.Contains("Cite as:", html, StringComparison.Ordinal);
        var before = Snapshot(d.Reg);
        await (await Send(h, HttpMethod.Post, "/api/records/" + version.Pid + "/withdraw", "{\"reason\":\"again\"}", d.TokenA)).AssertProblem(410);
        Assert.Equal(before, Snapshot(d.Reg));
        Assert.Contains(d.Reg.AuditLog(version.Pid.ToString()), e => e.Action == "withdraw" && e.Actor.StartsWith("token:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Move_over_the_api_301s_old_paths_and_keeps_the_iri()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        string oldPath = PhdResolver.Registry.Resolution.Paths.Of(d.InstrumentOfA);
        var before = Snapshot(d.Reg);
        // a facility token speaks for one facility only; an unknown destination is named
        await (await Send(h, HttpMethod.Post, "/api/records/" + d.InstrumentOfA.Pid + "/move", "{\"facility\":\"" + d.B.Pid + "\"}", d.TokenA)).AssertProblem(403);
        var unknown = await (await Send(h, HttpMethod.Post, "/api/records/" + d.InstrumentOfA.Pid + "/move", "{\"facility\":\"RRID:SCR_999999\"}", d.Admin)).AssertProblem(422);
        Assert.Equal("facility", unknown.GetProperty("field").GetString());
        await (await Send(h, HttpMethod.Post, "/api/records/" + d.InstrumentOfA.Pid + "/move", "{}", d.Admin)).AssertProblem(422);
        await (await Send(h, HttpMethod.Post, "/api/records/" + d.InstrumentOfA.Pid + "/teleport", "{}", d.Admin)).AssertProblem(404);
        Assert.Equal(before, Snapshot(d.Reg));

        var r = await Send(h, HttpMethod.Post, "/api/records/" + d.InstrumentOfA.Pid + "/move", "{\"facility\":\"" + d.B.Pid + "\"}", d.Admin);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        string newPath = (await r.Json()).GetProperty("path").GetString()!;
        Assert.NotEqual(oldPath, newPath);
        var old = await h.Client.GetAsync(oldPath);
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal(newPath, old.Headers.Location?.OriginalString);
        // The stable IRI still names it.
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(newPath)).StatusCode);
        var ttl = await (await h.Client.GetWithAccept(newPath, "text/turtle")).Content.ReadAsStringAsync();
        Assert.Contains("<http://localhost/" + d.InstrumentOfA.Pid + ">", ttl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_page_and_json_show_actors_only_to_an_administrator()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        await Send(h, HttpMethod.Patch, "/api/records/" + d.InstrumentOfA.Pid, "{\"description\":\"Now with a new stage\",\"reason\":\"stage upgrade\"}", d.TokenA);
        var html = await h.Client.GetAsync("/history/" + d.InstrumentOfA.Pid);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        var text = await html.Content.ReadAsStringAsync();
        Assert.Contains("Metadata edited", text, StringComparison.Ordinal);
        Assert.Contains("stage upgrade", text, StringComparison.Ordinal);
        Assert.Contains("Configuration version added", text, StringComparison.Ordinal); // its versions' history too
        Assert.DoesNotContain("token:", text, StringComparison.Ordinal);
        Assert.Contains("/history/" + d.InstrumentOfA.Pid, await h.Client.GetStringAsync(PhdResolver.Registry.Resolution.Paths.Of(d.InstrumentOfA)), StringComparison.Ordinal);

        var anon = await (await h.Client.GetAsync("/api/records/" + d.InstrumentOfA.Pid + "/history")).Json();
        Assert.False(anon.GetProperty("actors").GetBoolean());
        Assert.All(anon.GetProperty("entries").EnumerateArray(), e => Assert.Equal(System.Text.Json.JsonValueKind.Null, e.GetProperty("actor").ValueKind));
        var facility = await (await Send(h, HttpMethod.Get, "/api/records/" + d.InstrumentOfA.Pid + "/history", null, d.TokenA)).Json();
        Assert.False(facility.GetProperty("actors").GetBoolean());
        var admin = await Send(h, HttpMethod.Get, "/api/records/" + d.InstrumentOfA.Pid + "/history", null, d.Admin);
        Assert.Equal("no-store", admin.Headers.CacheControl?.ToString());
        var entries = (await admin.Json()).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("edit-record", entries[0].GetProperty("action").GetString());
        Assert.StartsWith("token:", entries[0].GetProperty("actor").GetString(), StringComparison.Ordinal);
        await (await Send(h, HttpMethod.Get, "/api/records/" + d.InstrumentOfA.Pid + "/history", null, "phd_not-a-token")).AssertProblem(401);
        await (await h.Client.GetAsync("/history/doi:10.5072/nothing-here")).AssertProblem(404);
    }

    [Fact]
    public async Task Tokens_are_listed_created_and_revoked_by_an_administrator_while_the_server_runs()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        var before = Snapshot(d.Reg);
        await (await Send(h, HttpMethod.Get, "/api/tokens", null, d.TokenA)).AssertProblem(403);
        await (await Send(h, HttpMethod.Post, "/api/tokens", "{\"admin\":true}", d.TokenA)).AssertProblem(403);
        await (await Send(h, HttpMethod.Post, "/api/tokens", "{\"facility\":\"" + d.B.Pid + "\",\"expires\":\"soon\"}", d.Admin)).AssertProblem(422);
        await (await Send(h, HttpMethod.Post, "/api/tokens", "{\"facility\":\"" + d.B.Pid + "\",\"expires\":\"2001-01-01\"}", d.Admin)).AssertProblem(422);
        await (await Send(h, HttpMethod.Post, "/api/tokens", "{\"facility\":\"RRID:SCR_999999\"}", d.Admin)).AssertProblem(404);
        await (await Send(h, HttpMethod.Delete, "/api/tokens/ffffffffffff", null, d.Admin)).AssertProblem(404);
        Assert.Equal(before, Snapshot(d.Reg));

        var created = await Send(h, HttpMethod.Post, "/api/tokens", "{\"facility\":\"" + d.B.Pid + "\",\"expires\":\"2999-01-31\",\"note\":\"B team\"}", d.Admin);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var t = await created.Json();
        string id = t.GetProperty("id").GetString()!, secret = t.GetProperty("secret").GetString()!;
        Assert.Equal(d.B.Pid.ToString(), t.GetProperty("scope").GetString());
        var list = await (await Send(h, HttpMethod.Get, "/api/tokens", null, d.Admin)).Json();
        var row = list.EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        Assert.Equal(("active", "B team"), (row.GetProperty("state").GetString(), row.GetProperty("note").GetString()));
        Assert.DoesNotContain(secret, list.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Send(h, HttpMethod.Patch, "/api/records/" + d.B.Pid, "{\"city\":\"Other Town\"}", secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(h, HttpMethod.Delete, "/api/tokens/" + id, null, d.Admin)).StatusCode);
        await (await Send(h, HttpMethod.Patch, "/api/records/" + d.B.Pid, "{\"city\":\"Third Town\"}", secret)).AssertProblem(401);
        await (await Send(h, HttpMethod.Delete, "/api/tokens/" + id, null, d.Admin)).AssertProblem(409);
    }

    [Fact]
    public async Task External_identifiers_are_links_and_rdf_and_a_second_claim_is_409()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        string model = d.InstrumentOfA.Model.ToString();
        string json = "{\"name\":\"Spinning disk\",\"facility\":\"" + d.A.Pid + "\",\"model\":\"" + model + "\",\"identifiers\":["
            + "{\"scheme\":\"serial\",\"value\":\"SN-4711\"},{\"scheme\":\"inventory\",\"value\":\"INV-0815\"},{\"scheme\":\"wikidata\",\"value\":\"https://www.wikidata.org/wiki/Q12345\"},"
            + "{\"scheme\":\"Handle\",\"value\":\"21.T11998/spin-1\"}]}";
        var r = await Send(h, HttpMethod.Post, "/api/instances", json, d.TokenA);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        string path = (await r.Json()).GetProperty("path").GetString()!;
        var page = await h.Client.GetStringAsync(path);
        Assert.Contains("href=\"https://www.wikidata.org/wiki/Q12345\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://hdl.handle.net/21.T11998/spin-1\"", page, StringComparison.Ordinal);
        Assert.Contains("SN-4711", page, StringComparison.Ordinal);
        var ttl = await (await h.Client.GetWithAccept(path, "text/turtle")).Content.ReadAsStringAsync();
        Assert.Contains("SN-4711", ttl, StringComparison.Ordinal);
        Assert.Contains("https://hdl.handle.net/21.T11998/spin-1", ttl, StringComparison.Ordinal);

        var before = Snapshot(d.Reg);
        // Another instrument claiming the Handle, or the same serial number of the same manufacturer: 409.
        string again = json.Replace("Spinning disk", "Copy", StringComparison.Ordinal);
        var problem = await (await Send(h, HttpMethod.Post, "/api/instances", again, d.TokenA)).AssertProblem(409);
        Assert.Contains("already claimed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        string serialOnly = "{\"name\":\"Copy\",\"facility\":\"" + d.A.Pid + "\",\"model\":\"" + model + "\",\"identifiers\":[{\"scheme\":\"serial\",\"value\":\"SN-4711\"}]}";
        await (await Send(h, HttpMethod.Post, "/api/instances", serialOnly, d.TokenA)).AssertProblem(409);
        // An edit claiming another record's PID as an identifier: 409; a malformed one: 422 naming the field.
        await (await Send(h, HttpMethod.Patch, "/api/records/" + d.InstrumentOfA.Pid, "{\"identifiers\":[{\"scheme\":\"Handle\",\"value\":\"21.T11998/spin-1\"}]}", d.TokenA)).AssertProblem(409);
        var other = d.Reg.Instances.First(i => i.Pid != d.InstrumentOfA.Pid && i.Pid.Scheme == PhdResolver.Registry.Pids.PidScheme.Doi);
        await (await Send(h, HttpMethod.Patch, "/api/records/" + d.InstrumentOfA.Pid, "{\"identifiers\":[{\"scheme\":\"DOI\",\"value\":\"" + other.Pid + "\"}]}", d.TokenA)).AssertProblem(409);
        Assert.Equal("identifiers", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.InstrumentOfA.Pid, "{\"identifiers\":[{\"scheme\":\"ROR\",\"value\":\"03vek6s52\"}]}", d.TokenA)).AssertProblem(422)).GetProperty("field").GetString());
        Assert.Equal("identifiers", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"identifiers\":[{\"scheme\":\"wikidata\",\"value\":\"L42\"}]}", d.TokenA)).AssertProblem(422)).GetProperty("field").GetString());
        Assert.Equal(before, Snapshot(d.Reg));
        // A serial number is unique per manufacturer only.
        string otherMaker = "{\"name\":\"Other maker\",\"facility\":\"" + d.A.Pid + "\",\"model\":\"" + model + "\",\"manufacturer\":\"Another Vendor\",\"identifiers\":[{\"scheme\":\"serial\",\"value\":\"SN-4711\"}]}";
        Assert.Equal(HttpStatusCode.Created, (await Send(h, HttpMethod.Post, "/api/instances", otherMaker, d.TokenA)).StatusCode);
    }

    [Fact]
    public async Task People_appear_with_orcid_on_pages_json_ld_and_datacite_and_a_private_email_nowhere()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        var before = Snapshot(d.Reg);
        // A mistyped ORCID iD (check digit), a person without a name, an unknown role: 422 naming "people", nothing written.
        foreach (var bad in new[]
        {
            "[{\"name\":\"Ada\",\"orcid\":\"0000-0002-1825-0098\"}]", "[{\"orcid\":\"0000-0002-1825-0097\"}]", "[{\"name\":\"Ada\",\"role\":\"boss\"}]",
            "[{\"name\":\"Ada\",\"email\":\"not an address\"}]",
        })
        {
            var p = await (await Send(h, HttpMethod.Patch, "/api/records/" + d.InstrumentOfA.Pid, "{\"people\":" + bad + "}", d.TokenA)).AssertProblem(422);
            Assert.Equal("people", p.GetProperty("field").GetString());
        }
        Assert.Contains("check digit", (await (await Send(h, HttpMethod.Patch, "/api/records/" + d.A.Pid, "{\"people\":[{\"name\":\"Ada\",\"orcid\":\"0000-0002-1825-0098\"}]}", d.TokenA)).AssertProblem(422)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(d.Reg));

        string people = "[{\"name\":\"Grace Contact\",\"orcid\":\"https://orcid.org/0000-0002-1694-233x\",\"role\":\"contact\",\"email\":\"grace@example.org\",\"emailPublic\":true},"
            + "{\"name\":\"Hidden Staff\",\"role\":\"staff\",\"email\":\"hidden@example.org\"}]";
        Assert.Equal(HttpStatusCode.OK, (await Send(h, HttpMethod.Patch, "/api/records/" + d.InstrumentOfA.Pid, "{\"people\":" + people + "}", d.TokenA)).StatusCode);
        string path = PhdResolver.Registry.Resolution.Paths.Of(d.InstrumentOfA);
        var page = await h.Client.GetStringAsync(path);
        Assert.Contains("href=\"https://orcid.org/0000-0002-1694-233X\"", page, StringComparison.Ordinal);
        Assert.Contains("grace@example.org", page, StringComparison.Ordinal);
        Assert.Contains("Hidden Staff", page, StringComparison.Ordinal);
        var jsonld = await (await h.Client.GetWithAccept(path, "application/ld+json")).Content.ReadAsStringAsync();
        Assert.Contains("contactPoint", jsonld, StringComparison.Ordinal);
        Assert.Contains("https://orcid.org/0000-0002-1694-233X", jsonld, StringComparison.Ordinal);
        var datacite = await (await h.Client.GetWithAccept(path, "application/vnd.datacite.datacite+xml")).Content.ReadAsStringAsync();
        Assert.Contains("contributorType=\"ContactPerson\"", datacite, StringComparison.Ordinal);
        Assert.Contains("nameIdentifierScheme=\"ORCID\"", datacite, StringComparison.Ordinal);
        PhdResolver.Tests.Harvest.DataCiteSchema.AssertValid(System.Xml.Linq.XDocument.Parse(datacite).Root!, path);
        var history = await h.Client.GetStringAsync("/api/records/" + d.InstrumentOfA.Pid + "/history");
        var ttl = await (await h.Client.GetWithAccept(path, "text/turtle")).Content.ReadAsStringAsync();
        var sparql = await h.Client.GetStringAsync("/sparql?query=" + Uri.EscapeDataString("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }") + "&format=csv");
        foreach (var text in new[] { page, jsonld, datacite, history, ttl, sparql })
            Assert.DoesNotContain("hidden@example.org", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Related_works_show_as_used_in_and_link_both_ways_in_the_graph_and_datacite()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        var version = d.Reg.GetVersions(d.InstrumentOfA.Pid)[0];
        string path = d.Reg.PathOf(version), url = "/api/records/" + version.Pid + "/related";
        var tokenB = d.Reg.CreateToken(d.B.Pid.ToString(), null, null, "test").Secret;
        var before = Snapshot(d.Reg);
        string ok = "{\"identifier\":\"https://doi.org/10.5072/Used.Here\",\"relation\":\"used-by\",\"title\":\"Cells under the microscope\",\"year\":2025}";
        await (await Send(h, HttpMethod.Post, url, ok, tokenB)).AssertProblem(403);
        Assert.Equal("identifier", (await (await Send(h, HttpMethod.Post, url, "{\"identifier\":\"not a doi\",\"relation\":\"used-by\",\"title\":\"t\"}", d.TokenA)).AssertProblem(422)).GetProperty("field").GetString());
        Assert.Equal("relation", (await (await Send(h, HttpMethod.Post, url, "{\"identifier\":\"doi:10.5072/x\",\"relation\":\"cites\",\"title\":\"t\"}", d.TokenA)).AssertProblem(422)).GetProperty("field").GetString());
        Assert.Equal("title", (await (await Send(h, HttpMethod.Post, url, "{\"identifier\":\"doi:10.5072/x\",\"relation\":\"used-by\"}", d.TokenA)).AssertProblem(422)).GetProperty("field").GetString());
        await (await Send(h, HttpMethod.Post, "/api/records/" + d.InstrumentOfA.Pid + "/related", ok, d.TokenA)).AssertProblem(422); // an instrument, not a version
        Assert.Equal(before, Snapshot(d.Reg));

        var r = await Send(h, HttpMethod.Post, url, ok, d.TokenA);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("doi:10.5072/used.here", (await r.Json()).GetProperty("identifier").GetString());
        Assert.Equal(HttpStatusCode.Created, (await Send(h, HttpMethod.Post, url, "{\"identifier\":\"https://example.org/paper\",\"relation\":\"described-in\",\"title\":\"A methods paper\"}", d.TokenA)).StatusCode);
        before = Snapshot(d.Reg);
        await (await Send(h, HttpMethod.Post, url, ok, d.TokenA)).AssertProblem(409);
        Assert.Equal(before, Snapshot(d.Reg));

        var page = await h.Client.GetStringAsync(path);
        Assert.Contains("Used in", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://doi.org/10.5072/used.here\"", page, StringComparison.Ordinal);
        Assert.Contains("Cells under the microscope", page, StringComparison.Ordinal);
        var rows = await h.Client.GetStringAsync("/sparql?format=csv&query=" + Uri.EscapeDataString(
            $"SELECT ?work ?title WHERE {{ <http://localhost/{version.Pid}> <https://w3id.org/nbo-q/usedBy> ?work . ?work <http://www.w3.org/ns/prov#used> <http://localhost/{version.Pid}> ; <https://schema.org/name> ?title }}"));
        Assert.Contains("https://doi.org/10.5072/used.here,Cells under the microscope", rows, StringComparison.Ordinal);
        foreach (var p in new[] { path, PhdResolver.Registry.Resolution.Paths.Of(d.InstrumentOfA) })
        {
            var xml = await (await h.Client.GetWithAccept(p, "application/vnd.datacite.datacite+xml")).Content.ReadAsStringAsync();
            Assert.Contains("relationType=\"IsSourceOf\" resourceTypeGeneral=\"Dataset\">10.5072/used.here<", xml, StringComparison.Ordinal);
            Assert.Contains("relationType=\"IsDocumentedBy\"", xml, StringComparison.Ordinal);
            PhdResolver.Tests.Harvest.DataCiteSchema.AssertValid(System.Xml.Linq.XDocument.Parse(xml).Root!, p);
        }
        // A withdrawn version takes no new links.
        d.Reg.Withdraw(version.Pid.ToString(), "test", "test");
        before = Snapshot(d.Reg);
        await (await Send(h, HttpMethod.Post, url, "{\"identifier\":\"doi:10.5072/late\",\"relation\":\"used-by\",\"title\":\"Late\"}", d.TokenA)).AssertProblem(410);
        Assert.Equal(before, Snapshot(d.Reg));
    }
    [Fact]
    public async Task Removing_a_related_work_unlinks_it_everywhere_and_refusals_write_nothing()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var d = Seed(h);
        var version = d.Reg.GetVersions(d.InstrumentOfA.Pid)[0];
        string path = d.Reg.PathOf(version), add = "/api/records/" + version.Pid + "/related", remove = add + "/remove";
        Assert.Equal(HttpStatusCode.Created, (await Send(h, HttpMethod.Post, add, "{\"identifier\":\"doi:10.5072/Gone.Soon\",\"relation\":\"used-by\",\"title\":\"Removed later\",\"year\":2024}", d.TokenA)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Send(h, HttpMethod.Post, add, "{\"identifier\":\"doi:10.5072/gone.soon\",\"relation\":\"described-in\",\"title\":\"Also a paper\"}", d.TokenA)).StatusCode);
        var tokenB = d.Reg.CreateToken(d.B.Pid.ToString(), null, null, "test").Secret;
        var before = Snapshot(d.Reg);
        string body = "{\"identifier\":\"https://doi.org/10.5072/GONE.SOON\",\"relation\":\"used-by\",\"reason\":\"wrong dataset\"}";
        await (await Send(h, HttpMethod.Post, remove, body, tokenB)).AssertProblem(403);
        await (await Send(h, HttpMethod.Post, remove, body, null)).AssertProblem(401);
        await (await Send(h, HttpMethod.Post, remove, body, "not-a-token")).AssertProblem(401);
        // Each refusal names the field: linked both ways (which one?), not linked, not a DOI or URL, not a relation.
        foreach (var (refused, status, field) in new[]
        {
            ("{\"identifier\":\"doi:10.5072/gone.soon\"}", 422, "relation"),
            ("{\"identifier\":\"doi:10.5072/never.linked\",\"relation\":\"used-by\"}", 404, "identifier"),
            ("{\"identifier\":\"not a doi\"}", 422, "identifier"),
            ("{\"identifier\":\"doi:10.5072/gone.soon\",\"relation\":\"cites\"}", 422, "relation"),
        })
            Assert.Equal(field, (await (await Send(h, HttpMethod.Post, remove, refused, d.TokenA)).AssertProblem(status)).GetProperty("field").GetString());
        await (await Send(h, HttpMethod.Post, "/api/records/" + d.InstrumentOfA.Pid + "/related/remove", body, d.TokenA)).AssertProblem(422); // an instrument, not a version
        Assert.Equal(before, Snapshot(d.Reg));

        var r = await Send(h, HttpMethod.Post, remove, body, d.TokenA);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await r.Json();
        Assert.Equal(("doi:10.5072/gone.soon", "used-by", "Removed later"), (json.GetProperty("identifier").GetString(), json.GetProperty("relation").GetString(), json.GetProperty("title").GetString()));
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
        // Once removed, the same removal is 404 and writes nothing.
        before = Snapshot(d.Reg);
        await (await Send(h, HttpMethod.Post, remove, body, d.TokenA)).AssertProblem(404);
        Assert.Equal(before, Snapshot(d.Reg));

        // The page, the graph and DataCite no longer show the dataset link; the publication link stays.
        var work = d.Reg.Record(d.Reg.Resolver.Resolve(version.Pid.ToString())).Related;
        Assert.Equal(("doi:10.5072/gone.soon", "described-in"), (Assert.Single(work).Identifier, work[0].Relation));
        var page = await h.Client.GetStringAsync(path);
        Assert.DoesNotContain("Removed later", page, StringComparison.Ordinal);
        Assert.Contains("Also a paper", page, StringComparison.Ordinal);
        var rows = await h.Client.GetStringAsync("/sparql?format=csv&query=" + Uri.EscapeDataString(
            $"SELECT ?p ?o WHERE {{ {{ <http://localhost/{version.Pid}> ?p ?o FILTER(?o = <https://doi.org/10.5072/gone.soon>) }} UNION {{ <https://doi.org/10.5072/gone.soon> ?p ?o FILTER(?o = <http://localhost/{version.Pid}>) }} }}"));
        Assert.Contains("https://schema.org/subjectOf", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("usedBy", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("prov#used", rows, StringComparison.Ordinal);
        var xml = await (await h.Client.GetWithAccept(path, "application/vnd.datacite.datacite+xml")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("relationType=\"IsSourceOf\"", xml, StringComparison.Ordinal);
        Assert.Contains("relationType=\"IsDocumentedBy\"", xml, StringComparison.Ordinal);
        // Audited with what was removed and why; the History page says so.
        var history = await h.Client.GetStringAsync("/history/" + version.Pid);
        Assert.Contains("Related work removed", history, StringComparison.Ordinal);
        Assert.Contains("wrong dataset", history, StringComparison.Ordinal);

        // A withdrawn version keeps its links as cited.
        d.Reg.Withdraw(version.Pid.ToString(), "test", "test");
        before = Snapshot(d.Reg);
        await (await Send(h, HttpMethod.Post, remove, "{\"identifier\":\"doi:10.5072/gone.soon\"}", d.TokenA)).AssertProblem(410);
        Assert.Equal(before, Snapshot(d.Reg));
    }
}
