using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Registry;
using PhdResolver.Web;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;
using Xunit.Abstractions;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// The staff UI in a real headless Chromium against the real app on a real socket: the registration flow
/// (sign in, upload, per-component report, register) done with the keyboard alone (Tab, Enter and typing
/// the token), and axe-core (tests/js) run on every staff page with zero violations allowed. Like
/// <see cref="BrowserTests"/>, any console error or CSP violation fails the page. Without Chromium the tests
/// pass vacuously locally and fail under CI=true.
/// </summary>
public sealed partial class StaffBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Widefield = "doi:10.5072/phd-demo.widefield-1";
    private KestrelHost? _host;
    private Chromium? _browser;
    private string _upload = "";

    public async Task InitializeAsync()
    {
        var exe = Chromium.Find();
        if (exe is null)
        {
            if (Paths.IsCi) Assert.Fail("Chromium is missing (apt-get install -y chromium, or set PHD_CHROMIUM)");
            output.WriteLine("Chromium not found: staff browser checks skipped (they fail under CI=true)");
            return;
        }
        _host = await KestrelHost.StartAsync();
        _browser = await Chromium.LaunchAsync(exe);
        // A changed copy of a demo configuration: it conforms at tier 1 and differs from the registered one.
        var dir = Paths.NewTempDir("phd-e2e-upload-");
        _upload = Path.Combine(dir, "widefield-1-serviced.ttl");
        await File.WriteAllTextAsync(_upload, (await File.ReadAllTextAsync(Path.Combine(Paths.RepoRoot, "src", "PhdResolver.Web", "Demo", "widefield-1-c1.ttl")))
            .Replace("Inverted research stand", "Inverted research stand (serviced)", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
        if (_upload.Length > 0) Paths.DeleteQuietly(Path.GetDirectoryName(_upload)!);
    }

    private RegistryService Registry => _host!.Services.GetRequiredService<RegistryHost>().Registry;

    private string FacilityToken() => Registry.CreateToken(Registry.Facilities.Single(f => f.Country == "DE").Pid.ToString(), null, "browser test", "test").Secret;

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var file = Path.Combine(Paths.JsDir, "node_modules", "axe-core", "axe.min.js");
        return File.Exists(file) ? File.ReadAllText(file) : "";
    });

    /// <summary>The page loaded without console errors or CSP violations, and axe-core finds no violation on it.</summary>
    /// <param name="refusal">the page answers a 4xx status on purpose (the browser logs that status, nothing else is allowed)</param>
    private async Task AssertCleanAndAccessible(string name, bool refusal = false)
    {
        var b = _browser!;
        if (refusal)
        {
            var rest = b.Problems.Where(p => !p.Contains("the server responded with a status of 4", StringComparison.Ordinal)).ToList();
            while (b.Problems.TryDequeue(out _)) { }
            foreach (var p in rest) b.Problems.Enqueue(p);
        }
        var shot = Path.Combine(Paths.Artifacts("staff"), name + ".png");
        await b.ScreenshotAsync(shot);
        output.WriteLine($"{name}: {await b.EvaluateStringAsync("location.pathname")} ({shot})");
        Assert.True(b.Problems.IsEmpty, $"{name}: the browser reported problems:\n" + string.Join("\n", b.Problems));
        if (AxeSource.Value.Length == 0)
        {
            if (Paths.IsCi) Assert.Fail("tests/js/node_modules/axe-core is missing (npm ci in tests/js)");
            output.WriteLine("axe-core not installed: accessibility check skipped");
            return;
        }
        // DevTools evaluation is not subject to the page's CSP, so the page itself keeps forbidding inline script.
        await b.EvaluateAsync(AxeSource.Value + ";1");
        var json = await b.EvaluateAsync(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))))",
            awaitPromise: true);
        var violations = json!.GetValue<string>();
        Assert.True(violations == "[]", $"{name}: axe-core violations: {violations}");
    }

    private async Task Go(string path)
    {
        while (_browser!.Problems.TryDequeue(out _)) { }
        await _browser.NavigateAsync(_host!.Origin + path);
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (at most 80 times).</summary>
    private async Task TabTo(string selector)
    {
        var b = _browser!;
        string test = $"(document.activeElement && document.activeElement.matches({JsonSerializer.Serialize(selector)})) ? 'yes' : 'no'";
        for (int i = 0; i < 80; i++)
        {
            await b.PressAsync("Tab");
            if (await b.EvaluateStringAsync(test) == "yes") return;
        }
        Assert.Fail($"Tab never reached {selector} on {await b.EvaluateStringAsync("location.pathname")}");
    }

    private Task<string> Text(string selector) =>
        _browser!.EvaluateStringAsync($"(document.querySelector({JsonSerializer.Serialize(selector)})||{{innerText:''}}).innerText");

    [Fact]
    public async Task Registration_flow_with_the_keyboard_only()
    {
        if (_browser is null) return;
        var b = _browser;
        int versions = Registry.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Widefield)).Count;
        await b.InterceptFileChoosersAsync();

        // An unsigned visit to the staff pages lands on the sign-in form.
        await Go("/staff");
        Assert.EndsWith("/staff/sign-in", await b.EvaluateStringAsync("location.pathname"), StringComparison.Ordinal);
        await TabTo("#token");
        await b.TypeAsync(FacilityToken());
        await TabTo("button[type=submit]");
        await b.PressEnterAndWaitForLoadAsync();
        Assert.Equal("/staff", await b.EvaluateStringAsync("location.pathname"));

        // Dashboard: the instrument's "Register a configuration" link.
        await TabTo("a[href='/staff/register?instance=" + Uri.EscapeDataString(Widefield) + "']");
        await b.PressEnterAndWaitForLoadAsync();
        Assert.Equal("/staff/register", await b.EvaluateStringAsync("location.pathname"));

        // Upload form: the file input opens its chooser on Enter; tier 1 is preselected.
        await TabTo("#file");
        await b.ChooseFileOnEnterAsync(_upload);
        Assert.Equal("widefield-1-serviced.ttl", await b.EvaluateStringAsync("document.querySelector('#file').files[0]?.name || ''"));
        await TabTo("form[action='/staff/register/preview'] button[type=submit]");
        await b.PressEnterAndWaitForLoadAsync();

        // Preview: the verdict and the per-tier table, and nothing registered yet.
        Assert.Equal("/staff/register/preview", await b.EvaluateStringAsync("location.pathname"));
        Assert.Contains("conforms at tier 1", await Text("#verdict + p"), StringComparison.Ordinal);
        Assert.Contains("Core", await Text("table.compliance"), StringComparison.Ordinal);
        Assert.Equal(versions, Registry.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Widefield)).Count);
        await TabTo("form[action='/staff/register'] button[type=submit]");
        await b.PressEnterAndWaitForLoadAsync();

        Assert.Contains("Registered", await Text("h1"), StringComparison.Ordinal);
        Assert.Equal(versions + 1, Registry.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Widefield)).Count);
        // The new version's page is one Tab + Enter away.
        await TabTo("main p[role=status] a");
        await b.PressEnterAndWaitForLoadAsync();
        Assert.Matches("/c[0-9]+$", await b.EvaluateStringAsync("location.pathname"));
        Assert.Contains("(serviced)", await Text("main"), StringComparison.Ordinal);
        Assert.True(b.Problems.IsEmpty, string.Join("\n", b.Problems));
    }

    private Task Fill(string selector, string value) =>
        _browser!.EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).value = {JsonSerializer.Serialize(value)}; 1");

    /// <summary>Submits the form as its submit button would (constraint validation included) and waits for the answer page.</summary>
    private Task Submit(string formSelector) =>
        _browser!.RunAndWaitForLoadAsync($"setTimeout(() => document.querySelector({JsonSerializer.Serialize(formSelector)}).requestSubmit(), 0); 1");

    [Fact]
    public async Task Every_staff_page_passes_axe_core_with_zero_violations()
    {
        if (_browser is null) return;
        var b = _browser;
        var token = Registry.CreateToken(null, null, "axe", "test");
        var options = _host!.Services.GetRequiredService<WebOptions>();

        await Go("/staff/sign-in");
        await AssertCleanAndAccessible("sign-in");
        // A refused sign-in re-renders the form with the error.
        await Fill("#token", "phd_wrong");
        await Submit("form[action='/staff/sign-in']");
        Assert.Contains("not valid", await Text(".error"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("sign-in-refused", refusal: true);

        // The one-time link's page, then the dashboard it leads to.
        await Go(new Uri(SignInLinks.Create(options.DataDirectory, options.BaseUri, token.Token.Id)).PathAndQuery);
        await AssertCleanAndAccessible("sign-in-link");
        await Submit("form[action='/staff/sign-in/link']");
        Assert.Equal("/staff", await b.EvaluateStringAsync("location.pathname"));
        await AssertCleanAndAccessible("dashboard");

        await Go("/staff/register?instance=" + Uri.EscapeDataString(Widefield));
        await AssertCleanAndAccessible("register-upload");
        // A real Micro-Meta App file: its report lists findings per component.
        var mma = Path.GetFullPath(Path.Combine(Paths.RepoRoot, "..", "shared", "reference", "micrometaapp", "examples", "microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json"));
        Assert.True(File.Exists(mma), $"{mma} is missing: the tests read ../shared/reference in place");
        await b.SetFileInputAsync("#file", mma);
        await b.EvaluateAsync("document.querySelector('input[name=tier][value=\"3\"]').checked = true; 1");
        await Submit("form[action='/staff/register/preview']");
        Assert.True(await Text("ul.findings") != "", "no findings list: " + await b.EvaluateStringAsync("location.href + ' ' + document.body.innerText.slice(0, 2000)"));
        await AssertCleanAndAccessible("register-preview-mma");

        await Go("/staff/register?instance=" + Uri.EscapeDataString(Widefield));
        await b.SetFileInputAsync("#file", _upload);
        await Submit("form[action='/staff/register/preview']");
        await AssertCleanAndAccessible("register-preview");
        await Submit("form[action='/staff/register']");
        Assert.Contains("Registered", await Text("h1"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("registered");

        var other = Registry.RegisterFacility(new NewFacility { Name = "Second core" }, "test");
        await Go("/staff/move?instance=" + Uri.EscapeDataString("doi:10.5072/phd-demo.widefield-2"));
        await AssertCleanAndAccessible("move");
        await Fill("#facility", other.Pid.ToString());
        await Submit("form[action='/staff/move']");
        Assert.Contains("Moved", await Text("h1"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("moved");

        var version = Registry.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Widefield))[0];
        await Go("/staff/withdraw?pid=" + Uri.EscapeDataString(version.Pid.ToString()));
        await AssertCleanAndAccessible("withdraw");
        await Fill("#reason", "Superseded by a serviced configuration");
        await Submit("form[action='/staff/withdraw']");
        Assert.Contains("Withdrawn", await Text("h1"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("withdrawn");

        // A refusal page (a move to a facility that does not exist is 404).
        await Go("/staff/move?instance=" + Uri.EscapeDataString(Widefield));
        await b.EvaluateAsync("const o = document.createElement('option'); o.value = 'RRID:SCR_999999'; o.textContent = 'gone'; document.querySelector('#facility').appendChild(o); 1");
        await Fill("#facility", "RRID:SCR_999999");
        await Submit("form[action='/staff/move']");
        Assert.Contains("404", await Text("h1"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("refusal", refusal: true);

        await Go("/staff");
        await Submit("form[action='/staff/sign-out']");
        Assert.Contains("Signed out", await Text("h1"), StringComparison.Ordinal);
        await AssertCleanAndAccessible("signed-out");

        // Guards the guard: an image without a text alternative on a staff page must be reported by axe-core.
        if (AxeSource.Value.Length == 0) return;
        await b.EvaluateAsync("document.querySelector('main').appendChild(Object.assign(document.createElement('img'), { src: '/favicon.svg' })); 1");
        var caught = (await b.EvaluateAsync("axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => v.id).join(','))", awaitPromise: true))!.GetValue<string>();
        Assert.Contains("image-alt", caught, StringComparison.Ordinal);
    }
}
