using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Web.Records;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>The "Attach settings" staff form (issue 15 item 5) in real Chromium: keyboard only, axe-core on every page.</summary>
public sealed partial class StaffBrowserTests
{
    private const string Confocal = "doi:10.5072/phd-demo.confocal-1";

    [Fact]
    public async Task Attach_settings_with_the_keyboard_only_and_every_page_passes_axe_core()
    {
        if (_browser is null) return;
        var b = _browser;
        var reg = Registry;
        var instrument = reg.GetInstance(PhdResolver.Registry.Pids.Pid.Parse(Confocal))!;
        var version = reg.GetVersions(instrument.Pid)[^1];
        int before = reg.SettingsOf(version).Count;
        var dir = Paths.NewTempDir("phd-e2e-settings-");
        try
        {
            string demo = await File.ReadAllTextAsync(Path.Combine(Paths.RepoRoot, "src", "PhdResolver.Web", "Demo", "confocal-1-c2-settings.json"));
            string good = Path.Combine(dir, "hela-settings.json"), dangling = Path.Combine(dir, "dangling-settings.json");
            await File.WriteAllTextAsync(good, demo.Replace("demo-image-hela-gfp-mcherry", "browser-image", StringComparison.Ordinal));
            await File.WriteAllTextAsync(dangling, demo.Replace("\"laser561\"", "\"laser999\"", StringComparison.Ordinal));
            await b.InterceptFileChoosersAsync();

            await Go("/staff/sign-in");
            await TabTo("#token");
            await b.TypeAsync(reg.CreateToken(instrument.Facility.ToString(), null, "browser settings", "test").Secret);
            await TabTo("button[type=submit]");
            await b.PressEnterAndWaitForLoadAsync();
            Assert.Equal("/staff", await b.EvaluateStringAsync("location.pathname"));

            // Dashboard -> the version's "attach settings" link -> the form.
            await TabTo("a[href='/staff/settings?version=" + Uri.EscapeDataString(version.Pid.ToString()) + "']");
            await b.PressEnterAndWaitForLoadAsync();
            Assert.Equal("/staff/settings", await b.EvaluateStringAsync("location.pathname"));
            await AssertCleanAndAccessible("settings-form");

            // A dangling component ID: a problem page naming it, nothing registered.
            await TabTo("#file");
            await b.ChooseFileOnEnterAsync(dangling);
            await TabTo("form[action='/staff/settings'] button[type=submit]");
            await b.PressEnterAndWaitForLoadAsync();
            Assert.Contains("422", await Text("h1"), StringComparison.Ordinal);
            Assert.Contains("laser999", await Text("main"), StringComparison.Ordinal);
            await AssertCleanAndAccessible("settings-refused", refusal: true);
            Assert.Equal(before, reg.SettingsOf(version).Count);

            await Go("/staff/settings?version=" + Uri.EscapeDataString(version.Pid.ToString()));
            await TabTo("#file");
            await b.ChooseFileOnEnterAsync(good);
            await TabTo("#name");
            await b.TypeAsync("Browser settings");
            await TabTo("form[action='/staff/settings'] button[type=submit]");
            await b.PressEnterAndWaitForLoadAsync();
            Assert.Contains("Settings registered", await Text("h1"), StringComparison.Ordinal);
            await AssertCleanAndAccessible("settings-registered");
            Assert.Equal(before + 1, reg.SettingsOf(version).Count);

            // Its own landing page is one Tab + Enter away, and passes too; its configuration lists it.
            await TabTo("main p[role=status] a");
            await b.PressEnterAndWaitForLoadAsync();
            Assert.StartsWith("/phd:", await b.EvaluateStringAsync("location.pathname"), StringComparison.Ordinal);
            Assert.Contains("Browser settings", await Text("h1"), StringComparison.Ordinal);
            Assert.Contains("488 nm at 2 mW", await Text("main"), StringComparison.Ordinal);
            await AssertCleanAndAccessible("settings-page");
            await Go(reg.PathOf(version));
            Assert.Contains("Browser settings", await Text("#acquisition-settings + ul"), StringComparison.Ordinal);
            await AssertCleanAndAccessible("version-with-settings");
        }
        finally
        {
            Paths.DeleteQuietly(dir);
        }
    }
}
