using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli.Tests;

/// <summary>
/// <c>phd settings add VERSION FILE</c>: on a stopped registry's data directory and through a running <c>phd serve</c>;
/// refusals (unknown or withdrawn version, syntax error with its position, dangling component, a file too large) exit 1
/// and write nothing.
/// </summary>
public sealed class SettingsCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("phd-settings-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private const string F = "RRID:SCR_017406", M = "RRID:SCR_023456", I = "doi:10.5072/cli.settings";

    private const string Configuration = """
        @prefix nboq: <https://w3id.org/nbo-q/> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        <urn:c:i> a nboq:Instrument ; nboq:name "CLI confocal" ; nboq:hasComponent <urn:c:l> .
        <urn:c:l> a nboq:Laser ; nboq:id "laser488" ; nboq:name "488 nm laser" ; nboq:wavelength 488.0e0 ; nboq:wavelengthUnit unit:NanoM .
        """;

    private static string Settings(string laser) => $$"""
        { "Schema_ID": "Image.json", "ID": "img-cli", "Name": "CLI settings", "ModelVersion": "2.01.0",
          "Channel": [ { "Schema_ID": "Channel.json", "ID": "ch", "Name": "GFP",
            "LightSourceSettings": [ { "Schema_ID": "LightSourceSettings.json", "ID": "ls", "ComponentID": "{{laser}}", "IlluminationPowerSettings": 2, "lluminationPowerSettingsUnit": "mW" } ] } ] }
        """;

    private (string Dir, string Version, string Withdrawn) Registry()
    {
        var dir = Path.Combine(_root, "registry");
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        reg.RegisterFacility(new NewFacility { Rrid = F, Name = "Core" }, "test");
        reg.RegisterModel(new NewModel { Rrid = M, Name = "LSM 980", Manufacturer = "Zeiss" }, "test");
        reg.RegisterInstance(new NewInstance { Identifier = I, Name = "Confocal", Facility = F, Model = M }, "test");
        var c1 = reg.SubmitVersion(I, Dataset.Parse(Configuration, RdfFormat.Turtle), 1, "test");
        var c2 = reg.SubmitVersion(I, Dataset.Parse(Configuration.Replace("CLI confocal", "CLI confocal 2", StringComparison.Ordinal), RdfFormat.Turtle), 1, "test");
        reg.Withdraw(c1.Pid.ToString(), "test", "test");
        return (dir, c2.Pid.ToString(), c1.Pid.ToString());
    }

    private static (int Audit, int Settings) State(string dir)
    {
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        return (reg.AuditLog(limit: 10_000).Count, reg.AllSettings.Count());
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_root, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Settings_are_added_on_the_data_directory_and_refusals_exit_1_writing_nothing()
    {
        var (dir, version, withdrawn) = Registry();
        var before = State(dir);
        var unknown = PhdProcess.Run(null, "settings", "add", I + "/c9", File("ok.json", Settings("laser488")), "--data", dir);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("c9", unknown.Stderr, StringComparison.Ordinal);
        var gone = PhdProcess.Run(null, "settings", "add", withdrawn, File("ok.json", Settings("laser488")), "--data", dir);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("withdrawn", gone.Stderr, StringComparison.Ordinal);
        var dangling = PhdProcess.Run(null, "settings", "add", version, File("bad.json", Settings("laser999")), "--data", dir);
        Assert.Equal(1, dangling.ExitCode);
        Assert.Contains("'laser999'", dangling.Stderr, StringComparison.Ordinal);
        var syntax = PhdProcess.Run(null, "settings", "add", version, File("bad.ttl", "@prefix nboq: <https://w3id.org/nbo-q/> .\n<#a> nboq:name \"x\" \"y\" ."), "--data", dir);
        Assert.Equal(1, syntax.ExitCode);
        Assert.Contains("bad.ttl", syntax.Stderr, StringComparison.Ordinal);
        Assert.Contains("2", syntax.Stderr, StringComparison.Ordinal);
        var huge = Path.Combine(_root, "huge.json");
        using (var fs = System.IO.File.Create(huge)) fs.SetLength(4L * RegistryService.MaxSettingsChars + 1);
        var big = PhdProcess.Run(null, "settings", "add", version, huge, "--data", dir);
        Assert.Equal(1, big.ExitCode);
        Assert.Contains("limit", big.Stderr, StringComparison.Ordinal);
        foreach (var r in new[] { unknown, gone, dangling, syntax, big }) Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, State(dir));

        var ok = PhdProcess.Run(null, "settings", "add", version, File("ok.json", Settings("laser488")), "--name", "First run", "--data", dir);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        var pid = ok.Stdout.Trim();
        Assert.StartsWith("phd:", pid, StringComparison.Ordinal);
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        var st = reg.GetSettings(PhdResolver.Registry.Pids.PhdAccession.Parse(pid))!;
        Assert.Equal(("First run", "488 nm at 2 mW"), (st.Name, st.Summary));
        Assert.Contains(reg.AuditLog(st.Accession.ToString()), e => e.Actor == "cli");
    }

    [Fact]
    public async Task While_phd_serve_runs_settings_are_added_through_it()
    {
        var (dir, version, _) = Registry();
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; l.Stop(); }
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "phd.dll"), "serve", "--data", dir, "--urls", $"http://127.0.0.1:{port}", "--no-demo", "--base-uri", "https://phd.example.org/" }) psi.ArgumentList.Add(a);
        using var serve = Process.Start(psi)!;
        serve.OutputDataReceived += (_, _) => { };
        serve.ErrorDataReceived += (_, _) => { };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        string pid;
        try
        {
            var file = Path.Combine(dir, "serve.json");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!System.IO.File.Exists(file) && DateTime.UtcNow < deadline && !serve.HasExited) Thread.Sleep(100);
            Assert.True(System.IO.File.Exists(file), "phd serve did not write serve.json");
            var dangling = PhdProcess.Run(null, "settings", "add", version, File("bad.json", Settings("laser999")), "--data", dir);
            Assert.Equal(1, dangling.ExitCode);
            Assert.Contains("422", dangling.Stderr, StringComparison.Ordinal);
            // RDF in a syntax the API does not take is read here and sent as N-Triples.
            var nt = File("s.nt", "<urn:s:ls> <https://w3id.org/nbo-q/name> \"served settings\" .\n");
            var ok = PhdProcess.Run(null, "settings", "add", version, nt, "--data", dir);
            Assert.True(ok.ExitCode == 0, ok.Stderr);
            pid = ok.Stdout.Trim();
            using var http = new HttpClient();
            var page = await http.GetAsync($"http://127.0.0.1:{port}/{pid}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            serve.WaitForExit(30_000);
        }
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        Assert.Equal("served settings", reg.GetSettings(PhdResolver.Registry.Pids.PhdAccession.Parse(pid))!.Name);
    }
}
