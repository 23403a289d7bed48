using PhdResolver.Registry.Tokens;

namespace PhdResolver.Registry.Tests;

public sealed class TokenTests
{
    [Fact]
    public void Tokens_are_created_checked_listed_revoked_and_survive_a_reopen()
    {
        using var t = new TestRegistry();
        t.Seed();
        var a = t.Registry.CreateToken("rrid:scr_017406", null, " for the core ", "cli"); // any spelling of the PID
        Assert.Equal(TestRegistry.F, a.Token.Scope);
        Assert.Equal("for the core", a.Token.Note);
        Assert.StartsWith("phd_", a.Secret, StringComparison.Ordinal);
        var admin = t.Registry.CreateToken(null, DateTimeOffset.UtcNow.AddDays(1), null, "cli");
        Assert.True(admin.Token.IsAdmin);
        Assert.Equal(TokenCheckResult.Valid, t.Registry.Authenticate(a.Secret).Result);
        Assert.Equal(TokenCheckResult.Unknown, t.Registry.Authenticate(a.Secret[..^1]).Result);
        Assert.Equal(TokenCheckResult.Unknown, t.Registry.Authenticate(null).Result);
        Assert.Equal(TokenCheckResult.Unknown, t.Registry.Authenticate(new string('x', 10_000)).Result);

        t.Registry.RevokeToken(a.Token.Id, "cli");
        Assert.Equal(TokenCheckResult.Revoked, t.Registry.Authenticate(a.Secret).Result);
        t.Reopen();
        Assert.Equal(TokenCheckResult.Revoked, t.Registry.Authenticate(a.Secret).Result);
        Assert.Equal(TokenCheckResult.Valid, t.Registry.Authenticate(admin.Secret).Result);
        var listed = t.Registry.ListTokens();
        Assert.Equal([a.Token.Id, admin.Token.Id], listed.Select(x => x.Id).ToArray());
        Assert.Equal(admin.Token.Expires, listed[1].Expires);
        var audit = t.Registry.AuditLog();
        Assert.Equal(2, audit.Count(e => e.Action == "create-token"));
        Assert.Single(audit, e => e.Action == "revoke-token" && e.Target == a.Token.Actor);
        Assert.DoesNotContain(audit, e => e.DetailsJson.Contains(a.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_token_requests_are_refused_and_write_nothing()
    {
        using var t = new TestRegistry();
        t.Seed();
        int audit = t.Registry.AuditLog().Count;
        Assert.Equal(RegistryErrorKind.NotFound, Assert.Throws<RegistryException>(() => t.Registry.CreateToken("RRID:SCR_999999", null, null, "cli")).Kind);
        Assert.Equal(RegistryErrorKind.NotFound, Assert.Throws<RegistryException>(() => t.Registry.CreateToken(TestRegistry.M, null, null, "cli")).Kind); // a model is not a facility
        Assert.Equal(RegistryErrorKind.Invalid, Assert.Throws<RegistryException>(() => t.Registry.CreateToken("not a pid", null, null, "cli")).Kind);
        Assert.Equal(RegistryErrorKind.Invalid, Assert.Throws<RegistryException>(() => t.Registry.CreateToken(TestRegistry.F, DateTimeOffset.UtcNow.AddDays(-1), null, "cli")).Kind);
        Assert.Equal(RegistryErrorKind.NotFound, Assert.Throws<RegistryException>(() => t.Registry.RevokeToken("ffffffffffff", "cli")).Kind);
        Assert.Empty(t.Registry.ListTokens());
        Assert.Equal(audit, t.Registry.AuditLog().Count);
    }

    [Fact]
    public void A_facility_token_acts_only_for_its_facility_under_any_spelling()
    {
        using var t = new TestRegistry();
        t.Seed();
        var a = t.Registry.CreateToken(TestRegistry.F, null, null, "cli").Token;
        var admin = t.Registry.CreateToken(null, null, null, "cli").Token;
        Assert.True(t.Registry.MayActFor(a, TestRegistry.F));
        Assert.True(t.Registry.MayActFor(a, "RRID:SCR_017406"));
        Assert.False(t.Registry.MayActFor(a, TestRegistry.F2));
        Assert.False(t.Registry.MayActFor(a, TestRegistry.M));
        Assert.False(t.Registry.MayActFor(a, "nonsense"));
        Assert.False(t.Registry.MayActFor(a, null));
        Assert.True(t.Registry.MayActFor(admin, TestRegistry.F2));
    }
}
