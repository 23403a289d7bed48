using PhdResolver.Registry;
using PhdResolver.Registry.Pids;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// The "manage records" forms in Chromium: editing an instrument's details and linking and unlinking a
/// related work with the keyboard alone, and axe-core on every new page, its refusals included.
/// </summary>
public sealed partial class StaffBrowserTests
{
    private async Task SignInWithKeyboard(string secret)
    {
        await Go("/staff/sign-in");
        await TabTo("#token");
        await _browser!.TypeAsync(secret);
        await TabTo("button[type=submit]");
        await _browser.PressEnterAndWaitForLoadAsync();
        Assert.Equal("/staff", await _browser.EvaluateStringAsync("location.pathname"));
    }

    [Fact]
    public async Task Editing_an_instrument_and_its_related_works_with_the_keyboard_only()
    {
        if (_browser is null) return;
        var b = _browser;
        var pid = Pid.Parse(Widefield);
        var version = Registry.GetVersions(pid)[0];
        int revision = Registry.GetInstance(pid)!.Revision, works = Registry.RelatedWorksOf(version).Count;
        await SignInWithKeyboard(FacilityToken());

        // Staff home → the instrument's Manage page → Edit the details.
        await TabTo("a[href='/staff/manage?pid=" + Uri.EscapeDataString(Widefield) + "']");
        await b.PressEnterAndWaitForLoadAsync();
        Assert.StartsWith("Manage ", await Text("h1"), StringComparison.Ordinal);
        await TabTo("a[href='/staff/edit?pid=" + Uri.EscapeDataString(Widefield) + "']");
        await b.PressEnterAndWaitForLoadAsync();
        // Tabbing into a text field selects its text: typing replaces it.
        await TabTo("#f-name");
        await b.TypeAsync("Widefield 1 (serviced)");
        await TabTo("#f-reason");
        await b.TypeAsync("new stand after the service");
        await TabTo("form[action='/staff/edit'] button[type=submit]");
        await b.PressEnterAndWaitForLoadAsync();
        Assert.Equal("Saved", await Text("h1"));
        var edited = Registry.GetInstance(pid)!;
        Assert.Equal(("Widefield 1 (serviced)", revision + 1), (edited.Name, edited.Revision));
        Assert.Contains("new stand after the service", Registry.AuditLog(Widefield, limit: 1)[0].DetailsJson, StringComparison.Ordinal);

        // Back to the Manage page → the first configuration's related works → add one.
        await TabTo("a[href='/staff/manage?pid=" + Uri.EscapeDataString(Widefield) + "']");
        await b.PressEnterAndWaitForLoadAsync();
        await TabTo("a[href='/staff/related?pid=" + Uri.EscapeDataString(version.Pid.ToString()) + "']");
        await b.PressEnterAndWaitForLoadAsync();
        await TabTo("#w-identifier");
        await b.TypeAsync("https://doi.org/10.5072/Keyboard.Dataset");
        await TabTo("#w-title");
        await b.TypeAsync("A dataset linked with the keyboard");
        await TabTo("#w-year");
        await b.TypeAsync("2025");
        await TabTo("form[action='/staff/related'] button[type=submit]");
        await b.PressEnterAndWaitForLoadAsync();
        Assert.Equal("Added.", await Text("p[role=status]"));
        var work = Registry.RelatedWorksOf(version)[^1];
        Assert.Equal(("doi:10.5072/keyboard.dataset", "used-by", "dataset", works + 1), (work.Identifier, work.Relation, work.Kind, Registry.RelatedWorksOf(version).Count));

        // …and remove it with its row's button.
        await TabTo("form[action='/staff/related/remove']:has(input[value='doi:10.5072/keyboard.dataset']) button");
        await b.PressEnterAndWaitForLoadAsync();
        Assert.Equal("Removed.", await Text("p[role=status]"));
        Assert.Equal(works, Registry.RelatedWorksOf(version).Count);
        Assert.True(b.Problems.IsEmpty, string.Join("\n", b.Problems));
    }

    [Fact]
    public async Task Every_manage_page_and_its_refusals_pass_axe_core_with_zero_violations()
    {
        if (_browser is null) return;
        var b = _browser;
        await SignInWithKeyboard(Registry.CreateToken(null, null, "axe", "test").Secret);
        var pid = Pid.Parse(Widefield);
        string version = Registry.GetVersions(pid)[0].Pid.ToString(), model = Registry.Models.First().Pid.ToString();
        var a = Registry.Facilities.Single(f => f.Country == "DE");
        var other = Registry.Facilities.Single(f => f.Country == "NL");
        static string Q(string s) => Uri.EscapeDataString(s);

        await Go("/staff");
        await AssertCleanAndAccessible("manage-dashboard");
        foreach (var (name, target) in new[] { ("manage-instrument", Widefield), ("manage-version", version), ("manage-model", model), ("manage-facility", a.Pid.ToString()) })
        {
            await Go("/staff/manage?pid=" + Q(target));
            await AssertCleanAndAccessible(name);
        }

        // Edit: the form, a refusal shown in it (a homepage that is not http/https), and the saved page.
        await Go("/staff/edit?pid=" + Q(a.Pid.ToString()));
        await AssertCleanAndAccessible("edit-facility");
        await Fill("#f-homepage", "ftp://example.org/core");
        await Submit("form[action='/staff/edit']");
        Assert.Contains("Nothing was saved", await Text("#form-error"), StringComparison.Ordinal);
        Assert.Equal("true", await b.EvaluateStringAsync("document.querySelector('#f-homepage').getAttribute('aria-invalid')"));
        await AssertCleanAndAccessible("edit-refused", refusal: true);
        await Go("/staff/edit?pid=" + Q(Widefield));
        await AssertCleanAndAccessible("edit-instrument");
        await Fill("#f-reason", "axe");
        await Fill("#f-name", "Widefield 1 (axe)");
        await Submit("form[action='/staff/edit']");
        Assert.Equal("Saved", await Text("h1"));
        await AssertCleanAndAccessible("edit-saved");

        // People: the list, a bad ORCID iD (check digit) in the form, the change form.
        await Go("/staff/people?pid=" + Q(Widefield));
        await AssertCleanAndAccessible("people");
        await Fill("#p-name", "Ada Lovelace");
        await Fill("#p-orcid", "0000-0002-1825-0098");
        await Submit("form[action='/staff/people']:has(input[name=op][value=add])");
        Assert.Contains("check digit", await Text("#form-error"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("people-refused", refusal: true);
        await Go("/staff/people?pid=" + Q(Widefield) + "&person=0");
        await AssertCleanAndAccessible("people-change");

        // Identifiers: the list and a claim another record holds (409, in words).
        await Go("/staff/identifiers?pid=" + Q(other.Pid.ToString()));
        await AssertCleanAndAccessible("identifiers");
        await b.EvaluateAsync("document.querySelector('#i-scheme').value = 'Wikidata'; 1");
        await Fill("#i-value", a.Identifiers.First(i => i.Scheme == "Wikidata").Value);
        await Submit("form[action='/staff/identifiers']:has(input[name=op][value=add])");
        Assert.Contains("already claimed", await Text("#form-error"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("identifiers-refused", refusal: true);

        // Related works: the list, a bad identifier in the form, and after adding one.
        await Go("/staff/related?pid=" + Q(version));
        await AssertCleanAndAccessible("related");
        await Fill("#w-identifier", "not a doi");
        await Fill("#w-title", "A paper");
        await Submit("form[action='/staff/related']");
        Assert.Contains("neither a DOI", await Text("#form-error"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("related-refused", refusal: true);
        await Fill("#w-identifier", "10.5072/axe.paper");
        await b.EvaluateAsync("document.querySelector('input[name=relation][value=\"described-in\"]').checked = true; 1");
        await Submit("form[action='/staff/related']");
        Assert.Equal("Added.", await Text("p[role=status]"));
        await AssertCleanAndAccessible("related-added");

        // A refusal page: a withdrawn record cannot be edited (410).
        var gone = Registry.Instances.First(i => i.Facility == a.Pid && i.Pid != pid);
        Registry.Withdraw(gone.Pid.ToString(), "axe", "test");
        await Go("/staff/edit?pid=" + Q(gone.Pid.ToString()));
        Assert.Contains("410", await Text("h1"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("edit-withdrawn", refusal: true);

        // Tokens (administrators): the list, a bad expiry in the form, a new token with its secret shown once, revoked.
        await Go("/staff/tokens");
        await AssertCleanAndAccessible("tokens");
        await b.EvaluateAsync("document.querySelector('#facility').value = 'admin'; 1");
        await Fill("#expires", "next week");
        await Submit("form[action='/staff/tokens']");
        Assert.Contains("is not a date", await Text("#form-error"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("tokens-refused", refusal: true);
        await Fill("#expires", "2099-01-31");
        await Fill("#note", "axe");
        await Submit("form[action='/staff/tokens']");
        Assert.StartsWith("phd_", await Text("code.secret"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("tokens-created");
    }
}
