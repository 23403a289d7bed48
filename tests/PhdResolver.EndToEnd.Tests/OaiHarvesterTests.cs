using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;
using PhdResolver.Tests.Harvest;
using Xunit.Abstractions;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// Two registries served by real `phd serve` children: the demo, and 1,000 instruments (each with a
/// configuration version, a few withdrawn) seeded through RegistryService straight into the data
/// directory before serving. The expected counts are read from each registry itself.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class OaiRegistries : IAsyncLifetime
{
    public sealed record Served(string Name, string BaseUrl, int All, int DataCite, int Deleted, int DeletedDataCite, string FacilitySet, int InFacilitySet);

    private readonly List<(PhdChild Child, HttpClient Http, string Dir)> _servers = [];
    public List<Served> Registries { get; } = [];

    public async Task InitializeAsync()
    {
        // The demo: `phd serve` seeds it on an empty directory; counted after a first run, then served again.
        var demoDir = Paths.NewTempDir("phd-oai-demo-");
        int port = Paths.FreePort();
        string origin = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        using (var first = PhdChild.Start("serve", "--data", demoDir, "--urls", origin))
        using (var http = new HttpClient { BaseAddress = new Uri(origin + "/") })
            await first.WaitHealthy(http);
        Registries.Add(Count("demo", demoDir, origin));
        await Serve(demoDir, origin);

        var seedDir = Paths.NewTempDir("phd-oai-1000-");
        port = Paths.FreePort();
        origin = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        Seed(seedDir, origin, 1000);
        Registries.Add(Count("seeded", seedDir, origin));
        await Serve(seedDir, origin);
    }

    private async Task Serve(string dir, string origin)
    {
        var child = PhdChild.Start("serve", "--data", dir, "--urls", origin, "--no-demo");
        var http = new HttpClient { BaseAddress = new Uri(origin + "/"), Timeout = TimeSpan.FromSeconds(60) };
        _servers.Add((child, http, dir));
        await child.WaitHealthy(http);
    }

    /// <summary>1,000 instruments over three facilities and two models, one version each; every 97th instrument withdrawn.</summary>
    private static void Seed(string dir, string origin, int n)
    {
        var graph = File.ReadAllText(Path.Combine(Paths.RepoRoot, "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl"));
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri(origin + "/") });
        var facilities = new[]
        {
            reg.RegisterFacility(new NewFacility { Name = "Harvest Core A", Rrid = "RRID:SCR_910001" }, "seed"),
            reg.RegisterFacility(new NewFacility { Name = "Harvest Core B (Zentrum für Mikroskopie)", Ror = "ror:03vek6s52" }, "seed"),
            reg.RegisterFacility(new NewFacility { Name = "Harvest Core C" }, "seed"),
        };
        var models = new[]
        {
            reg.RegisterModel(new NewModel { Name = "Harvest Confocal", Manufacturer = "Optics A", Modality = "confocal" }, "seed"),
            reg.RegisterModel(new NewModel { Name = "Harvest Widefield", Manufacturer = "Optics B", Modality = "widefield" }, "seed"),
        };
        for (int i = 0; i < n; i++)
        {
            var inst = reg.RegisterInstance(new NewInstance
            {
                Identifier = "doi:10.5072/harvest." + i.ToString(CultureInfo.InvariantCulture),
                Name = "Harvest instrument " + i.ToString(CultureInfo.InvariantCulture),
                Facility = facilities[i % 3].Pid.ToString(), Model = models[i % 2].Pid.ToString(),
            }, "seed");
            reg.SubmitVersion(inst.Pid.ToString(), Dataset.Parse(graph, RdfFormat.Turtle), 1, "seed");
            if (i % 97 == 0) reg.Withdraw(inst.Pid.ToString(), "decommissioned", "seed");
        }
    }

    private static Served Count(string name, string dir, string origin)
    {
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri(origin + "/") });
        var index = reg.HarvestIndex();
        var f = reg.Facilities.OrderBy(x => x.Pid.ToString(), StringComparer.Ordinal).First();
        string set = PhdResolver.Registry.Harvest.HarvestSets.OfFacility(f.Pid);
        // Cross-check the index against the registry's own records: every record of every level, once.
        int all = reg.FacilityCount + reg.Models.Count() + reg.InstanceCount + reg.Instances.Sum(i => reg.GetVersions(i.Pid).Count);
        Assert.Equal(all, index.Count);
        return new Served(name, origin + "/oai", all, index.Items.Count(i => i.HasDataCite), index.Items.Count(i => i.Deleted), index.Items.Count(i => i.Deleted && i.HasDataCite), set, index.Items.Count(i => i.InSet(set)));
    }

    public async Task DisposeAsync()
    {
        foreach (var (child, http, dir) in _servers)
        {
            http.Dispose();
            child.Dispose();
            Paths.DeleteQuietly(dir);
        }
        await Task.CompletedTask;
    }
}

/// <summary>
/// Harvester view: two independent OAI-PMH clients, npm <c>oai-pmh</c> 2.0.3 (node) and Debian's
/// <c>libhttp-oai-perl</c> (<c>oai_pmh</c>, Perl HTTP::OAI), harvest each registry in full through
/// resumption tokens, in both formats and by set; their counts must equal the registry's. Every
/// oai_datacite record the Perl client harvested is validated against the DataCite 4.6 XSD (offline).
/// Needs node, `npm ci` in tests/js and `oai_pmh` (.ci/run installs them); without them the tests pass
/// vacuously locally and fail under CI=true.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class OaiHarvesterTests(OaiRegistries fx, ITestOutputHelper output) : IClassFixture<OaiRegistries>
{
    private static string NpmClient => Path.Combine(Paths.JsDir, "node_modules", "oai-pmh", "bin", "oai-pmh");

    private static bool Available(string what, bool present)
    {
        if (present) return true;
        if (Paths.IsCi) Assert.Fail($"{what} is missing: .ci/run installs it");
        return false;
    }

    private static bool OnPath(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, exe)));

    [Theory]
    [InlineData("demo")]
    [InlineData("seeded")]
    public void Npm_oai_pmh_harvests_every_record_in_both_formats(string name)
    {
        if (!Available("node with npm oai-pmh (npm ci in tests/js)", OnPath("node") && File.Exists(NpmClient))) return;
        var r = fx.Registries.Single(x => x.Name == name);
        var ids = JsonLines(Node("list-identifiers", r.BaseUrl, "-p", "oai_dc"));
        Assert.Equal(r.All, ids.Count);
        Assert.Equal(r.All, ids.Select(j => j.GetProperty("identifier").GetString()).Distinct().Count());
        Assert.Equal(r.Deleted, ids.Count(j => j.TryGetProperty("$", out var a) && a.TryGetProperty("status", out var s) && s.GetString() == "deleted"));

        var records = JsonLines(Node("list-records", r.BaseUrl, "-p", "oai_datacite"));
        Assert.Equal(r.DataCite, records.Count);
        Assert.Equal(r.DataCite - r.DeletedDataCite, records.Count(j => j.TryGetProperty("metadata", out _)));

        var set = JsonLines(Node("list-identifiers", r.BaseUrl, "-p", "oai_dc", "-s", r.FacilitySet));
        Assert.Equal(r.InFacilitySet, set.Count);
        output.WriteLine($"npm oai-pmh, {name}: {ids.Count} identifiers, {records.Count} DataCite records, {set.Count} in {r.FacilitySet}");
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("seeded")]
    public void Perl_http_oai_harvests_every_record_and_each_DataCite_record_is_valid(string name)
    {
        if (!Available("oai_pmh (Debian libhttp-oai-perl)", OnPath("oai_pmh"))) return;
        var r = fx.Registries.Single(x => x.Name == name);
        var dc = Records(Run("oai_pmh", "-X", "ListRecords", "--metadataPrefix", "oai_dc", r.BaseUrl));
        Assert.Equal(r.All, dc.Count);
        Assert.Equal(r.Deleted, dc.Count(x => x.Deleted));

        var ids = Records(Run("oai_pmh", "-X", "ListIdentifiers", "--metadataPrefix", "oai_dc", "--set", r.FacilitySet, r.BaseUrl));
        Assert.Equal(r.InFacilitySet, ids.Count);

        var datacite = Records(Run("oai_pmh", "-X", "ListRecords", "--metadataPrefix", "oai_datacite", r.BaseUrl));
        Assert.Equal(r.DataCite, datacite.Count);
        int validated = 0;
        foreach (var rec in datacite.Where(x => !x.Deleted))
        {
            var metadata = XElement.Parse(rec.Metadata!);
            DataCiteSchema.AssertValid(metadata.Elements().Single(), rec.Identifier);
            validated++;
        }
        Assert.True(validated > 0 && validated == datacite.Count(x => !x.Deleted));
        output.WriteLine($"oai_pmh (Perl), {name}: {dc.Count} oai_dc records ({r.Deleted} deleted), {ids.Count} in {r.FacilitySet}, {validated} DataCite records valid against kernel 4.6");
    }

    private sealed record Harvested(string Identifier, bool Deleted, string? Metadata);

    /// <summary>
    /// oai_pmh's output: per record, "identifier:", "datestamp:", "status:" and "setSpec:" header lines,
    /// then the record's raw XML (&lt;metadata&gt; for ListRecords), then a form feed.
    /// </summary>
    private static List<Harvested> Records(string stdout)
    {
        var list = new List<Harvested>();
        foreach (var chunk in stdout.Split('\f'))
        {
            var id = Regex.Match(chunk, @"^identifier: (.*)$", RegexOptions.Multiline);
            if (!id.Success) continue;
            bool deleted = Regex.IsMatch(chunk, @"^status: deleted\s*$", RegexOptions.Multiline);
            int start = chunk.IndexOf("<metadata", StringComparison.Ordinal);
            int end = chunk.LastIndexOf("</metadata>", StringComparison.Ordinal);
            list.Add(new Harvested(id.Groups[1].Value.Trim(), deleted, start >= 0 && end > start ? chunk[start..(end + "</metadata>".Length)] : null));
        }
        return list;
    }

    private static List<JsonElement> JsonLines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>
    /// The npm client through a file: it ends with process.exit(), which cuts output still queued for a
    /// pipe (node writes to pipes asynchronously, to files synchronously).
    /// </summary>
    private static string Node(params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), "phd-oai-npm-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            Run("sh", ["-c", "out=\"$1\"; shift; exec node \"$@\" > \"$out\"", "sh", file, NpmClient, .. args]);
            return File.ReadAllText(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Paths.JsDir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{exe} {string.Join(' ', args)} did not finish in 300 s");
        }
        Assert.True(p.ExitCode == 0, $"{exe} {string.Join(' ', args)} exited with {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
