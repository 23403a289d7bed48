using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

public sealed class ApiTests : IAsyncLifetime
{
    private TestHost _h = null!;
    private PhdResolver.Registry.RegistryService _reg = null!;
    private string _facility = "";
    private string _token = "";
    private string _admin = "";
    private string _instance = "";

    public Task InitializeAsync()
    {
        _h = TestHost.Start(o => o with { SeedDemoData = true, MaxRequestBodyBytes = 256 * 1024 });
        _reg = ((RegistryHost)_h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        _facility = _reg.Facilities.Single(f => f.Country == "DE").Pid.ToString();
        _token = _reg.CreateToken(_facility, null, "test", "test").Secret;
        _admin = _reg.CreateToken(null, null, "admin", "test").Secret;
        _instance = "doi:10.5072/phd-demo.widefield-1";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<HttpResponseMessage> Post(string url, string body, string type, string? token)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, type) };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _h.Client.SendAsync(req);
    }

    private static string Demo(string file) => PhdResolver.Web.Demo.DemoSeed.Read(file);

    private static string Changed(string file) => Demo(file).Replace("Inverted research stand", "Inverted research stand (serviced)", StringComparison.Ordinal);

    [Fact]
    public async Task Writes_need_a_valid_token()
    {
        var none = await Post("/api/models", "{\"name\":\"x\",\"manufacturer\":\"y\"}", "application/json", null);
        await none.AssertProblem(401);
        Assert.NotNull(none.Headers.WwwAuthenticate);
        await (await Post("/api/models", "{\"name\":\"x\",\"manufacturer\":\"y\"}", "application/json", "phd_wrong")).AssertProblem(401);
    }

    [Fact]
    public async Task Submitting_a_descriptor_mints_a_version_and_evicts_cached_pages()
    {
        var path = _reg.Instances.Single(i => i.Pid.ToString() == _instance) is var i ? PhdResolver.Registry.Resolution.Paths.Of(i) : "";
        // Warm the cache.
        var before = await _h.Client.GetWithAccept(path, "text/html");
        Assert.Single(TestHost.ParseHtml(await before.Content.ReadAsStringAsync()).QuerySelectorAll("table.versions tbody tr"));
        // Changed from the current version (an identical one would be answered 200 with c1).
        var r = await Post($"/api/instances/{_instance}/versions?tier=1", Changed("widefield-1-c1.ttl"), "text/turtle", _token);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal(path + "/c2", r.Headers.Location!.OriginalString);
        var after = await _h.Client.GetWithAccept(path, "text/html");
        Assert.Equal(2, TestHost.ParseHtml(await after.Content.ReadAsStringAsync()).QuerySelectorAll("table.versions tbody tr").Length);
        Assert.Equal(HttpStatusCode.OK, (await _h.Client.GetAsync(r.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task Json_ld_descriptors_are_accepted()
    {
        var jsonld = Dataset.Parse(Changed("widefield-1-c1.ttl"), RdfFormat.Turtle).Write(RdfFormat.JsonLd);
        var r = await Post($"/api/instances/{_instance}/versions?tier=1", jsonld, "application/ld+json", _token);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
    }

    [Fact]
    public async Task A_descriptor_below_its_declared_tier_is_422_with_the_shacl_report()
    {
        var r = await Post($"/api/instances/{_instance}/versions?tier=2", Demo("widefield-1-c1.ttl"), "text/turtle", _token);
        var p = await r.AssertProblem(422);
        var report = p.GetProperty("report").EnumerateArray().ToList();
        // The report is exactly the tier-2 MUST findings of this file (widefield 1 meets tier 1, so all are tier 2),
        // each once; focus nodes are compared by path and constraint, since the registry mints its own node IRIs.
        var expected = PhdResolver.Registry.Validation.DescriptorValidation.Validate(Dataset.Parse(Demo("widefield-1-c1.ttl"), RdfFormat.Turtle), 2)
            .Violations.Select(i => $"{i.Path} {i.Constraint.Value}").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, report.Select(x => $"{x.GetProperty("path").GetString()} {x.GetProperty("constraint").GetString()}").Order(StringComparer.Ordinal));
        Assert.All(report, x => Assert.Equal("http://www.w3.org/ns/shacl#Violation", x.GetProperty("severity").GetString()));
        Assert.All(report, x => Assert.Equal(2, x.GetProperty("tier").GetInt32()));
        Assert.Equal(1, p.GetProperty("conformsAt").GetInt32());
        Assert.Single(_reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(_instance))); // nothing stored
    }

    [Fact]
    public async Task Tokens_are_scoped_to_their_facility()
    {
        var other = _reg.RegisterFacility(new PhdResolver.Registry.NewFacility { Name = "Other core" }, "test");
        var otherToken = _reg.CreateToken(other.Pid.ToString(), null, null, "test").Secret;
        var r = await Post($"/api/instances/{_instance}/versions?tier=1", Demo("widefield-1-c1.ttl"), "text/turtle", otherToken);
        await r.AssertProblem(403);
        var f = await Post("/api/facilities", "{\"name\":\"New core\"}", "application/json", _token);
        await f.AssertProblem(403);
        var ok = await Post("/api/facilities", "{\"name\":\"New core\"}", "application/json", _admin);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _h.Client.GetAsync(ok.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task Malformed_input_is_400_or_415_problem_details()
    {
        await (await Post("/api/models", "{\"name\": ", "application/json", _token)).AssertProblem(400);
        await (await Post("/api/models", "name=x", "application/x-www-form-urlencoded", _token)).AssertProblem(415);
        var ttl = await Post($"/api/instances/{_instance}/versions?tier=1", "@prefix x: <http://x/> .\nx:a x:b \"unterminated .", "text/turtle", _token);
        var p = await ttl.AssertProblem(400);
        Assert.True(p.GetProperty("line").GetInt64() >= 1);
        await (await Post($"/api/instances/{_instance}/versions?tier=1", "{", "application/ld+json", _token)).AssertProblem(400);
        await (await Post($"/api/instances/{_instance}/versions?tier=1", "x", "text/plain", _token)).AssertProblem(415);
        await (await Post($"/api/instances/{_instance}/versions", Demo("widefield-1-c1.ttl"), "text/turtle", _token)).AssertProblem(400);
        await (await Post("/api/instances/doi:10.5072/nope/versions?tier=1", Demo("widefield-1-c1.ttl"), "text/turtle", _token)).AssertProblem(404);
    }

    [Fact]
    public async Task Huge_uploads_are_413()
    {
        var big = new string('#', 300 * 1024);
        await (await Post($"/api/instances/{_instance}/versions?tier=1", big, "text/turtle", _token)).AssertProblem(413);
    }

    [Fact]
    public async Task Hostile_names_are_escaped_in_html_and_in_the_json_ld_block()
    {
        const string evil = "Scope </script><script>alert(1)</script> & <b>bold</b>";
        var body = System.Text.Json.JsonSerializer.Serialize(new { identifier = "doi:10.5072/evil", name = evil, facility = _facility, model = _reg.Models.First().Pid.ToString(), description = "<img src=x onerror=alert(1)>" });
        var r = await Post("/api/instances", body, "application/json", _token);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var html = await (await _h.Client.GetWithAccept(r.Headers.Location!.OriginalString, "text/html")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</script><script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        var doc = TestHost.ParseHtml(html);
        Assert.Equal(evil, doc.QuerySelector("h1")!.TextContent);
        var blocks = doc.QuerySelectorAll("script").ToList();
        Assert.Single(blocks); // only the data block: the name did not open a script
        Assert.Equal("application/ld+json", blocks[0].GetAttribute("type"));
        var ds = Dataset.Parse(blocks[0].TextContent, RdfFormat.JsonLd);
        Assert.Contains(ds, q => q.Object is Literal { Lexical: evil });
    }

    [Fact]
    public async Task Withdrawn_records_answer_410_with_a_tombstone_that_keeps_citation_metadata()
    {
        var i = _reg.Instances.Single(x => x.Pid.ToString() == _instance);
        var path = PhdResolver.Registry.Resolution.Paths.Of(i) + "/c1";
        await _h.Client.GetAsync(path); // cached before the withdrawal
        _reg.Withdraw(path, "configuration recorded in error", "test");
        var r = await _h.Client.GetWithAccept(path, "text/html");
        Assert.Equal(HttpStatusCode.Gone, r.StatusCode);
        var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
        Assert.Contains("recorded in error", doc.QuerySelector(".tombstone")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector(".citeas"));
        var ttl = await _h.Client.GetWithAccept(path, "text/turtle");
        Assert.Equal(HttpStatusCode.Gone, ttl.StatusCode);
        Assert.Equal("text/turtle", ttl.MediaType());
    }

    [Fact]
    public async Task A_moved_instance_answers_301_from_its_old_path()
    {
        var i = _reg.Instances.Single(x => x.Pid.ToString() == _instance);
        var old = PhdResolver.Registry.Resolution.Paths.Of(i);
        var other = _reg.RegisterFacility(new PhdResolver.Registry.NewFacility { Name = "New home" }, "test");
        var moved = _reg.MoveInstance(_instance, other.Pid.ToString(), "test");
        var r = await _h.Client.GetAsync(old + "/c1");
        Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode);
        Assert.Equal(PhdResolver.Registry.Resolution.Paths.Of(moved) + "/c1", r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Validate_endpoint_reports_without_storing()
    {
        var r = await Post("/api/validate?tier=1", Demo("confocal-1-c1.ttl"), "text/turtle", null);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True((await r.Json()).GetProperty("conforms").GetBoolean());
    }
}

public sealed class MmaUploadTests
{
    /// <summary>Issue 10: tier 3 used to run tiers 1..3 separately and report a tier-1 gap three times.</summary>
    [Fact]
    public async Task Validate_at_tier_3_reports_each_finding_once_with_its_lowest_tier()
    {
        var file = Path.Combine(Examples, "microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json");
        Assert.True(File.Exists(file), "reference data missing: " + file);
        await using var h = TestHost.Start();
        var json = new Dictionary<int, System.Text.Json.JsonElement>();
        for (int t = 1; t <= 3; t += 2)
        {
            var r = await h.Client.PostAsync($"/api/validate?tier={t}", new StringContent(File.ReadAllText(file), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            json[t] = await r.Json();
        }
        var all = json[3].GetProperty("violations").EnumerateArray().Concat(json[3].GetProperty("warnings").EnumerateArray()).ToList();
        Assert.NotEmpty(all);
        var keys = all.Select(x => (x.GetProperty("focusNode").GetString(), x.GetProperty("path").ToString(), x.GetProperty("constraint").GetString())).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        foreach (var x in all) Assert.InRange(x.GetProperty("tier").GetInt32(), 1, 3);
        // The tier-1 MUST findings of the tier-3 run are exactly the tier-1 run's (labelled 1, counted once).
        int tier1Must = json[3].GetProperty("violations").EnumerateArray().Count(x => x.GetProperty("tier").GetInt32() == 1);
        Assert.Equal(json[1].GetProperty("violations").GetArrayLength(), tier1Must);
        Assert.All(json[1].GetProperty("violations").EnumerateArray(), x => Assert.Equal(1, x.GetProperty("tier").GetInt32()));
        Assert.Equal(json[3].GetProperty("conformsAt").GetInt32() >= 1, json[1].GetProperty("conforms").GetBoolean());
    }

    private static readonly string Examples = Path.GetFullPath(Path.Combine(FindRoot(), "..", "shared", "reference", "micrometaapp", "examples"));

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }

    /// <summary>Issue 11: ?extensions= checks only the named NBO extensions' shapes; an unknown one is a 400 naming it.</summary>
    [Fact]
    public async Task Validate_checks_only_the_extensions_asked_for()
    {
        await using var h = TestHost.Start();
        string ttl = PhdResolver.Web.Demo.DemoSeed.Read("widefield-2-c1.ttl");
        async Task<System.Text.Json.JsonElement> Validate(string query)
        {
            var r = await h.Client.PostAsync("/api/validate?tier=3" + query, new StringContent(ttl, Encoding.UTF8, "text/turtle"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return await r.Json();
        }
        var all = await Validate("");
        var core = await Validate("&extensions=core");
        Assert.Equal(["AdvancedConfocal", "Basic", "Calibration", "Core"], all.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["Core"], core.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()!));
        static HashSet<string> Keys(System.Text.Json.JsonElement j) =>
            [.. j.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("focusNode").GetString() + " " + v.GetProperty("path").GetString())];
        var coreKeys = Keys(core);
        var allKeys = Keys(all);
        Assert.Subset(allKeys, coreKeys);
        Assert.True(coreKeys.Count < allKeys.Count, $"core {coreKeys.Count} vs all {allKeys.Count}: the other extensions ask for more");

        var bad = await h.Client.PostAsync("/api/validate?tier=3&extensions=core,holography", new StringContent(ttl, Encoding.UTF8, "text/turtle"));
        var p = await bad.AssertProblem(400);
        Assert.Contains("holography", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_micro_meta_app_file_is_imported_and_validated()
    {
        var file = Path.Combine(Examples, "microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json");
        Assert.True(File.Exists(file), $"{file} is missing: the tests read ../shared/reference in place");
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var r = await h.Client.PostAsync("/api/validate?tier=1", new StringContent(File.ReadAllText(file), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await r.Json();
        Assert.Equal(1, json.GetProperty("tier").GetInt32());
        Assert.Equal(json.GetProperty("conforms").GetBoolean(), json.GetProperty("violations").GetArrayLength() == 0);
        // Submitted for real: the model-2 record conforms at tier 1 once imported, so it is minted (201).
        var reg = ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        var token = reg.CreateToken(reg.Facilities.Single(f => f.Country == "DE").Pid.ToString(), null, null, "test").Secret;
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/instances/doi:10.5072/phd-demo.widefield-1/versions?tier=1")
        {
            Content = new StringContent(File.ReadAllText(file), System.Text.Encoding.UTF8, "application/json"),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sub = await h.Client.SendAsync(req);
        Assert.True(sub.StatusCode == HttpStatusCode.Created, await sub.Content.ReadAsStringAsync());
    }
}
