using Microsoft.Data.Sqlite;
using PhdResolver.Rdf;

namespace PhdResolver.Store.Tests;

/// <summary>
/// <see cref="QuadStore.Mirror"/>: a mirror sees every commit that changes quads, inside it, with the changed graphs
/// and their new content; when it throws nothing is committed (quads, participant rows, indexes); and the fingerprint
/// it is handed is the store's digest after the commit, equal to a full recomputation. With and without query indexes
/// (without them the mirror reads the commit's own open transaction, and the digest is kept from each commit's changes).
/// </summary>
public class StoreMirrorTests
{
    private static readonly Iri S = new("http://example.org/s");
    private static readonly Iri P = new("http://example.org/p");
    private static readonly Iri G1 = new("http://example.org/g1");
    private static readonly Iri G2 = new("http://example.org/g2");

    /// <summary>Keeps what each commit showed it; throws while <see cref="Fail"/> is set.</summary>
    private sealed class Recorder : IStoreMirror
    {
        public readonly List<(List<Term?> Graphs, Dictionary<string, int> Sizes, ulong Digest)> Writes = [];
        public readonly List<bool> Completions = [];
        public bool Fail;

        public void Write(MirrorCommit commit)
        {
            var graphs = commit.Graphs.ToList();
            var sizes = graphs.OfType<Iri>().ToDictionary(g => g.Value, g => commit.After.Match(null, null, null, GraphFilter.Named(g)).Count());
            Writes.Add((graphs, sizes, commit.Fingerprint));
            // The open transaction is the commit's: a row written here is committed with it.
            using var cmd = commit.Transaction.Connection.CreateCommand();
            cmd.Transaction = commit.Transaction.Transaction;
            cmd.CommandText = "CREATE TABLE IF NOT EXISTS seen(x INTEGER); INSERT INTO seen VALUES (1)";
            cmd.ExecuteNonQuery();
            if (Fail) throw new StoreException(StoreErrorKind.Unavailable, "the remote store is away");
        }

        public void Completed(MirrorCommit commit, bool committed) => Completions.Add(committed);
    }

    private static long Seen(string dir)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(dir, QuadStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'seen'";
        if ((long)cmd.ExecuteScalar()! == 0) return 0;
        cmd.CommandText = "SELECT count(*) FROM seen";
        return (long)cmd.ExecuteScalar()!;
    }

    private static StoreOptions? Mode(bool lean) => lean ? LeanStoreTests.Lean() : null;

    private static ulong Digest(QuadStore store)
    {
        using var snap = store.OpenQuadSnapshot();
        return store.Fingerprint(snap);
    }

    private static long Quads(QuadStore store)
    {
        using var snap = store.OpenQuadSnapshot();
        return snap.QuadCount;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_mirror_sees_each_commits_graphs_and_a_failing_one_commits_nothing(bool lean)
    {
        using var dir = new TempDir();
        var mirror = new Recorder();
        using (var store = dir.Open(Mode(lean)))
        {
            store.Mirror = mirror;
            using (var tx = store.BeginWrite())
            {
                tx.Insert(new Quad(S, P, new Literal("a"), G1));
                tx.Insert(new Quad(S, P, new Literal("b"), G1));
                tx.Insert(new Quad(S, P, new Literal("c"), G2));
                tx.Commit();
            }
            Assert.Single(mirror.Writes);
            Assert.Equal(new Term?[] { G1, G2 }, mirror.Writes[0].Graphs);
            Assert.Equal(2, mirror.Writes[0].Sizes[G1.Value]);
            Assert.Equal(Digest(store), mirror.Writes[0].Digest);

            // Only G2 changes: only G2 is named, with its content after the commit.
            using (var tx = store.BeginWrite())
            {
                tx.Delete(new Quad(S, P, new Literal("c"), G2));
                tx.Insert(new Quad(S, P, new Literal("d"), G2));
                tx.Commit();
            }
            Assert.Equal(new Term?[] { G2 }, mirror.Writes[1].Graphs);
            Assert.Equal(1, mirror.Writes[1].Sizes[G2.Value]);

            // A participant-only commit and an empty one change no quads: the mirror is not asked.
            using (var tx = store.BeginWrite()) tx.Commit(c => { });
            using (var tx = store.BeginWrite()) tx.Commit();
            Assert.Equal(2, mirror.Writes.Count);

            // The mirror refuses: the exception comes out unchanged, and neither quads nor rows are committed.
            mirror.Fail = true;
            var before = Quads(store);
            using (var tx = store.BeginWrite())
            {
                tx.Insert(new Quad(S, P, new Literal("lost"), G1));
                var e = Assert.Throws<StoreException>(() => tx.Commit(c => { using var cmd = c.CreateCommand(); cmd.CommandText = "CREATE TABLE lost(x)"; cmd.ExecuteNonQuery(); }));
                Assert.True(e.IsTransient);
            }
            Assert.Equal(before, Quads(store));
            Assert.Equal(new[] { true, true, false }, mirror.Completions);
            Assert.Equal(2, Seen(dir.Path));

            // The fingerprint kept through commits equals a fresh scan (a second store on the same file computes it anew).
            mirror.Fail = false;
            using (var tx = store.BeginWrite())
            {
                tx.Insert(new Quad(S, P, new Literal("e"), G1));
                tx.Commit();
            }
            ulong kept = mirror.Writes[^1].Digest;
            store.Mirror = null;
            store.Dispose();
            using var reopened = dir.Open(Mode(lean));
            Assert.Equal(kept, Digest(reopened));
            Assert.Equal(3, Seen(dir.Path));
        }
    }

    [Fact]
    public void A_lean_store_s_kept_digest_equals_a_scan_after_adds_and_deletes() // PostgreSQL: LeanPostgresStoreTests
    {
        using var dir = new TempDir();
        using var store = dir.Open(LeanStoreTests.Lean());
        KeptDigestEqualsAScan(store);
    }

    /// <summary>
    /// A lean store's digest, kept through mirrored commits from each one's real changes, equals one scan of the quads
    /// table after every kind of change: the first mirrored commit over data written unmirrored (the digest before it
    /// unknown: scanned), deletes, inserts of quads already there and deletes of absent ones (no change), a cleared
    /// graph, a quad deleted and inserted again in one transaction.
    /// </summary>
    internal static void KeptDigestEqualsAScan(QuadStore store)
    {
        LeanStoreTests.Write(store, LeanStoreTests.Sample()); // not mirrored
        var mirror = new Recorder();
        store.Mirror = mirror;
        void Check(int writes)
        {
            Assert.Equal(writes, mirror.Writes.Count);
            using var snap = (LeanSnapshot)store.OpenQuadSnapshot();
            ulong scanned = QuadDigest.Of(snap);
            Assert.Equal(scanned, mirror.Writes[^1].Digest);
            Assert.Equal(scanned, store.Fingerprint(snap)); // the kept one, no scan
        }
        var g1 = LeanStoreTests.G1;
        var g2 = LeanStoreTests.G2;
        using (var tx = store.BeginWrite())
        {
            tx.Insert(new Quad(S, P, new Literal("first mirrored"), g1));
            tx.Commit();
        }
        Check(1);
        using (var tx = store.BeginWrite())
        {
            tx.Delete(new Quad(LeanStoreTests.S1, LeanStoreTests.P1, LeanStoreTests.S2, g2));
            tx.Insert(new Quad(LeanStoreTests.S1, LeanStoreTests.P1, LeanStoreTests.S2, g1)); // already there
            tx.Delete(new Quad(S, P, new Literal("never there"), g1)); // absent
            tx.Insert(new Quad(S, P, new Literal("second"), g2));
            tx.Commit();
        }
        Check(2);
        using (var tx = store.BeginWrite())
        {
            tx.ClearGraph(g2);
            tx.Insert(new Quad(S, P, new Literal("back"), g2));
            tx.Commit();
        }
        Check(3);
        using (var tx = store.BeginWrite())
        {
            tx.Delete(new Quad(S, P, new Literal("back"), g2));
            tx.Insert(new Quad(S, P, new Literal("back"), g2)); // the last operation wins: no change, no mirror write
            tx.Delete(new Quad(S, P, new Literal("first mirrored"), g1));
            tx.Commit();
        }
        Check(4);
        store.Mirror = null;
    }

    [Fact]
    public void Fingerprints_tell_different_quad_sets_apart_and_ignore_order()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        using var sa = a.Open();
        using var sb = b.Open();
        // The same terms interned in the same order (same ids), quads inserted in different orders.
        foreach (var (store, order) in new[] { (sa, new[] { 0, 1, 2 }), (sb, new[] { 2, 0, 1 }) })
        {
            using var tx = store.BeginWrite();
            foreach (var t in new Term[] { S, P, G1, new Literal("0"), new Literal("1"), new Literal("2") }) tx.Intern(t);
            foreach (int i in order) tx.Insert(new Quad(S, P, new Literal(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), G1));
            tx.Commit();
        }
        Assert.Equal(sa.Fingerprint(sa.OpenSnapshot()), sb.Fingerprint(sb.OpenSnapshot()));
        using (var tx = sb.BeginWrite())
        {
            tx.Delete(new Quad(S, P, new Literal("2"), G1));
            tx.Commit();
        }
        Assert.NotEqual(sa.Fingerprint(sa.OpenSnapshot()), sb.Fingerprint(sb.OpenSnapshot()));
    }
}
