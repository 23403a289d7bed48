using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Web.Api;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>Issue 12, web side: the work queue, deadlines, rate limit partitions, forwarded
/// headers, the output cache's admission rule and output escaping.</summary>
public sealed class HardeningTests
{
    private static string Q(string query) => "/sparql?query=" + Uri.EscapeDataString(query);

    /// <summary>Fills the queue with work that waits for <paramref name="release"/>: one item
    /// running on the only worker, then the backlog. Returns the blocking tasks.</summary>
    private static async Task<List<Task<int>>> Fill(WorkQueue queue, ManualResetEventSlim release)
    {
        using var started = new ManualResetEventSlim();
        var tasks = new List<Task<int>> { queue.RunAsync(_ => { started.Set(); release.Wait(); return 0; }, default) };
        Assert.True(started.Wait(TimeSpan.FromMinutes(1)), "the worker never started");
        for (int i = 0; i < queue.Backlog; i++) tasks.Add(queue.RunAsync(_ => { release.Wait(); return 0; }, default));
        await Task.Yield();
        return tasks;
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_retry_after_and_recovers()
    {
        await using var h = TestHost.Start(o => o with { HeavyWorkers = 1, HeavyBacklog = 1 });
        var queue = h.App.Services.GetRequiredService<WorkQueue>();
        using var release = new ManualResetEventSlim();
        var blocking = await Fill(queue, release);

        var r = await h.Client.GetAsync(Q("ASK {}"));
        var p = await r.AssertProblem(503);
        Assert.NotNull(r.Headers.RetryAfter);
        Assert.Contains("busy", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Validation shares the queue.
        var v = await h.Client.PostAsync("/api/validate?tier=1", new StringContent("<http://x/a> <http://x/b> <http://x/c> .", Encoding.UTF8, "text/turtle"));
        await v.AssertProblem(503);
        Assert.NotNull(v.Headers.RetryAfter);
        // Pages do not use the queue.
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/healthz")).StatusCode);

        release.Set();
        await Task.WhenAll(blocking);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(Q("ASK {}"))).StatusCode);
    }

    [Fact]
    public async Task A_query_whose_deadline_passes_while_waiting_is_cancelled_without_running()
    {
        await using var h = TestHost.Start(o => o with { HeavyWorkers = 1, HeavyBacklog = 2, SparqlTimeout = TimeSpan.FromMilliseconds(300) });
        var queue = h.App.Services.GetRequiredService<WorkQueue>();
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var blocker = queue.RunAsync(_ => { started.Set(); release.Wait(); return 0; }, default);
        Assert.True(started.Wait(TimeSpan.FromMinutes(1)));

        // The only worker is blocked until after the answer: the answer comes from the deadline.
        var r = await h.Client.GetAsync(Q("SELECT * WHERE { ?s ?p ?o }"));
        var p = await r.AssertProblem(503);
        Assert.Equal("Query timeout", p.GetProperty("title").GetString());
        Assert.False(blocker.IsCompleted);
        release.Set();
        await blocker;
    }

    [Fact]
    public async Task The_queue_runs_work_on_a_large_stack()
    {
        using var queue = new WorkQueue(1, 1, TimeSpan.FromSeconds(1));
        // 100k frames of recursion would overflow a 1.5 MB pool thread; on the worker it returns.
        static int Recurse(int n) => n == 0 ? 0 : 1 + Recurse(n - 1);
        Assert.Equal(100_000, await queue.RunAsync(_ => Recurse(100_000), default));
    }

    [Fact]
    public async Task Deeply_nested_queries_are_400_and_the_server_keeps_serving()
    {
        await using var h = TestHost.Start();
        string deep = "SELECT * WHERE { FILTER(" + new string('(', 100_000) + "1" + new string(')', 100_000) + ") }";
        var r = await h.Client.PostAsync("/sparql", new StringContent(deep, Encoding.UTF8, "application/sparql-query"));
        var p = await r.AssertProblem(400);
        Assert.Contains("levels", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        string chain = "SELECT * WHERE { FILTER(" + string.Join("+", Enumerable.Repeat("1", 100_000)) + ") }";
        await (await h.Client.PostAsync("/sparql", new StringContent(chain, Encoding.UTF8, "application/sparql-query"))).AssertProblem(400);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(Q("ASK {}"))).StatusCode);
    }

    [Fact]
    public async Task Concat_doubling_is_a_limit_error()
    {
        await using var h = TestHost.Start();
        var sb = new StringBuilder("SELECT (STRLEN(?a30) AS ?n) WHERE { BIND(\"ab\" AS ?a0) ");
        for (int i = 1; i <= 30; i++) sb.Append($"BIND(CONCAT(?a{i - 1}, ?a{i - 1}) AS ?a{i}) ");
        sb.Append('}');
        var p = await (await h.Client.GetAsync(Q(sb.ToString()))).AssertProblem(422);
        Assert.Contains("CONCAT", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // ---- rate limits

    [Fact]
    public async Task Failed_authentication_does_not_spend_a_valid_tokens_budget()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, WritePermitsPerWindow = 5 });
        var reg = h.App.Services.GetRequiredService<RegistryHost>().Registry;
        string token = reg.CreateToken(null, null, "test", "test").Secret;
        HttpRequestMessage Post(string? bearer)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/models") { Content = new StringContent("{\"name\": ", Encoding.UTF8, "application/json") };
            if (bearer is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return req;
        }
        var statuses = new List<int>();
        for (int i = 0; i < 30; i++) statuses.Add((int)(await h.Client.SendAsync(Post("phd_wrong"))).StatusCode);
        Assert.Equal(401, statuses[0]);
        Assert.Equal(429, statuses[^1]); // the failing client's own budget is spent
        // The valid token has its own budget: its malformed body is judged (400), not refused (429).
        for (int i = 0; i < 5; i++) await (await h.Client.SendAsync(Post(token))).AssertProblem(400);
        await (await h.Client.SendAsync(Post(token))).AssertProblem(429); // and that budget is real
    }

    [Fact]
    public async Task Sparql_the_query_page_search_and_validation_have_separate_buckets()
    {
        await using var h = TestHost.Start(o => o with
        {
            SparqlPermitsPerWindow = 1, ExpensivePermitsPerWindow = 1, ReadPermitsPerWindow = 1, ValidatePermitsPerWindow = 1, WritePermitsPerWindow = 1,
        });
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(Q("ASK {}"))).StatusCode);
        await (await h.Client.GetAsync(Q("ASK {}"))).AssertProblem(429);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetWithAccept("/sparql", "text/html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/search?q=x")).StatusCode);
        await (await h.Client.PostAsync("/api/models", new StringContent("{}", Encoding.UTF8, "application/json"))).AssertProblem(401);
        // Writes are spent; validation is not.
        await (await h.Client.PostAsync("/api/validate", new StringContent("", Encoding.UTF8, "text/turtle"))).AssertProblem(400);
        await (await h.Client.PostAsync("/api/validate", new StringContent("", Encoding.UTF8, "text/turtle"))).AssertProblem(429);
    }

    /// <summary>Sets the connection's remote address from a test header, as a TCP connection would.</summary>
    private static TestHost StartWithRemoteAddresses(Func<WebOptions, WebOptions> tweak) =>
        TestHost.Start(tweak, b => b.Services.AddSingleton<IStartupFilter, RemoteAddressFilter>());

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, n) =>
            {
                if (ctx.Request.Headers.TryGetValue("X-Test-Remote", out var ip)) ctx.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                return n(ctx);
            });
            next(app);
        };
    }

    private static async Task<HttpStatusCode> Ask(TestHost h, string remote, string forwardedFor)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, Q("ASK {}"));
        req.Headers.Add("X-Test-Remote", remote);
        req.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await h.Client.SendAsync(req)).StatusCode;
    }

    [Fact]
    public async Task Forwarded_for_is_honoured_only_from_a_configured_proxy()
    {
        await using var h = StartWithRemoteAddresses(o => o with { SparqlPermitsPerWindow = 1, KnownProxies = ["10.0.0.1"] });
        // Through the proxy: two clients, two budgets.
        Assert.Equal(HttpStatusCode.OK, await Ask(h, "10.0.0.1", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await Ask(h, "10.0.0.1", "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Ask(h, "10.0.0.1", "203.0.113.2"));
        // From anyone else the header is ignored: the connecting address is the client.
        Assert.Equal(HttpStatusCode.OK, await Ask(h, "10.0.0.9", "203.0.113.3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Ask(h, "10.0.0.9", "203.0.113.4"));
    }

    [Fact]
    public async Task Forwarded_for_is_ignored_without_configured_proxies()
    {
        await using var h = StartWithRemoteAddresses(o => o with { SparqlPermitsPerWindow = 1 });
        Assert.Equal(HttpStatusCode.OK, await Ask(h, "127.0.0.1", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Ask(h, "127.0.0.1", "203.0.113.2"));
    }

    // ---- output cache

    [Fact]
    public async Task Unknown_query_parameters_are_not_cached()
    {
        await using var h = TestHost.Start();
        await h.Client.GetWithAccept("/ontology/Laser", "text/html");
        Assert.True((await h.Client.GetWithAccept("/ontology/Laser", "text/html")).Headers.Age.HasValue);
        await h.Client.GetWithAccept("/ontology/Laser?x=1", "text/html");
        var varied = await h.Client.GetWithAccept("/ontology/Laser?x=1", "text/html");
        Assert.Equal(HttpStatusCode.OK, varied.StatusCode);
        Assert.False(varied.Headers.Age.HasValue);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("?format=ttl", true)]
    [InlineData("?x=1", false)]
    [InlineData("?format=ttl&x=1", false)]
    [InlineData("?format=ttl&format=html", false)]
    [InlineData("?nocache", false)]
    [InlineData("?q=laser", false)]
    public void Only_bare_urls_and_format_are_cacheable(string query, bool cacheable) =>
        Assert.Equal(cacheable, LandingPageCachePolicy.OnlyKnownParameters(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query))));

    // ---- output escaping

    [Fact]
    public async Task Csv_is_verbatim_and_csv_safe_neutralises_formulas()
    {
        await using var h = TestHost.Start();
        const string query = "SELECT ?x WHERE { VALUES ?x { \"=HYPERLINK(1)\" \"+1\" \"-1\" \"@a\" \"plain\" } }";
        var csv = await (await h.Client.GetAsync(Q(query) + "&format=csv")).Content.ReadAsStringAsync();
        Assert.Equal("x\r\n=HYPERLINK(1)\r\n+1\r\n-1\r\n@a\r\nplain\r\n", csv);
        var safe = await h.Client.GetAsync(Q(query) + "&format=csv-safe");
        Assert.Equal("text/csv", safe.MediaType());
        Assert.Equal("x\r\n'=HYPERLINK(1)\r\n'+1\r\n'-1\r\n'@a\r\nplain\r\n", await safe.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tsv_is_verbatim_and_tsv_safe_neutralises_formulas()
    {
        await using var h = TestHost.Start();
        const string query = "SELECT ?x WHERE { VALUES ?x { \"=HYPERLINK(1)\" \"@a\" -1 \"plain\" } }";
        var tsv = await (await h.Client.GetAsync(Q(query) + "&format=tsv")).Content.ReadAsStringAsync();
        Assert.Equal("?x\n\"=HYPERLINK(1)\"\n\"@a\"\n-1\n\"plain\"\n", tsv);
        var safe = await h.Client.GetAsync(Q(query) + "&format=tsv-safe");
        Assert.Equal("text/tab-separated-values", safe.MediaType());
        Assert.Equal("?x\n'\"=HYPERLINK(1)\"\n'\"@a\"\n'-1\n\"plain\"\n", await safe.Content.ReadAsStringAsync());
        // Graph results have no TSV: refused with the alternatives, as an unknown format.
        var graph = await h.Client.GetAsync(Q("CONSTRUCT WHERE { ?s ?p ?o }") + "&format=tsv-safe");
        Assert.Equal(HttpStatusCode.NotAcceptable, graph.StatusCode);
    }

    [Theory]
    [InlineData("X}, howpublished = {\\url{javascript:alert(1)}}")]
    [InlineData("\\}\\{ \\\\ } { %$#&_^~")]
    [InlineData("a\nb\rc")]
    public void TeX_text_cannot_close_a_field_or_start_a_command(string text)
    {
        string tex = Citation.TeX(text);
        int depth = 0;
        for (int i = 0; i < tex.Length; i++)
        {
            if (tex[i] == '{') depth++;
            else if (tex[i] == '}') depth--;
            Assert.True(depth >= 0, tex); // never closes the enclosing field
        }
        Assert.Equal(0, depth);
        Assert.DoesNotContain("\\url", tex, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', tex);
        // Every backslash starts one of the escapes this class writes.
        foreach (var part in tex.Split('\\').Skip(1))
            Assert.True(part.StartsWith("text", StringComparison.Ordinal) || part.Length > 0 && "$&%#_".Contains(part[0], StringComparison.Ordinal), tex);
    }

    [Fact]
    public async Task BibTex_of_a_model_with_a_hostile_manufacturer_keeps_one_entry()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        string admin = h.App.Services.GetRequiredService<RegistryHost>().Registry.CreateToken(null, null, "test", "test").Secret;
        const string hostile = "Evil}, howpublished = {\\url{javascript:alert(1)}}, x = {";
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/models")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { name = "Model }{", manufacturer = hostile }), Encoding.UTF8, "application/json"),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var created = await h.Client.SendAsync(req);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string path = (await created.Json()).GetProperty("path").GetString()!;
        var bib = await (await h.Client.GetWithAccept(path, "application/x-bibtex")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("javascript:alert(1)}", bib, StringComparison.Ordinal);
        Assert.Equal(1, bib.Split("\n  howpublished = {").Length - 1); // the name's own "howpublished" stays text
        int depth = 0;
        foreach (char c in bib[bib.IndexOf('{', StringComparison.Ordinal)..])
        {
            if (c == '{') depth++;
            else if (c == '}') depth--;
            if (depth == 0) break;
        }
        Assert.Equal(0, depth);
        Assert.EndsWith("}\n", bib, StringComparison.Ordinal);
        var ris = await (await h.Client.GetWithAccept(path, "application/x-research-info-systems")).Content.ReadAsStringAsync();
        Assert.StartsWith("TY  - ", ris, StringComparison.Ordinal);
        Assert.EndsWith("\r\nER  - \r\n", ris, StringComparison.Ordinal);
        Assert.Equal(1, ris.Split("ER  -").Length - 1);
    }
}
