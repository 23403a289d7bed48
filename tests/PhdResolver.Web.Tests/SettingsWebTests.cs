using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PhdResolver.Registry;
using PhdResolver.Registry.Records;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>
/// Acquisition settings over HTTP (issue 15 item 5): the demo's settings record on its own landing page and on its
/// configuration's; registration through the write API and the staff form, each refusal a problem with nothing written.
/// </summary>
public sealed class SettingsWebTests
{
    private const string Confocal = "doi:10.5072/phd-demo.confocal-1";

    private static RegistryService Registry(TestHost h) => ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;

    /// <summary>What a refused write must leave unchanged: the audit log, and every quad of the store.</summary>
    private static (int Audit, long Quads, int Settings) Snapshot(RegistryService reg)
    {
        using var snap = reg.Store.OpenSnapshot();
        return (reg.AuditLog(limit: 10_000).Count, snap.Match(null, null, null, PhdResolver.Store.GraphFilter.Any).LongCount(), reg.AllSettings.Count());
    }

    private static DescriptorVersion ConfocalC2(RegistryService reg) => reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Confocal))[1];

    private static string Settings(string laser = "laser488") => $$"""
        { "Schema_ID": "Image.json", "ID": "img-web", "Name": "Web test settings", "ModelVersion": "2.01.0", "Tier": 1,
          "Channel": [ { "Schema_ID": "Channel.json", "ID": "ch", "Name": "GFP",
            "LightSourceSettings": [ { "Schema_ID": "LightSourceSettings.json", "ID": "ls", "ComponentID": "{{laser}}", "IlluminationPowerSettings": 2, "lluminationPowerSettingsUnit": "mW" } ],
            "TransmissionWavelengthRangeSettings": [ { "Schema_ID": "TransmissionWavelengthRangeSettings.json", "ID": "tw", "ComponentID": "em525" } ],
            "Plane": [ { "Schema_ID": "Plane.json", "ID": "pl", "ExposureTime": 100, "ExposureTimeUnit": "ms" } ] } ] }
        """;

    private static async Task<HttpResponseMessage> Post(TestHost h, string url, string body, string contentType, string? token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await h.Client.SendAsync(req);
    }

    [Fact]
    public async Task The_demo_settings_record_has_its_own_page_and_rdf_and_closes_its_configuration_methods_paragraph()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var v = ConfocalC2(reg);
        var st = Assert.Single(reg.SettingsOf(v));
        Assert.Equal("488 nm at 2 mW, 525/50 nm band pass emission, 2.06 µs pixel dwell time; 561 nm at 1.5 mW, 600/50 nm band pass emission, 2.06 µs pixel dwell time", st.Summary);

        var page = await h.Client.GetStringAsync(reg.PathOf(v));
        var doc = TestHost.ParseHtml(page);
        Assert.NotNull(doc.QuerySelector("h2#acquisition-settings"));
        Assert.NotNull(doc.QuerySelector($"ul.settings a[href='/{st.Pid}']"));
        var methods = doc.QuerySelector("p.methods")!.TextContent;
        Assert.Contains($"Acquisition settings: {st.Pid} (http://localhost/{st.Pid}); 488 nm at 2 mW, 525/50 nm band pass emission", methods, StringComparison.Ordinal);

        var own = await h.Client.GetAsync("/" + st.Pid);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var ownDoc = TestHost.ParseHtml(await own.Content.ReadAsStringAsync());
        Assert.Contains(st.Name, ownDoc.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(ownDoc.QuerySelector($"a[href='{reg.PathOf(v)}']"));
        Assert.Contains("Acquisition settings: " + st.Pid, ownDoc.QuerySelector("p.methods")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(own.Headers.GetValues("Link"), l => l.Contains("rel=\"collection\"", StringComparison.Ordinal) && l.Contains(reg.PathOf(v), StringComparison.Ordinal));

        var ttl = await h.Client.GetWithAccept("/" + st.Pid, "text/turtle");
        Assert.Equal("text/turtle", ttl.MediaType());
        var ds = PhdResolver.Rdf.Dataset.Parse(await ttl.Content.ReadAsStringAsync(), PhdResolver.Rdf.RdfFormat.Turtle);
        var self = new PhdResolver.Rdf.Iri("http://localhost/" + st.Pid);
        Assert.Contains(ds, q => q.Subject == self && q.Predicate is PhdResolver.Rdf.Iri p && p.Value == "http://purl.org/dc/terms/references" && q.Object is PhdResolver.Rdf.Iri o && o.Value == v.GraphIri);
        Assert.Contains(ds, q => q.Predicate is PhdResolver.Rdf.Iri p && p.Value == "https://w3id.org/nbo-q/refersTo" && q.Object is PhdResolver.Rdf.Iri o && o.Value == v.GraphIri + "#laser488");
        Assert.Equal("application/n-quads", (await h.Client.GetAsync("/" + st.Pid + "?format=nq")).MediaType());
        Assert.Equal(HttpStatusCode.NotAcceptable, (await h.Client.GetWithAccept("/" + st.Pid, "image/png")).StatusCode);
        // Both ways over SPARQL, and listed in the sitemap.
        var rows = await h.Client.GetStringAsync("/sparql?format=csv&query=" + Uri.EscapeDataString(
            $"SELECT ?s WHERE {{ <{v.GraphIri}> <https://w3id.org/nbo-q/acquisitionSettings> ?s . ?s <https://w3id.org/nbo-q/settingsOf> <{v.GraphIri}> }}"));
        Assert.Contains("http://localhost/" + st.Pid, rows, StringComparison.Ordinal);
        Assert.Contains("/" + st.Pid + "<", await h.Client.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
        // The configuration's DataCite record: IsSupplementedBy the settings (valid against the DataCite schema).
        var datacite = await (await h.Client.GetWithAccept(reg.PathOf(v), "application/vnd.datacite.datacite+xml")).Content.ReadAsStringAsync();
        Assert.Contains($"relationType=\"IsSupplementedBy\" resourceTypeGeneral=\"Dataset\">http://localhost/{st.Pid}<", datacite, StringComparison.Ordinal);
        PhdResolver.Tests.Harvest.DataCiteSchema.AssertValid(System.Xml.Linq.XDocument.Parse(datacite).Root!, reg.PathOf(v));
        // Its history page, linked from its page.
        Assert.NotNull(ownDoc.QuerySelector($"a[href='/history/{st.Pid}']"));
        Assert.Contains("Acquisition settings registered", await h.Client.GetStringAsync("/history/" + st.Pid), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_registers_settings_and_refuses_bad_input_writing_nothing()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, MaxRequestBodyBytes = 64 * 1024 });
        var reg = Registry(h);
        var v = ConfocalC2(reg);
        var confocal = reg.GetInstance(v.Instance)!;
        string tokenA = reg.CreateToken(confocal.Facility.ToString(), null, null, "test").Secret;
        string other = reg.Facilities.First(f => f.Pid != confocal.Facility).Pid.ToString();
        string tokenB = reg.CreateToken(other, null, null, "test").Secret;
        string url = "/api/records/" + v.Pid + "/settings";

        var before = Snapshot(reg);
        await (await Post(h, url, Settings(), "application/json", null)).AssertProblem(401);
        await (await Post(h, url, Settings(), "application/json", tokenB)).AssertProblem(403);
        await (await Post(h, "/api/records/phd:0000-0000-0Z/settings", Settings(), "application/json", tokenA)).AssertProblem(422); // not a PID (a check-character error)
        await (await Post(h, "/api/records/" + Confocal + "/c9/settings", Settings(), "application/json", tokenA)).AssertProblem(404);
        await (await Post(h, url, Settings(), "text/plain", tokenA)).AssertProblem(415);
        var syntax = await (await Post(h, url, "@prefix nboq: <https://w3id.org/nbo-q/> .\n<#a> nboq:name \"x\" \"y\" .", "text/turtle", tokenA)).AssertProblem(400);
        Assert.Equal(2, syntax.GetProperty("line").GetInt32());
        var dangling = await (await Post(h, url, Settings(laser: "laser999"), "application/json", tokenA)).AssertProblem(422);
        Assert.Contains("'laser999'", dangling.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = await (await Post(h, url, $"<#ls> <https://w3id.org/nbo-q/refersTo> <{v.GraphIri}#nothing> .", "text/turtle", tokenA)).AssertProblem(422);
        Assert.Contains(v.GraphIri + "#nothing", missing.GetProperty("references")[0].GetString(), StringComparison.Ordinal);
        await (await Post(h, url, "{\"Schema_ID\":\"Image.json\",\"ID\":\"x\",\"Description\":\"" + new string('a', 70 * 1024) + "\"}", "application/json", tokenA)).AssertProblem(413);
        Assert.Equal(before, Snapshot(reg));

        var r = await Post(h, url + "?name=Web%20settings", Settings(), "application/json", tokenA);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var body = await r.Json();
        string pid = body.GetProperty("pid").GetString()!;
        Assert.Equal("/" + pid, r.Headers.Location!.OriginalString);
        Assert.Equal("Web settings", body.GetProperty("name").GetString());
        Assert.Equal("488 nm at 2 mW, 525/50 nm band pass emission, 100 ms exposure", body.GetProperty("summary").GetString());
        Assert.Contains("Web settings", await h.Client.GetStringAsync(reg.PathOf(v)), StringComparison.Ordinal); // the cached page was evicted

        // Withdrawn like a version: 410 with the tombstone; the other facility may not.
        string withdraw = "/api/records/" + pid + "/withdraw";
        using (var req = new HttpRequestMessage(HttpMethod.Post, withdraw) { Content = new StringContent("{\"reason\":\"wrong file\"}", Encoding.UTF8, "application/json") })
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenB);
            await (await h.Client.SendAsync(req)).AssertProblem(403);
        }
        using (var req = new HttpRequestMessage(HttpMethod.Post, withdraw) { Content = new StringContent("{\"reason\":\"wrong file\"}", Encoding.UTF8, "application/json") })
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenA);
            Assert.Equal(HttpStatusCode.OK, (await h.Client.SendAsync(req)).StatusCode);
        }
        var gone = await h.Client.GetAsync("/" + pid);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Contains("wrong file", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A withdrawn configuration takes no settings.
        reg.Withdraw(v.Pid.ToString(), "test", "test");
        before = Snapshot(reg);
        await (await Post(h, url, Settings(), "application/json", tokenA)).AssertProblem(410);
        Assert.Equal(before, Snapshot(reg));
    }

    private static MultipartFormDataContent Upload(string csrf, string version, string fileName, string content)
    {
        var form = new MultipartFormDataContent { { new StringContent(csrf), "csrf" }, { new StringContent(version), "version" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    [Fact]
    public async Task The_staff_form_attaches_settings_through_the_same_call_and_refuses_like_the_api()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, MaxRequestBodyBytes = 64 * 1024 });
        var reg = Registry(h);
        var v = ConfocalC2(reg);
        var confocal = reg.GetInstance(v.Instance)!;
        var other = reg.Facilities.First(f => f.Pid != confocal.Facility).Pid.ToString();
        string form = "/staff/settings?version=" + Uri.EscapeDataString(v.Pid.ToString());

        using var b = new StaffTests.Browser(h);
        await b.SignIn(reg.CreateToken(confocal.Facility.ToString(), null, null, "test").Secret);
        Assert.Contains("/staff/settings?version=", await b.Client.GetStringAsync("/staff"), StringComparison.Ordinal);
        string csrf = await b.Csrf(form);
        var before = Snapshot(reg);
        await StaffTests.Problem(await b.Client.PostAsync("/staff/settings", Upload("", v.Pid.ToString(), "s.json", Settings())), 400); // no CSRF token
        await StaffTests.Problem(await b.Client.PostAsync("/staff/settings", Upload(csrf, v.Pid.ToString(), "s.txt", Settings())), 415);
        var bad = await StaffTests.Problem(await b.Client.PostAsync("/staff/settings", Upload(csrf, v.Pid.ToString(), "s.ttl", "<#a> <https://w3id.org/nbo-q/name> .")), 400);
        Assert.Equal(1, bad.GetProperty("line").GetInt32());
        await StaffTests.Problem(await b.Client.PostAsync("/staff/settings", Upload(csrf, v.Pid.ToString(), "s.json", Settings("nope"))), 422);
        await StaffTests.Problem(await b.Client.PostAsync("/staff/settings", Upload(csrf, Confocal + "/c9", "s.json", Settings())), 404);
        await StaffTests.Problem(await b.Client.PostAsync("/staff/settings", Upload(csrf, v.Pid.ToString(), "s.json", Settings() + new string(' ', 70 * 1024))), 413);
        Assert.Equal(before, Snapshot(reg));

        var ok = await b.Client.PostAsync("/staff/settings", Upload(csrf, v.Pid.ToString(), "s.json", Settings()));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var st = reg.SettingsOf(v)[^1];
        Assert.Equal("/" + st.Pid, ok.Headers.Location!.OriginalString);
        Assert.Contains(reg.AuditLog(st.Accession.ToString()), e => e.Action == "register-settings" && e.Actor.StartsWith("token:", StringComparison.Ordinal));

        // Another facility's session may not attach settings to this configuration.
        using var c = new StaffTests.Browser(h);
        await c.SignIn(reg.CreateToken(other, null, null, "test").Secret);
        before = Snapshot(reg);
        await StaffTests.Problem(await c.Client.GetAsync(form), 403);
        await StaffTests.Problem(await c.Client.PostAsync("/staff/settings", Upload(await c.Csrf("/staff"), v.Pid.ToString(), "s.json", Settings())), 403);
        // A withdrawn configuration: 410.
        reg.Withdraw(v.Pid.ToString(), "test", "test");
        before = Snapshot(reg);
        await StaffTests.Problem(await b.Client.PostAsync("/staff/settings", Upload(csrf, v.Pid.ToString(), "s.json", Settings())), 410);
        Assert.Equal(before, Snapshot(reg));
    }
}
