using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using PhdResolver.Tests.Shared;
using Xunit.Abstractions;

namespace PhdResolver.Cli.Tests;

/// <summary>
/// Issue 16's bar "database restart", checked the way an operator would: two <c>phd serve --database</c> processes on
/// one PostgreSQL database take API writes from several clients while PostgreSQL is restarted (<c>pg_ctl restart -m
/// fast</c>). Every answer is a 2xx or a 503 problem document, nothing hangs, every acknowledged record resolves on
/// both replicas with its history, no refused write is left half-applied, and both servers take new writes without
/// being restarted. The restart is safe for the other tests of the assembly because every test that uses the
/// shared server joins <see cref="PostgresCollection"/>, and xunit runs one collection's tests one at a time.
/// </summary>
[Trait("Category", "Cli")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresRestartHttpTests(PostgresServer pg, ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("phd-pg-restart-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_database_restart_under_HTTP_writes_to_two_replicas_is_2xx_or_503_and_loses_nothing_acknowledged()
    {
        string db = pg.CreateDatabase();
        // One after the other: the first creates the schema, the second opens it (as an operator starts a second replica).
        using var a = await Serve("a", db);
        using var b = await Serve("b", db);

        // An administrator token, created as an operator would while the server runs (through its API); the other
        // replica sees it once it has followed the registry.
        var created = PhdProcess.Run(null, "token", "create", "--admin", "--note", "restart test", "--data", a.Dir);
        Assert.True(created.ExitCode == 0, created.Stderr);
        string token = created.Stdout.Trim();
        foreach (var r in new[] { a, b }) r.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.True(await Eventually(async () => (await b.Http.GetAsync("api/tokens")).StatusCode == HttpStatusCode.OK, 60), "replica b never accepted the token");

        var acknowledged = new ConcurrentBag<(Replica Where, string Rrid)>();
        var refused = new ConcurrentBag<string>();
        var wrong = new ConcurrentQueue<string>(); // anything that is neither 2xx nor a 503 problem: the test fails with these
        int stop = 0;
        async Task Writer(Replica r, int who)
        {
            for (int k = 0; Volatile.Read(ref stop) == 0; k++)
            {
                string rrid = $"RRID:SCR_{who * 100_000 + k:D6}";
                var body = new StringContent(JsonSerializer.Serialize(new { rrid, name = $"Restart facility {who}-{k}" }), Encoding.UTF8, "application/json");
                try
                {
                    using var res = await r.Http.PostAsync("api/facilities", body);
                    string text = await res.Content.ReadAsStringAsync();
                    if (res.IsSuccessStatusCode)
                        acknowledged.Add((r, rrid));
                    else if (res.StatusCode == HttpStatusCode.ServiceUnavailable && ProblemFault(res, text) is null)
                    {
                        refused.Add(rrid);
                        await Task.Delay(20);
                    }
                    else
                        wrong.Enqueue($"{r.Name} {rrid}: {(int)res.StatusCode} {ProblemFault(res, text)} {text}");
                }
                catch (TaskCanceledException)
                {
                    wrong.Enqueue($"{r.Name} {rrid}: no answer in {r.Http.Timeout.TotalSeconds} s");
                }
                catch (HttpRequestException e)
                {
                    wrong.Enqueue($"{r.Name} {rrid}: {e.Message} (exited: {r.Process.HasExited})");
                    await Task.Delay(200);
                }
            }
        }
        var writers = new[] { (a, 1), (a, 2), (b, 3), (b, 4) }.Select(w => Task.Run(() => Writer(w.Item1, w.Item2))).ToArray();
        // The restart comes once writes flow on both replicas (a loaded machine is slow to warm up), not at a fixed time.
        for (var until = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < until && (acknowledged.Count(x => x.Where == a) < 5 || acknowledged.Count(x => x.Where == b) < 5);)
            await Task.Delay(100);
        int before = acknowledged.Count;
        pg.Restart();
        await Task.Delay(3000);
        Volatile.Write(ref stop, 1);
        var finished = Task.WhenAll(writers);
        Assert.True(await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(120))) == finished, "a writer hung");
        await finished;
        int total = acknowledged.Count + refused.Count + wrong.Count;
        output.WriteLine($"HTTP writes: {acknowledged.Count} acknowledged ({before} before the restart), {refused.Count} refused with a 503 problem, {wrong.Count} otherwise, {total} in all");
        Assert.True(wrong.IsEmpty, "answers that are neither 2xx nor a 503 problem:\n" + string.Join('\n', wrong.Take(20)) + Tail(a) + Tail(b));
        Assert.True(acknowledged.Count > before, "no write succeeded after the restart");

        // New writes succeed on both replicas without restarting them (the first try: the writers ran on past the restart).
        foreach (var (r, rrid) in new[] { (a, "RRID:SCR_999998"), (b, "RRID:SCR_999997") })
        {
            using var res = await r.Http.PostAsync("api/facilities", new StringContent(JsonSerializer.Serialize(new { rrid, name = "After the restart " + r.Name }), Encoding.UTF8, "application/json"));
            Assert.True(res.StatusCode == HttpStatusCode.Created, $"{r.Name}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
            acknowledged.Add((r, rrid));
        }

        // Every acknowledged record resolves on both replicas (the other one follows within seconds), with its history entry.
        foreach (var r in new[] { a, b })
        {
            var missing = acknowledged.Select(x => x.Rrid).ToHashSet();
            bool all = await Eventually(async () =>
            {
                foreach (var rrid in missing.ToArray())
                    if (await Resolves(r, rrid)) missing.Remove(rrid);
                return missing.Count == 0;
            }, 60);
            Assert.True(all, $"{r.Name} does not resolve {missing.Count} acknowledged records, e.g. {missing.FirstOrDefault()}");
        }

        // Nothing half-applied: in the database every facility row has its audit row; on each replica the registry's
        // listing (the sitemap) names as many facilities as the graph has facility record graphs, and both as many as the database.
        long facilities;
        await using (var c = new NpgsqlConnection(ConnectionString(db)))
        {
            await c.OpenAsync();
            facilities = await Count(c, "SELECT count(*) FROM reg_facilities");
            Assert.Equal(facilities, await Count(c, "SELECT count(*) FROM reg_audit WHERE action = 'register-facility'"));
        }
        output.WriteLine($"database: {facilities} facilities, {facilities - acknowledged.Count} of them from writes answered 503 (committed, answer lost in the restart)");
        Assert.True(facilities >= acknowledged.Count);
        foreach (var r in new[] { a, b })
        {
            (long Listed, long Graphs) seen = default;
            Assert.True(await Eventually(async () => (seen = (await Listed(r), await Graphs(r))) == (facilities, facilities), 60),
                $"{r.Name}: {seen.Listed} facilities listed, {seen.Graphs} facility record graphs, {facilities} in the database");
        }
        // The operator sees each refusal as one warning line, not an "unhandled exception" with a stack trace.
        string[] logged = [.. a.Process.Lines, .. b.Process.Lines];
        Assert.True(!logged.Any(l => l.Contains("   at ", StringComparison.Ordinal)), "a stack trace in the log:" + Tail(a) + Tail(b));
        Assert.True(refused.IsEmpty || logged.Any(l => l.Contains("503, storage unavailable for now", StringComparison.Ordinal)), "the 503s were not logged:" + Tail(a) + Tail(b));
    }

    /// <summary>Null when <paramref name="text"/> is an RFC 9457 problem document with a title and no stack trace; else what is wrong.</summary>
    private static string? ProblemFault(HttpResponseMessage res, string text)
    {
        if (res.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"content type {res.Content.Headers.ContentType}";
        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal)) return "a stack trace or exception name";
        try
        {
            using var j = JsonDocument.Parse(text);
            return j.RootElement.TryGetProperty("title", out var t) && t.GetString() is { Length: > 0 } ? null : "no title";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    private static async Task<bool> Resolves(Replica r, string rrid)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/" + rrid); // a relative "RRID:..." would read as a URI scheme
        page.Headers.Accept.ParseAdd("application/ld+json");
        using var res = await r.Http.SendAsync(page);
        if (res.StatusCode != HttpStatusCode.OK) return false;
        using var history = await r.Http.GetAsync($"api/records/{rrid}/history");
        if (history.StatusCode != HttpStatusCode.OK) return false;
        using var j = JsonDocument.Parse(await history.Content.ReadAsStringAsync());
        return j.RootElement.GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("action").GetString() == "register-facility");
    }

    /// <summary>Facilities in the registry's listing: the sitemap's facility pages (no demo data, so every record is one).</summary>
    private static async Task<long> Listed(Replica r)
    {
        string xml = await r.Http.GetStringAsync("sitemap.xml");
        long n = 0;
        for (int i = xml.IndexOf("SCR_", StringComparison.Ordinal); i >= 0; i = xml.IndexOf("SCR_", i + 4, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>Named graphs holding a facility, counted by SPARQL.</summary>
    private static async Task<long> Graphs(Replica r)
    {
        const string q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?f a <https://w3id.org/nbo-q/Facility> } }";
        using var req = new HttpRequestMessage(HttpMethod.Get, "sparql?query=" + Uri.EscapeDataString(q));
        req.Headers.Accept.ParseAdd("application/sparql-results+json");
        using var res = await r.Http.SendAsync(req);
        res.EnsureSuccessStatusCode();
        using var j = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        return long.Parse(j.RootElement.GetProperty("results").GetProperty("bindings")[0].GetProperty("n").GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> Count(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private string ConnectionString(string url) => pg.ConnectionString(new Uri(url).AbsolutePath.TrimStart('/'));

    private static async Task<bool> Eventually(Func<Task<bool>> condition, int seconds)
    {
        for (var until = DateTime.UtcNow.AddSeconds(seconds); ; await Task.Delay(200))
        {
            try
            {
                if (await condition()) return true;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > until) return false;
        }
    }

    private static string Tail(Replica r) => $"\n--- {r.Name} ---\n" + string.Join('\n', r.Process.Lines.TakeLast(30));

    private sealed record Replica(string Name, string Dir, PhdProcess.Running Process, HttpClient Http) : IDisposable
    {
        public void Dispose()
        {
            Http.Dispose();
            Process.Dispose();
        }
    }

    private async Task<Replica> Serve(string name, string db)
    {
        string dir = Path.Combine(_root, name);
        int port = PostgresServer.FreePort();
        var p = new PhdProcess.Running("serve", "--data", dir, "--database", db, "--urls", $"http://127.0.0.1:{port}", "--no-demo",
            "--write-rate", "1000000"); // the default 30 writes per token and minute would answer 429 to a load test
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var r = new Replica(name, dir, p, http);
        bool ready = await Eventually(async () => !p.HasExited && (await http.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, 120);
        if (!ready)
        {
            string lines = string.Join('\n', p.Lines);
            r.Dispose();
            Assert.Fail($"{name} did not get ready:\n{lines}");
        }
        return r;
    }
}
