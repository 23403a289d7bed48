using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>
/// Issue 12: IRIs are validated on every input path (a problem naming the field or parameter, nothing
/// written), and validation stops at its deadline with a 503 that writes nothing.
/// </summary>
public sealed class InputIriAndDeadlineTests
{
    private static Task<HttpResponseMessage> Post(TestHost h, string url, string body, string type, string? token)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, type) };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return h.Client.SendAsync(req);
    }

    private static PhdResolver.Registry.RegistryService Registry(TestHost h) => ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;

    [Theory]
    [InlineData("not a url")]
    [InlineData("example.org/core")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/core")]
    [InlineData("http://exa mple.org/")]
    [InlineData("https:///no-host")]
    [InlineData("https://example.org/<script>")]
    [InlineData("https://example.org/%zz")]
    [InlineData("https://example.org:99999/")]
    [InlineData("https://[::1/")]
    public async Task A_facility_homepage_that_is_not_an_http_iri_is_422_naming_the_field_and_nothing_is_written(string homepage)
    {
        await using var h = TestHost.Start();
        var reg = Registry(h);
        string admin = reg.CreateToken(null, null, "admin", "test").Secret;
        int before = reg.Facilities.Count();
        var body = System.Text.Json.JsonSerializer.Serialize(new { name = "Core", homepage });
        var p = await (await Post(h, "/api/facilities", body, "application/json", admin)).AssertProblem(422);
        Assert.Equal("homepage", p.GetProperty("field").GetString());
        Assert.StartsWith("homepage:", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, reg.Facilities.Count());
    }

    [Theory]
    [InlineData("https://example.org/core")]
    [InlineData("http://127.0.0.1:8080/a?b=c#d")]
    [InlineData("https://bücher.example/straße")]
    [InlineData("  https://example.org/trimmed  ")]
    public async Task Facility_homepages_that_are_http_iris_are_accepted(string homepage)
    {
        await using var h = TestHost.Start();
        string admin = Registry(h).CreateToken(null, null, "admin", "test").Secret;
        var body = System.Text.Json.JsonSerializer.Serialize(new { name = "Core", homepage });
        var r = await Post(h, "/api/facilities", body, "application/json", admin);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Contains(Registry(h).Facilities, f => f.Homepage == homepage.Trim());
    }

    [Theory]
    [InlineData("default-graph-uri", "not an iri")]
    [InlineData("default-graph-uri", "relative/graph")]
    [InlineData("named-graph-uri", "http://example.org/a b")]
    [InlineData("named-graph-uri", "http://example.org/<x>")]
    public async Task Sparql_graph_parameters_must_be_absolute_iris(string parameter, string value)
    {
        await using var h = TestHost.Start();
        var url = "/sparql?query=" + Uri.EscapeDataString("SELECT * WHERE { ?s ?p ?o } LIMIT 1") + $"&{parameter}=" + Uri.EscapeDataString(value);
        var p = await (await h.Client.GetAsync(url)).AssertProblem(400);
        Assert.Equal(parameter, p.GetProperty("parameter").GetString());
        // The same over the POST form.
        var form = new FormUrlEncodedContent([new("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), new(parameter, value)]);
        var p2 = await (await h.Client.PostAsync("/sparql", form)).AssertProblem(400);
        Assert.Equal(parameter, p2.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Sparql_graph_parameters_that_are_iris_are_accepted()
    {
        await using var h = TestHost.Start();
        var url = "/sparql?query=" + Uri.EscapeDataString("SELECT * WHERE { ?s ?p ?o } LIMIT 1") + "&default-graph-uri=" + Uri.EscapeDataString("urn:x:none")
            + "&named-graph-uri=" + Uri.EscapeDataString("https://example.org/g");
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(url)).StatusCode);
    }

    /// <summary>A descriptor whose validation takes far longer than a millisecond: the demo plus 5000 objectives.</summary>
    private static string Large()
    {
        var sb = new StringBuilder(PhdResolver.Web.Demo.DemoSeed.Read("widefield-1-c1.ttl"));
        for (int i = 0; i < 5000; i++)
            sb.Append(CultureInfo($":extra{i} a nboq:Objective ; nboq:id \"extra{i}\" ; nboq:name \"Extra {i}\" ; nboq:magnification {i}.0e0 .\n"));
        return sb.ToString();
    }

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);

    [Fact]
    public async Task Validation_past_its_deadline_is_503_validation_timeout()
    {
        await using var h = TestHost.Start(o => o with { ValidationTimeout = TimeSpan.FromMilliseconds(1) });
        var p = await (await h.Client.PostAsync("/api/validate?tier=3", new StringContent(Large(), Encoding.UTF8, "text/turtle"))).AssertProblem(503);
        Assert.Equal("Validation timeout", p.GetProperty("title").GetString());
        // The server is fine afterwards: with the default deadline the same service answers.
        await using var ok = TestHost.Start();
        var r = await ok.Client.PostAsync("/api/validate?tier=1", new StringContent(PhdResolver.Web.Demo.DemoSeed.Read("widefield-1-c1.ttl"), Encoding.UTF8, "text/turtle"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task A_submission_past_its_validation_deadline_is_503_and_writes_nothing()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, ValidationTimeout = TimeSpan.FromMilliseconds(1) });
        var reg = Registry(h);
        var instance = reg.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.widefield-1");
        string token = reg.CreateToken(instance.Facility.ToString(), null, "test", "test").Secret;
        int before = reg.GetVersions(instance.Pid).Count();
        var p = await (await Post(h, $"/api/instances/{instance.Pid}/versions?tier=1", Large(), "text/turtle", token)).AssertProblem(503);
        Assert.Equal("Validation timeout", p.GetProperty("title").GetString());
        Assert.Equal(before, reg.GetVersions(instance.Pid).Count());
    }
}
