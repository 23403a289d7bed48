using System.IO.Compression;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Store;
using PhdResolver.Tests.Shared;
using static PhdResolver.Registry.Tests.TestRegistry;

namespace PhdResolver.Registry.Tests;

/// <summary>
/// The registry on a store without query indexes (<see cref="StoreOptions.QueryIndexes"/> false, <c>phd serve --lean</c>):
/// every kind of write (<see cref="PostgresRegistryTests.Exercise"/>) goes through, and every read the registry makes of
/// the quads (record graphs, descriptions with links, descriptor and settings graphs, diffs, search, the N-Quads dump)
/// answers exactly what the same tables answer with indexes, on SQLite and on PostgreSQL.
/// </summary>
public sealed class LeanRegistryTests
{
    /// <summary>Everything the registry reads from the quads, for every record, as text in the order it comes.</summary>
    internal static List<string> Reads(TestRegistry t)
    {
        var r = t.Registry;
        var lines = new List<string>();
        var pids = new List<Pid>();
        pids.AddRange(r.Facilities.Select(f => f.Pid));
        pids.AddRange(r.Models.Select(m => m.Pid));
        foreach (var i in r.Instances)
        {
            pids.Add(i.Pid);
            var versions = r.GetVersions(i.Pid);
            foreach (var v in versions)
            {
                pids.Add(v.Pid);
                lines.Add($"{v.Pid} graph " + string.Join(" | ", r.GetGraph(v)));
                foreach (var st in r.SettingsOf(v)) lines.Add($"{st.Pid} settings " + string.Join(" | ", r.GetGraph(st)));
            }
            for (int k = 1; k < versions.Count; k++)
                lines.Add($"{versions[k].Pid} diff " + string.Join(" | ", r.Diff(versions[k - 1].Accession, versions[k].Accession).Components));
        }
        pids.AddRange(r.AllSettings.Select(s => s.Pid));
        foreach (var pid in pids.Select(p => p.ToString()).Order(StringComparer.Ordinal))
        {
            var p = Pid.Parse(pid);
            lines.Add($"{pid} record " + string.Join(" | ", r.GetRecordGraph(p)));
            lines.Add($"{pid} describe " + string.Join(" | ", r.DescribeWithLinks(r.RecordIri(p))));
        }
        lines.Add("search " + string.Join(" | ", r.Search("confocal").Hits.Select(h => h.Pid)));
        string dump = Path.Combine(t.Dir, "dump.nq.gz");
        var info = r.WriteDump(dump);
        using (var gz = new GZipStream(File.OpenRead(dump), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
            lines.Add("dump " + info.Quads + "\n" + reader.ReadToEnd());
        return lines;
    }

    internal static void AllEqual(List<string> expected, List<string> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
    }

    /// <summary>Writes lean, compares with an indexed reopen and a lean one, then writes again after the lean reopen.</summary>
    internal static void LeanWritesAndReadsAsIndexed(TestRegistry t)
    {
        Assert.True(t.Store.IsLean);
        PostgresRegistryTests.Exercise(t);
        var lean = Reads(t);
        Assert.Contains(lean, l => l.Contains("diff", StringComparison.Ordinal) && l.Contains("40x", StringComparison.Ordinal));
        t.Reopen(lean: false);
        Assert.False(t.Store.IsLean);
        AllEqual(Reads(t), lean);
        t.Reopen(lean: true);
        AllEqual(lean, Reads(t));
        // A registration after the lean open: validated, minted, its graph readable at once, its page facts current.
        var v = t.Registry.SubmitVersion(I, Graph("100x", extraLaser: "640"), 1, "cli");
        Assert.Contains(t.Registry.GetGraph(v), q => q.Object is Literal { Lexical: "100x" });
        Assert.Contains(t.Registry.GetRecordGraph(Pid.Parse(I)), q => q.Object == t.Registry.RecordIri(v.Pid));
        t.Registry.EditRecord(I, new RecordEdit { Name = "Confocal room 5", Reason = "renamed" }, "cli");
        Assert.Contains(t.Registry.DescribeWithLinks(t.Registry.RecordIri(Pid.Parse(I))), x => x.Object is Literal { Lexical: "Confocal room 5" });
        Assert.Contains(t.Registry.DescribeWithLinks(t.Registry.RecordIri(v.Pid)), x => x.Object is Literal { Lexical: "Confocal room 5" });
        var after = Reads(t);
        t.Reopen(lean: false);
        AllEqual(Reads(t), after);
    }

    [Fact]
    public void A_lean_registry_writes_every_kind_of_record_and_reads_as_the_indexed_one_on_SQLite()
    {
        using var t = new TestRegistry(lean: true);
        LeanWritesAndReadsAsIndexed(t);
    }

    [Fact]
    public void A_batch_with_two_versions_of_one_instrument_reads_its_staged_version_without_indexes()
    {
        using var t = new TestRegistry(lean: true);
        t.Seed();
        // The demo's tier-1 confocal descriptor, twice with different names (the second version reads the first, staged).
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "PhdResolver.sln"))) root = Path.GetDirectoryName(root)!;
        string ttl = File.ReadAllText(Path.Combine(root, "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl"));
        Dataset Named(string n) => Dataset.Parse(ttl.Replace("Confocal 1 (room B2.114)", n, StringComparison.Ordinal), RdfFormat.Turtle);
        var items = new List<BatchItem>
        {
            new BatchDescriptor { Position = "d/1.ttl", Instance = I, Graph = Named("first"), Tier = 1 },
            new BatchDescriptor { Position = "d/2.ttl", Instance = I, Graph = Named("second 561"), Tier = 1 },
        };
        var r = t.Registry.WriteBatch(items, "cli");
        Assert.All(r.Entries, e => Assert.True(e.Created));
        var versions = t.Registry.GetVersions(Pid.Parse(I));
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.Contains(t.Registry.GetGraph(versions[1]), q => q.Object is Literal { Lexical: "second 561" });
        Assert.Contains(t.Registry.GetRecordGraph(versions[0].Pid), q => q.Predicate.ToString().Contains("isReplacedBy", StringComparison.Ordinal));
        var lean = Reads(t);
        t.Reopen(lean: false);
        AllEqual(Reads(t), lean);
    }

    [Fact]
    public void The_graph_state_changes_with_each_registry_write_in_a_lean_store()
    {
        using var t = new TestRegistry(lean: true);
        t.Seed();
        var before = t.Registry.GraphState;
        t.Registry.EditRecord(I, new RecordEdit { Name = "Renamed", Reason = "test" }, "cli");
        Assert.NotSame(before, t.Registry.GraphState);
    }
}

/// <summary><see cref="LeanRegistryTests"/> on PostgreSQL, and a lean replica following an indexed one's registrations.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeanPostgresRegistryTests(PostgresServer pg)
{
    [Fact]
    public void A_lean_registry_writes_every_kind_of_record_and_reads_as_the_indexed_one_on_PostgreSQL()
    {
        using var t = new TestRegistry(pg.CreateDatabase(), lean: true);
        LeanRegistryTests.LeanWritesAndReadsAsIndexed(t);
    }

    [Fact]
    public void A_lean_replica_reads_what_an_indexed_replica_registered()
    {
        string db = pg.CreateDatabase();
        using var writer = new TestRegistry(db);
        using var reader = new TestRegistry(db, lean: true);
        writer.Seed();
        var v = writer.Registry.SubmitVersion(I, Graph("63x"), 1, "cli");
        // The follower thread applies the change (terms and count, no quads) and the registry reloads its rows.
        Assert.True(ReplicaFollowTests.Eventually(() => reader.Registry.GetVersion(v.Accession) is not null));
        var seen = reader.Registry.GetVersion(v.Accession);
        Assert.NotNull(seen);
        Assert.Equal(writer.Registry.GetGraph(v).Count, reader.Registry.GetGraph(seen).Count);
        Assert.Equal(writer.Registry.DescribeWithLinks(writer.Registry.RecordIri(v.Pid)), reader.Registry.DescribeWithLinks(reader.Registry.RecordIri(v.Pid)));
    }
}
