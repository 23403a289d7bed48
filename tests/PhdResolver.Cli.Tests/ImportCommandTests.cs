using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Store;

namespace PhdResolver.Cli.Tests;

/// <summary><c>phd import</c>: folders and archives of records in one all-or-nothing write, with progress.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("phd-import-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }

    /// <summary>A folder (wrapped in a top folder, as archives often are): a facility without PID, a model, n instruments with c1 (and c2 for the first).</summary>
    private string Records(int n, string name = "records")
    {
        string top = Path.Combine(_root, name, "export");
        foreach (var d in new[] { "facilities", "models", "instances", "descriptors" }) Directory.CreateDirectory(Path.Combine(top, d));
        string confocal = File.ReadAllText(Path.Combine(RepoRoot(), "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl"));
        File.WriteAllText(Path.Combine(top, "facilities", "core.json"), JsonSerializer.Serialize(new { name = "Import Core", city = "Jena", country = "DE" }));
        File.WriteAllText(Path.Combine(top, "models", "lsm.json"), JsonSerializer.Serialize(new { rrid = "RRID:SCR_023456", name = "LSM 980", manufacturer = "Zeiss", modality = "confocal" }));
        for (int i = 0; i < n; i++)
        {
            File.WriteAllText(Path.Combine(top, "instances", $"scope{i}.json"), JsonSerializer.Serialize(new { name = $"Import scope {i}", facility = "ref:core", model = "ref:lsm" }));
            File.WriteAllText(Path.Combine(top, "descriptors", $"scope{i}.ttl"), confocal.Replace("Confocal 1 (room B2.114)", $"Import scope {i}", StringComparison.Ordinal));
        }
        File.WriteAllText(Path.Combine(top, "descriptors", "scope0.2.ttl"), confocal.Replace("Confocal 1 (room B2.114)", "Import scope 0, serviced", StringComparison.Ordinal));
        return Path.Combine(_root, name);
    }

    private static (int Instances, int Versions, long Quads) Open(string dir)
    {
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://other.example/") });
        using var snap = store.OpenSnapshot();
        return (reg.InstanceCount, reg.Instances.Sum(i => reg.GetVersions(i.Pid).Count), snap.QuadCount);
    }

    [Fact]
    public void A_folder_is_imported_in_one_write_with_progress_lines_when_not_a_terminal()
    {
        string data = Path.Combine(_root, "data");
        var r = PhdProcess.Run(null, "import", Records(3), "--data", data, "--base-uri", "https://phd.example.org", "--list");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("imported 9 records (1 facilities, 1 models, 3 instruments, 4 configurations)", r.Stderr, StringComparison.Ordinal);
        // Standard error is a pipe here: plain lines (no carriage returns), one per stage at least, with counts and rates.
        Assert.DoesNotContain("\r", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("phd: validating ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("4/4", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("phd: registering", r.Stderr, StringComparison.Ordinal);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, lines.Length);
        Assert.StartsWith("export/facilities/core.json\t", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("/c2", Assert.Single(lines, l => l.StartsWith("export/descriptors/scope0.2.ttl\t", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal((3, 4), (Open(data).Instances, Open(data).Versions));
        // The registry keeps the base it was made with (record IRIs never change).
        using (var store = QuadStore.Open(data))
        using (var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://other.example/") }))
            Assert.StartsWith("https://phd.example.org/phd:", reg.GetVersions(reg.Instances.First().Pid)[0].GraphIri, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_and_tar_gz_archives_are_read_without_extracting()
    {
        string folder = Records(2);
        string zip = Path.Combine(_root, "records.zip");
        ZipFile.CreateFromDirectory(folder, zip);
        var r = PhdProcess.Run(null, "import", zip, "--data", Path.Combine(_root, "z"), "--base-uri", "https://phd.example.org/");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var z = Open(Path.Combine(_root, "z"));
        Assert.Equal((2, 3), (z.Instances, z.Versions));

        string tgz = Path.Combine(_root, "records.tar.gz");
        using (var file = File.Create(tgz))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            TarFile.CreateFromDirectory(folder, gz, includeBaseDirectory: false);
        r = PhdProcess.Run(null, "import", tgz, "--data", Path.Combine(_root, "t"), "--base-uri", "https://phd.example.org/");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var t = Open(Path.Combine(_root, "t"));
        Assert.Equal((2, 3), (t.Instances, t.Versions));
    }

    [Fact]
    public void One_bad_file_refuses_the_import_whole_and_is_named()
    {
        string data = Path.Combine(_root, "data");
        string folder = Records(4);
        Assert.Equal(0, PhdProcess.Run(null, "import", Records(1, "first"), "--data", data, "--base-uri", "https://phd.example.org/").ExitCode);
        var before = Open(data);

        // The model is registered already (the first import): refused at that file, nothing of this import written.
        var r = PhdProcess.Run(null, "import", folder, "--data", data);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("phd: export/models/lsm.json: RRID:SCR_023456 is already registered; nothing of the batch was written", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Open(data));

        // A syntax error in one descriptor: its file, line and column.
        File.Delete(Path.Combine(folder, "export", "models", "lsm.json"));
        File.WriteAllText(Path.Combine(folder, "export", "instances", "scope2.json"), "{\"name\":\"Import scope 2\",\"facility\":\"ref:core\",\"model\":\"RRID:SCR_023456\"}");
        File.WriteAllText(Path.Combine(folder, "export", "instances", "scope1.json"), "{\"name\":\"Import scope 1\",\"facility\":\"ref:core\",\"model\":\"RRID:SCR_023456\"}");
        File.WriteAllText(Path.Combine(folder, "export", "instances", "scope0.json"), "{\"name\":\"Import scope 0\",\"facility\":\"ref:core\",\"model\":\"RRID:SCR_023456\"}");
        File.WriteAllText(Path.Combine(folder, "export", "instances", "scope3.json"), "{\"name\":\"Import scope 3\",\"facility\":\"ref:core\",\"model\":\"RRID:SCR_023456\"}");
        File.AppendAllText(Path.Combine(folder, "export", "descriptors", "scope3.ttl"), "\n<urn:x> <urn:y> .\n<urn:broken");
        r = PhdProcess.Run(null, "import", folder, "--data", data);
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"phd: export/descriptors/scope3\.ttl: the descriptor could not be parsed: .*line \d+, column \d+", r.Stderr);
        Assert.Equal(before, Open(data));

        // A descriptor for an instrument the import does not hold; a descriptor that does not meet --tier 3.
        File.WriteAllText(Path.Combine(folder, "export", "descriptors", "scope3.ttl"), File.ReadAllText(Path.Combine(folder, "export", "descriptors", "scope2.ttl")));
        File.Copy(Path.Combine(folder, "export", "descriptors", "scope2.ttl"), Path.Combine(folder, "export", "descriptors", "nosuch.ttl"));
        r = PhdProcess.Run(null, "import", folder, "--data", data);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("phd: export/descriptors/nosuch.ttl: instance: no earlier record of the batch has the key 'nosuch'", r.Stderr, StringComparison.Ordinal);
        File.Delete(Path.Combine(folder, "export", "descriptors", "nosuch.ttl"));
        r = PhdProcess.Run(null, "import", folder, "--data", data, "--tier", "3");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("phd: export/descriptors/scope0.ttl: the descriptor does not meet the MUST constraints of tier 3", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("phd:   tier ", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Open(data));

        // And the same folder, now correct, goes in whole.
        r = PhdProcess.Run(null, "import", folder, "--data", data);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(before.Instances + 4, Open(data).Instances);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        string folder = Records(1);
        Assert.Equal(2, PhdProcess.Run(null, "import", Path.Combine(_root, "missing"), "--data", Path.Combine(_root, "d")).ExitCode);
        var r = PhdProcess.Run(null, "import", folder, "--data", Path.Combine(_root, "d"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--base-uri", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, PhdProcess.Run(null, "import", folder, "--data", Path.Combine(_root, "d"), "--base-uri", "ftp://x/").ExitCode);
        Assert.Equal(2, PhdProcess.Run(null, "import", folder, "--data", Path.Combine(_root, "d"), "--base-uri", "https://x/", "--tier", "4").ExitCode);
        File.WriteAllText(Path.Combine(_root, "records.rar"), "x");
        Assert.Equal(2, PhdProcess.Run(null, "import", Path.Combine(_root, "records.rar"), "--data", Path.Combine(_root, "d"), "--base-uri", "https://x/").ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_root, "d", "search")), "nothing may be created by a refused import");
    }

    [Fact]
    public void An_ndjson_file_is_a_batch_like_the_api_takes()
    {
        string file = Path.Combine(_root, "batch.ndjson");
        File.WriteAllLines(file,
        [
            JsonSerializer.Serialize(new { type = "facility", rrid = "RRID:SCR_017406", name = "Line Core" }),
            JsonSerializer.Serialize(new { type = "model", rrid = "RRID:SCR_023456", name = "LSM 980", manufacturer = "Zeiss" }),
            JsonSerializer.Serialize(new { type = "instance", identifier = "doi:10.5072/ndjson.1", name = "Line scope", facility = "RRID:SCR_017406", model = "RRID:SCR_023456" }),
        ]);
        var r = PhdProcess.Run(null, "import", file, "--data", Path.Combine(_root, "n"), "--base-uri", "https://phd.example.org/");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(1, Open(Path.Combine(_root, "n")).Instances);
        File.AppendAllText(file, "{\"type\":\"instance\",\"name\":\"no facility\"}\n");
        r = PhdProcess.Run(null, "import", file, "--data", Path.Combine(_root, "n2"), "--base-uri", "https://phd.example.org/");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("phd: line 4: ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_progress_line_shows_bar_count_rate_and_eta()
    {
        Assert.Equal("validating  [###############...............]  50% 500/1,000  100/s  ETA 0:05", ProgressBar.Line("validating", 500, 1000, TimeSpan.FromSeconds(5)));
        Assert.Equal("registering [##############################] 100% 1,000/1,000  200/s  5.0 s", ProgressBar.Line("registering", 1000, 1000, TimeSpan.FromSeconds(5)));
        var w = new StringWriter();
        var bar = new ProgressBar(w, terminal: true);
        bar.Report("reading", 1, 3);
        bar.Report("reading", 3, 3);
        Assert.StartsWith("\rreading", w.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("3/3  " + w.ToString().Split("3/3  ")[1], w.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, w.ToString(), StringComparison.Ordinal);
    }
}
