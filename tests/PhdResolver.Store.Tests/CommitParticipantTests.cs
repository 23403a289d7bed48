using Microsoft.Data.Sqlite;
using PhdResolver.Rdf;

namespace PhdResolver.Store.Tests;

/// <summary><see cref="WriteTransaction.Commit(ICommitParticipant, StopSignal)"/>: other rows in the store's SQLite transaction.</summary>
public class CommitParticipantTests
{
    private static readonly Iri S = new("http://example.org/s");
    private static readonly Iri P = new("http://example.org/p");
    private static readonly Iri G = new("http://example.org/g");

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long CountRows(string dir)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(dir, QuadStore.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM extra";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Inserts <paramref name="quads"/> and a row of table extra, then the participant throws: the commit must fail.</summary>
    private static void CommitWithFailingParticipant(QuadStore store, IEnumerable<Quad> quads)
    {
        using var tx = store.BeginWrite();
        foreach (var q in quads) tx.Insert(q);
        Assert.Throws<InvalidOperationException>(() => tx.Commit(c =>
        {
            Exec(c, "INSERT INTO extra VALUES ('lost')");
            throw new InvalidOperationException("participant failed");
        }));
    }

    [Fact]
    public void Participant_rows_and_quads_commit_together()
    {
        using var dir = new TempDir();
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite()) tx.Commit(c => Exec(c, "CREATE TABLE extra(x TEXT)"));
            using (var tx = store.BeginWrite())
            {
                tx.Insert(new Quad(S, P, new Literal("a"), G));
                tx.Commit(c => Exec(c, "INSERT INTO extra VALUES ('a')"));
            }
            Assert.Equal(1, store.OpenSnapshot().QuadCount);
        }
        Assert.Equal(1, CountRows(dir.Path));
        using var reopened = dir.Open();
        Assert.Equal(1, reopened.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void A_failing_participant_rolls_back_the_quads_and_the_indexes_never_see_them()
    {
        using var dir = new TempDir();
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite()) tx.Commit(c => Exec(c, "CREATE TABLE extra(x TEXT)"));
            CommitWithFailingParticipant(store, [new Quad(S, P, new Literal("lost"), G)]);
            Assert.Equal(0, store.OpenSnapshot().QuadCount);
            Assert.Equal(0, CountRows(dir.Path));
            // The store stays usable, and the terms interned by the failed transaction reach SQLite later.
            using (var tx = store.BeginWrite())
            {
                tx.Insert(new Quad(S, P, new Literal("kept"), G));
                tx.Commit(c => Exec(c, "INSERT INTO extra VALUES ('kept')"));
            }
            Assert.Equal(1, store.OpenSnapshot().QuadCount);
        }
        Assert.Equal(1, CountRows(dir.Path));
        using var reopened = dir.Open();
        var snap = reopened.OpenSnapshot();
        Assert.Equal(1, snap.QuadCount);
        Assert.Contains(new Quad(S, P, new Literal("kept"), G), snap.Match(null, null, null, GraphFilter.Any));
    }

    [Fact]
    public void A_large_commit_builds_its_index_beside_the_writes_and_a_failing_participant_still_rolls_all_back()
    {
        // Above QuadStore's overlap threshold (50,000 changes) the new index version is built on other threads while
        // SQLite takes the quads and the participant its rows: a failure there must discard that version too.
        const int n = 60_000;
        using var dir = new TempDir();
        using (var store = dir.Open())
        {
            using (var tx = store.BeginWrite()) tx.Commit(c => Exec(c, "CREATE TABLE extra(x TEXT)"));
            CommitWithFailingParticipant(store, Enumerable.Range(0, n).Select(i => new Quad(S, P, new Literal("lost " + i), G)));
            Assert.Equal(0, store.OpenSnapshot().QuadCount);
            Assert.Equal(0, CountRows(dir.Path));
            using (var tx = store.BeginWrite())
            {
                for (int i = 0; i < n; i++) tx.Insert(new Quad(S, P, new Literal("kept " + i), G));
                tx.Commit(c => Exec(c, "INSERT INTO extra VALUES ('kept')"));
            }
            var snap = store.OpenSnapshot();
            Assert.Equal(n, snap.QuadCount);
            Assert.Contains(new Quad(S, P, new Literal("kept 59999"), G), snap.Match(S, P, null, GraphFilter.Any));
        }
        Assert.Equal(1, CountRows(dir.Path));
        using var reopened = dir.Open();
        Assert.Equal(n, reopened.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void A_participant_runs_even_without_quad_changes()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        bool ran = false;
        using (var tx = store.BeginWrite()) tx.Commit(_ => ran = true);
        Assert.True(ran);
    }
}
