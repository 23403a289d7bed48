using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli.Tests;

[Trait("Category", "Cli")]
public class DumpRestoreTests
{
    [Fact]
    public void DumpAndRestoreRoundTripQuadsAndRegistry()
    {
        var root = Directory.CreateTempSubdirectory("phd-dump-").FullName;
        try
        {
            string data = Path.Combine(root, "data"), backup = Path.Combine(root, "backup"), restored = Path.Combine(root, "restored");
            string registryBefore;
            using (var store = QuadStore.Open(data))
            using (var registry = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") }))
            {
                registry.RegisterFacility(new NewFacility { Rrid = "RRID:SCR_017406", Name = "Demo <Core> Facility", City = "Heidelberg" }, "test");
                registry.RegisterModel(new NewModel { Rrid = "RRID:SCR_023456", Name = "LSM Demo", Manufacturer = "Example Optics" }, "test");
                registry.RegisterInstance(new NewInstance { Identifier = "doi:10.5281/zenodo.123", Name = "Confocal 1", Facility = "RRID:SCR_017406", Model = "RRID:SCR_023456" }, "test");
                var graph = Dataset.Parse("""
                    @prefix nboq: <https://w3id.org/nbo-q/> .
                    <https://lab.example.org/x/objective/1> a nboq:Objective ; nboq:lensNA 1.4 ; nboq:note [ nboq:text "blank" ] .
                    """, RdfFormat.Turtle);
                registry.SubmitVersion("doi:10.5281/zenodo.123", graph, 1, "test");
                var sw = new StringWriter();
                registry.Export(sw);
                registryBefore = sw.ToString();
            }

            var dump = PhdProcess.Run(null, "dump", "--data", data, "--out", backup);
            Assert.True(dump.ExitCode == 0, dump.Stderr);
            var restore = PhdProcess.Run(null, "restore", "--data", restored, "--from", backup);
            Assert.True(restore.ExitCode == 0, restore.Stderr);

            var before = PhdProcess.Run(null, "dump", "--data", data);
            var after = PhdProcess.Run(null, "dump", "--data", restored);
            Assert.True(Isomorphism.AreIsomorphic(Dataset.Parse(before.Stdout, RdfFormat.NQuads), Dataset.Parse(after.Stdout, RdfFormat.NQuads)));

            using var store2 = QuadStore.Open(restored);
            using var registry2 = RegistryService.Open(store2, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
            var sw2 = new StringWriter();
            registry2.Export(sw2);
            // The import itself is audited, so the restored log has one entry more: compare the rest.
            var beforeLines = registryBefore.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var afterLines = sw2.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(beforeLines, l => Assert.Contains(l, afterLines));
            Assert.Equal("Found", RegistryResolutionStatus(registry2, "/RRID:SCR_017406/RRID:SCR_023456/doi:10.5281/zenodo.123/c1"));
            Assert.NotEmpty(registry2.Search("Confocal").Hits);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void RestoreRefusesANonEmptyStore()
    {
        var root = Directory.CreateTempSubdirectory("phd-dump-").FullName;
        try
        {
            string data = Path.Combine(root, "data"), backup = Path.Combine(root, "backup");
            using (QuadStore.Open(data)) { }
            Assert.Equal(0, PhdProcess.Run(null, "dump", "--data", data, "--out", backup).ExitCode);
            var r = PhdProcess.Run(null, "restore", "--data", data, "--from", backup);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("empty data directory", r.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string RegistryResolutionStatus(RegistryService registry, string path) =>
        registry.Resolver.Resolve(path).Status.ToString();
}
