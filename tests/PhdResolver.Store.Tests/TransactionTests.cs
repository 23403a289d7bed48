using PhdResolver.Rdf;

namespace PhdResolver.Store.Tests;

public class TransactionTests
{
    private static readonly Iri S = new("http://example.org/s");
    private static readonly Iri P = new("http://example.org/p");
    private static readonly Iri G = new("http://example.org/g");

    private static Quad Q(int i, Term? g = null) => new(S, P, new Literal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new Iri("http://www.w3.org/2001/XMLSchema#integer")), g);

    [Fact]
    public void A_snapshot_does_not_change_when_later_commits_land()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        using (var tx = store.BeginWrite()) { for (int i = 0; i < 10; i++) tx.Insert(Q(i)); tx.Commit(); }
        using var before = store.OpenSnapshot();
        using (var tx = store.BeginWrite())
        {
            tx.Insert(Q(100));
            tx.Delete(Q(0));
            // Uncommitted changes are invisible, even to snapshots opened now.
            Assert.Equal(10, store.OpenSnapshot().QuadCount);
            tx.Commit();
        }
        Assert.Equal(10, before.QuadCount);
        Assert.Contains(Q(0), before.Match(S, null, null, GraphFilter.Any));
        Assert.DoesNotContain(Q(100), before.Match(S, null, null, GraphFilter.Any));
        using var after = store.OpenSnapshot();
        Assert.Equal(10, after.QuadCount);
        Assert.DoesNotContain(Q(0), after.Match(S, null, null, GraphFilter.Any));
        Assert.Contains(Q(100), after.Match(S, null, null, GraphFilter.Any));
    }

    [Fact]
    public async Task Readers_never_see_half_a_transaction()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        using var stop = new CancellationTokenSource();
        int bad = 0, reads = 0;
        // Every transaction moves the store from 2k quads to 2(k+1): a reader seeing an odd count saw half of one.
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var snap = store.OpenSnapshot();
                long n = 0;
                foreach (var _ in snap.Match(null, null, null, null)) n++;
                if (n % 2 != 0 || n != snap.QuadCount) Interlocked.Increment(ref bad);
                Interlocked.Increment(ref reads);
            }
        });
        while (Volatile.Read(ref reads) == 0) await Task.Delay(1);
        int readsBefore = reads;
        for (int k = 0; k < 200; k++)
        {
            using var tx = store.BeginWrite();
            tx.Insert(Q(2 * k));
            tx.Insert(Q(2 * k + 1, G));
            tx.Commit();
        }
        stop.Cancel();
        await reader;
        Assert.Equal(0, bad);
        Assert.True(reads > readsBefore, "the reader ran while writes happened");
        Assert.Equal(400, store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void Committed_data_survives_reopening_and_abandoned_data_does_not()
    {
        using var dir = new TempDir();
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite()) { tx.Insert(Q(1)); tx.Insert(Q(2, G)); tx.Commit(); }
            using (var tx = store.BeginWrite()) { tx.Insert(Q(3)); tx.Insert(new Quad(S, P, new Literal("orphan term"))); } // disposed: abandoned
            Assert.Equal(2, store.OpenSnapshot().QuadCount);
            // The abandoned transaction's terms are still in memory; the next commit persists them with its own.
            using (var tx = store.BeginWrite()) { tx.Insert(Q(4)); tx.Commit(); }
        }
        using (var store = dir.Open())
        {
            using var snap = store.OpenSnapshot();
            Assert.Equal([Q(1), Q(2, G), Q(4)], snap.Match(null, null, null, GraphFilter.Any).OrderBy(q => q.ToString()));
            using var tx = store.BeginWrite(); // ids keep going after the persisted ones
            tx.Insert(Q(5));
            tx.Commit();
        }
        using (var store = dir.Open())
            Assert.Equal(4, store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void Duplicates_are_ignored()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        using (var tx = store.BeginWrite())
        {
            tx.Insert(Q(1)); tx.Insert(Q(1)); tx.Insert(Q(1, G));
            Assert.Equal(new CommitResult(2, 0), tx.Commit());
        }
        using (var tx = store.BeginWrite())
        {
            tx.Insert(Q(1));
            Assert.Equal(new CommitResult(0, 0), tx.Commit());
        }
        Assert.Equal(2, store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void Delete_removes_and_the_last_operation_on_a_quad_wins()
    {
        using var dir = new TempDir();
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite()) { for (int i = 0; i < 5; i++) tx.Insert(Q(i)); tx.Insert(Q(9, G)); tx.Commit(); }
            using (var tx = store.BeginWrite())
            {
                tx.Delete(Q(0));
                tx.Delete(Q(1)); tx.Insert(Q(1));  // stays
                tx.Insert(Q(7)); tx.Delete(Q(7));  // never appears
                tx.Delete(Q(8));                   // absent: ignored
                tx.Delete(new Quad(S, P, new Literal("never seen"))); // unknown term: ignored
                Assert.Equal(new CommitResult(0, 1), tx.Commit());
            }
            using (var tx = store.BeginWrite()) { tx.ClearGraph(G); Assert.Equal(new CommitResult(0, 1), tx.Commit()); }
            Assert.Equal([Q(1), Q(2), Q(3), Q(4)], store.OpenSnapshot().Match(null, null, null, GraphFilter.Any).OrderBy(q => q.ToString()));
        }
        using (var store = dir.Open())
            Assert.Equal([Q(1), Q(2), Q(3), Q(4)], store.OpenSnapshot().Match(null, null, null, GraphFilter.Any).OrderBy(q => q.ToString()));
    }

    [Fact]
    public void A_large_insert_log_then_deletes_keeps_the_last_operation_per_quad()
    {
        // 150,000 inserts span several chunks of the insert-only log; the first delete turns it
        // into an operation sequence, and the inserts before it must still count as earlier.
        const int n = 150_000;
        using var dir = new TempDir();
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite())
            {
                for (int i = 0; i < n; i++) tx.Insert(Q(i));
                tx.Insert(Q(5)); // duplicate within the log
                // What the transaction sees so far, before any delete.
                Assert.Equal(n, tx.PendingSnapshot().QuadCount);
                tx.Delete(Q(10));                   // inserted earlier: gone
                tx.Delete(Q(11)); tx.Insert(Q(11)); // re-inserted: stays
                tx.Insert(Q(n)); tx.Delete(Q(n));   // never appears
                tx.Insert(Q(n + 1));
                using var pending = tx.PendingSnapshot();
                Assert.Equal(n, pending.QuadCount);
                Assert.Equal(n + 7, tx.PendingOperations);
                Assert.Equal(new CommitResult(n, 0), tx.Commit());
            }
            Check(store);
            // Into a non-empty store, inserts of present quads are not changes.
            using (var tx = store.BeginWrite())
            {
                for (int i = 0; i < 100; i++) tx.Insert(Q(i + n - 50));
                Assert.Equal(new CommitResult(49, 0), tx.Commit()); // n+1 is there already
            }
            Assert.Equal(n + 49, store.OpenSnapshot().QuadCount);
        }
        using (var store = dir.Open()) Assert.Equal(n + 49, store.OpenSnapshot().QuadCount);

        static void Check(QuadStore store)
        {
            using var snap = store.OpenSnapshot();
            Assert.Equal(n, snap.QuadCount);
            Assert.DoesNotContain(Q(10), snap.Match(S, null, Q(10).Object, GraphFilter.Any));
            Assert.Contains(Q(11), snap.Match(S, null, Q(11).Object, GraphFilter.Any));
            Assert.Empty(snap.Match(S, null, Q(n).Object, GraphFilter.Any));
            Assert.Contains(Q(n + 1), snap.Match(S, null, Q(n + 1).Object, GraphFilter.Any));
        }
    }

    [Theory]
    [InlineData("commit: sorting", false)]
    [InlineData("sqlite: writing", false)]
    [InlineData("index: building", false)]
    [InlineData("sqlite: committing", true)] // the COMMIT itself is not interrupted
    public void A_commit_cancelled_before_its_COMMIT_changes_nothing(string phase, bool commits)
    {
        using var dir = new TempDir();
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite()) { for (int i = 0; i < 10; i++) tx.Insert(Q(i)); tx.Commit(); }
            using var cts = new CancellationTokenSource();
            using (var tx = store.BeginWrite())
            {
                // The token fires at the start of one phase of the commit, as a deadline would.
                tx.Log = m => { if (m.StartsWith(phase, StringComparison.Ordinal)) cts.Cancel(); };
                for (int i = 10; i < 20_000; i++) tx.Insert(Q(i));
                tx.Delete(Q(0));
                if (commits) Assert.Equal(new CommitResult(19_990, 1), tx.Commit(cts.Token));
                else Assert.Throws<OperationCanceledException>(() => tx.Commit(cts.Token));
            }
            Assert.Equal(commits ? 19_999 : 10, store.OpenSnapshot().QuadCount);
            // The store takes the next write.
            using (var tx = store.BeginWrite()) { tx.Insert(Q(-1)); tx.Commit(); }
        }
        using (var store = dir.Open())
            Assert.Equal(commits ? 20_000 : 11, store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void A_commit_past_its_deadline_times_out_and_changes_nothing()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        using (var tx = store.BeginWrite()) { for (int i = 0; i < 10; i++) tx.Insert(Q(i)); tx.Commit(); }
        using (var tx = store.BeginWrite())
        {
            for (int i = 10; i < 300_000; i++) tx.Insert(Q(i));
            var stop = new StopSignal(CancellationToken.None, TimeSpan.FromMilliseconds(1));
            Thread.Sleep(2);
            Assert.Throws<TimeoutException>(() => tx.Commit(stop));
        }
        Assert.Equal(10, store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void A_large_commit_folds_the_WAL_back_after_it_returns()
    {
        using var dir = new TempDir();
        var wal = new FileInfo(System.IO.Path.Combine(dir.Path, QuadStore.DatabaseFileName + "-wal"));
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite())
            {
                for (int i = 0; i < 200_000; i++) tx.Insert(Q(i));
                tx.Commit();
            }
            Assert.Equal(200_000, store.OpenSnapshot().QuadCount); // published before the checkpoint
            store.WaitForCheckpoint();
            wal.Refresh();
            Assert.True(!wal.Exists || wal.Length == 0, $"WAL still holds {wal.Length} bytes");
            // The next writer runs after it.
            using (var tx = store.BeginWrite()) { tx.Insert(Q(-1)); tx.Commit(); }
        }
        using (var store = dir.Open()) Assert.Equal(200_001, store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void Load_sink_gives_blank_nodes_store_unique_labels()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        for (int round = 0; round < 2; round++)
        {
            using var tx = store.BeginWrite();
            var sink = tx.CreateLoadSink(G);
            var b = new BlankNode("b1"); // what a fresh process's parser would produce each time
            sink.OnQuad(new Quad(b, P, new Literal("x")));
            sink.OnQuad(new Quad(S, P, b));
            tx.Commit();
        }
        using var snap = store.OpenSnapshot();
        var subjects = snap.Match(null, P, new Literal("x"), GraphFilter.Named(G)).Select(q => q.Subject).ToList();
        Assert.Equal(2, subjects.Distinct().Count());
        Assert.All(subjects, t => Assert.True(t.IsBlankNode));
        // Within one load, one label is one node.
        Assert.Equal(subjects.Order(Comparer<Term>.Create((a, c) => string.CompareOrdinal(a.ToString(), c.ToString()))),
            snap.Match(S, P, null, GraphFilter.Named(G)).Select(q => q.Object).Order(Comparer<Term>.Create((a, c) => string.CompareOrdinal(a.ToString(), c.ToString()))));
    }

    [Fact]
    public void A_second_process_cannot_open_the_same_store()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        Assert.Equal(StoreErrorKind.InUse, Assert.Throws<StoreException>(() => dir.Open()).Kind);
    }
}
