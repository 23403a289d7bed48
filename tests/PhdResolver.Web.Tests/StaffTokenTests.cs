using System.Net;
using PhdResolver.Registry;
using PhdResolver.Registry.Tokens;

namespace PhdResolver.Web.Tests;

/// <summary>
/// Tokens in the staff UI (issue 15 item 1): an administrator lists, creates (the secret shown once) and revokes
/// tokens through the registry calls of /api/tokens; a facility token, a missing CSRF token and bad input are refused
/// and write nothing.
/// </summary>
public sealed partial class StaffTests
{
    [Fact]
    public async Task An_administrator_creates_lists_and_revokes_tokens_in_the_staff_pages()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        using var admin = new Browser(h);
        await admin.SignIn(reg.CreateToken(null, null, null, "test").Secret);
        Assert.NotNull((await Html(await admin.Client.GetAsync("/staff"), HttpStatusCode.OK)).QuerySelector("a[href='/staff/tokens']"));

        string csrf = await admin.Csrf("/staff/tokens");
        var created = await Html(await admin.Post("/staff/tokens", ("csrf", csrf), ("facility", FacilityA(reg)), ("expires", "2099-01-31"), ("note", "microscope PC")), HttpStatusCode.Created);
        string secret = created.QuerySelector("code.secret")!.TextContent;
        var token = reg.Authenticate(secret);
        Assert.True(token.IsValid);
        Assert.Equal((FacilityA(reg), "microscope PC", new DateTimeOffset(2099, 1, 31, 0, 0, 0, TimeSpan.Zero)), (token.Token!.Scope, token.Token.Note, token.Token.Expires!.Value));
        // The list shows it with its facility and expiry, and never a secret again.
        var list = await Html(await admin.Client.GetAsync("/staff/tokens"), HttpStatusCode.OK);
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("code")!.TextContent == token.Token.Id);
        Assert.Contains("2099-01-31", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("active", row.TextContent, StringComparison.Ordinal);
        Assert.Null(list.QuerySelector("code.secret"));

        var revoked = await admin.Post("/staff/tokens/revoke", ("csrf", csrf), ("id", token.Token.Id));
        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.Equal(TokenCheckResult.Revoked, reg.Authenticate(secret).Result);
        var after = await Html(await admin.Client.GetAsync(revoked.Headers.Location!.OriginalString), HttpStatusCode.OK);
        Assert.Contains(token.Token.Id, after.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(reg.AuditLog(limit: 100), e => e.Action == "revoke-token" && e.Target == token.Token.Actor);
    }

    [Fact]
    public async Task Token_forms_refuse_a_facility_token_a_missing_csrf_token_and_bad_input_writing_nothing()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var before = Quiet(reg);
        int tokens = reg.ListTokens().Count;

        // A facility token may not see or manage tokens.
        using var facility = new Browser(h);
        await facility.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        before = Quiet(reg);
        tokens = reg.ListTokens().Count;
        await Problem(await facility.Client.GetAsync("/staff/tokens"), 403);
        string facilityCsrf = await facility.Csrf("/staff/withdraw?pid=" + Q(FacilityA(reg)));
        await Problem(await facility.Post("/staff/tokens", ("csrf", facilityCsrf), ("facility", "admin")), 403);
        await Problem(await facility.Post("/staff/tokens/revoke", ("csrf", facilityCsrf), ("id", reg.ListTokens()[0].Id)), 403);

        using var admin = new Browser(h);
        var adminToken = reg.CreateToken(null, null, null, "test");
        await admin.SignIn(adminToken.Secret);
        before = Quiet(reg);
        tokens = reg.ListTokens().Count;
        // No CSRF token.
        await Problem(await admin.Post("/staff/tokens", ("facility", "admin")), 400);
        await Problem(await admin.Post("/staff/tokens/revoke", ("id", adminToken.Token.Id)), 400);
        // Bad input: the form again, the field marked, what was entered kept.
        string csrf = await admin.Csrf("/staff/tokens");
        var doc = await Html(await admin.Post("/staff/tokens", ("csrf", csrf), ("facility", "admin"), ("expires", "next week"), ("note", "kept")), (HttpStatusCode)422);
        Assert.Contains("'next week' is not a date", FormError(doc, "expires"), StringComparison.Ordinal);
        Assert.Equal("kept", Value(doc, "note"));
        doc = await Html(await admin.Post("/staff/tokens", ("csrf", csrf), ("facility", "admin"), ("expires", "2001-01-01")), (HttpStatusCode)422);
        Assert.Contains("not in the future", FormError(doc, "expires"), StringComparison.Ordinal);
        doc = await Html(await admin.Post("/staff/tokens", ("csrf", csrf), ("facility", "RRID:SCR_999999")), HttpStatusCode.NotFound);
        FormError(doc, "facility");
        doc = await Html(await admin.Post("/staff/tokens/revoke", ("csrf", csrf), ("id", "000000000000")), HttpStatusCode.NotFound);
        FormError(doc, null);
        Assert.Equal(before, Quiet(reg));
        Assert.Equal(tokens, reg.ListTokens().Count);
        Assert.True(reg.Authenticate(adminToken.Secret).IsValid);
    }
}
