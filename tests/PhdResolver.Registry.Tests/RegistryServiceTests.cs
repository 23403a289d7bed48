using Microsoft.Data.Sqlite;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Search;
using PhdResolver.Store;
using static PhdResolver.Registry.Tests.TestRegistry;

namespace PhdResolver.Registry.Tests;

public class RegistryServiceTests
{
    [Fact]
    public void Versions_number_up_and_their_graphs_never_change()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v1 = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 2, "cli");
        var g1 = t.Registry.GetGraph(v1);
        var v2 = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 40x", extraLaser: "488 nm"), 3, "cli");
        Assert.Equal(1, v1.Number);
        Assert.Equal(2, v2.Number);
        Assert.NotEqual(v1.Accession, v2.Accession);
        Assert.NotEqual(v1.GraphIri, v2.GraphIri);
        Assert.StartsWith("https://phd.example.org/phd:", v1.GraphIri, StringComparison.Ordinal);
        Assert.True(Isomorphism.AreIsomorphic(g1, t.Registry.GetGraph(v1)));
        // Stored as submitted, up to blank node labels and the minted IRI of its one IRI subject.
        var minted = new Iri(v1.GraphIri + "#instrument-1");
        Assert.True(Isomorphism.AreIsomorphic(Graph("Plan-Apochromat 63x").Select(q => q.Subject is Iri ? new Quad(minted, q.Predicate, q.Object) : q)
            .Append(PhdResolver.Nboq.Nboq.ConformsTo(new Iri(v1.GraphIri))), g1)); // plus the NBO-Q version it was validated against
        t.Reopen();
        Assert.True(Isomorphism.AreIsomorphic(g1, t.Registry.GetGraph(t.Registry.GetVersion(v1.Accession)!)));
        Assert.Equal(2, t.Registry.GetVersions(Pid.Parse(I)).Count);
        Assert.Equal(3, t.Registry.GetVersion(v2.Accession)!.Tier);
    }

    [Fact]
    public void Diff_groups_changes_by_component()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v1 = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 1, "cli");
        var v2 = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x", immersion: "water immersion", extraLaser: "488 nm"), 1, "cli");
        var same = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 1, "cli");
        Assert.True(t.Registry.Diff(v1.Accession, same.Accession).IsEmpty);

        var d = t.Registry.Diff(v1.Accession, v2.Accession);
        var objective = Assert.Single(d.Components, c => c.Types.Contains("Objective"));
        Assert.Equal(ChangeKind.Changed, objective.Kind);
        Assert.Equal("Plan-Apochromat 63x", objective.Label);
        var immersion = Assert.Single(objective.Properties);
        Assert.Equal("https://w3id.org/nbo-q/immersion", immersion.Predicate.Value);
        Assert.Equal(new Literal("oil immersion"), Assert.Single(immersion.Removed).Term);
        Assert.Equal(new Literal("water immersion"), Assert.Single(immersion.Added).Term);
        var laser = Assert.Single(d.Components, c => c.Types.Contains("Laser"));
        Assert.Equal(ChangeKind.Added, laser.Kind);
        var microscope = Assert.Single(d.Components, c => c.Key == "<" + v2.GraphIri + "#instrument-1>");
        Assert.Equal("https://w3id.org/nbo-q/hasLightSource", Assert.Single(microscope.Properties).Predicate.Value);
    }

    private sealed class FailingClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;
    }

    [Fact]
    public void A_failing_registry_write_rolls_back_the_quads_and_the_indexes_never_see_them()
    {
        using var t = new TestRegistry();
        t.Seed();
        long quadsBefore = t.Store.OpenSnapshot().QuadCount;
        // Sabotage the registry's part of the transaction: a trigger makes the version row fail
        // after the quads were written in the same SQLite transaction.
        using (var tx = t.Store.BeginWrite())
            tx.Commit(c =>
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TRIGGER sabotage BEFORE INSERT ON reg_versions BEGIN SELECT RAISE(ABORT, 'sabotaged'); END";
                cmd.ExecuteNonQuery();
            });
        var e = Assert.Throws<SqliteException>(() => t.Registry.SubmitVersion(I, Graph("lost"), 1, "cli"));
        Assert.Contains("sabotaged", e.Message, StringComparison.Ordinal);
        Assert.Equal(quadsBefore, t.Store.OpenSnapshot().QuadCount);
        Assert.Empty(t.Registry.GetVersions(Pid.Parse(I)));
        Assert.Equal(Resolution.ResolutionStatus.NotFound, ResolutionStatusOf(t, $"/{F}/{M}/{I}/c1"));
        Assert.DoesNotContain(t.Registry.AuditLog(), a => a.Action == "submit-version");
        Assert.Equal(0, t.Registry.Search("lost").Total);
        using (var tx = t.Store.BeginWrite())
            tx.Commit(c => { using var cmd = c.CreateCommand(); cmd.CommandText = "DROP TRIGGER sabotage"; cmd.ExecuteNonQuery(); });
        t.Reopen();
        Assert.Equal(quadsBefore, t.Store.OpenSnapshot().QuadCount);
        Assert.Empty(t.Registry.GetVersions(Pid.Parse(I)));
        // And the registry still works afterwards.
        var v = t.Registry.SubmitVersion(I, Graph("kept"), 1, "cli");
        Assert.Equal(1, v.Number);
        Assert.True(t.Store.OpenSnapshot().QuadCount > quadsBefore);
    }

    private static Resolution.ResolutionStatus ResolutionStatusOf(TestRegistry t, string path) => t.Registry.Resolver.Resolve(path).Status;

    [Fact]
    public void Conflicts_and_bad_input_are_refused_without_side_effects()
    {
        using var t = new TestRegistry();
        t.Seed();
        var e = Assert.Throws<RegistryException>(() => t.Registry.RegisterFacility(new NewFacility { Rrid = "rrid:scr_017406", Name = "dup" }, "cli"));
        Assert.Equal(RegistryErrorKind.Conflict, e.Kind);
        Assert.Equal(RegistryErrorKind.Conflict, Assert.Throws<RegistryException>(() => t.Registry.RegisterModel(new NewModel { Rrid = F, Name = "x", Manufacturer = "y" }, "cli")).Kind);
        Assert.Equal(RegistryErrorKind.NotFound, Assert.Throws<RegistryException>(() => t.Registry.RegisterInstance(new NewInstance { Name = "x", Facility = "RRID:SCR_999999", Model = M }, "cli")).Kind);
        Assert.Equal(RegistryErrorKind.Invalid, Assert.Throws<RegistryException>(() => t.Registry.RegisterFacility(new NewFacility { Rrid = "garbage", Name = "x" }, "cli")).Kind);
        Assert.Equal(RegistryErrorKind.Invalid, Assert.Throws<RegistryException>(() => t.Registry.SubmitVersion(I, new Dataset(), 1, "cli")).Kind);
        Assert.Equal(4, t.Registry.AuditLog().Count);
    }

    [Fact]
    public void Records_without_external_pids_get_minted_accessions()
    {
        using var t = new TestRegistry();
        var f = t.Registry.RegisterFacility(new NewFacility { Name = "Garage lab" }, "cli");
        var m = t.Registry.RegisterModel(new NewModel { Name = "Homebuilt SPIM", Manufacturer = "self" }, "cli");
        var i = t.Registry.RegisterInstance(new NewInstance { Name = "SPIM 1", Facility = f.Pid.ToString(), Model = m.Pid.ToString() }, "cli");
        Assert.Equal(PidScheme.Phd, f.Pid.Scheme);
        Assert.Equal(PidScheme.Phd, i.Pid.Scheme);
        var v = t.Registry.SubmitVersion(i.Pid.ToString(), Graph("x"), 1, "cli");
        string path = $"/{f.Pid}/{m.Pid}/{i.Pid}/c1";
        Assert.Equal(Resolution.ResolutionStatus.Found, t.Registry.Resolver.Resolve(path).Status);
        Assert.Equal(path, t.Registry.Resolver.Resolve("/" + v.Accession).Location);
        Assert.Equal(path, t.Registry.Resolver.Resolve($"/{i.Pid}/c1").Location);
    }

    [Fact]
    public void Every_write_is_audited()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Graph("a"), 2, "token-42");
        t.Registry.MoveInstance(I, F2, "token-42");
        t.Registry.Withdraw(v.Accession.ToString(), "typo", "cli");
        var log = t.Registry.AuditLog();
        Assert.Equal(["withdraw", "move-instance", "submit-version", "register-instance", "register-model", "register-facility", "register-facility"], log.Select(a => a.Action));
        var submit = log.Single(a => a.Action == "submit-version");
        Assert.Equal("token-42", submit.Actor);
        Assert.Equal(v.Accession.ToString(), submit.Target);
        Assert.Contains("\"tier\":\"2\"", submit.DetailsJson, StringComparison.Ordinal);
        Assert.Single(t.Registry.AuditLog(target: I), a => a.Action == "move-instance");
        Assert.Equal(2, t.Registry.AuditLog(limit: 2).Count);
        Assert.Equal(log[2].Id, t.Registry.AuditLog(beforeId: log[1].Id, limit: 1).Single().Id);
    }

    [Fact]
    public void Everything_survives_reopen_and_export_import()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 2, "cli");
        t.Registry.MoveInstance(I, F2, "cli");
        t.Registry.Withdraw("/" + M, "duplicate entry", "cli");
        var token = t.Registry.CreateToken(F2, null, "kept in backups", "cli");
        t.Reopen();
        Assert.Equal(v, t.Registry.GetVersion(v.Accession));
        Assert.Equal(F2, t.Registry.GetInstance(Pid.Parse(I))!.Facility.ToString());
        Assert.NotNull(t.Registry.GetModel(Pid.Parse(M))!.Tombstone);

        var dump = new StringWriter();
        t.Registry.Export(dump);
        var nquads = new StringWriter();
        using (var snap = t.Store.OpenSnapshot()) { var ds = new Dataset(); snap.Dump(ds); nquads.Write(ds.Write(RdfFormat.NQuads)); }

        using var u = new TestRegistry();
        using (var tx = u.Store.BeginWrite())
        {
            var sink = tx.CreateLoadSink();
            foreach (var q in Dataset.Parse(nquads.ToString(), RdfFormat.NQuads)) sink.OnQuad(q);
            tx.Commit();
        }
        u.Registry.Import(new StringReader(dump.ToString()), "cli");
        foreach (var path in new[] { $"/{F2}/{M}/{I}/c1", $"/{F}/{M}/{I}/c1", $"/{M}", "/" + v.Accession, $"/{F2}/{M}/{I}/latest" })
        {
            var a = t.Registry.Resolver.Resolve(path);
            var b = u.Registry.Resolver.Resolve(path);
            Assert.Equal(a.Status, b.Status);
            Assert.Equal(a.Location, b.Location);
        }
        Assert.True(Isomorphism.AreIsomorphic(t.Registry.GetGraph(v), u.Registry.GetGraph(u.Registry.GetVersion(v.Accession)!)));
        Assert.Equal(t.Registry.AuditLog().Count + 1, u.Registry.AuditLog().Count);
        Assert.Equal(t.Registry.Search("objective").Total, u.Registry.Search("objective").Total);
        Assert.Equal(token.Token, u.Registry.Authenticate(token.Secret).Token); // tokens (hashes) are part of the backup
        u.Reopen();
        Assert.Equal(v, u.Registry.GetVersion(v.Accession));
        Assert.Equal(RegistryErrorKind.Conflict, Assert.Throws<RegistryException>(() => u.Registry.Import(new StringReader(dump.ToString()), "cli")).Kind);
    }
}
