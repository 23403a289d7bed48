using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// The search index is derived data: after kill -9 of the real server at any point of a stream of
/// writes (between the SQLite and the Lucene commit, during either, during a rebuild), a restart
/// gives an index equal to the registry: every live record the registry lists (its sitemap) is a
/// search hit, and every hit is such a record. No lost hit, no phantom hit.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SearchCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigkill_at_any_point_then_restart_gives_an_index_equal_to_the_registry()
    {
        var dir = Paths.NewTempDir("phd-e2e-search-crash-");
        try
        {
            string descriptor = await File.ReadAllTextAsync(Path.Combine(Paths.RepoRoot, "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl"));
            string token;
            using (var tok = PhdChild.Start("token", "create", "--data", dir, "--admin"))
            {
                Assert.True(tok.Process.WaitForExit(60_000), "phd token create hung");
                tok.Process.WaitForExit();
                Assert.True(tok.Process.ExitCode == 0, tok.Stderr);
                token = tok.Stdout.Trim();
            }
            string? facility = null, model = null;
            int next = 0;
            // Kill after 1, 2, 3 ... acknowledged writes of a round, with more in flight: the kill falls at
            // different points of the write path each time (SQLite commit, index apply, Lucene commit).
            for (int round = 0; round < 4; round++)
            {
                var (server, http) = await PhdChild.Serve(dir, TimeSpan.FromSeconds(30));
                using (server)
                using (http)
                {
                    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                    facility ??= await Post(http, "api/facilities", new { name = "Search crash core", city = "Heidelberg", country = "DE" });
                    model ??= await Post(http, "api/models", new { name = "LSM 980", manufacturer = "Zeiss", modality = "confocal" });
                    int acknowledged = 0, stopAfter = round + 1;
                    var writer = Task.Run(async () =>
                    {
                        for (int k = 0; k < 6; k++)
                        {
                            int n = Interlocked.Increment(ref next);
                            string doi = "doi:10.5072/search-crash." + n.ToString(CultureInfo.InvariantCulture);
                            try
                            {
                                if (await Post(http, "api/instances", new { identifier = doi, name = "Scope " + n, facility = facility!.TrimStart('/'), model = model!.TrimStart('/') }) is null) return;
                                Interlocked.Increment(ref acknowledged);
                                using var content = new StringContent(descriptor, Encoding.UTF8, "text/turtle");
                                using var r = await http.PostAsync("api/instances/" + doi + "/versions?tier=1", content);
                                if ((int)r.StatusCode == 201) Interlocked.Increment(ref acknowledged);
                            }
                            catch (HttpRequestException) { return; }
                            catch (TaskCanceledException) { return; }
                        }
                    });
                    while (Volatile.Read(ref acknowledged) < stopAfter && !writer.IsCompleted) await Task.Delay(1);
                    server.KillHard();
                    await writer;
                    output.WriteLine($"round {round}: killed after {acknowledged} acknowledged writes");
                }
            }

            var (again, http2) = await PhdChild.Serve(dir, TimeSpan.FromSeconds(30));
            using (again)
            using (http2)
            {
                var registry = await SitemapPaths(http2);
                Assert.True(registry.Count >= 6, "too few records to test anything");
                // The restart may rebuild in the background (old index until the swap): wait for it, boundedly.
                HashSet<string> hits = [];
                for (int attempt = 0; attempt < 50; attempt++)
                {
                    hits = await SearchPaths(http2) ?? hits; // null: rate-limited (120 searches a minute), try again later
                    if (hits.SetEquals(registry)) break;
                    await Task.Delay(500);
                }
                output.WriteLine($"registry {registry.Count} records, index {hits.Count} hits");
                Assert.Empty(registry.Except(hits)); // lost hits
                Assert.Empty(hits.Except(registry)); // phantom hits
                // Search works on the recovered index, and new writes are indexed.
                using var r = await http2.GetAsync("search?format=json&q=" + Uri.EscapeDataString("\"Scope 1\""));
                Assert.True(r.IsSuccessStatusCode);
                again.KillHard();
            }
        }
        finally
        {
            Paths.DeleteQuietly(dir);
        }
    }

    private static async Task<string?> Post(HttpClient http, string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var r = await http.PostAsync(path, content);
        if ((int)r.StatusCode == 429) return null;
        Assert.True((int)r.StatusCode == 201, $"POST {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var location = r.Headers.Location!;
        return location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
    }

    /// <summary>The record paths the registry lists (live facilities, models, instances, versions).</summary>
    private static async Task<HashSet<string>> SitemapPaths(HttpClient http)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "sitemap.xml");
        req.Headers.TryAddWithoutValidation("Accept", "application/xml");
        using var r = await http.SendAsync(req);
        var xml = await r.Content.ReadAsStringAsync();
        return System.Text.RegularExpressions.Regex.Matches(xml, "<loc>([^<]+)</loc>")
            .Select(m => Uri.UnescapeDataString(new Uri(m.Groups[1].Value).AbsolutePath))
            // Records only: every record path is made of PIDs (scheme:id), no site page (/sparql, /catalog, /dumps/...) has one.
            .Where(p => p.Contains(':', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every hit of an empty search (all records, all versions), by path.</summary>
    private static async Task<HashSet<string>?> SearchPaths(HttpClient http)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (int page = 1; page <= 100; page++)
        {
            using var r = await http.GetAsync("search?format=json&page=" + page.ToString(CultureInfo.InvariantCulture));
            if ((int)r.StatusCode == 429) return null;
            Assert.True(r.IsSuccessStatusCode, $"/search answered {(int)r.StatusCode}");
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            var hits = doc.RootElement.GetProperty("hits");
            foreach (var h in hits.EnumerateArray()) paths.Add(Uri.UnescapeDataString(h.GetProperty("path").GetString()!));
            if (hits.GetArrayLength() < doc.RootElement.GetProperty("pageSize").GetInt32()) break;
        }
        return paths;
    }
}
