using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// kill -9 during writes loses no acknowledged write and leaves no half-written one (DESIGN §4).
/// Two writers: the real server's write API (registrations and descriptor submissions over HTTP
/// with a bearer token, acknowledged by 201; the server is SIGKILLed while requests are in flight),
/// and the real `phd load` process (one named graph per run, acknowledged by exit code 0, SIGKILLed
/// at varying moments). After each, the real server (`phd serve`) is started on the same data
/// directory: every acknowledged write must be there in full, and nothing half-written may exist.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int TriplesPerGraph = 20000;
    private static string GraphIri(int i) => "http://e2e.test/g/" + i.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sigkill_of_the_server_during_api_writes_loses_no_acknowledged_write_and_leaves_no_partial_one()
    {
        var dir = Paths.NewTempDir("phd-e2e-crash-api-");
        try
        {
            string descriptor = await File.ReadAllTextAsync(Path.Combine(Paths.RepoRoot, "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl"));
            // As submitted, plus the one statement the registry adds: dcterms:conformsTo the NBO-Q version.
            int descriptorTriples = PhdResolver.Rdf.Dataset.Parse(descriptor, PhdResolver.Rdf.RdfFormat.Turtle).Count + 1;
            string token = AdminToken(dir);

            var (server, http) = await StartServer(dir);
            var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<(string Kind, string Location)>();
            string facility, model;
            using (server)
            using (http)
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                facility = await PostJson(http, "api/facilities", new { name = "Crash test core" }, acknowledged, "facility") ?? throw new InvalidOperationException("facility not registered");
                model = await PostJson(http, "api/models", new { name = "Crash test model", manufacturer = "Acme" }, acknowledged, "model") ?? throw new InvalidOperationException("model not registered");
                string facilityPid = facility.TrimStart('/'), modelPid = model.TrimStart('/');

                // Writes stream in on two connections; the server is killed once a dozen are acknowledged,
                // with more in flight. (The write rate limit is 30 per client and minute, so the stream stays under it.)
                async Task Writer(int first, int step)
                {
                    for (int k = first; k < 12; k += step)
                    {
                        try
                        {
                            string doi = "doi:10.5072/crash." + k.ToString(CultureInfo.InvariantCulture);
                            if (await PostJson(http, "api/instances", new { identifier = doi, name = "Crash scope " + k, facility = facilityPid, model = modelPid }, acknowledged, "instance") is null) return;
                            using var content = new StringContent(descriptor, Encoding.UTF8, "text/turtle");
                            using var r = await http.PostAsync("api/instances/" + doi + "/versions?tier=1", content);
                            if ((int)r.StatusCode == 201) acknowledged.Enqueue(("version", PathOf(r.Headers.Location!)));
                            else if ((int)r.StatusCode != 429) Assert.Fail($"version {k}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                        }
                        catch (HttpRequestException) { return; } // the server is gone: unacknowledged
                        catch (TaskCanceledException) { return; }
                    }
                }
                var writers = new[] { Writer(0, 2), Writer(1, 2) };
                while (acknowledged.Count < 14 && !writers.All(w => w.IsCompleted)) await Task.Delay(1);
                server.KillHard();
                await Task.WhenAll(writers);
            }
            var acks = acknowledged.ToList();
            output.WriteLine($"acknowledged before SIGKILL: {acks.Count}: " + string.Join(" ", acks.Select(a => a.Kind[0] + ":" + a.Location)));
            Assert.True(acks.Count(a => a.Kind == "version") >= 4, "too few acknowledged submissions to test anything");

            var (again, http2) = await StartServer(dir);
            using (again)
            using (http2)
            {
                foreach (var (kind, location) in acks)
                {
                    using var r = await GetAs(http2, location, "application/n-quads");
                    Assert.True(r.StatusCode == System.Net.HttpStatusCode.OK, $"acknowledged {kind} {location} answers {(int)r.StatusCode} after the crash");
                }
                // Nothing half-written: every record the restarted registry lists resolves, and every
                // descriptor version it has carries the whole submitted graph.
                using var sitemap = await GetAs(http2, "/sitemap.xml", "application/xml");
                var urls = System.Text.RegularExpressions.Regex.Matches(await sitemap.Content.ReadAsStringAsync(), "<loc>([^<]+)</loc>")
                    .Select(m => new Uri(m.Groups[1].Value).AbsolutePath).Where(p => p.Contains("crash", StringComparison.Ordinal) || p.StartsWith("/phd:", StringComparison.Ordinal)).ToList();
                int versions = 0;
                foreach (var path in urls)
                {
                    using var r = await GetAs(http2, path, "application/n-quads");
                    Assert.True(r.StatusCode == System.Net.HttpStatusCode.OK, $"{path} (listed after the crash) answers {(int)r.StatusCode}");
                    var ds = PhdResolver.Rdf.Dataset.Parse(await r.Content.ReadAsStringAsync(), PhdResolver.Rdf.RdfFormat.NQuads);
                    int graphTriples = ds.Count(q => q.Graph is not null);
                    if (System.Text.RegularExpressions.Regex.IsMatch(path, "/c[0-9]+$"))
                    {
                        versions++;
                        Assert.True(graphTriples == descriptorTriples, $"{path} is half-written: {graphTriples} of {descriptorTriples} triples");
                    }
                }
                output.WriteLine($"after restart: {urls.Count} records listed, {versions} versions, all complete");
                Assert.True(versions >= acks.Count(a => a.Kind == "version"));
                await AssertRecordGraphsMatch(http2, acks, versions);
                again.KillHard();
            }
        }
        finally
        {
            Paths.DeleteQuietly(dir);
        }
    }

    /// <summary>
    /// The record graphs ({base}record/{PID}) were committed with their rows, so after the crash they agree
    /// with the registry: every acknowledged facility, model and instance has one, each version's hardware
    /// graph ({base}phd:ACC) has exactly one version record graph and no version record graph lacks its
    /// hardware graph (no phantom), each record graph speaks about its own record, and every instance with
    /// an acknowledged version names a current version that exists.
    /// </summary>
    private async Task AssertRecordGraphsMatch(HttpClient http, List<(string Kind, string Location)> acks, int versionsListed)
    {
        const string nboq = "https://w3id.org/nbo-q/";
        var rows = await Select(http, "SELECT ?g ?s ?t WHERE { GRAPH ?g { ?s a ?t } FILTER(CONTAINS(STR(?g), \"/record/\") && ?t IN ("
            + $"<{nboq}Facility>, <{nboq}InstrumentModel>, <{nboq}InstrumentInstance>, <{nboq}HardwareDescriptor>)) }}");
        var records = new Dictionary<string, string>(StringComparer.Ordinal); // PID -> class local name
        foreach (var r in rows)
        {
            string g = r["g"], s = r["s"];
            int at = g.IndexOf("/record/", StringComparison.Ordinal);
            string pid = g[(at + "/record/".Length)..];
            Assert.True(s == g[..(at + 1)] + pid, $"record graph {g} speaks about {s}, not its own record");
            Assert.True(records.TryAdd(pid, r["t"][nboq.Length..]), $"record graph {g} types its record twice");
        }
        output.WriteLine("record graphs after restart: " + string.Join(", ", records.GroupBy(kv => kv.Value).Select(x => $"{x.Key}={x.Count()}")));
        var doi = new System.Text.RegularExpressions.Regex(@"doi:10\.5072/crash\.[0-9]+");
        foreach (var (kind, location) in acks.Where(a => a.Kind != "version"))
        {
            string pid = kind == "instance" ? doi.Match(location).Value : location.TrimStart('/');
            string expected = kind switch { "facility" => "Facility", "model" => "InstrumentModel", _ => "InstrumentInstance" };
            Assert.True(records.TryGetValue(pid, out var cls) && cls == expected, $"acknowledged {kind} {pid} has no {expected} record graph after the crash");
        }
        // Hardware graphs are named {base}phd:ACC, exactly the version records' IRIs.
        var hardware = (await Select(http, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), \"/phd:\") && !CONTAINS(STR(?g), \"/record/\")) }"))
            .Select(r => r["g"][(r["g"].LastIndexOf('/') + 1)..]).ToHashSet(StringComparer.Ordinal);
        var versionRecords = records.Where(kv => kv.Value == "HardwareDescriptor").Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        Assert.True(hardware.SetEquals(versionRecords),
            $"hardware graphs [{string.Join(" ", hardware.Order())}] and version record graphs [{string.Join(" ", versionRecords.Order())}] differ");
        Assert.Equal(versionsListed, versionRecords.Count);
        var current = (await Select(http, $"SELECT ?i ?v WHERE {{ GRAPH ?g {{ ?i <{nboq}currentVersion> ?v }} }}"))
            .ToDictionary(r => r["i"][(r["i"].IndexOf("doi:", StringComparison.Ordinal) is var k and >= 0 ? k : 0)..], r => r["v"][(r["v"].LastIndexOf('/') + 1)..], StringComparer.Ordinal);
        foreach (var (_, location) in acks.Where(a => a.Kind == "version"))
        {
            string instance = doi.Match(location).Value;
            Assert.True(current.TryGetValue(instance, out var v) && versionRecords.Contains(v),
                $"{instance} has an acknowledged version but names no existing current version ({v ?? "none"})");
        }
    }

    /// <summary>
    /// The lifecycle writes of issue 15 under SIGKILL: metadata edits with external identifiers and people, moves,
    /// withdrawals, related works added and removed, acquisition settings and token creation/revocation over the admin API stream in on two connections while the
    /// server is killed. After a restart every acknowledged one is there (the edit's description, the move's
    /// 301, the withdrawal's 410, the token's state), and no record is half-written: each instrument's record
    /// graph states the revision its history adds up to, and holds exactly the identifiers of its last edit.
    /// </summary>
    [Fact]
    public async Task Sigkill_during_lifecycle_writes_loses_no_acknowledged_one()
    {
        var dir = Paths.NewTempDir("phd-e2e-crash-life-");
        try
        {
            string admin = AdminToken(dir);
            var (server, http) = await StartServer(dir);
            var acks = new System.Collections.Concurrent.ConcurrentQueue<(string Kind, string Subject, string Value)>();
            var instruments = new List<string>();
            string there, versionPath;
            using (server)
            using (http)
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
                var none = new System.Collections.Concurrent.ConcurrentQueue<(string, string)>();
                string here = (await PostJson(http, "api/facilities", new { name = "Crash core A" }, none, "facility"))!.TrimStart('/');
                there = (await PostJson(http, "api/facilities", new { name = "Crash core B" }, none, "facility"))!.TrimStart('/');
                string model = (await PostJson(http, "api/models", new { name = "Crash model", manufacturer = "Acme" }, none, "model"))!.TrimStart('/');
                for (int k = 0; k < 6; k++)
                {
                    string doi = "doi:10.5072/life." + k.ToString(CultureInfo.InvariantCulture);
                    await PostJson(http, "api/instances", new { identifier = doi, name = "Life " + k, facility = here, model }, none, "instance");
                    instruments.Add(doi);
                }
                // One configuration version, to link related works to while the server is killed.
                string descriptor = await File.ReadAllTextAsync(Path.Combine(Paths.RepoRoot, "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl"));
                using (var content = new StringContent(descriptor, Encoding.UTF8, "text/turtle"))
                using (var v = await http.PostAsync("api/instances/doi:10.5072/life.5/versions?tier=1", content))
                {
                    Assert.True((int)v.StatusCode == 201, await v.Content.ReadAsStringAsync());
                    versionPath = "/" + (await v.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pid").GetString(); // the accession: stable while the instrument moves
                }
                // Under the write limit of 30 per minute: 10 writes above, at most 20 lifecycle writes below.
                async Task<System.Net.HttpStatusCode?> Send(HttpMethod method, string path, object? body)
                {
                    using var req = new HttpRequestMessage(method, path);
                    if (body is not null) req.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
                    try
                    {
                        using var r = await http.SendAsync(req);
                        if ((int)r.StatusCode >= 300 && (int)r.StatusCode != 429) Assert.Fail($"{method} {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                        if (r.StatusCode == System.Net.HttpStatusCode.Created && path == "api/tokens")
                            acks.Enqueue(("token", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, "active"));
                        return r.StatusCode;
                    }
                    catch (HttpRequestException) { return null; } // the server is gone: unacknowledged
                    catch (TaskCanceledException) { return null; }
                }
                async Task Writer(int first)
                {
                    for (int k = first; k < instruments.Count; k += 2)
                    {
                        string pid = instruments[k];
                        string text = "edited " + k.ToString(CultureInfo.InvariantCulture);
                        if (await Send(HttpMethod.Patch, "api/records/" + pid, new
                            {
                                description = text,
                                identifiers = new[] { new { scheme = "serial", value = "SN-" + k.ToString(CultureInfo.InvariantCulture) } },
                                people = new[] { new { name = "Person " + k.ToString(CultureInfo.InvariantCulture), orcid = "0000-0002-1825-0097", role = "contact" } },
                            }) != System.Net.HttpStatusCode.OK) return;
                        acks.Enqueue(("edit", pid, text));
                        if (k % 4 < 2)
                        {
                            if (await Send(HttpMethod.Post, "api/records/" + pid + "/move", new { facility = there }) != System.Net.HttpStatusCode.OK) return;
                            acks.Enqueue(("move", pid, there));
                        }
                        else
                        {
                            if (await Send(HttpMethod.Post, "api/records/" + pid + "/withdraw", new { reason = "crash test" }) != System.Net.HttpStatusCode.OK) return;
                            acks.Enqueue(("withdraw", pid, ""));
                        }
                        if (await Send(HttpMethod.Post, "api/tokens", new { facility = there, note = "crash " + k.ToString(CultureInfo.InvariantCulture) }) != System.Net.HttpStatusCode.Created) return;
                        string work = "doi:10.5072/life-work." + k.ToString(CultureInfo.InvariantCulture);
                        if (k < 4 && await Send(HttpMethod.Post, "api/records" + versionPath + "/related", new { identifier = work, relation = "used-by", title = "Work " + k.ToString(CultureInfo.InvariantCulture) }) == System.Net.HttpStatusCode.Created)
                            acks.Enqueue(("related", versionPath, work));
                        // Removing a related work: linked, then unlinked; only an acknowledged removal is asserted.
                        string gone = "10.5072/life-gone." + k.ToString(CultureInfo.InvariantCulture);
                        if (k < 4 && await Send(HttpMethod.Post, "api/records" + versionPath + "/related", new { identifier = "doi:" + gone, relation = "used-by", title = "Gone " + k.ToString(CultureInfo.InvariantCulture) }) == System.Net.HttpStatusCode.Created
                            && await Send(HttpMethod.Post, "api/records" + versionPath + "/related/remove", new { identifier = "doi:" + gone, reason = "crash test" }) == System.Net.HttpStatusCode.OK)
                            acks.Enqueue(("unrelated", versionPath, gone));
                        // Acquisition settings (issue 15 item 5): their own record, acknowledged with its PHD.
                        if (k < 2)
                        {
                            string name = "Crash settings " + k.ToString(CultureInfo.InvariantCulture);
                            using var req = new HttpRequestMessage(HttpMethod.Post, "api/records" + versionPath + "/settings")
                            { Content = new StringContent($"<urn:crash:settings> <https://w3id.org/nbo-q/name> \"{name}\" .", Encoding.UTF8, "text/turtle") };
                            try
                            {
                                using var r = await http.SendAsync(req);
                                if (r.StatusCode != System.Net.HttpStatusCode.Created) return;
                                acks.Enqueue(("settings", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString()!, name));
                            }
                            catch (HttpRequestException) { return; } // the server is gone: unacknowledged
                            catch (TaskCanceledException) { return; }
                        }
                    }
                }
                var writers = new[] { Writer(0), Writer(1) };
                while (acks.Count < 8 && !writers.All(w => w.IsCompleted)) await Task.Delay(1);
                // One revocation in the stream too, then the kill.
                if (acks.FirstOrDefault(a => a.Kind == "token") is { Subject: { } id } && await Send(HttpMethod.Delete, "api/tokens/" + id, null) == System.Net.HttpStatusCode.OK)
                    acks.Enqueue(("token", id, "revoked"));
                server.KillHard();
                await Task.WhenAll(writers);
            }
            var list = acks.ToList();
            output.WriteLine($"acknowledged before SIGKILL: {list.Count}: " + string.Join(" ", list.Select(a => a.Kind + ":" + a.Subject)));
            Assert.True(list.Count(a => a.Kind == "edit") >= 2, "too few acknowledged edits to test anything");

            var (again, http2) = await StartServer(dir);
            using (again)
            using (http2)
            {
                http2.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
                var tokens = (await http2.GetFromJsonAsync<JsonElement>("api/tokens")).EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString()!);
                foreach (var (kind, subject, value) in list)
                {
                    switch (kind)
                    {
                        case "edit":
                            using (var r = await GetAs(http2, "/" + subject, "text/turtle"))
                                Assert.Contains(value, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                            break;
                        case "move": // the client follows the 301 from the lone PID to the canonical path, now under the new facility
                            using (var r = await GetAs(http2, "/" + subject, "text/html"))
                                Assert.Contains("/" + value + "/", r.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
                            break;
                        case "withdraw":
                            using (var r = await GetAs(http2, "/" + subject, "text/html"))
                                Assert.True(r.StatusCode == System.Net.HttpStatusCode.Gone, $"acknowledged withdrawal of {subject} answers {(int)r.StatusCode}");
                            break;
                        case "related":
                            using (var r = await GetAs(http2, subject, "text/html"))
                                Assert.Contains(value, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                            break;
                        case "unrelated": // the version's page no longer lists it
                            using (var r = await GetAs(http2, subject, "text/html"))
                                Assert.DoesNotContain(value, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                            break;
                        case "settings": // its own page, and listed on its configuration's
                            using (var r = await GetAs(http2, subject, "text/html"))
                            {
                                Assert.True(r.StatusCode == System.Net.HttpStatusCode.OK, $"acknowledged settings {subject} answers {(int)r.StatusCode}");
                                Assert.Contains(value, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                            }
                            using (var r = await GetAs(http2, versionPath, "text/html"))
                                Assert.Contains("href=\"" + subject + "\"", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                            break;
                        case "token":
                            Assert.True(tokens.TryGetValue(subject, out var state) && (state == value || value == "active"), $"acknowledged token {subject} is {state ?? "missing"}, not {value}");
                            break;
                    }
                }
                // Nothing half-written: the revision in each record graph is 1 + the edits its history holds,
                // and the serial numbers it states are those of its last edit (or none).
                const string nboq = "https://w3id.org/nbo-q/";
                foreach (var pid in instruments)
                {
                    var history = (await http2.GetFromJsonAsync<JsonElement>("api/records/" + pid + "/history")).GetProperty("entries").EnumerateArray()
                        .Where(e => e.GetProperty("target").GetString() == pid).ToList();
                    int edits = history.Count(e => e.GetProperty("action").GetString() == "edit-record");
                    var rows = await Select(http2, $"SELECT ?r ?sn WHERE {{ ?i <{nboq}recordRevision> ?r . OPTIONAL {{ ?i <https://schema.org/serialNumber> ?sn }} FILTER(STRENDS(STR(?i), \"/{pid}\")) }}");
                    Assert.True(rows.Count == 1, $"{pid}: {rows.Count} revision rows");
                    Assert.Equal((1 + edits).ToString(CultureInfo.InvariantCulture), rows[0]["r"]);
                    Assert.Equal(edits > 0, rows[0].ContainsKey("sn"));
                    var people = await Select(http2, $"SELECT ?n WHERE {{ ?i <https://schema.org/contactPoint>/<https://schema.org/name> ?n FILTER(STRENDS(STR(?i), \"/{pid}\")) }}");
                    Assert.Equal(edits > 0 ? 1 : 0, people.Count);
                }
                again.KillHard();
            }
        }
        finally
        {
            Paths.DeleteQuietly(dir);
        }
    }

    private static async Task<List<Dictionary<string, string>>> Select(HttpClient http, string query)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "sparql") { Content = new FormUrlEncodedContent([new("query", query)]) };
        req.Headers.TryAddWithoutValidation("Accept", "application/sparql-results+json");
        using var r = await http.SendAsync(req);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        return [.. doc.RootElement.GetProperty("results").GetProperty("bindings").EnumerateArray()
            .Select(b => b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString()!, StringComparer.Ordinal))];
    }

    /// <summary>An administrator token made by the real `phd token create` on the (stopped) data directory.</summary>
    private static string AdminToken(string dir)
    {
        using var tok = PhdChild.Start("token", "create", "--data", dir, "--admin");
        Assert.True(tok.Process.WaitForExit(60_000), "phd token create hung");
        tok.Process.WaitForExit(); // without a timeout it also drains the asynchronously read stdout
        Assert.True(tok.Process.ExitCode == 0, tok.Stderr);
        var token = tok.Stdout.Trim();
        Assert.False(string.IsNullOrEmpty(token), "phd token create printed no token");
        return token;
    }

    private static Task<(PhdChild, HttpClient)> StartServer(string dir) => PhdChild.Serve(dir, TimeSpan.FromSeconds(30));

    // The restarted server listens on another port: keep only the path of a Location.
    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;

    private static async Task<HttpResponseMessage> GetAs(HttpClient http, string path, string accept)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(http.BaseAddress!, path));
        req.Headers.TryAddWithoutValidation("Accept", accept);
        return await http.SendAsync(req);
    }

    /// <summary>POSTs JSON; on 201 records the Location as acknowledged and returns it, on 429 returns null.</summary>
    private static async Task<string?> PostJson(HttpClient http, string path, object body, System.Collections.Concurrent.ConcurrentQueue<(string, string)> acks, string kind)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var r = await http.PostAsync(path, content);
        if ((int)r.StatusCode == 429) return null;
        Assert.True((int)r.StatusCode == 201, $"POST {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        string location = PathOf(r.Headers.Location!);
        acks.Enqueue((kind, location));
        return location;
    }

    [Fact]
    public async Task Sigkill_during_loads_loses_no_acknowledged_write_and_leaves_no_partial_one()
    {
        var dir = Paths.NewTempDir("phd-e2e-crash-");
        var files = Paths.NewTempDir("phd-e2e-crash-files-");
        try
        {
            var acknowledged = new List<int>();
            var killed = new List<int>();
            // Kill runs 2..8 at different moments, found from the writer's own progress log rather than from timing:
            // at start-up, on its first log line, once parsing is done (i.e. during the commit) and a little after that.
            var killAt = new Dictionary<int, (string? Marker, int DelayMs)>
            {
                [2] = (null, 150), [3] = ("phd load:", 0), [5] = ("parsed", 0), [6] = ("parsed", 2), [8] = ("parsed", 10),
            };
            for (int i = 0; i < 10; i++)
            {
                var file = Path.Combine(files, $"g{i}.nt");
                await File.WriteAllTextAsync(file, Triples(i));
                using var child = PhdChild.Start("load", file, "--data", dir, "--graph", GraphIri(i));
                if (killAt.TryGetValue(i, out var when))
                {
                    while (when.Marker is not null && !child.Process.HasExited && !child.Stderr.Contains(when.Marker, StringComparison.Ordinal))
                        await Task.Delay(1);
                    if (when.DelayMs > 0) await Task.Delay(when.DelayMs);
                    bool wasRunning = !child.Process.HasExited;
                    child.KillHard();
                    if (wasRunning)
                    {
                        killed.Add(i);
                        output.WriteLine($"run {i}: SIGKILL at ({when.Marker ?? "start"}, +{when.DelayMs} ms); its log so far: {child.Stderr.Trim().Replace('\n', '|')}");
                        continue;
                    }
                }
                Assert.True(child.Process.WaitForExit(120_000), $"phd load {i} hung");
                if (child.Process.ExitCode == 0) acknowledged.Add(i);
                else output.WriteLine($"run {i}: exit {child.Process.ExitCode}: {child.Stderr}");
            }
            output.WriteLine($"acknowledged: [{string.Join(",", acknowledged)}]; killed mid-run: [{string.Join(",", killed)}]");
            Assert.NotEmpty(killed);
            // Every run that was not killed must succeed: a killed writer must not leave the store locked or broken.
            Assert.Equal(10 - killed.Count, acknowledged.Count);

            // Restart: the real server on the same data directory.
            int port = Paths.FreePort();
            string origin = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
            using var server = PhdChild.Start("serve", "--data", dir, "--urls", origin, "--no-demo");
            using var http = new HttpClient { BaseAddress = new Uri(origin + "/"), Timeout = TimeSpan.FromSeconds(30) };
            await server.WaitHealthy(http);
            var counts = await PhdResolver.Tests.Shared.GraphSizes.Ask(http, "sparql");
            output.WriteLine("graphs after restart: " + string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}")));

            foreach (var i in acknowledged)
            {
                Assert.True(counts.TryGetValue(GraphIri(i), out var n), $"acknowledged graph {i} is missing after the crash");
                Assert.Equal(TriplesPerGraph, n);
            }
            // Only the loads' graphs: the registry adds the ontology graph (https://w3id.org/nbo-q/) when the server
            // opens, and in the remote mode /sparql also sees the store's own graphs (Virtuoso's system graphs).
            foreach (var (g, n) in counts.Where(kv => kv.Key.StartsWith(GraphIri(0)[..^1], StringComparison.Ordinal)))
                Assert.True(n == TriplesPerGraph, $"graph {g} is half-written: {n} of {TriplesPerGraph} triples");
            foreach (var i in killed)
                output.WriteLine($"killed run {i}: {(counts.ContainsKey(GraphIri(i)) ? "committed in full" : "absent")}");
            server.KillHard();
        }
        finally
        {
            Paths.DeleteQuietly(dir);
            Paths.DeleteQuietly(files);
        }
    }

    private static string Triples(int g)
    {
        var sb = new StringBuilder(TriplesPerGraph * 90);
        for (int k = 0; k < TriplesPerGraph; k++)
            sb.Append(CultureInfo.InvariantCulture, $"<http://e2e.test/r/{g}/{k / 4}> <http://e2e.test/p{k % 4}> \"value {g}-{k}\" .\n");
        return sb.ToString();
    }
}
