using System.Net;
using AngleSharp.Html.Dom;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Web.Tests;

/// <summary>
/// The staff UI's "manage records" forms (issue 15 item 6): a Manage page per record, edit details, people,
/// external identifiers and related works. Each form writes through the registry call the API uses; each
/// refusal either is a problem page (who may act, a withdrawn record, no session, no CSRF token) or shows the
/// form again with the reason in words and what was entered kept (bad ORCID, a claimed identifier, ...), and
/// writes nothing: neither the audit log nor a single quad changes.
/// </summary>
public sealed partial class StaffTests
{
    /// <summary>What a refused write must leave unchanged: the audit log and every quad of the store.</summary>
    private static (int Audit, long Quads) Quiet(RegistryService reg)
    {
        using var snap = reg.Store.OpenSnapshot();
        return (reg.AuditLog(limit: 10_000).Count, snap.Match(null, null, null, PhdResolver.Store.GraphFilter.Any).LongCount());
    }

    private static string Q(string pid) => Uri.EscapeDataString(pid);

    private static async Task<IHtmlDocument> Html(HttpResponseMessage r, HttpStatusCode status)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"{(int)r.StatusCode}: {body}");
        Assert.Equal("text/html", r.MediaType());
        Assert.True(r.Headers.CacheControl?.NoStore, "staff pages are never stored");
        return TestHost.ParseHtml(body);
    }

    /// <summary>The refusal shown in the form, checked to be an alert the named field points to.</summary>
    private static string FormError(IHtmlDocument doc, string? fieldId)
    {
        var alert = doc.QuerySelector("#form-error[role=alert]") ?? throw new InvalidOperationException("no error in the form");
        if (fieldId is not null)
        {
            var field = doc.GetElementById(fieldId)!;
            Assert.Equal("true", field.GetAttribute("aria-invalid"));
            Assert.Contains("form-error", field.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        }
        return alert.TextContent;
    }

    private static string Value(IHtmlDocument doc, string id) => doc.GetElementById(id) switch
    {
        IHtmlTextAreaElement t => t.Value,
        IHtmlInputElement i => i.Value,
        var e => throw new InvalidOperationException($"{id} is {e?.TagName ?? "missing"}"),
    };

    [Fact]
    public async Task The_manage_page_links_every_form_and_is_reached_from_the_staff_home_and_the_record()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        using var admin = new Browser(h);
        await admin.SignIn(reg.CreateToken(null, null, null, "test").Secret);
        var home = await Html(await admin.Client.GetAsync("/staff"), HttpStatusCode.OK);
        var model = reg.Models.First();
        foreach (var pid in new[] { FacilityA(reg), Widefield, model.Pid.ToString() })
            Assert.NotNull(home.QuerySelector($"a[href='/staff/manage?pid={Q(pid)}']"));
        var landing = TestHost.ParseHtml(await h.Client.GetStringAsync(PhdResolver.Registry.Resolution.Paths.Of(reg.GetInstance(Pid.Parse(Widefield))!)));
        Assert.NotNull(landing.QuerySelector($"a[href='/staff/manage?pid={Q(Widefield)}']"));

        var page = await Html(await admin.Client.GetAsync("/staff/manage?pid=" + Q(Widefield)), HttpStatusCode.OK);
        foreach (var form in new[] { "edit?pid=", "people?pid=", "identifiers?pid=", "register?instance=", "move?instance=", "withdraw?pid=" })
            Assert.NotNull(page.QuerySelector($"a[href='/staff/{form}{Q(Widefield)}']"));
        var version = reg.GetVersions(Pid.Parse(Widefield))[0];
        Assert.NotNull(page.QuerySelector($"a[href='/staff/related?pid={Q(version.Pid.ToString())}']"));
        var versionPage = await Html(await admin.Client.GetAsync("/staff/manage?pid=" + Q(version.Pid.ToString())), HttpStatusCode.OK);
        Assert.NotNull(versionPage.QuerySelector($"a[href='/staff/related?pid={Q(version.Pid.ToString())}']"));
        Assert.Null(versionPage.QuerySelector("a[href^='/staff/edit']")); // a version is immutable
        var modelPage = await Html(await admin.Client.GetAsync("/staff/manage?pid=" + Q(model.Pid.ToString())), HttpStatusCode.OK);
        Assert.Null(modelPage.QuerySelector("a[href^='/staff/people']")); // a model has no people
        await Problem(await admin.Client.GetAsync("/staff/edit?pid=" + Q(version.Pid.ToString())), 400);
        await Problem(await admin.Client.GetAsync("/staff/related?pid=" + Q(Widefield)), 400);
        await Problem(await admin.Client.GetAsync("/staff/manage?pid=RRID:SCR_999999"), 404);
    }

    [Fact]
    public async Task Editing_details_saves_a_revision_and_a_refusal_keeps_what_was_entered()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        using var b = new Browser(h);
        await b.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        var instrument = reg.GetInstance(Pid.Parse(Widefield))!;
        var form = await Html(await b.Client.GetAsync("/staff/edit?pid=" + Q(Widefield)), HttpStatusCode.OK);
        Assert.Equal(instrument.Name, Value(form, "f-name"));
        Assert.Equal(instrument.Manufacturer, Value(form, "f-manufacturer"));
        string csrf = await b.Csrf("/staff/edit?pid=" + Q(Widefield)), revision = instrument.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string, string)[] Fields(string name, string commissioned, string description, string rev) =>
            [("csrf", csrf), ("pid", Widefield), ("revision", rev), ("name", name), ("manufacturer", instrument.Manufacturer), ("description", description), ("commissioned", commissioned), ("reason", "fix the name")];

        // Refusals: the form again with the reason, the field marked, every entered value kept; nothing written.
        var before = Quiet(reg);
        var empty = await Html(await b.Post("/staff/edit", Fields("", "2020-01-31", "Line one\r\nline two", revision)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Name cannot be empty", FormError(empty, "f-name"), StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", FormError(empty, null), StringComparison.Ordinal);
        Assert.Equal("Line one\nline two", Value(empty, "f-description"));
        Assert.Equal("2020-01-31", Value(empty, "f-commissioned"));
        Assert.Equal("fix the name", Value(empty, "f-reason"));
        var date = await Html(await b.Post("/staff/edit", Fields("Widefield <i>2</i>", "31.01.2020", "", revision)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not a date", FormError(date, "f-commissioned"), StringComparison.Ordinal);
        Assert.Equal("Widefield <i>2</i>", Value(date, "f-name"));
        var stale = await Html(await b.Post("/staff/edit", Fields("Widefield 2", "", "", "0")), HttpStatusCode.Conflict);
        Assert.Contains("was changed since it was read", FormError(stale, null), StringComparison.Ordinal);
        Assert.Equal(revision, stale.QuerySelector("form.staff input[name=revision]")!.GetAttribute("value"));
        Assert.Equal(before, Quiet(reg));

        // Saved: a new revision, audited with the reason; the same values again change nothing.
        var saved = await Html(await b.Post("/staff/edit", Fields("Widefield <i>2</i>", "2020-01-31", "Line one\r\nline two", revision)), HttpStatusCode.OK);
        Assert.Contains("is now at revision " + (instrument.Revision + 1), saved.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var after = reg.GetInstance(Pid.Parse(Widefield))!;
        Assert.Equal(("Widefield <i>2</i>", "Line one\nline two", new DateOnly(2020, 1, 31), instrument.Revision + 1), (after.Name, after.Description, after.Commissioned!.Value, after.Revision));
        var audit = reg.AuditLog(limit: 1)[0];
        Assert.Equal(("edit-record", Widefield), (audit.Action, audit.Target));
        Assert.Contains("fix the name", audit.DetailsJson, StringComparison.Ordinal);
        Assert.StartsWith("token:", audit.Actor, StringComparison.Ordinal);
        before = Quiet(reg);
        var again = await Html(await b.Post("/staff/edit", Fields("Widefield <i>2</i>", "2020-01-31", "Line one\r\nline two", (instrument.Revision + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))), HttpStatusCode.OK);
        Assert.Equal("Nothing changed", again.QuerySelector("h1")!.TextContent);
        Assert.Equal(before, Quiet(reg));

        // A facility's own fields; a bad homepage is marked.
        var facility = reg.GetFacility(Pid.Parse(FacilityA(reg)))!;
        var bad = await Html(await b.Post("/staff/edit", ("csrf", csrf), ("pid", FacilityA(reg)), ("name", facility.Name), ("homepage", "ftp://example.org/core"), ("contact", ""), ("city", "Jena"), ("country", "DE")),
            HttpStatusCode.UnprocessableEntity);
        FormError(bad, "f-homepage");
        Assert.Equal("Jena", Value(bad, "f-city"));
        Assert.Equal(before, Quiet(reg));

        // Models are shared: a facility token may not edit one.
        var model = reg.Models.First();
        await Problem(await b.Client.GetAsync("/staff/edit?pid=" + Q(model.Pid.ToString())), 403);
        await Problem(await b.Post("/staff/edit", ("csrf", csrf), ("pid", model.Pid.ToString()), ("name", "Renamed"), ("manufacturer", model.Manufacturer)), 403);
        // A withdrawn record is not edited: 410, nothing written.
        var gone = reg.Instances.First(i => i.Facility.ToString() == FacilityA(reg) && i.Pid.ToString() != Widefield);
        reg.Withdraw(gone.Pid.ToString(), "test", "test");
        before = Quiet(reg);
        await Problem(await b.Client.GetAsync("/staff/edit?pid=" + Q(gone.Pid.ToString())), 410);
        await Problem(await b.Post("/staff/edit", ("csrf", csrf), ("pid", gone.Pid.ToString()), ("revision", "1"), ("name", "Back again"), ("manufacturer", gone.Manufacturer)), 410);
        await Problem(await b.Post("/staff/people", ("csrf", csrf), ("pid", gone.Pid.ToString()), ("op", "add"), ("name", "Late")), 410);
        Assert.Equal(before, Quiet(reg));
        Assert.Equal(gone.Name, reg.GetInstance(gone.Pid)!.Name);
    }

    [Fact]
    public async Task Manage_forms_refuse_another_facility_an_ended_session_and_a_missing_csrf_token_writing_nothing()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, Clock = clock });
        var reg = Registry(h);
        string a = FacilityA(reg), version = reg.GetVersions(Pid.Parse(Widefield))[0].Pid.ToString();
        var b = reg.Facilities.Single(f => f.Country == "NL");
        (string Path, (string, string)[] Fields)[] posts =
        [
            ("/staff/edit", [("pid", Widefield), ("name", "Taken over")]),
            ("/staff/edit", [("pid", a), ("name", "Taken over")]),
            ("/staff/people", [("pid", Widefield), ("op", "add"), ("name", "Intruder")]),
            ("/staff/identifiers", [("pid", Widefield), ("op", "add"), ("scheme", "serial"), ("value", "SN-1")]),
            ("/staff/related", [("pid", version), ("identifier", "doi:10.5072/x"), ("relation", "used-by"), ("title", "Not mine")]),
            ("/staff/related/remove", [("pid", version), ("identifier", "doi:10.5072/phd-demo.dataset-1"), ("relation", "used-by")]),
        ];
        using var other = new Browser(h);
        await other.SignIn(reg.CreateToken(b.Pid.ToString(), null, null, "test").Secret);
        using var own = new Browser(h);
        await own.SignIn(reg.CreateToken(a, clock.Now.AddDays(1), null, "test").Secret);
        using var revoked = new Browser(h);
        var r = reg.CreateToken(a, null, null, "test");
        await revoked.SignIn(r.Secret);
        string revokedCsrf = await revoked.Csrf("/staff");
        reg.RevokeToken(r.Token.Id, "test");
        var before = Quiet(reg);

        // Facility B's session on A's records: 403 for every page and form.
        string csrf = await other.Csrf("/staff");
        foreach (var page in new[] { "/staff/manage?pid=", "/staff/edit?pid=", "/staff/people?pid=", "/staff/identifiers?pid=" })
            await Problem(await other.Client.GetAsync(page + Q(Widefield)), 403);
        await Problem(await other.Client.GetAsync("/staff/related?pid=" + Q(version)), 403);
        foreach (var (path, fields) in posts)
            await Problem(await other.Post(path, [("csrf", csrf), .. fields]), 403);

        // A's own session without the CSRF token: 400.
        foreach (var (path, fields) in posts)
            Assert.Contains("CSRF", (await Problem(await own.Post(path, fields), 400)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The token was revoked, or expired: the session ended (401 saying which); pages go to sign-in.
        // The first refusal says why; it also drops the session cookie, so the next ones find no session.
        var why = new List<string>();
        foreach (var (path, fields) in posts)
            why.Add((await Problem(await revoked.Post(path, [("csrf", revokedCsrf), .. fields]), 401)).GetProperty("detail").GetString()!);
        Assert.Contains("revoked", why[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await revoked.Client.GetAsync("/staff/edit?pid=" + Q(Widefield))).StatusCode);
        string ownCsrf = await own.Csrf("/staff");
        clock.Now = clock.Now.AddDays(1);
        why.Clear();
        foreach (var (path, fields) in posts)
            why.Add((await Problem(await own.Post(path, [("csrf", ownCsrf), .. fields]), 401)).GetProperty("detail").GetString()!);
        Assert.Contains("expired", why[0], StringComparison.Ordinal);
        Assert.Equal(before, Quiet(reg));
    }
    [Fact]
    public async Task People_are_added_changed_and_removed_and_a_bad_orcid_is_shown_in_the_form()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        using var b = new Browser(h);
        await b.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        string page = "/staff/people?pid=" + Q(Widefield), csrf = await b.Csrf(page);
        var people = reg.GetInstance(Pid.Parse(Widefield))!.People;
        string Rev() => reg.GetInstance(Pid.Parse(Widefield))!.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var before = Quiet(reg);
        // 0000-0002-1825-0097 with its last digit mistyped.
        var bad = await Html(await b.Post("/staff/people", ("csrf", csrf), ("pid", Widefield), ("revision", Rev()), ("op", "add"), ("name", "Ada <Lovelace>"),
            ("orcid", "0000-0002-1825-0098"), ("role", "manager"), ("email", "ada@example.org"), ("emailPublic", "on")), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("check digit", FormError(bad, "p-orcid"), StringComparison.Ordinal);
        Assert.Equal(("Ada <Lovelace>", "0000-0002-1825-0098", "ada@example.org"), (Value(bad, "p-name"), Value(bad, "p-orcid"), Value(bad, "p-email")));
        Assert.Equal("manager", bad.QuerySelector("#p-role option[selected]")!.GetAttribute("value"));
        Assert.True(bad.QuerySelector("input[name=emailPublic]")!.HasAttribute("checked"));
        Assert.Equal(before, Quiet(reg));

        var added = await b.Post("/staff/people", ("csrf", csrf), ("pid", Widefield), ("revision", Rev()), ("op", "add"), ("name", "Ada <Lovelace>"),
            ("orcid", "https://orcid.org/0000-0002-1825-0097"), ("role", "manager"), ("email", "ada@example.org"));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        var list = reg.GetInstance(Pid.Parse(Widefield))!.People;
        Assert.Equal(people.Count + 1, list.Count);
        Assert.Equal(people, list.Take(people.Count)); // everyone else kept as they were
        Assert.Equal(("Ada <Lovelace>", "0000-0002-1825-0097", "manager", "ada@example.org", false), (list[^1].Name, list[^1].Orcid, list[^1].Role, list[^1].Email, list[^1].EmailPublic));
        var shown = await Html(await b.Client.GetAsync(added.Headers.Location!.OriginalString), HttpStatusCode.OK);
        Assert.Equal("Added.", shown.QuerySelector("[role=status]")!.TextContent);
        Assert.DoesNotContain("ada@example.org", await h.Client.GetStringAsync(PhdResolver.Registry.Resolution.Paths.Of(reg.GetInstance(Pid.Parse(Widefield))!)), StringComparison.Ordinal);

        // Change: the form is filled with the person; the role changes, the rest stays.
        int k = list.Count - 1;
        var change = await Html(await b.Client.GetAsync(page + "&person=" + k), HttpStatusCode.OK);
        Assert.Equal("0000-0002-1825-0097", Value(change, "p-orcid"));
        Assert.Equal("change", change.QuerySelector("#person-form + form input[name=op]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.SeeOther, (await b.Post("/staff/people", ("csrf", csrf), ("pid", Widefield), ("revision", Rev()), ("op", "change"), ("index", k.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("name", "Ada Lovelace"), ("orcid", "0000-0002-1825-0097"), ("role", "contact"), ("email", "ada@example.org"), ("emailPublic", "on"))).StatusCode);
        var changed = reg.GetInstance(Pid.Parse(Widefield))!.People[k];
        Assert.Equal(("Ada Lovelace", "contact", true), (changed.Name, changed.Role, changed.EmailPublic));

        // Removing by position from a page that is out of date removes no one else: 409 and the current list.
        string old = (int.Parse(Rev(), System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        before = Quiet(reg);
        var stale = await Html(await b.Post("/staff/people", ("csrf", csrf), ("pid", Widefield), ("revision", old), ("op", "remove"), ("index", "0")), HttpStatusCode.Conflict);
        Assert.Contains("changed since", FormError(stale, null), StringComparison.Ordinal);
        Assert.Equal(before, Quiet(reg));
        Assert.Equal(HttpStatusCode.SeeOther, (await b.Post("/staff/people", ("csrf", csrf), ("pid", Widefield), ("revision", Rev()), ("op", "remove"), ("index", k.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);
        Assert.Equal(people, reg.GetInstance(Pid.Parse(Widefield))!.People);
        Assert.Equal(3, reg.AuditLog(Widefield, limit: 3).Count(e => e.Action == "edit-record"));
    }

    [Fact]
    public async Task An_identifier_held_by_another_record_is_a_409_in_plain_words_and_identifiers_are_added_and_removed()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        var b = reg.Facilities.Single(f => f.Country == "NL");
        using var browser = new Browser(h);
        await browser.SignIn(reg.CreateToken(b.Pid.ToString(), null, null, "test").Secret);
        string page = "/staff/identifiers?pid=" + Q(b.Pid.ToString()), csrf = await browser.Csrf(page);
        var form = await Html(await browser.Client.GetAsync(page), HttpStatusCode.OK);
        Assert.Equal(["RRID", "ROR", "Wikidata"], form.QuerySelectorAll("#i-scheme option").Select(o => o.GetAttribute("value")!)); // what a facility may carry
        string Rev() => reg.GetFacility(b.Pid)!.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var before = Quiet(reg);
        // Facility A (the demo core) holds Wikidata Q4115189.
        var taken = await Html(await browser.Post("/staff/identifiers", ("csrf", csrf), ("pid", b.Pid.ToString()), ("revision", Rev()), ("op", "add"), ("scheme", "Wikidata"), ("value", "https://www.wikidata.org/wiki/Q4115189")),
            HttpStatusCode.Conflict);
        string error = FormError(taken, "i-value");
        Assert.Contains("already claimed by " + FacilityA(reg), error, StringComparison.Ordinal);
        Assert.Contains("belongs to one record only", error, StringComparison.Ordinal);
        Assert.DoesNotContain("identifiers:", error, StringComparison.Ordinal);
        Assert.Equal("https://www.wikidata.org/wiki/Q4115189", Value(taken, "i-value"));
        Assert.Equal("Wikidata", taken.QuerySelector("#i-scheme option[selected]")!.GetAttribute("value"));
        var invalid = await Html(await browser.Post("/staff/identifiers", ("csrf", csrf), ("pid", b.Pid.ToString()), ("revision", Rev()), ("op", "add"), ("scheme", "ROR"), ("value", "not-a-ror")),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not-a-ror", FormError(invalid, "i-value"), StringComparison.Ordinal);
        Assert.Equal(before, Quiet(reg));

        Assert.Equal(HttpStatusCode.SeeOther, (await browser.Post("/staff/identifiers", ("csrf", csrf), ("pid", b.Pid.ToString()), ("revision", Rev()), ("op", "add"), ("scheme", "Wikidata"), ("value", "Q42"))).StatusCode);
        var ids = reg.GetFacility(b.Pid)!.Identifiers;
        Assert.Contains(ids, i => i.Scheme == "Wikidata" && i.Value == "Q42");
        var listed = await Html(await browser.Client.GetAsync(page), HttpStatusCode.OK);
        Assert.NotNull(listed.QuerySelector("a[href='https://www.wikidata.org/wiki/Q42']"));
        int k = ids.Count - 1;
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.Post("/staff/identifiers", ("csrf", csrf), ("pid", b.Pid.ToString()), ("revision", Rev()), ("op", "remove"), ("index", k.ToString(System.Globalization.CultureInfo.InvariantCulture)))).StatusCode);
        Assert.DoesNotContain(reg.GetFacility(b.Pid)!.Identifiers, i => i.Value == "Q42");
    }

    [Fact]
    public async Task Related_works_are_added_and_removed_and_refusals_keep_what_was_entered()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = Registry(h);
        using var b = new Browser(h);
        await b.SignIn(reg.CreateToken(FacilityA(reg), null, null, "test").Secret);
        var version = reg.GetVersions(Pid.Parse(Widefield))[0];
        string v = version.Pid.ToString(), page = "/staff/related?pid=" + Q(v), csrf = await b.Csrf(page);
        int count = reg.RelatedWorksOf(version).Count;
        var before = Quiet(reg);
        var badId = await Html(await b.Post("/staff/related", ("csrf", csrf), ("pid", v), ("identifier", "not a doi"), ("relation", "described-in"), ("title", "My <paper>"), ("year", "2024"), ("kind", "")),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("neither a DOI nor", FormError(badId, "w-identifier"), StringComparison.Ordinal);
        Assert.Equal(("not a doi", "My <paper>", "2024"), (Value(badId, "w-identifier"), Value(badId, "w-title"), Value(badId, "w-year")));
        Assert.Equal("described-in", badId.QuerySelector("input[name=relation][checked]")!.GetAttribute("value"));
        var badYear = await Html(await b.Post("/staff/related", ("csrf", csrf), ("pid", v), ("identifier", "10.5072/Paper.1"), ("relation", "described-in"), ("title", "My paper"), ("year", "20x4")),
            HttpStatusCode.UnprocessableEntity);
        FormError(badYear, "w-year");
        Assert.Equal("10.5072/Paper.1", Value(badYear, "w-identifier"));
        Assert.Equal(before, Quiet(reg));

        var added = await b.Post("/staff/related", ("csrf", csrf), ("pid", v), ("identifier", "10.5072/Paper.1"), ("relation", "described-in"), ("title", "My <paper>"), ("year", "2024"), ("kind", ""));
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        var work = reg.RelatedWorksOf(version)[^1];
        Assert.Equal(("doi:10.5072/paper.1", "described-in", "publication", 2024), (work.Identifier, work.Relation, work.Kind, work.Year!.Value));
        Assert.Contains("My &lt;paper&gt;", await h.Client.GetStringAsync(reg.PathOf(version)), StringComparison.Ordinal);
        before = Quiet(reg);
        var twice = await Html(await b.Post("/staff/related", ("csrf", csrf), ("pid", v), ("identifier", "https://doi.org/10.5072/PAPER.1"), ("relation", "described-in"), ("title", "Again")), HttpStatusCode.Conflict);
        Assert.Contains("already linked", FormError(twice, "w-identifier"), StringComparison.Ordinal);
        Assert.Equal(before, Quiet(reg));

        // Remove: the row's button; then gone from the page, the graph's record and DataCite.
        var listed = await Html(await b.Client.GetAsync(page), HttpStatusCode.OK);
        var remove = listed.QuerySelectorAll("form[action='/staff/related/remove']").Single(f => f.QuerySelector("input[name=identifier]")!.GetAttribute("value") == "doi:10.5072/paper.1");
        Assert.Equal("described-in", remove.QuerySelector("input[name=relation]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.SeeOther, (await b.Post("/staff/related/remove", ("csrf", csrf), ("pid", v), ("identifier", "doi:10.5072/paper.1"), ("relation", "described-in"))).StatusCode);
        Assert.Equal(count, reg.RelatedWorksOf(version).Count);
        Assert.DoesNotContain("My &lt;paper&gt;", await h.Client.GetStringAsync(reg.PathOf(version)), StringComparison.Ordinal);
        Assert.Equal("remove-related-work", reg.AuditLog(limit: 1)[0].Action);
        // Removing it again: 404 in the page, nothing written.
        before = Quiet(reg);
        var again = await Html(await b.Post("/staff/related/remove", ("csrf", csrf), ("pid", v), ("identifier", "doi:10.5072/paper.1"), ("relation", "described-in")), HttpStatusCode.NotFound);
        Assert.Contains("is not linked", FormError(again, null), StringComparison.Ordinal);
        Assert.Equal(before, Quiet(reg));
    }
}
