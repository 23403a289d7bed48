using System.Globalization;
using System.Text.Json;
using PhdResolver.Registry;
using PhdResolver.Store;
using Xunit.Abstractions;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// kill -9 during a bulk import (the real `phd import` process, SIGKILLed while validating, while registering
/// right after its commit began, and after it committed but before the search index did): after the restart the registry holds the whole batch or none of it, its
/// quads agree (no record graph or descriptor graph without its rows), and the search index is rebuilt to exactly
/// the registry's records. Then the same import, run again, completes (or, if the killed one had committed, is
/// refused whole because its records exist).
/// </summary>
public sealed class BulkCrashTests(ITestOutputHelper output)
{
    private const int Instruments = 300;

    private static string Records(string root)
    {
        foreach (var d in new[] { "facilities", "models", "instances", "descriptors" }) Directory.CreateDirectory(Path.Combine(root, d));
        string confocal = File.ReadAllText(Path.Combine(Paths.RepoRoot, "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl"));
        File.WriteAllText(Path.Combine(root, "facilities", "core.json"), JsonSerializer.Serialize(new { rrid = "RRID:SCR_017406", name = "Crash Core" }));
        File.WriteAllText(Path.Combine(root, "models", "lsm.json"), JsonSerializer.Serialize(new { rrid = "RRID:SCR_023456", name = "LSM 980", manufacturer = "Zeiss" }));
        for (int i = 0; i < Instruments; i++)
        {
            string n = i.ToString("D4", CultureInfo.InvariantCulture);
            File.WriteAllText(Path.Combine(root, "instances", $"s{n}.json"),
                JsonSerializer.Serialize(new { identifier = "doi:10.5072/crash." + n, name = "Crash scope " + n, facility = "ref:core", model = "ref:lsm" }));
            File.WriteAllText(Path.Combine(root, "descriptors", $"s{n}.ttl"), confocal.Replace("Confocal 1 (room B2.114)", "Crash scope " + n, StringComparison.Ordinal));
        }
        return root;
    }

    /// <summary>The registry after a restart: its record count, and checks that rows, quads and search index agree.</summary>
    private static int Check(string data, long emptyQuads)
    {
        using var store = QuadStore.Open(data);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://crash.example/") });
        reg.SearchIndexReady.Wait();
        int versions = reg.Instances.Sum(i => reg.GetVersions(i.Pid).Count);
        using var snap = store.OpenSnapshot();
        if (reg.InstanceCount == 0)
        {
            Assert.Equal((0, 0, 0), (reg.FacilityCount, reg.Models.Count(), versions));
            Assert.Equal(emptyQuads, snap.QuadCount); // not a quad of the batch
        }
        else
        {
            Assert.Equal((Instruments, Instruments, 1), (reg.InstanceCount, versions, reg.FacilityCount));
            foreach (var i in reg.Instances)
            {
                Assert.NotEmpty(reg.GetRecordGraph(i.Pid));
                var v = Assert.Single(reg.GetVersions(i.Pid));
                Assert.NotEmpty(reg.GetGraph(v));
            }
        }
        Assert.Equal(reg.SearchablePids().Order(StringComparer.Ordinal), reg.IndexedPids().Order(StringComparer.Ordinal));
        return reg.InstanceCount;
    }

    [Fact]
    public async Task Sigkill_during_an_import_leaves_the_whole_batch_or_none_of_it()
    {
        var root = Paths.NewTempDir("phd-e2e-bulk-crash-");
        try
        {
            string records = Records(Path.Combine(root, "records"));
            // An empty registry made by a first open: its quads are the ontology graph only.
            string template = Path.Combine(root, "empty");
            long emptyQuads;
            using (var store = QuadStore.Open(template))
            using (RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://crash.example/") }))
            using (var snap = store.OpenSnapshot())
                emptyQuads = snap.QuadCount;

            // Kill points: a line the import prints when it enters a stage (standard error is a pipe: one line per stage start).
            // "done" comes after the SQLite commit and before the search index's own commit: the whole batch, index behind.
            var outcomes = new List<string>();
            foreach (var trigger in new[] { "phd: validating", "phd: registering", "phd: committing", "phd: done" })
            {
                string data = Path.Combine(root, "data-" + outcomes.Count.ToString(CultureInfo.InvariantCulture));
                CopyDirectory(template, data);
                using (var import = PhdChild.Start("import", records, "--data", data))
                {
                    var deadline = DateTime.UtcNow.AddSeconds(120);
                    while (!import.Stderr.Contains(trigger, StringComparison.Ordinal) && !import.Process.HasExited && DateTime.UtcNow < deadline)
                        await Task.Delay(5);
                    Assert.False(DateTime.UtcNow >= deadline, "the import never printed " + trigger + ": " + import.Stderr);
                    import.KillHard();
                    output.WriteLine($"{trigger}: killed (exited before: {import.Stderr.Contains("imported", StringComparison.Ordinal)})");
                }
                int found = Check(data, emptyQuads);
                outcomes.Add($"{trigger} -> {found}");

                // Restarted, the same import completes, or is refused whole if the killed one had committed.
                using (var again = PhdChild.Start("import", records, "--data", data))
                {
                    Assert.True(again.Process.WaitForExit(180_000), "the second import hung");
                    again.Process.WaitForExit();
                    Assert.True(again.Process.ExitCode == (found == 0 ? 0 : 1), again.Stderr);
                }
                Assert.Equal(Instruments, Check(data, emptyQuads));
            }
            output.WriteLine(string.Join("; ", outcomes));
        }
        finally
        {
            Paths.DeleteQuietly(root);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
