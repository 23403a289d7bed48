using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PhdResolver.Registry;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>Write-API tokens from the registry database: expiry, revocation, scope over every facility named, audit.</summary>
public sealed class TokenApiTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<HttpResponseMessage> Post(TestHost h, string url, string json, string token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await h.Client.SendAsync(req);
    }

    private static RegistryService Registry(TestHost h) => ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;

    private static string ModelJson(string name) => "{\"name\":\"" + name + "\",\"manufacturer\":\"Acme\"}";

    [Fact]
    public async Task An_expired_token_gets_401_saying_so_and_writes_nothing()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, Clock = clock });
        var reg = Registry(h);
        var t = reg.CreateToken(reg.Facilities.Single(f => f.Country == "DE").Pid.ToString(), clock.Now.AddDays(30), "short-lived", "test");
        Assert.Equal(HttpStatusCode.Created, (await Post(h, "/api/models", ModelJson("Before expiry"), t.Secret)).StatusCode);
        clock.Now = clock.Now.AddDays(30); // the expiry instant itself is already refused
        int models = reg.Models.Count();
        var r = await Post(h, "/api/models", ModelJson("After expiry"), t.Secret);
        var problem = await r.AssertProblem(401);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("invalid_token", r.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(models, reg.Models.Count());
    }

    [Fact]
    public async Task A_revoked_token_gets_401_saying_so_and_revocation_is_audited()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var t = reg.CreateToken(reg.Facilities.Single(f => f.Country == "DE").Pid.ToString(), null, null, "test");
        Assert.Equal(HttpStatusCode.Created, (await Post(h, "/api/models", ModelJson("Before revocation"), t.Secret)).StatusCode);
        reg.RevokeToken(t.Token.Id, "test");
        int models = reg.Models.Count();
        var problem = await (await Post(h, "/api/models", ModelJson("After revocation"), t.Secret)).AssertProblem(401);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(models, reg.Models.Count());
        var log = reg.AuditLog(t.Token.Actor);
        Assert.Contains(log, e => e.Action == "create-token" && e.Actor == "test");
        Assert.Contains(log, e => e.Action == "revoke-token" && e.Actor == "test");
        // The write made with the token names it as the actor.
        Assert.Contains(reg.AuditLog(), e => e.Action == "register-model" && e.Actor == t.Token.Actor);
        Assert.Throws<RegistryException>(() => reg.RevokeToken(t.Token.Id, "test")); // already revoked: a clear refusal
    }

    [Fact]
    public async Task A_facility_token_may_not_name_another_facility_as_owner()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var a = reg.Facilities.Single(f => f.Country == "DE");
        var b = reg.RegisterFacility(new NewFacility { Name = "Facility B" }, "test");
        var model = reg.Models.First().Pid.ToString();
        var tokenA = reg.CreateToken(a.Pid.ToString(), null, null, "test").Secret;
        int audit = reg.AuditLog().Count, instances = reg.InstanceCount;
        string body = "{\"identifier\":\"doi:10.5072/owner.b\",\"name\":\"Borrowed\",\"facility\":\"" + a.Pid + "\",\"model\":\"" + model + "\",\"owner\":\"" + b.Pid + "\"}";
        var problem = await (await Post(h, "/api/instances", body, tokenA)).AssertProblem(403);
        Assert.Contains("owner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(instances, reg.InstanceCount);
        Assert.Equal(audit, reg.AuditLog().Count);
        // Facility B at A's site, with A as owner: also refused (B is named as the facility).
        string atB = "{\"identifier\":\"doi:10.5072/owner.c\",\"name\":\"Placed\",\"facility\":\"" + b.Pid + "\",\"model\":\"" + model + "\",\"owner\":\"" + a.Pid + "\"}";
        await (await Post(h, "/api/instances", atB, tokenA)).AssertProblem(403);
        // An administrator token acts for both.
        var admin = reg.CreateToken(null, null, null, "test").Secret;
        Assert.Equal(HttpStatusCode.Created, (await Post(h, "/api/instances", body, admin)).StatusCode);
        // The owner's own facility token: allowed when it is also the facility.
        var tokenB = reg.CreateToken(b.Pid.ToString(), null, null, "test").Secret;
        string own = "{\"identifier\":\"doi:10.5072/owner.d\",\"name\":\"Own\",\"facility\":\"" + b.Pid + "\",\"model\":\"" + model + "\",\"owner\":\"" + b.Pid + "\"}";
        Assert.Equal(HttpStatusCode.Created, (await Post(h, "/api/instances", own, tokenB)).StatusCode);
    }

    [Fact]
    public async Task A_legacy_tokens_json_is_imported_once_and_keeps_working()
    {
        var dir = Path.Combine(Path.GetTempPath(), "phd-legacy-tokens-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        const string secret = "phd_legacy-secret-for-test";
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        await File.WriteAllTextAsync(Path.Combine(dir, "tokens.json"),
            "[{\"Id\":\"0123456789ab\",\"Facility\":\"*\",\"Sha256\":\"" + hash + "\",\"Created\":\"2025-05-01T10:00:00+00:00\",\"Note\":\"old\"}]");
        try
        {
            await using (var h = TestHost.Start(o => o with { DataDirectory = dir, SeedDemoData = false }))
            {
                var reg = Registry(h);
                var t = Assert.Single(reg.ListTokens());
                Assert.Equal(("0123456789ab", "*", "old"), (t.Id, t.Scope, t.Note));
                Assert.Contains(reg.AuditLog(t.Actor), e => e.Action == "import-token");
                Assert.Equal(HttpStatusCode.Created, (await Post(h, "/api/facilities", "{\"name\":\"Via legacy\"}", secret)).StatusCode);
            }
            Assert.False(File.Exists(Path.Combine(dir, "tokens.json")));
            Assert.True(File.Exists(Path.Combine(dir, "tokens.json.imported")));
            await using (var h = TestHost.Start(o => o with { DataDirectory = dir, SeedDemoData = false }))
                Assert.Single(Registry(h).ListTokens()); // not imported twice
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
