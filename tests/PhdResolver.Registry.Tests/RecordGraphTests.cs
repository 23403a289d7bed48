using Microsoft.Data.Sqlite;
using PhdResolver.Rdf;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Store;
using static PhdResolver.Registry.Tests.TestRegistry;

namespace PhdResolver.Registry.Tests;

/// <summary>Record graphs, the ontology graph and descriptor minting (README "The graph").</summary>
public class RecordGraphTests
{
    private const string Base = "https://phd.example.org/";
    private static readonly Iri FIri = new(Base + F), F2Iri = new(Base + F2), MIri = new(Base + M), IIri = new(Base + I);

    private static List<Triple> RecordGraph(TestRegistry t, string pid) => [.. t.Registry.GetRecordGraph(Pid.Parse(pid)).Select(q => q.Triple)];

    private static bool Has(List<Triple> g, Term s, Iri p, Term o) => g.Any(t => t.Subject == s && t.Predicate == p && t.Object == o);

    private static List<Term> Objects(List<Triple> g, Term s, Iri p) => [.. g.Where(t => t.Subject == s && t.Predicate == p).Select(t => t.Object)];

    private static Literal Str(string s) => new(s);

    /// <summary>TestRegistry's graph with its root typed nboq:Instrument.</summary>
    private static Dataset Scope(string objective)
    {
        var ds = Graph(objective);
        ds.Add(new Quad(new Iri("https://lab.example.org/instrument/1"), Vocab.Rdf.Type, RecordVocab.Instrument));
        return ds;
    }

    [Fact]
    public void Every_kind_of_write_puts_the_record_graph_with_links_both_ways()
    {
        using var t = new TestRegistry();
        t.Seed();
        var f = RecordGraph(t, F);
        Assert.True(Has(f, FIri, RecordVocab.RdfType, RecordVocab.Facility));
        Assert.True(Has(f, FIri, RecordVocab.Identifier, Str(F)));
        Assert.True(Has(f, FIri, RecordVocab.Status, Str("active")));
        var m = RecordGraph(t, M);
        Assert.True(Has(m, MIri, RecordVocab.RdfType, RecordVocab.InstrumentModel));
        Assert.True(Has(m, MIri, RecordVocab.Manufacturer, Str("Zeiss")));
        Assert.True(Has(m, MIri, RecordVocab.InstrumentType, Str("confocal")));
        var i = RecordGraph(t, I);
        Assert.True(Has(i, IIri, RecordVocab.RdfType, RecordVocab.InstrumentInstance));
        Assert.True(Has(i, IIri, RecordVocab.HeldBy, FIri));
        Assert.True(Has(i, FIri, RecordVocab.Holds, IIri));
        Assert.True(Has(i, IIri, RecordVocab.InstanceOf, MIri));
        Assert.True(Has(i, MIri, RecordVocab.HasInstance, IIri));
        Assert.Empty(Objects(i, IIri, RecordVocab.CurrentVersion));

        var v1 = t.Registry.SubmitVersion(I, Scope("Plan-Apochromat 63x"), 1, "cli");
        var v2 = t.Registry.SubmitVersion(I, Scope("Plan-Apochromat 40x"), 1, "cli");
        Iri V1 = new(v1.GraphIri), V2 = new(v2.GraphIri);
        Assert.Equal(Base + v2.Accession, v2.GraphIri);
        i = RecordGraph(t, I);
        Assert.Equal([V2], Objects(i, IIri, RecordVocab.CurrentVersion));
        Assert.Equal([new Iri(v2.GraphIri + "#instrument-1")], Objects(i, IIri, RecordVocab.CurrentConfiguration));
        Assert.True(Has(i, IIri, RecordVocab.HasVersion, V1) && Has(i, IIri, RecordVocab.HasVersion, V2));
        var g1 = RecordGraph(t, v1.Pid.ToString());
        var g2 = RecordGraph(t, v2.Pid.ToString());
        Assert.True(Has(g1, V1, RecordVocab.Status, Str("superseded")));
        Assert.True(Has(g1, V1, RecordVocab.IsReplacedBy, V2));
        Assert.True(Has(g2, V2, RecordVocab.Status, Str("current")));
        Assert.True(Has(g2, V2, RecordVocab.WasRevisionOf, V1));
        Assert.True(Has(g2, V2, RecordVocab.Describes, IIri));
        var node = new Iri(v2.GraphIri + "#instrument-1");
        Assert.True(Has(g2, V2, RecordVocab.HasConfiguration, node));
        Assert.True(Has(g2, node, RecordVocab.ConfigurationOf, IIri));

        // Withdrawing the current version makes the previous one current again.
        t.Registry.Withdraw(v2.Pid.ToString(), "wrong objective", "cli");
        i = RecordGraph(t, I);
        Assert.Equal([V1], Objects(i, IIri, RecordVocab.CurrentVersion));
        g2 = RecordGraph(t, v2.Pid.ToString());
        Assert.True(Has(g2, V2, RecordVocab.Status, Str("withdrawn")));
        Assert.True(Has(g2, V2, RecordVocab.WithdrawalReason, Str("wrong objective")));
        Assert.True(Has(RecordGraph(t, v1.Pid.ToString()), V1, RecordVocab.Status, Str("current")));

        t.Registry.Withdraw(M, "duplicate", "cli");
        Assert.True(Has(RecordGraph(t, M), MIri, RecordVocab.Status, Str("withdrawn")));
    }

    [Fact]
    public void A_version_records_the_NBO_Q_version_it_was_validated_against_and_stays_identical_on_resubmission()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Scope("Plan-Apochromat 63x"), 1, "cli");
        var conformsTo = new Iri("http://purl.org/dc/terms/conformsTo");
        Assert.Equal([new Iri(PhdResolver.Nboq.Nboq.VersionIri)],
            t.Registry.GetGraph(v).Where(q => q.Subject == new Iri(v.GraphIri) && q.Predicate == conformsTo).Select(q => q.Object));
        var again = t.Registry.SubmitDescriptor(I, Scope("Plan-Apochromat 63x"), 1, "cli");
        Assert.False(again.Created);
        Assert.Equal(v.Accession, again.Version.Accession);
    }

    [Fact]
    public void The_SHOULD_fields_met_are_stated_and_survive_a_reopen_and_a_successor()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v1 = t.Registry.SubmitDescriptor(I, Scope("Plan-Apochromat 63x"), 1, "cli", (3, 7)).Version;
        Iri V1 = new(v1.GraphIri);
        Literal Three = new("3", Vocab.Xsd.Integer);
        Assert.Equal([Three], Objects(RecordGraph(t, v1.Pid.ToString()), V1, RecordVocab.ShouldFieldsMet));
        t.Reopen();
        Assert.Equal(3, t.Registry.GetVersion(v1.Accession)!.ShouldMet);
        Assert.Equal(7, t.Registry.GetVersion(v1.Accession)!.ShouldTotal);
        // The successor rewrites v1's record graph (superseded, isReplacedBy): the count stays.
        var v2 = t.Registry.SubmitVersion(I, Scope("Plan-Apochromat 40x"), 1, "cli");
        var g1 = RecordGraph(t, v1.Pid.ToString());
        Assert.True(Has(g1, V1, RecordVocab.Status, Str("superseded")));
        Assert.Equal([Three], Objects(g1, V1, RecordVocab.ShouldFieldsMet));
        Assert.Empty(Objects(RecordGraph(t, v2.Pid.ToString()), new Iri(v2.GraphIri), RecordVocab.ShouldFieldsMet)); // not validated: not claimed
    }

    [Fact]
    public void Moving_an_instance_changes_no_subject_IRI_and_records_where_it_came_from()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 1, "cli");
        var subjectsBefore = AllSubjects(t);
        string oldPath = $"/{F}/{M}/{I}/c1";
        t.Registry.MoveInstance(I, F2, "cli");
        Assert.Equal(subjectsBefore, AllSubjects(t));
        var i = RecordGraph(t, I);
        Assert.True(Has(i, IIri, RecordVocab.HeldBy, F2Iri));
        Assert.True(Has(i, F2Iri, RecordVocab.Holds, IIri));
        Assert.False(Has(i, FIri, RecordVocab.Holds, IIri));
        Assert.True(Has(i, IIri, RecordVocab.MovedFrom, FIri));
        var r = t.Registry.Resolver.Resolve(oldPath);
        Assert.Equal(Resolution.RedirectKind.Moved, r.Redirect);
        Assert.Equal($"/{F2}/{M}/{I}/c1", r.Location);
        Assert.Equal(v.GraphIri, t.Registry.GetVersion(v.Accession)!.GraphIri);
    }

    private static SortedSet<string> AllSubjects(TestRegistry t)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        using var snap = t.Store.OpenSnapshot();
        foreach (var q in snap.Match(null, null, null, GraphFilter.AllNamed))
            if (q.Subject is Iri s && q.Graph is Iri g && g != RecordVocab.OntologyGraph) set.Add(s.Value);
        return set;
    }

    [Fact]
    public void Every_external_identifier_is_kept()
    {
        using var t = new TestRegistry();
        t.Registry.RegisterFacility(new NewFacility { Rrid = "RRID:SCR_000001", Ror = "ror:05qwgg493", Name = "Both", Country = "DE", City = "Berlin" }, "cli");
        var g = RecordGraph(t, "RRID:SCR_000001");
        var self = new Iri(Base + "RRID:SCR_000001");
        Assert.True(Has(g, self, RecordVocab.Identifier, Str("RRID:SCR_000001")));
        Assert.True(Has(g, self, RecordVocab.Identifier, Str("ror:05qwgg493")));
        Assert.True(Has(g, self, RecordVocab.SameAs, new Iri("https://ror.org/05qwgg493")));
        Assert.True(Has(g, self, RecordVocab.SameAs, new Iri("https://identifiers.org/RRID:SCR_000001")));
        Assert.Contains(g, x => x.Predicate == RecordVocab.SchemaCountry && x.Object == Str("DE"));
        Assert.Equal(2, Objects(g, self, RecordVocab.SchemaIdentifier).Count);
    }

    [Fact]
    public void A_failing_write_leaves_no_record_graph_quads()
    {
        using var t = new TestRegistry();
        t.Seed();
        long before = t.Store.OpenSnapshot().QuadCount;
        using (var tx = t.Store.BeginWrite())
            tx.Commit(c =>
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TRIGGER sabotage BEFORE INSERT ON reg_audit BEGIN SELECT RAISE(ABORT, 'sabotaged'); END";
                cmd.ExecuteNonQuery();
            });
        Assert.Throws<SqliteException>(() => t.Registry.RegisterFacility(new NewFacility { Rrid = "RRID:SCR_000002", Name = "Lost" }, "cli"));
        Assert.Throws<SqliteException>(() => t.Registry.SubmitVersion(I, Graph("lost"), 1, "cli"));
        Assert.Throws<SqliteException>(() => t.Registry.MoveInstance(I, F2, "cli"));
        Assert.Equal(before, t.Store.OpenSnapshot().QuadCount);
        Assert.Empty(t.Registry.GetRecordGraph(Pid.Parse("RRID:SCR_000002")));
        Assert.True(Has(RecordGraph(t, I), IIri, RecordVocab.HeldBy, FIri));
    }

    [Fact]
    public void An_old_data_directory_gets_its_record_graphs_once_on_open()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 1, "cli");
        long full = t.Store.OpenSnapshot().QuadCount;
        var instanceGraph = RecordGraph(t, I);
        // Make it look like a directory from before record graphs: no record or ontology graphs, schema 1.
        using (var tx = t.Store.BeginWrite())
        {
            using (var snap = t.Store.OpenSnapshot())
                foreach (var g in snap.NamedGraphs())
                    if (g is Iri iri && (iri.Value.StartsWith(Base + "record/", StringComparison.Ordinal) || iri == RecordVocab.OntologyGraph)) tx.ClearGraph(g);
            tx.Commit(c =>
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = "DROP TABLE reg_meta; DROP TABLE reg_tokens; ALTER TABLE reg_versions DROP COLUMN should_met; ALTER TABLE reg_versions DROP COLUMN should_total; "
                    // migrations 6, 7 and 8 (issue 15), 9 (issue 16)
                    + string.Concat(new[] { "reg_facilities", "reg_models", "reg_instances" }.Select(t => $"ALTER TABLE {t} DROP COLUMN revision; ALTER TABLE {t} DROP COLUMN modified; "))
                    + "DROP TABLE reg_identifiers; DROP TABLE reg_people; DROP TABLE reg_related; DROP TABLE reg_settings; DROP TABLE reg_changes; DELETE FROM reg_schema WHERE version >= 2";
                cmd.ExecuteNonQuery();
            });
        }
        Assert.Empty(t.Registry.GetRecordGraph(Pid.Parse(I)));
        t.Reopen();
        Assert.Equal(full, t.Store.OpenSnapshot().QuadCount);
        Assert.True(Isomorphism.AreIsomorphic(instanceGraph.Select(x => new Quad(x.Subject, x.Predicate, x.Object)), RecordGraph(t, I).Select(x => new Quad(x.Subject, x.Predicate, x.Object))));
        Assert.Equal([new Iri(v.GraphIri)], Objects(RecordGraph(t, I), IIri, RecordVocab.CurrentVersion));
        // And only once: another open writes nothing.
        t.Reopen();
        Assert.Equal(full, t.Store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void The_ontology_is_its_own_graph_and_answers_subclass_and_label_questions()
    {
        using var t = new TestRegistry();
        using var snap = t.Store.OpenSnapshot();
        var o = RecordVocab.OntologyGraph;
        Assert.Contains(snap.Match(new Iri(RecordVocab.Nboq + "Camera"), Vocab.Rdfs.SubClassOf, new Iri(RecordVocab.Nboq + "Detector"), GraphFilter.Named(o)), _ => true);
        Assert.Contains(snap.Match(new Iri(RecordVocab.Nboq + "Detector"), Vocab.Rdfs.Label, null, GraphFilter.Named(o)), _ => true);
        long n = snap.QuadCount;
        t.Reopen();
        Assert.Equal(n, t.Store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void Descriptor_subjects_are_minted_under_the_descriptor_and_stable()
    {
        using var t = new TestRegistry();
        t.Seed();
        var ds = Dataset.Parse("""
            @prefix nboq: <https://w3id.org/nbo-q/> .
            <urn:lab:scope:obj63> a nboq:Objective ; nboq:name "Plan-Apo 63x" ; nboq:lensNA 1.4 .
            <https://example.org/mma/instrument/0b6c2f9e-1d4b-4a62-9a7e-2c3d4e5f6a7b> a nboq:Instrument ; nboq:name "Scope One" ;
                nboq:hasComponent <urn:lab:scope:obj63>, [ a nboq:Laser ] .
            """, RdfFormat.Turtle);
        var v = t.Registry.SubmitVersion(I, ds, 1, "cli");
        var g = t.Registry.GetGraph(v);
        var subjects = g.Select(q => q.Subject).OfType<Iri>().Select(i => i.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal([v.GraphIri, v.GraphIri + "#obj63", v.GraphIri + "#scope-one"], subjects); // the version itself: dcterms:conformsTo
        Assert.Contains(g, q => q.Predicate.ToString().Contains("hasComponent", StringComparison.Ordinal) && q.Object == new Iri(v.GraphIri + "#obj63"));
        Assert.Contains(g, q => q.Object is BlankNode);
        Assert.Equal("plan-apochromat-63x-1-40-oil", DescriptorMinting.Slugify("Plan-Apochromat 63x/1.40 Oil"));

        // A downloaded version, edited and submitted again, keeps its fragments.
        var edited = new Dataset();
        foreach (var q in g) edited.Add(q.Predicate == new Iri(RecordVocab.Nboq + "lensNA") ? new Quad(q.Subject, q.Predicate, new Literal("1.45", Vocab.Xsd.Decimal)) : q);
        var v2 = t.Registry.SubmitVersion(I, edited, 1, "cli");
        Assert.Contains(t.Registry.GetGraph(v2), q => q.Subject == new Iri(v2.GraphIri + "#obj63"));
    }

    [Fact]
    public void A_descriptor_speaking_for_something_else_is_refused_with_the_list_and_nothing_written()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 1, "cli");
        long before = t.Store.OpenSnapshot().QuadCount;
        var audit = t.Registry.AuditLog().Count;
        var ds = Dataset.Parse($$"""
            @prefix nboq: <https://w3id.org/nbo-q/> .
            @prefix schema: <https://schema.org/> .
            <{{Base}}{{F}}> schema:name "Not our facility" .
            <https://doi.org/10.5281/zenodo.123> schema:name "another record by its resolver URL" .
            <{{v.GraphIri}}x> schema:name "under the base" .
            nboq:Objective schema:name "an ontology term" .
            <urn:ok:instrument> a nboq:Instrument .
            """, RdfFormat.Turtle);
        var e = Assert.Throws<RegistryException>(() => t.Registry.SubmitVersion(I, ds, 1, "cli"));
        Assert.Equal(RegistryErrorKind.Invalid, e.Kind);
        Assert.Equal(4, e.Subjects.Count);
        Assert.Contains(e.Subjects, s => s.StartsWith(Base + F, StringComparison.Ordinal));
        Assert.Contains(e.Subjects, s => s.StartsWith("https://doi.org/10.5281/zenodo.123", StringComparison.Ordinal));
        Assert.Contains(e.Subjects, s => s.StartsWith(RecordVocab.Nboq + "Objective", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Subjects, s => s.StartsWith("urn:ok", StringComparison.Ordinal));
        Assert.Equal(before, t.Store.OpenSnapshot().QuadCount);
        Assert.Equal(audit, t.Registry.AuditLog().Count);
        Assert.Single(t.Registry.GetVersions(Pid.Parse(I)));
    }

    [Fact]
    public void An_identical_resubmission_answers_the_current_version_and_writes_nothing()
    {
        using var t = new TestRegistry();
        t.Seed();
        var first = t.Registry.SubmitDescriptor(I, Graph("Plan-Apochromat 63x"), 1, "cli");
        Assert.True(first.Created);
        long before = t.Store.OpenSnapshot().QuadCount;
        var audit = t.Registry.AuditLog().Count;
        var again = t.Registry.SubmitDescriptor(I, Graph("Plan-Apochromat 63x"), 1, "cli");
        Assert.False(again.Created);
        Assert.Equal(first.Version.Accession, again.Version.Accession);
        Assert.Equal(before, t.Store.OpenSnapshot().QuadCount);
        Assert.Equal(audit, t.Registry.AuditLog().Count);
        // Also when the client sends back the stored graph with its minted IRIs.
        var stored = t.Registry.GetGraph(first.Version);
        Assert.False(t.Registry.SubmitDescriptor(I, stored, 1, "cli").Created);
        // A change makes a new version.
        Assert.True(t.Registry.SubmitDescriptor(I, Graph("Plan-Apochromat 40x"), 1, "cli").Created);
    }

    [Fact]
    public void Describe_returns_the_record_triples_from_every_graph()
    {
        using var t = new TestRegistry();
        t.Seed();
        var d = t.Registry.Describe(IIri);
        Assert.Contains(d, x => x.Predicate == RecordVocab.HeldBy && x.Object == FIri);
        var fd = t.Registry.Describe(FIri);
        Assert.Contains(fd, x => x.Predicate == RecordVocab.Holds && x.Object == IIri); // asserted in the instance's graph
        Assert.Contains(fd, x => x.Predicate == RecordVocab.SchemaPropertyId); // blank nodes followed
    }
}
