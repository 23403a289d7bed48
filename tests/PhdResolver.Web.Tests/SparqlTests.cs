using System.Net;
using System.Net.Http.Headers;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Tests;

public sealed class SparqlHost : IDisposable
{
    public SparqlHost()
    {
        Host = TestHost.Start();
        var store = ((StoreHost)Host.App.Services.GetService(typeof(StoreHost))!).Store;
        using var tx = store.BeginWrite();
        var ds = Dataset.Parse("""
            @prefix nboq: <https://w3id.org/nbo-q/> .
            @prefix schema: <https://schema.org/> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <http://localhost/i/1> a nboq:Instrument ; schema:name "Scope <script>alert(1)</script>" ;
                nboq:hasComponent <http://localhost/i/1/obj>, <http://localhost/i/1/laser> .
            <http://localhost/i/1/obj> a nboq:Objective ; nboq:lensNA 1.4 ; nboq:immersionType nboq:ImmersionTypeList-Mineral_Oil .
            nboq:ImmersionTypeList-Mineral_Oil skos:notation "Mineral Oil" .
            <http://localhost/i/1/laser> a nboq:Laser ; nboq:wavelength 561.0 .
            """, RdfFormat.Turtle);
        var sink = tx.CreateLoadSink(new Iri("http://localhost/phd:TEST"));
        foreach (var q in ds) sink.OnQuad(q);
        tx.Commit();
    }

    public TestHost Host { get; }
    public void Dispose() => Host.Dispose();
}

public sealed class SparqlTests(SparqlHost fixture) : IClassFixture<SparqlHost>
{
    private readonly HttpClient _c = fixture.Host.Client;
    private const string Select = "SELECT ?s WHERE { ?s a <https://w3id.org/nbo-q/Laser> }";

    [Fact]
    public async Task Get_query_answers_sparql_json_by_default()
    {
        var r = await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString(Select));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/sparql-results+json", r.MediaType());
        var json = await r.Json();
        Assert.Equal("http://localhost/i/1/laser", json.GetProperty("results").GetProperty("bindings")[0].GetProperty("s").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Post_form_and_post_direct_both_work()
    {
        var form = await _c.PostAsync("/sparql", new FormUrlEncodedContent([new("query", Select)]));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("laser", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var direct = await _c.PostAsync("/sparql", new StringContent(Select, System.Text.Encoding.UTF8, "application/sparql-query"));
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Contains("laser", await direct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/sparql-results+xml", "application/sparql-results+xml")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("text/tab-separated-values", "text/tab-separated-values")]
    [InlineData("application/sparql-results+json", "application/sparql-results+json")]
    [InlineData("application/json", "application/sparql-results+json")]
    [InlineData("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml")]
    public async Task Select_results_by_content_negotiation(string accept, string expected)
    {
        var r = await _c.GetWithAccept("/sparql?query=" + Uri.EscapeDataString(Select), accept);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(expected, r.MediaType());
        Assert.Contains("Accept", r.Headers.Vary);
    }

    [Theory]
    [InlineData("text/turtle", "text/turtle")]
    [InlineData("application/ld+json", "application/ld+json")]
    [InlineData("application/n-triples", "application/n-triples")]
    [InlineData("", "text/turtle")]
    public async Task Graph_results_by_content_negotiation(string accept, string expected)
    {
        var q = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }";
        var r = await _c.GetWithAccept("/sparql?query=" + Uri.EscapeDataString(q), accept);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(expected, r.MediaType());
        Assert.Contains("Laser", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_and_format_parameter()
    {
        var r = await _c.GetAsync("/sparql?format=xml&query=" + Uri.EscapeDataString("ASK { ?s a <https://w3id.org/nbo-q/Objective> }"));
        Assert.Equal("application/sparql-results+xml", r.MediaType());
        Assert.Contains("<boolean>true</boolean>", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unacceptable_result_type_is_406_listing_alternatives()
    {
        var r = await _c.GetWithAccept("/sparql?query=" + Uri.EscapeDataString(Select), "image/png");
        var p = await r.AssertProblem(406);
        Assert.Contains("text/csv", p.GetProperty("alternatives").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Syntax_error_is_400_with_line_and_column()
    {
        var r = await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString("SELECT * WHERE {\n  ?s ?p \n}"));
        var p = await r.AssertProblem(400);
        Assert.True(p.GetProperty("line").GetInt64() >= 1);
        Assert.True(p.GetProperty("column").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/sparql")]
    [InlineData("http://localhost/sparql")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    public async Task Service_to_any_host_is_refused(string endpoint)
    {
        var q = $"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}";
        var r = await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString(q));
        var p = await r.AssertProblem(403);
        Assert.Contains("refused", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Updates_are_refused_in_every_protocol_form()
    {
        const string u = "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }";
        await (await _c.GetAsync("/sparql?update=" + Uri.EscapeDataString(u))).AssertProblem(403);
        await (await _c.PostAsync("/sparql", new FormUrlEncodedContent([new("update", u)]))).AssertProblem(403);
        await (await _c.PostAsync("/sparql", new StringContent(u, System.Text.Encoding.UTF8, "application/sparql-update"))).AssertProblem(403);
        // An update smuggled as a query is just a syntax error.
        await (await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString(u))).AssertProblem(400);
        await (await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString("LOAD <file:///etc/passwd>"))).AssertProblem(400);
        var check = await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString("ASK { <http://x/s> ?p ?o }"));
        Assert.Contains("false", await check.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_with_other_media_type_is_415()
    {
        var r = await _c.PostAsync("/sparql", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        await r.AssertProblem(415);
    }

    [Fact]
    public async Task Service_description_in_turtle_and_json_ld()
    {
        var ttl = await _c.GetWithAccept("/sparql", "text/turtle");
        Assert.Equal("text/turtle", ttl.MediaType());
        var text = await ttl.Content.ReadAsStringAsync();
        var ds = Dataset.Parse(text, RdfFormat.Turtle);
        var sd = "http://www.w3.org/ns/sparql-service-description#";
        Assert.Contains(ds, q => q.Predicate == new Iri(sd + "endpoint") && q.Object == new Iri("http://localhost/sparql"));
        Assert.Contains(ds, q => q.Predicate == new Iri(sd + "supportedLanguage") && q.Object == new Iri(sd + "SPARQL11Query"));
        Assert.DoesNotContain(ds, q => q.Object == new Iri(sd + "SPARQL11Update"));
        var noAccept = await _c.GetAsync("/sparql");
        Assert.Equal("text/turtle", noAccept.MediaType());
        var jsonld = await _c.GetWithAccept("/sparql", "application/ld+json");
        Assert.Equal("application/ld+json", jsonld.MediaType());
        Dataset.Parse(await jsonld.Content.ReadAsStringAsync(), RdfFormat.JsonLd);
    }

    [Fact]
    public async Task Query_page_for_browsers_with_runnable_examples()
    {
        var r = await _c.GetWithAccept("/sparql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal("text/html", r.MediaType());
        var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector("form[action='/sparql'] textarea[name=query]"));
        var runs = doc.QuerySelectorAll("a.run").Select(a => a.GetAttribute("href")!).ToList();
        Assert.True(runs.Count >= 5);
        // Every example runs without error against the store.
        foreach (var href in runs)
        {
            var res = await _c.GetAsync(href);
            Assert.True(res.StatusCode == HttpStatusCode.OK, href + " -> " + await res.Content.ReadAsStringAsync());
        }
        // The headline example finds the oil 1.4 NA + 561 nm configuration.
        // (The record-graph examples before it have no records to find in this fixture.)
        var first = await _c.GetAsync(runs[PhdResolver.Web.Sparql.SparqlExamples.All.ToList().FindIndex(e => e.Title.StartsWith("Oil objectives", StringComparison.Ordinal))].Replace("format=html", "format=json", StringComparison.Ordinal));
        Assert.Contains("phd:TEST", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_results_escape_data()
    {
        var q = "SELECT ?n WHERE { ?s <https://schema.org/name> ?n }";
        var r = await _c.GetWithAccept("/sparql?query=" + Uri.EscapeDataString(q), "text/html");
        var html = await r.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        var doc = TestHost.ParseHtml(html);
        Assert.Equal("Scope <script>alert(1)</script>", doc.QuerySelector("table.results td")!.TextContent);
    }

    [Fact]
    public async Task Cors_allows_reads_from_any_origin()
    {
        var r = await _c.Send(HttpMethod.Get, "/sparql?query=" + Uri.EscapeDataString(Select), m => m.Headers.Add("Origin", "https://example.org"));
        Assert.Equal("*", r.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var pre = await _c.Send(HttpMethod.Options, "/sparql", m =>
        {
            m.Headers.Add("Origin", "https://example.org");
            m.Headers.Add("Access-Control-Request-Method", "POST");
            m.Headers.Add("Access-Control-Request-Headers", "content-type");
        });
        Assert.True(pre.IsSuccessStatusCode, ((int)pre.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("*", pre.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Protocol_dataset_parameters_override_from()
    {
        var q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
        var r = await _c.GetAsync("/sparql?default-graph-uri=" + Uri.EscapeDataString("http://localhost/nothing") + "&query=" + Uri.EscapeDataString(q));
        var json = await r.Json();
        Assert.Equal("0", json.GetProperty("results").GetProperty("bindings")[0].GetProperty("n").GetProperty("value").GetString());
    }
}

public sealed class SparqlLimitTests
{
    [Fact]
    public async Task Result_limit_cuts_json_with_a_warning_and_refuses_syntaxes_without_one()
    {
        await using var host = TestHost.Start(o => o with { SparqlMaxResultRows = 2 });
        var url = "/sparql?query=" + Uri.EscapeDataString("SELECT ?x WHERE { VALUES ?x { 1 2 3 4 } } ORDER BY DESC(?x)");
        var r = await host.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("2", r.Headers.GetValues("SPARQL-Row-Limit").Single());
        var json = await r.Json();
        var rows = json.GetProperty("results").GetProperty("bindings");
        Assert.Equal(["4", "3"], rows.EnumerateArray().Select(b => b.GetProperty("x").GetProperty("value").GetString()));
        Assert.Contains("limit of 2 rows", json.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        // The HTML table says it too.
        var html = await (await host.Client.GetAsync(url + "&format=html")).Content.ReadAsStringAsync();
        Assert.Contains("limit of 2 rows", html, StringComparison.Ordinal);
        foreach (var format in new[] { "csv", "tsv", "xml", "csv-safe" })
        {
            var p = await (await host.Client.GetAsync(url + "&format=" + format)).AssertProblem(422);
            Assert.Equal(2, p.GetProperty("rowLimit").GetInt64());
        }
    }

    [Fact]
    public async Task Pages_of_a_long_result_come_through_limit_and_offset()
    {
        await using var host = TestHost.Start(o => o with { SparqlMaxResultRows = 3 });
        var values = "VALUES ?x { " + string.Join(' ', Enumerable.Range(1, 10)) + " }";
        var seen = new List<string>();
        for (int offset = 0; offset < 10; offset += 3)
        {
            var q = $"SELECT ?x WHERE {{ {values} }} ORDER BY ?x LIMIT 3 OFFSET {offset}";
            var r = await host.Client.GetAsync("/sparql?format=csv&query=" + Uri.EscapeDataString(q));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            seen.AddRange((await r.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1));
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
        // A LIMIT within the row limit is no cut, whatever the size of the result before it.
        var json = await (await host.Client.GetAsync("/sparql?query=" + Uri.EscapeDataString($"SELECT ?x WHERE {{ {values} }} LIMIT 3"))).Json();
        Assert.False(json.TryGetProperty("warnings", out _));
    }

    [Fact]
    public async Task Service_description_announces_the_row_limit()
    {
        await using var host = TestHost.Start(o => o with { SparqlMaxResultRows = 1234 });
        var r = await host.Client.GetWithAccept("/sparql", "text/turtle");
        var ds = Dataset.Parse(await r.Content.ReadAsStringAsync(), RdfFormat.Turtle);
        var limit = Assert.Single(ds, q => q.Predicate is Iri { Value: var p } && p.EndsWith("/sparql#maxResultRows", StringComparison.Ordinal) && q.Object is Literal);
        Assert.Equal("1234", ((Literal)limit.Object).Lexical);
    }

    [Fact]
    public async Task Timeout_is_a_problem_not_a_hang()
    {
        await using var host = TestHost.Start(o => o with { SparqlTimeout = TimeSpan.FromMilliseconds(50) });
        // A cross product big enough to run past 50 ms.
        var q = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a {1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20} "
            + string.Concat(Enumerable.Range(0, 6).Select(i => $"VALUES ?b{i} {{1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20}} ")) + "}";
        var r = await host.Client.GetAsync("/sparql?query=" + Uri.EscapeDataString(q));
        await r.AssertProblem(503);
        // The server keeps serving: the next query gets its answer.
        var next = await host.Client.GetAsync("/sparql?query=" + Uri.EscapeDataString("SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { 1 2 3 } }"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("3", (await next.Json()).GetProperty("results").GetProperty("bindings")[0].GetProperty("n").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after()
    {
        await using var host = TestHost.Start(o => o with { SparqlPermitsPerWindow = 2 });
        var url = "/sparql?query=" + Uri.EscapeDataString("ASK {}");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(url)).StatusCode);
        var r = await host.Client.GetAsync(url);
        await r.AssertProblem(429);
        Assert.NotNull(r.Headers.RetryAfter);
        // Cheap endpoints are not limited.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Huge_bodies_are_413()
    {
        await using var host = TestHost.Start(o => o with { MaxRequestBodyBytes = 1000 });
        var big = "ASK {} #" + new string('x', 5000);
        var r = await host.Client.PostAsync("/sparql", new StringContent(big, System.Text.Encoding.UTF8, "application/sparql-query"));
        await r.AssertProblem(413);
        // Without Content-Length (chunked): cut off while reading.
        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/sparql-query");
        using var req = new HttpRequestMessage(HttpMethod.Post, "/sparql") { Content = chunked };
        req.Headers.TransferEncodingChunked = true;
        var r2 = await host.Client.SendAsync(req);
        await r2.AssertProblem(413);
    }
}
