using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>POST /api/batch: NDJSON, administrators only, all or nothing with the bad line named.</summary>
public sealed class BatchApiTests : IAsyncLifetime
{
    private TestHost _h = null!;
    private PhdResolver.Registry.RegistryService _reg = null!;
    private string _facilityToken = "";
    private string _admin = "";

    public Task InitializeAsync()
    {
        // The general body limit is small; the batch route has its own.
        _h = TestHost.Start(o => o with { SeedDemoData = true, MaxRequestBodyBytes = 64 * 1024, MaxBatchBodyBytes = 4 * 1024 * 1024 });
        _reg = ((RegistryHost)_h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        _facilityToken = _reg.CreateToken(_reg.Facilities.First().Pid.ToString(), null, "facility", "test").Secret;
        _admin = _reg.CreateToken(null, null, "admin", "test").Secret;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<HttpResponseMessage> Post(string body, string? token, string type = "application/x-ndjson")
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/batch") { Content = new StringContent(body, Encoding.UTF8, type) };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _h.Client.SendAsync(req);
    }

    private static string Line(object o) => JsonSerializer.Serialize(o);

    /// <summary>A facility (minted PID), a model, <paramref name="n"/> instruments each with the demo confocal as c1.</summary>
    private static string Batch(int n, string tag)
    {
        string confocal = PhdResolver.Web.Demo.DemoSeed.Read("confocal-1-c1.ttl");
        var sb = new StringBuilder();
        sb.AppendLine(Line(new { type = "facility", key = "f", name = "Batch core " + tag, city = "Leipzig", country = "DE" }));
        sb.AppendLine(Line(new { type = "model", key = "m", name = "Batch scope " + tag, manufacturer = "Acme" }));
        for (int i = 0; i < n; i++)
        {
            sb.AppendLine(Line(new { type = "instance", key = "i" + i, name = $"Batch instrument {tag} {i}", facility = "ref:f", model = "ref:m" }));
            sb.AppendLine(Line(new { type = "descriptor", instance = "ref:i" + i, tier = 1, contentType = "text/turtle", content = confocal.Replace("Confocal 1 (room B2.114)", $"Batch instrument {tag} {i}", StringComparison.Ordinal) }));
        }
        return sb.ToString();
    }

    [Fact]
    public async Task An_administrator_registers_a_batch_and_every_record_resolves()
    {
        string body = Batch(12, "ok");
        Assert.True(Encoding.UTF8.GetByteCount(body) > 64 * 1024, "the batch should exceed the general body limit");
        var r = await Post(body, _admin);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
        var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(26, json.GetProperty("records").GetInt32());
        Assert.Equal(26, json.GetProperty("created").GetInt32());
        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("line 1", entries[0].GetProperty("position").GetString());
        Assert.Equal("descriptor", entries[^1].GetProperty("level").GetString());
        foreach (var e in entries)
            Assert.Equal(HttpStatusCode.OK, (await _h.Client.GetAsync(e.GetProperty("path").GetString())).StatusCode);
        // Searchable, and audited per record with the token as actor.
        var search = JsonDocument.Parse(await _h.Client.GetStringAsync("/search?q=%22Batch+instrument+ok%22&format=json&level=instance")).RootElement;
        Assert.Equal(12, search.GetProperty("total").GetInt32());
        Assert.Equal(26, _reg.AuditLog(limit: 1000).Count(a => a.Actor.StartsWith("token:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_batch_with_one_bad_line_is_refused_whole_with_its_line_and_reason()
    {
        int instances = _reg.InstanceCount, facilities = _reg.FacilityCount;
        long quads = _reg.Store.OpenSnapshot() is var s ? s.QuadCount : 0;
        s.Dispose();
        var lines = Batch(5, "bad").TrimEnd().Split('\n').ToList();
        // Line 9 (the fourth instrument) names a model that does not exist.
        lines[8] = Line(new { type = "instance", key = "i3", name = "Batch instrument bad 3", facility = "ref:f", model = "RRID:SCR_999999" });
        var r = await Post(string.Join('\n', lines), _admin);
        var p = await r.AssertProblem(404);
        Assert.Equal("line 9", p.GetProperty("position").GetString());
        Assert.Equal(9, p.GetProperty("line").GetInt32());
        Assert.Contains("RRID:SCR_999999", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("nothing of the batch was written", p.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A descriptor below its tier: 422 with the SHACL findings.
        lines = [.. Batch(2, "tier").TrimEnd().Split('\n')];
        lines[^1] = Line(new { type = "descriptor", instance = "ref:i1", tier = 3, contentType = "text/turtle", content = "<urn:x:i> a <https://w3id.org/nbo-q/Instrument> ." });
        p = await (await Post(string.Join('\n', lines), _admin)).AssertProblem(422);
        Assert.Equal("line 6", p.GetProperty("position").GetString());
        Assert.True(p.GetProperty("report").GetArrayLength() > 0);

        // A syntax error inside a descriptor: 400 naming the batch line and the descriptor's own line.
        lines[^1] = Line(new { type = "descriptor", instance = "ref:i1", tier = 1, contentType = "text/turtle", content = "@prefix x: <urn:x:> .\nx:a x:b" });
        p = await (await Post(string.Join('\n', lines), _admin)).AssertProblem(400);
        Assert.Equal(6, p.GetProperty("line").GetInt32());
        Assert.Contains("content line 2", p.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Malformed JSON on a line, an unknown type.
        p = await (await Post(Line(new { type = "facility", name = "x" }) + "\n{\"type\":", _admin)).AssertProblem(400);
        Assert.Equal(2, p.GetProperty("line").GetInt32());
        p = await (await Post(Line(new { type = "microscope", name = "x" }), _admin)).AssertProblem(422);
        Assert.Equal("type", p.GetProperty("field").GetString());

        Assert.Equal((instances, facilities), (_reg.InstanceCount, _reg.FacilityCount));
        using (var after = _reg.Store.OpenSnapshot()) Assert.Equal(quads, after.QuadCount);
        Assert.Equal(0, JsonDocument.Parse(await _h.Client.GetStringAsync("/search?q=%22Batch+instrument+bad%22&format=json")).RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Only_an_administrator_token_may_send_a_batch_and_only_as_ndjson()
    {
        await (await Post(Batch(1, "anon"), null)).AssertProblem(401);
        await (await Post(Batch(1, "facility"), _facilityToken)).AssertProblem(403);
        await (await Post(Batch(1, "json"), _admin, "application/json")).AssertProblem(415);
        await (await Post("\n\n", _admin)).AssertProblem(422); // no records
        // The batch limit still holds.
        var big = new string(' ', 5 * 1024 * 1024);
        var r = await Post(big, _admin);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
    }
}
