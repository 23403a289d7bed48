using Npgsql;
using PhdResolver.Rdf;
using PhdResolver.Tests.Shared;

namespace PhdResolver.Store.Tests;

/// <summary>The store on PostgreSQL (<see cref="StoreOptions.Database"/>): the contract of the SQLite backend, against a real server.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresStoreTests(PostgresServer pg)
{
    private static readonly Iri S = new("http://example.org/s");
    private static readonly Iri P = new("http://example.org/p");
    private static readonly Iri G = new("http://example.org/g");

    private static Dataset All(QuadStore store)
    {
        var ds = new Dataset();
        store.OpenSnapshot().Dump(ds);
        return ds;
    }

    private static Dataset Sample()
    {
        var ds = new Dataset();
        ds.Add(new Quad(S, P, new Literal("plain"), null));
        ds.Add(new Quad(S, P, new Literal("nul \0 inside and ünïcode ✓"), G)); // PostgreSQL text cannot hold U+0000: lexical forms are bytea
        ds.Add(new Quad(S, P, new Literal("Mikroskop", "de"), G));
        ds.Add(new Quad(S, P, new Literal("42", new Iri("http://www.w3.org/2001/XMLSchema#integer")), G));
        ds.Add(new Quad(S, P, new Literal(""), G));
        ds.Add(new Quad(new BlankNode("x"), P, S, G));
        return ds;
    }

    [Fact]
    public void Quads_written_in_one_process_are_read_back_by_the_next()
    {
        var options = new StoreOptions { Database = pg.CreateDatabase() };
        using var dir = new TempDir();
        var expected = Sample();
        using (var store = QuadStore.Open(dir.Path, options))
        {
            Assert.Equal(StorageBackend.PostgreSql, store.Backend);
            using var tx = store.BeginWrite();
            foreach (var q in expected) tx.Insert(q);
            tx.Commit();
        }
        Assert.False(File.Exists(Path.Combine(dir.Path, QuadStore.DatabaseFileName)), "no SQLite file on PostgreSQL");
        using (var store = QuadStore.Open(dir.Path, options))
        {
            Assert.True(Isomorphism.AreIsomorphic(expected, All(store)));
            using var tx = store.BeginWrite();
            tx.Delete(new Quad(S, P, new Literal("plain"), null));
            tx.Insert(new Quad(S, P, new Literal("added"), G));
            tx.Commit();
        }
        using (var store = QuadStore.Open(dir.Path, options))
        {
            var got = All(store);
            Assert.Equal(expected.Count, got.Count);
            Assert.DoesNotContain(got, q => q.Object is Literal { Lexical: "plain" });
            Assert.Contains(got, q => q.Object is Literal { Lexical: "added" });
        }
    }

    [Fact]
    public void A_participant_writes_in_the_same_transaction_and_its_failure_rolls_the_quads_back()
    {
        var options = new StoreOptions { Database = pg.CreateDatabase() };
        using var dir = new TempDir();
        using (var store = QuadStore.Open(dir.Path, options))
        {
            using (var tx = store.BeginWrite()) tx.Commit(new CommitParticipant(t => Exec(t, "CREATE TABLE extra(x text)")));
            using (var tx = store.BeginWrite())
            {
                tx.Insert(new Quad(S, P, new Literal("kept"), G));
                tx.Commit(new CommitParticipant(t => Exec(t, "INSERT INTO extra VALUES ('kept')")));
            }
            using (var tx = store.BeginWrite())
            {
                tx.Insert(new Quad(S, P, new Literal("lost"), G));
                Assert.Throws<InvalidOperationException>(() => tx.Commit(new CommitParticipant(t =>
                {
                    Assert.Equal(StorageBackend.PostgreSql, t.Backend);
                    Exec(t, "INSERT INTO extra VALUES ('lost')");
                    throw new InvalidOperationException("refused");
                })));
            }
            Assert.Equal(1, store.OpenSnapshot().QuadCount);
            using var c = store.OpenReadConnection();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM extra";
            Assert.Equal(1L, (long)cmd.ExecuteScalar()!);
        }
        using var reopened = QuadStore.Open(dir.Path, options);
        Assert.Equal(1, reopened.OpenSnapshot().QuadCount);
    }

    private static void Exec(IStoreTransaction t, string sql)
    {
        using var cmd = t.Connection.CreateCommand();
        cmd.Transaction = t.Transaction;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void A_bulk_load_goes_through_COPY_and_survives_a_reopen()
    {
        var options = new StoreOptions { Database = pg.CreateDatabase() };
        using var dir = new TempDir();
        const int n = 20_000;
        using (var store = QuadStore.Open(dir.Path, options))
        using (var tx = store.BeginWrite())
        {
            for (int i = 0; i < n; i++) tx.Insert(new Quad(new Iri("http://example.org/i" + i), P, new Literal(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), G));
            Assert.Equal(n, tx.Commit().Inserted);
        }
        using var reopened = QuadStore.Open(dir.Path, options);
        Assert.Equal(n, reopened.OpenSnapshot().QuadCount);
        Assert.Single(reopened.OpenSnapshot().Match(new Iri("http://example.org/i19999"), null, null, GraphFilter.Any));
    }

    [Fact]
    public void Two_stores_on_one_database_follow_each_others_writes_with_the_same_term_ids()
    {
        var options = new StoreOptions { Database = pg.CreateDatabase() };
        using var da = new TempDir();
        using var db = new TempDir();
        using var a = QuadStore.Open(da.Path, options);
        using var b = QuadStore.Open(db.Path, options);
        Assert.True(a.IsShared);
        using (var tx = a.BeginWrite())
        {
            tx.Insert(new Quad(S, P, new Literal("from a"), G));
            tx.Commit();
        }
        b.CatchUp(); // what the follower thread does on NOTIFY
        Assert.Equal(1, b.OpenSnapshot().QuadCount);
        // An abandoned transaction's terms are written too, so ids stay the same in both processes.
        using (var tx = b.BeginWrite()) tx.Intern(new Literal("abandoned"));
        using (var tx = b.BeginWrite())
        {
            tx.Insert(new Quad(S, P, new Literal("from b"), G));
            tx.Delete(new Quad(S, P, new Literal("from a"), G));
            tx.Commit();
        }
        using (var tx = a.BeginWrite()) // a writer catches up first
        {
            Assert.Equal(b.Dictionary.Count, a.Dictionary.Count);
            var only = Assert.Single(a.OpenSnapshot().Match(null, null, null, GraphFilter.Any));
            Assert.Equal("from b", ((Literal)only.Object).Lexical);
        }
        Assert.True(a.Dictionary.TryGetId(new Literal("from b"), out uint ia) && b.Dictionary.TryGetId(new Literal("from b"), out uint ib) && ia == ib);
        Assert.Null(a.NotInStep);
    }

    /// <summary>
    /// The situation for real: a's write connection dies under its open transaction (every session of the database is
    /// terminated, as a restart does), so the terms a interned are in its dictionary only; b then writes terms of its
    /// own, which take those ids in the database. a diverged: it refuses writes with a transient error and is not in
    /// step, then reloads by itself (no restart) and goes on following and writing with the database's ids.
    /// </summary>
    [Fact]
    public void A_replica_whose_lost_transaction_diverged_reloads_by_itself()
    {
        string url = pg.CreateDatabase();
        var options = new StoreOptions { Database = url };
        using var da = new TempDir();
        using var db = new TempDir();
        using var a = QuadStore.Open(da.Path, options);
        using var b = QuadStore.Open(db.Path, options);
        using (var tx = a.BeginWrite())
        {
            tx.Insert(new Quad(S, P, new Literal("kept"), G));
            tx.Commit();
        }
        using (var tx = a.BeginWrite())
        {
            tx.Insert(new Quad(S, P, new Literal("lost with the connection"), G));
            using (var c = new NpgsqlConnection(PostgresLocation.ToConnectionString(url)))
            {
                c.Open();
                using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", c);
                Assert.True((long)kill.ExecuteScalar()! > 0);
            }
            var lost = Assert.Throws<StoreException>(() => tx.Commit());
            Assert.True(lost.IsTransient, lost.Message);
        }
        using (var tx = b.BeginWrite()) // b reconnects and writes terms over the ids a handed out
        {
            tx.Insert(new Quad(S, P, new Literal("from b after the outage"), G));
            tx.Insert(new Quad(S, P, new Literal("and another"), G));
            tx.Commit();
        }
        var until = DateTime.UtcNow.AddSeconds(60);
        // a's follower (on NOTIFY, or its 5 s poll) finds the divergence and reloads; a write meanwhile is a transient refusal.
        while (!(a.NotInStep is null && a.OpenSnapshot().QuadCount == 3) && DateTime.UtcNow < until)
        {
            try { a.CatchUp(); }
            catch (StoreException e) { Assert.True(e.IsTransient, e.Message); }
            Thread.Sleep(50);
        }
        Assert.Null(a.NotInStep);
        Assert.Equal(3, a.OpenSnapshot().QuadCount);
        Assert.True(a.Dictionary.TryGetId(new Literal("from b after the outage"), out uint ia) && b.Dictionary.TryGetId(new Literal("from b after the outage"), out uint ib) && ia == ib);
        Assert.False(a.Dictionary.TryGetId(new Literal("lost with the connection"), out _));
        using (var tx = a.BeginWrite()) // a writes again, and b follows with the same ids
        {
            tx.Insert(new Quad(S, P, new Literal("from a after recovering"), G));
            tx.Commit();
        }
        b.CatchUp();
        Assert.Equal(4, b.OpenSnapshot().QuadCount);
        Assert.True(a.Dictionary.TryGetId(new Literal("from a after recovering"), out ia) && b.Dictionary.TryGetId(new Literal("from a after recovering"), out ib) && ia == ib);
        using var dc = new TempDir();
        using var fresh = QuadStore.Open(dc.Path, options);
        Assert.True(Isomorphism.AreIsomorphic(All(fresh), All(a)));
    }

    [Fact]
    public void Concurrent_writes_on_two_stores_are_serialised_and_none_is_lost()
    {
        var options = new StoreOptions { Database = pg.CreateDatabase() };
        using var da = new TempDir();
        using var db = new TempDir();
        using var a = QuadStore.Open(da.Path, options);
        using var b = QuadStore.Open(db.Path, options);
        const int each = 40;
        void Writes(QuadStore store, string who)
        {
            for (int i = 0; i < each; i++)
            {
                using var tx = store.BeginWrite();
                tx.Insert(new Quad(new Iri($"http://example.org/{who}/{i}"), P, new Literal($"{who} {i}"), G));
                tx.Commit();
            }
        }
        Parallel.Invoke(() => Writes(a, "a"), () => Writes(b, "b"));
        a.CatchUp();
        b.CatchUp();
        Assert.Equal(2 * each, a.OpenSnapshot().QuadCount);
        Assert.Equal(2 * each, b.OpenSnapshot().QuadCount);
        using var dc = new TempDir();
        a.Dispose();
        b.Dispose();
        using var c = QuadStore.Open(dc.Path, options);
        Assert.Equal(2 * each, c.OpenSnapshot().QuadCount);
    }

    [Fact]
    public void A_wrong_password_and_an_unreachable_server_are_typed_errors_that_say_so()
    {
        string url = pg.CreateDatabase();
        using var dir = new TempDir();
        var wrong = Assert.Throws<StoreException>(() => QuadStore.Open(dir.Path, new StoreOptions { Database = url.Replace(Uri.EscapeDataString(PostgresServer.Password), "wrong", StringComparison.Ordinal) }));
        Assert.Equal(StoreErrorKind.Unavailable, wrong.Kind);
        Assert.Contains("credentials", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", wrong.Message, StringComparison.Ordinal); // the password is never echoed
        var down = Assert.Throws<StoreException>(() => QuadStore.Open(dir.Path, new StoreOptions { Database = $"host=127.0.0.1 port={PostgresServer.FreePort()} dbname=x user=phd password=p connect_timeout=5" }));
        Assert.Equal(StoreErrorKind.Unavailable, down.Kind);
        Assert.Contains("cannot reach", down.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_schema_newer_than_the_build_is_refused()
    {
        string url = pg.CreateDatabase();
        using var dir = new TempDir();
        using (QuadStore.Open(dir.Path, new StoreOptions { Database = url })) { }
        using (var c = new NpgsqlConnection(PostgresLocation.ToConnectionString(url)))
        {
            c.Open();
            using var cmd = new NpgsqlCommand("UPDATE meta SET value = '99' WHERE key = 'schema'", c);
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreException>(() => QuadStore.Open(dir.Path, new StoreOptions { Database = url }));
        Assert.Equal(StoreErrorKind.SchemaMismatch, e.Kind);
    }

    [Theory]
    [InlineData("postgres://u:p%40ss@db.example:6543/phd?sslmode=disable", "db.example", 6543, "phd", "u", "p@ss")]
    [InlineData("postgresql://u@127.0.0.1/phd", "127.0.0.1", 5432, "phd", "u", null)]
    [InlineData("host=/run/postgresql dbname=phd user=u password='a b\\'c'", "/run/postgresql", 5432, "phd", "u", "a b'c")]
    public void Locations_are_read_as_URLs_or_libpq_key_value_strings(string text, string host, int port, string db, string user, string? password)
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresLocation.ToConnectionString(text));
        Assert.Equal((host, port, db, user, password), (b.Host, b.Port, b.Database, b.Username, b.Password));
    }

    [Theory]
    [InlineData("host=x dbnme=phd", "unknown PostgreSQL parameter 'dbnme'")]
    [InlineData("postgres://h/db?sslmode=maybe", "sslmode 'maybe'")]
    [InlineData("host=x port=99999", "port '99999'")]
    [InlineData("host='x", "no closing quote")]
    public void A_bad_location_is_refused_with_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => PostgresLocation.ToConnectionString(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
