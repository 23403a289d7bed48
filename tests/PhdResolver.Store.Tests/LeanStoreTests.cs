using PhdResolver.Rdf;
using PhdResolver.Tests.Shared;

namespace PhdResolver.Store.Tests;

/// <summary>
/// A store without query indexes (<see cref="StoreOptions.QueryIndexes"/> false): its term-level snapshots answer every
/// pattern exactly as the index snapshots do (same quads, same order, same counts), they are immutable for their
/// lifetime, writes change only what is really new or really there, and the id-level view is refused with a typed error.
/// The checks run on SQLite here and on PostgreSQL in <see cref="LeanPostgresStoreTests"/>.
/// </summary>
public class LeanStoreTests
{
    internal static readonly Iri S1 = new("http://example.org/s1");
    internal static readonly Iri S2 = new("http://example.org/s2");
    internal static readonly Iri P1 = new("http://example.org/p1");
    internal static readonly Iri P2 = new("http://example.org/p2");
    internal static readonly Iri G1 = new("http://example.org/g1");
    internal static readonly Iri G2 = new("http://example.org/g2");
    internal static readonly Iri Absent = new("http://example.org/absent");

    internal static StoreOptions Lean(StoreOptions? o = null) => (o ?? StoreOptions.Default) with { QueryIndexes = false };

    /// <summary>Quads in the default graph and two named graphs; one triple in all three (the union holds it once),
    /// literals of every kind, a blank node.</summary>
    internal static Dataset Sample()
    {
        var ds = new Dataset();
        var b = new BlankNode("b");
        foreach (Iri? g in (Iri?[])[null, G1, G2]) ds.Add(new Quad(S1, P1, S2, g));
        ds.Add(new Quad(S1, P2, new Literal("plain"), null));
        ds.Add(new Quad(S1, P2, new Literal("Mikroskop", "de"), G1));
        ds.Add(new Quad(S2, P2, new Literal("42", new Iri("http://www.w3.org/2001/XMLSchema#integer")), G1));
        ds.Add(new Quad(S2, P1, b, G2));
        ds.Add(new Quad(b, P2, new Literal(""), G2));
        ds.Add(new Quad(S2, Vocab.Rdf.Type, P1, G2));
        return ds;
    }

    internal static void Write(QuadStore store, IEnumerable<Quad> quads)
    {
        using var tx = store.BeginWrite();
        foreach (var q in quads) tx.Insert(q);
        tx.Commit();
    }

    /// <summary>Every pattern shape over the sample's terms (and one absent term), with every graph filter.</summary>
    internal static IEnumerable<(Term? S, Term? P, Term? O, GraphFilter G)> Patterns()
    {
        Term?[] subjects = [null, S1, S2, Absent];
        Term?[] predicates = [null, P1, P2, Vocab.Rdf.Type];
        Term?[] objects = [null, S2, P1, new Literal("plain")];
        GraphFilter[] graphs = [GraphFilter.Any, GraphFilter.Default, GraphFilter.AllNamed, GraphFilter.Named(G1), GraphFilter.Named(G2), GraphFilter.Named(Absent)];
        foreach (var s in subjects)
            foreach (var p in predicates)
                foreach (var o in objects)
                    foreach (var g in graphs)
                        yield return (s, p, o, g);
    }

    /// <summary>What a snapshot answers, as text: each pattern's quads in order and its count, the named graphs, the count, the dump.</summary>
    internal static List<string> Answers(IQuadSnapshot snap)
    {
        var lines = new List<string>();
        foreach (var (s, p, o, g) in Patterns())
        {
            string head = $"{s} {p} {o} {g.Kind} {g.Name}: ";
            lines.Add(head + string.Join(" | ", snap.Match(s, p, o, g).Select(q => q.ToString())));
            lines.Add(head + "count " + snap.Count(s, p, o, g));
        }
        lines.Add("graphs " + string.Join(" ", snap.NamedGraphs()));
        lines.Add("quads " + snap.QuadCount);
        var dump = new List<string>();
        snap.Dump(new DelegateSink(q => dump.Add(q.ToString())));
        lines.Add("dump " + string.Join(" | ", dump));
        return lines;
    }

    internal static List<string> AnswersOf(QuadStore store)
    {
        using var snap = store.OpenQuadSnapshot();
        return Answers(snap);
    }

    /// <summary>Writes the sample (and a change) lean, then compares the lean answers with the index answers of the same tables.</summary>
    internal static void SameAnswersAsTheIndexes(string dir, StoreOptions options)
    {
        List<string> lean;
        using (var store = QuadStore.Open(dir, Lean(options)))
        {
            Assert.True(store.IsLean);
            Write(store, Sample());
            using (var tx = store.BeginWrite())
            {
                tx.Delete(new Quad(S1, P1, S2, G2));
                tx.Insert(new Quad(S1, P2, new Literal("later"), G2));
                tx.Commit();
            }
            using var snap = store.OpenQuadSnapshot();
            Assert.IsType<LeanSnapshot>(snap);
            lean = Answers(snap);
        }
        using (var store = QuadStore.Open(dir, options))
        {
            Assert.False(store.IsLean);
            using var snap = store.OpenQuadSnapshot();
            Assert.IsType<StoreSnapshot>(snap);
            var indexed = Answers(snap);
            Assert.Equal(indexed.Count, lean.Count);
            for (int i = 0; i < indexed.Count; i++) Assert.Equal(indexed[i], lean[i]);
        }
    }

    [Theory]
    [InlineData(DefaultGraphMode.Union)]
    [InlineData(DefaultGraphMode.Separate)]
    public void A_lean_snapshot_answers_every_pattern_as_the_indexes_do(DefaultGraphMode mode)
    {
        using var dir = new TempDir();
        SameAnswersAsTheIndexes(dir.Path, new StoreOptions { DefaultGraph = mode });
    }

    /// <summary>A snapshot opened before a commit keeps the state it opened on: quads, counts, graphs and dump.</summary>
    internal static void SnapshotsAreIsolated(QuadStore store)
    {
        Write(store, Sample());
        using var before = store.OpenQuadSnapshot();
        var expected = Answers(before);
        using (var tx = store.BeginWrite())
        {
            tx.ClearGraph(G1);
            tx.Insert(new Quad(S1, P1, new Literal("new"), new Iri("http://example.org/g3")));
            tx.Commit();
        }
        Assert.Equal(expected, Answers(before));
        using var after = store.OpenQuadSnapshot();
        Assert.Empty(after.Match(null, null, null, GraphFilter.Named(G1)));
        Assert.Single(after.Match(null, null, null, GraphFilter.Named(new Iri("http://example.org/g3"))));
        Assert.Equal(before.QuadCount - 3 + 1, after.QuadCount);
        Assert.Equal(after.QuadCount, after.Count(null, null, null, GraphFilter.Any));
    }

    [Fact]
    public void A_lean_snapshot_does_not_see_a_commit_made_after_it_opened()
    {
        using var dir = new TempDir();
        using var store = dir.Open(Lean());
        SnapshotsAreIsolated(store);
    }

    /// <summary>Only real changes are written: a quad already stored is not added again, an absent one not deleted.</summary>
    internal static void OnlyRealChangesAreCounted(QuadStore store)
    {
        Write(store, Sample());
        using (var tx = store.BeginWrite())
        {
            foreach (var q in Sample()) tx.Insert(q); // all present
            tx.Insert(new Quad(S2, P2, new Literal("new"), G1));
            var r = tx.Commit();
            Assert.Equal(new CommitResult(1, 0), r);
        }
        using (var tx = store.BeginWrite())
        {
            tx.Delete(new Quad(S2, P2, new Literal("new"), G1));
            tx.Delete(new Quad(S2, P2, new Literal("never stored"), G1));
            tx.Insert(new Quad(S1, P2, new Literal("plain"), null)); // present
            Assert.Equal(new CommitResult(0, 1), tx.Commit());
        }
        using var snap = store.OpenQuadSnapshot();
        Assert.Equal(Sample().Count, snap.QuadCount);
        Assert.Equal(Sample().Count, snap.Count(null, null, null, GraphFilter.Any));
    }

    [Fact]
    public void A_lean_write_adds_only_absent_quads_and_deletes_only_present_ones()
    {
        using var dir = new TempDir();
        using var store = dir.Open(Lean());
        OnlyRealChangesAreCounted(store);
    }

    [Fact]
    public void The_id_level_view_is_refused_with_a_typed_error_and_the_term_level_one_is_not()
    {
        using var dir = new TempDir();
        using var store = dir.Open(Lean());
        Write(store, Sample());
        var e = Assert.Throws<StoreException>(() => store.OpenSnapshot());
        Assert.Equal(StoreErrorKind.NoQueryIndexes, e.Kind);
        Assert.False(e.IsTransient);
        Assert.Contains("--sparql-store", e.Message);
        using (var tx = store.BeginWrite())
        {
            tx.Insert(new Quad(S1, P1, new Literal("x"), G1));
            Assert.Equal(StoreErrorKind.NoQueryIndexes, Assert.Throws<StoreException>(() => tx.PendingSnapshot()).Kind);
        }
        using var snap = ((IQuadStore)store).OpenSnapshot(); // the interface's view is the term-level one
        Assert.Equal(Sample().Count, snap.QuadCount);
    }

    [Fact]
    public void A_pending_lean_snapshot_sees_the_transaction_s_own_changes_and_nobody_else_does()
    {
        using var dir = new TempDir();
        using var store = dir.Open(Lean());
        Write(store, Sample());
        using var tx = store.BeginWrite();
        tx.ClearGraph(G2);
        tx.Insert(new Quad(S1, P1, new Literal("staged"), G2));
        tx.Insert(new Quad(S1, P1, S2, G1)); // already there
        using (var pending = tx.PendingQuadSnapshot())
        {
            Assert.Equal(["staged"], pending.Match(null, null, null, GraphFilter.Named(G2)).Select(q => ((Literal)q.Object).Lexical));
            Assert.Equal(Sample().Count - 4 + 1, pending.QuadCount);
            Assert.Equal(pending.QuadCount, pending.Count(null, null, null, GraphFilter.Any));
            // The union default graph still holds S1 P1 S2 (from the default graph and G1).
            Assert.Single(pending.Match(S1, P1, S2, GraphFilter.Default));
        }
        using (var committed = store.OpenQuadSnapshot())
            Assert.Equal(4, committed.Count(null, null, null, GraphFilter.Named(G2)));
        tx.Commit();
        using var after = store.OpenQuadSnapshot();
        Assert.Equal(["staged"], after.Match(null, null, null, GraphFilter.Named(G2)).Select(q => ((Literal)q.Object).Lexical));
    }

    [Fact]
    public void A_lean_store_reopens_with_its_count_and_keeps_the_graph_index_for_the_next_indexed_open()
    {
        using var dir = new TempDir();
        using (var store = dir.Open(Lean())) Write(store, Sample());
        using (var store = dir.Open(Lean()))
        {
            using var snap = store.OpenQuadSnapshot();
            Assert.Equal(Sample().Count, snap.QuadCount);
            Assert.Equal(new Term[] { G1, G2 }, snap.NamedGraphs());
        }
        // Indexed again: the quads are all there (the graph index is the tables' business, not the indexes').
        using (var store = dir.Open())
        {
            Assert.Equal(Sample().Count, store.Indexes.QuadCount);
            Write(store, [new Quad(S1, P1, new Literal("indexed write"), G1)]);
        }
        using (var store = dir.Open(Lean()))
        {
            using var snap = store.OpenQuadSnapshot();
            Assert.Equal(Sample().Count + 1, snap.QuadCount);
            Assert.Equal(4, snap.Count(null, null, null, GraphFilter.Named(G1)));
        }
    }

    [Fact]
    public void The_generation_changes_with_every_commit_that_changes_quads_and_only_then()
    {
        using var dir = new TempDir();
        using var store = dir.Open(Lean());
        var g0 = store.Generation;
        Write(store, Sample());
        var g1 = store.Generation;
        Assert.NotSame(g0, g1);
        // One quad replaced by another: the count stays, the generation must not.
        using (var tx = store.BeginWrite())
        {
            tx.Delete(new Quad(S1, P2, new Literal("plain"), null));
            tx.Insert(new Quad(S1, P2, new Literal("replaced"), null));
            tx.Commit();
        }
        Assert.NotSame(g1, store.Generation);
        Assert.NotEqual(g1, store.Generation);
        var g2 = store.Generation;
        using (var tx = store.BeginWrite()) tx.Commit(); // nothing to write
        Assert.Same(g2, store.Generation);
    }
}

/// <summary>The lean store on PostgreSQL: the same answers, isolation (REPEATABLE READ) and writes, and replicas, lean or
/// indexed, following one another's writes through the change log.</summary>
[Collection(PostgresCollection.Name)]
public class LeanPostgresStoreTests(PostgresServer pg)
{
    [Fact]
    public void A_lean_snapshot_answers_every_pattern_as_the_indexes_do()
    {
        using var dir = new TempDir();
        LeanStoreTests.SameAnswersAsTheIndexes(dir.Path, new StoreOptions { Database = pg.CreateDatabase() });
    }

    [Fact]
    public void A_lean_snapshot_does_not_see_a_commit_made_after_it_opened()
    {
        using var dir = new TempDir();
        using var store = dir.Open(LeanStoreTests.Lean(new StoreOptions { Database = pg.CreateDatabase() }));
        LeanStoreTests.SnapshotsAreIsolated(store);
    }

    [Fact]
    public void A_lean_write_adds_only_absent_quads_and_deletes_only_present_ones()
    {
        using var dir = new TempDir();
        using var store = dir.Open(LeanStoreTests.Lean(new StoreOptions { Database = pg.CreateDatabase() }));
        LeanStoreTests.OnlyRealChangesAreCounted(store);
    }

    [Fact]
    public void A_lean_store_s_kept_digest_equals_a_scan_after_adds_and_deletes()
    {
        using var dir = new TempDir();
        using var store = dir.Open(LeanStoreTests.Lean(new StoreOptions { Database = pg.CreateDatabase() }));
        StoreMirrorTests.KeptDigestEqualsAScan(store);
    }

    [Fact]
    public void Lean_and_indexed_replicas_follow_each_other_s_writes()
    {
        var db = new StoreOptions { Database = pg.CreateDatabase() };
        using var d1 = new TempDir();
        using var d2 = new TempDir();
        using var d3 = new TempDir();
        using var lean = QuadStore.Open(d1.Path, LeanStoreTests.Lean(db));
        using var lean2 = QuadStore.Open(d2.Path, LeanStoreTests.Lean(db));
        using var indexed = QuadStore.Open(d3.Path, db);
        // A lean writer: the indexed replica applies its logged keys, the other lean one its count.
        LeanStoreTests.Write(lean, LeanStoreTests.Sample());
        indexed.CatchUp();
        lean2.CatchUp();
        var expected = LeanStoreTests.AnswersOf(indexed);
        Assert.Equal(expected, LeanStoreTests.AnswersOf(lean2));
        Assert.Equal(expected, LeanStoreTests.AnswersOf(lean));
        // An indexed writer with new terms: the lean replicas read them (from the terms table before they follow).
        var fresh = new Quad(new Iri("http://example.org/new-subject"), LeanStoreTests.P1, new Literal("new term"), LeanStoreTests.G1);
        LeanStoreTests.Write(indexed, [fresh]);
        using (var early = lean2.OpenQuadSnapshot())
            Assert.Contains(fresh, early.Match(null, null, null, GraphFilter.Named(LeanStoreTests.G1)));
        lean.CatchUp();
        lean2.CatchUp();
        expected = LeanStoreTests.AnswersOf(indexed);
        Assert.Equal(expected, LeanStoreTests.AnswersOf(lean));
        Assert.Equal(expected, LeanStoreTests.AnswersOf(lean2));
        using var last = lean2.OpenQuadSnapshot();
        Assert.Equal(indexed.Indexes.QuadCount, last.QuadCount);
    }

    [Fact]
    public void A_lean_replica_s_kept_digest_follows_another_process_s_logged_writes()
    {
        var db = new StoreOptions { Database = pg.CreateDatabase() };
        using var d1 = new TempDir();
        using var d2 = new TempDir();
        using var follower = QuadStore.Open(d1.Path, LeanStoreTests.Lean(db));
        using var writer = QuadStore.Open(d2.Path, LeanStoreTests.Lean(db));
        LeanStoreTests.Write(writer, LeanStoreTests.Sample());
        follower.CatchUp();
        ulong Kept()
        {
            using var snap = follower.OpenQuadSnapshot();
            return follower.Fingerprint(snap);
        }
        ulong Scanned()
        {
            using var snap = (LeanSnapshot)follower.OpenQuadSnapshot();
            return QuadDigest.Of(snap);
        }
        Assert.Equal(Scanned(), Kept()); // scanned once, kept for this generation
        using (var tx = writer.BeginWrite())
        {
            tx.Delete(new Quad(LeanStoreTests.S1, LeanStoreTests.P1, LeanStoreTests.S2, LeanStoreTests.G2));
            tx.Insert(new Quad(LeanStoreTests.S2, LeanStoreTests.P2, new Literal("from the other process"), LeanStoreTests.G1));
            tx.Commit();
        }
        follower.CatchUp(); // (or its follower thread already did, on the change log's notification)
        Assert.Equal(Scanned(), Kept()); // flipped by the logged keys, not scanned again
    }
}
