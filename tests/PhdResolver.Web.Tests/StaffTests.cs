using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using PhdResolver.Registry;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>
/// The staff UI over the real app: sign-in (token and one-time link) gives a scoped session cookie, every
/// form is CSRF-checked, and each refusal (no session, no CSRF token, facility A acting on B, an expired or
/// revoked token, a move to a facility that does not exist, an oversized upload) is a clear problem that
/// writes nothing: neither records nor audit entries change.
/// </summary>
public sealed partial class StaffTests
{
    private const string Widefield = "doi:10.5072/phd-demo.widefield-1";

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects, asks for HTML.</summary>
    internal sealed class Browser : IDisposable
    {
        public Browser(TestHost h, string origin = "http://localhost/")
        {
            Handler = new CookieContainerHandler { InnerHandler = h.App.GetTestServer().CreateHandler() };
            Client = new HttpClient(Handler) { BaseAddress = new Uri(origin) };
            Client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        }

        public CookieContainerHandler Handler { get; }
        public HttpClient Client { get; }

        /// <summary>The CSRF field of the first post form on <paramref name="path"/> (the page also sets the antiforgery cookie).</summary>
        public async Task<string> Csrf(string path)
        {
            var r = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
            return doc.QuerySelector("form[method=post] input[name=csrf]")?.GetAttribute("value") ?? throw new InvalidOperationException($"{path} has no post form with a CSRF field");
        }

        public Task<HttpResponseMessage> Post(string path, params (string Name, string Value)[] fields) =>
            Client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

        public async Task SignIn(string secret)
        {
            var r = await Post("/staff/sign-in", ("csrf", await Csrf("/staff/sign-in")), ("token", secret), ("return", "/staff"));
            Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode);
            Assert.Equal("/staff", r.Headers.Location!.OriginalString);
        }

        public void Dispose() => Client.Dispose();
    }

    private static RegistryService Registry(TestHost h) => ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;

    private static string FacilityA(RegistryService reg) => reg.Facilities.Single(f => f.Country == "DE").Pid.ToString();

    internal static async Task<System.Text.Json.JsonElement> Problem(HttpResponseMessage r, int status)
    {
        // Browsers get the problem as a page; the same fields as JSON for everyone else (checked via a second look at the body).
        Assert.Equal(status, (int)r.StatusCode);
        Assert.Equal("text/html", r.MediaType());
        var body = await r.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        var pre = TestHost.ParseHtml(body).QuerySelector("details pre")!.TextContent;
        return System.Text.Json.JsonDocument.Parse(pre).RootElement;
    }

    private static (int Audit, int Versions, int Instances, string Facility) State(RegistryService reg) =>
        (reg.AuditLog().Count, reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Widefield)).Count, reg.InstanceCount,
         reg.GetInstance(PhdResolver.Registry.Pids.Pid.Parse(Widefield))!.Facility.ToString());

    [Fact]
    public async Task Signing_in_with_a_token_gives_an_http_only_same_site_strict_session_cookie_for_staff_paths_only()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var token = reg.CreateToken(FacilityA(reg), null, null, "test");
        using var b = new Browser(h);
        var csrf = await b.Csrf("/staff/sign-in");
        var r = await b.Post("/staff/sign-in", ("csrf", csrf), ("token", token.Secret), ("return", "/staff"));
        Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode);
        var cookie = r.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(PhdAuth.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/staff", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP: a Secure cookie would never come back
        Assert.DoesNotContain(token.Secret, cookie, StringComparison.Ordinal);
        var page = await b.Client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Widefield 1", html, StringComparison.Ordinal);
        Assert.Contains(token.Token.Id, html, StringComparison.Ordinal);

        // Over HTTPS the cookie is Secure too.
        using var s = new Browser(h, "https://localhost/");
        var sr = await s.Post("/staff/sign-in", ("csrf", await s.Csrf("/staff/sign-in")), ("token", token.Secret));
        Assert.Contains(sr.Headers.GetValues("Set-Cookie"), c => c.StartsWith(PhdAuth.CookieName + "=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Without_a_session_pages_send_to_sign_in_and_posts_are_401_writing_nothing()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        using var b = new Browser(h);
        var r = await b.Client.GetAsync("/staff/withdraw?pid=" + Uri.EscapeDataString(Widefield));
        Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode);
        Assert.Equal("/staff/sign-in?return=" + Uri.EscapeDataString("/staff/withdraw?pid=" + Uri.EscapeDataString(Widefield)), r.Headers.Location!.OriginalString);
        var before = State(reg);
        // A form post with a valid CSRF pair but no session.
        var csrf = await b.Csrf("/staff/sign-in");
        var p = await Problem(await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", Widefield), ("reason", "no session")), 401);
        Assert.Contains("sign in", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, State(reg));
        // A wrong token is refused on the sign-in page itself, saying so.
        var wrong = await b.Post("/staff/sign-in", ("csrf", csrf), ("token", "phd_wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not valid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The sign-in page never returns to another site.
        var open = await b.Post("/staff/sign-in", ("csrf", csrf), ("token", reg.CreateToken(FacilityA(reg), null, null, "test").Secret), ("return", "//evil.example/staff"));
        Assert.Equal("/staff", open.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_form_without_its_csrf_token_is_refused_and_writes_nothing()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        string second = reg.CreateToken(FacilityA(reg), null, null, "test").Secret;
        using var b = new Browser(h);
        await b.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        var before = State(reg);
        var p = await Problem(await b.Post("/staff/withdraw", ("pid", Widefield), ("reason", "forged")), 400);
        Assert.Contains("CSRF", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A token from another browser's session does not pass either.
        using var other = new Browser(h);
        await other.SignIn(second);
        var foreign = await other.Csrf("/staff/withdraw?pid=" + Uri.EscapeDataString(Widefield));
        await Problem(await b.Post("/staff/withdraw", ("csrf", foreign), ("pid", Widefield), ("reason", "forged")), 400);
        await Problem(await b.Post("/staff/sign-out"), 400);
        Assert.Equal(before, State(reg));
        Assert.Null(reg.GetInstance(PhdResolver.Registry.Pids.Pid.Parse(Widefield))!.Tombstone);
    }

    [Fact]
    public async Task Facility_a_may_not_act_on_facility_b_and_a_move_to_an_unknown_facility_is_404()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var other = reg.RegisterFacility(new NewFacility { Name = "Facility <b>B</b>" }, "test");
        string tokenB = reg.CreateToken(other.Pid.ToString(), null, null, "test").Secret, tokenA = reg.CreateToken(FacilityA(reg), null, null, "test").Secret;
        string adminToken = reg.CreateToken(null, null, null, "test").Secret;
        using var b = new Browser(h);
        await b.SignIn(tokenB);
        var before = State(reg);
        // B's session, A's instrument: every page and form is refused.
        await Problem(await b.Client.GetAsync("/staff/withdraw?pid=" + Uri.EscapeDataString(Widefield)), 403);
        await Problem(await b.Client.GetAsync("/staff/register?instance=" + Uri.EscapeDataString(Widefield)), 403);
        var csrf = await b.Csrf("/staff");
        await Problem(await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", Widefield), ("reason", "not mine")), 403);
        await Problem(await b.Post("/staff/move", ("csrf", csrf), ("instance", Widefield), ("facility", other.Pid.ToString())), 403);
        var version = reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Widefield))[0];
        await Problem(await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", version.Pid.ToString()), ("reason", "not mine")), 403);
        Assert.Equal(before, State(reg));
        // The facility's name is escaped wherever it is shown.
        var html = await (await b.Client.GetAsync("/staff")).Content.ReadAsStringAsync();
        Assert.Contains("Facility &lt;b&gt;B&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>B</b>", html, StringComparison.Ordinal);

        // A's session: moving into B needs B's consent; moving to a facility that does not exist is 404.
        using var a = new Browser(h);
        await a.SignIn(tokenA);
        var ca = await a.Csrf("/staff/move?instance=" + Uri.EscapeDataString(Widefield));
        await Problem(await a.Post("/staff/move", ("csrf", ca), ("instance", Widefield), ("facility", other.Pid.ToString())), 403);
        var p = await Problem(await a.Post("/staff/move", ("csrf", ca), ("instance", Widefield), ("facility", "RRID:SCR_999999")), 404);
        Assert.Contains("not a registered facility", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, State(reg));

        // An administrator moves it; the old path answers 301.
        using var admin = new Browser(h);
        await admin.SignIn(adminToken);
        string oldPath = Paths(reg);
        var moved = await admin.Post("/staff/move", ("csrf", await admin.Csrf("/staff/move?instance=" + Uri.EscapeDataString(Widefield))), ("instance", Widefield), ("facility", other.Pid.ToString()));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(other.Pid.ToString(), State(reg).Facility);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await h.Client.GetAsync(oldPath)).StatusCode);
        Assert.Contains(reg.AuditLog(), e => e.Action == "move-instance" && e.Actor.StartsWith("token:", StringComparison.Ordinal));
    }

    private static string Paths(RegistryService reg) => PhdResolver.Registry.Resolution.Paths.Of(reg.GetInstance(PhdResolver.Registry.Pids.Pid.Parse(Widefield))!);

    [Fact]
    public async Task A_session_ends_when_its_token_is_revoked_or_expires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, Clock = clock });
        var reg = Registry(h);
        var revoked = reg.CreateToken(FacilityA(reg), null, null, "test");
        using var b = new Browser(h);
        await b.SignIn(revoked.Secret);
        var csrf = await b.Csrf("/staff/withdraw?pid=" + Uri.EscapeDataString(Widefield));
        reg.RevokeToken(revoked.Token.Id, "test");
        var before = State(reg);
        var p = await Problem(await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", Widefield), ("reason", "after revocation")), 401);
        Assert.True(p.GetProperty("detail").GetString()!.Contains("revoked", StringComparison.Ordinal), p.GetProperty("detail").GetString());
        var page = await b.Client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode); // the session cookie was dropped: back to sign-in

        var expiring = reg.CreateToken(FacilityA(reg), clock.Now.AddDays(1), null, "test");
        using var e = new Browser(h);
        await e.SignIn(expiring.Secret);
        using var e2 = new Browser(h);
        await e2.SignIn(expiring.Secret);
        var ce = await e.Csrf("/staff/withdraw?pid=" + Uri.EscapeDataString(Widefield));
        before = State(reg);
        clock.Now = clock.Now.AddDays(1);
        var pe = await Problem(await e.Post("/staff/withdraw", ("csrf", ce), ("pid", Widefield), ("reason", "after expiry")), 401);
        Assert.Contains("expired", pe.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A page request of an ended session goes to the sign-in page, which says why.
        var back = await e2.Client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
        Assert.Contains("ended=1", back.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("session ended", await (await e2.Client.GetAsync(back.Headers.Location)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, State(reg));
        // Signing in again with the expired token is refused, saying why.
        var again = await e.Post("/staff/sign-in", ("csrf", await e.Csrf("/staff/sign-in")), ("token", expiring.Secret));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("expired", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_time_link_signs_in_once()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var token = reg.CreateToken(FacilityA(reg), null, null, "test");
        string link = SignInLinks.Create(h.Options.DataDirectory, new Uri("http://localhost/"), token.Token.Id);
        Assert.StartsWith("http://localhost/staff/sign-in/link?code=", link, StringComparison.Ordinal);
        using var b = new Browser(h);
        // Opening the link (what a mail scanner does) uses nothing up.
        var csrf = await b.Csrf(link);
        await b.Csrf(link);
        string code = Uri.UnescapeDataString(link.Split("code=", 2)[1]);
        var r = await b.Post("/staff/sign-in/link", ("csrf", csrf), ("code", code));
        Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync("/staff")).StatusCode);
        using var c = new Browser(h);
        var p = await Problem(await c.Post("/staff/sign-in/link", ("csrf", await c.Csrf("/staff/sign-in")), ("code", code)), 400);
        Assert.Contains("already used", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.Client.GetAsync(link)).StatusCode);
        // The used nonce is on disk: a restarted server (a fresh SignInLinks over the same data directory) refuses the link too.
        var restarted = new SignInLinks((Microsoft.AspNetCore.DataProtection.IDataProtectionProvider)h.App.Services.GetService(typeof(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider))!, h.Options);
        Assert.Null(restarted.Peek(code, out var error));
        Assert.Contains("already used", error, StringComparison.Ordinal);
        // A tampered code is refused.
        await Problem(await c.Post("/staff/sign-in/link", ("csrf", await c.Csrf("/staff/sign-in")), ("code", code[..^4] + "AAAA")), 400);
    }

    private static MultipartFormDataContent Upload(string csrf, string instance, int tier, string fileName, string content)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(csrf), "csrf" },
            { new StringContent(instance), "instance" },
            { new StringContent(tier.ToString(System.Globalization.CultureInfo.InvariantCulture)), "tier" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return form;
    }

    [Fact]
    public async Task The_preview_writes_nothing_and_the_commit_revalidates_and_registers_once()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        string second = reg.CreateToken(FacilityA(reg), null, null, "test").Secret;
        using var b = new Browser(h);
        await b.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        string ttl = PhdResolver.Web.Demo.DemoSeed.Read("widefield-1-c1.ttl").Replace("Inverted research stand", "Inverted research stand (serviced)", StringComparison.Ordinal);
        var csrf = await b.Csrf("/staff/register?instance=" + Uri.EscapeDataString(Widefield));
        var before = State(reg);
        var preview = await b.Client.PostAsync("/staff/register/preview", Upload(csrf, Widefield, 1, "widefield <1>.ttl", ttl));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Equal(before, State(reg)); // the preview wrote nothing
        var doc = TestHost.ParseHtml(html);
        Assert.Contains("conforms at tier 1", doc.QuerySelector("#verdict + p")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("table.compliance"));
        Assert.Contains("widefield &lt;1&gt;.ttl", html, StringComparison.Ordinal);
        var form = doc.QuerySelector("form[action='/staff/register']")!;
        string id = form.QuerySelector("input[name=preview]")!.GetAttribute("value")!;
        string formCsrf = form.QuerySelector("input[name=csrf]")!.GetAttribute("value")!;

        // Another session cannot commit this preview (it is bound to the token that uploaded it).
        using var other = new Browser(h);
        await other.SignIn(second);
        await Problem(await other.Post("/staff/register", ("csrf", await other.Csrf("/staff")), ("preview", id)), 409);
        Assert.Equal(before, State(reg));

        var done = await b.Post("/staff/register", ("csrf", formCsrf), ("preview", id));
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        Assert.Equal(before.Versions + 1, State(reg).Versions);
        Assert.Contains(reg.AuditLog(), e => e.Action == "submit-version" || e.Action.Contains("version", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(done.Headers.Location!.OriginalString)).StatusCode);
        // A replay registers nothing more.
        await Problem(await b.Post("/staff/register", ("csrf", formCsrf), ("preview", id)), 409);
        Assert.Equal(before.Versions + 1, State(reg).Versions);
    }

    [Fact]
    public async Task Bad_uploads_are_clear_problems_and_write_nothing()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, MaxRequestBodyBytes = 64 * 1024 });
        var reg = Registry(h);
        using var b = new Browser(h);
        await b.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        var csrf = await b.Csrf("/staff/register?instance=" + Uri.EscapeDataString(Widefield));
        var before = State(reg);
        var syntax = await Problem(await b.Client.PostAsync("/staff/register/preview", Upload(csrf, Widefield, 1, "x.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b \"open")), 400);
        Assert.Contains("line 2", syntax.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem(await b.Client.PostAsync("/staff/register/preview", Upload(csrf, Widefield, 1, "x.docx", "hello")), 415);
        await Problem(await b.Client.PostAsync("/staff/register/preview", Upload(csrf, Widefield, 1, "x.json", "{\"not\": \"micro-meta app\"}")), 422);
        await Problem(await b.Client.PostAsync("/staff/register/preview", Upload(csrf, Widefield, 7, "x.ttl", "<a:b> <a:c> <a:d> .")), 400);
        var big = await b.Client.PostAsync("/staff/register/preview", Upload(csrf, Widefield, 1, "big.ttl", "# " + new string('x', 80 * 1024)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal(before, State(reg));
    }

    [Fact]
    public async Task Withdrawing_needs_a_reason_and_then_answers_410()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        using var b = new Browser(h);
        await b.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        var version = reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Widefield))[0];
        var csrf = await b.Csrf("/staff/withdraw?pid=" + Uri.EscapeDataString(version.Pid.ToString()));
        var before = State(reg);
        await Problem(await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", version.Pid.ToString()), ("reason", "  ")), 400);
        Assert.Equal(before, State(reg));
        var r = await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", version.Pid.ToString()), ("reason", "Mislabelled <filter> cube"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Mislabelled &lt;filter&gt; cube", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await h.Client.GetAsync(reg.PathOf(version))).StatusCode);
        // Withdrawn records cannot be withdrawn again or be given configurations.
        await Problem(await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", version.Pid.ToString()), ("reason", "again")), 410);
        var gone = await b.Post("/staff/withdraw", ("csrf", csrf), ("pid", Widefield), ("reason", "Decommissioned"));
        Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        before = State(reg);
        var p = await Problem(await b.Client.GetAsync("/staff/register?instance=" + Uri.EscapeDataString(Widefield)), 410);
        Assert.Contains("withdrawn", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem(await b.Post("/staff/move", ("csrf", csrf), ("instance", Widefield), ("facility", FacilityA(reg))), 410);
        Assert.Equal(before, State(reg));
    }
}
