using System.Data;
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace PhdResolver.Store;

/// <summary>
/// PostgreSQL as the system of record, with the contract of <see cref="SqliteBackend"/>: the
/// dictionary (<c>terms</c>, lexical forms as bytea, since PostgreSQL text cannot hold U+0000 and
/// RDF literals can) and the quads as id tuples (<c>quads</c>, primary key in SPOG order). New
/// terms and quads go in with COPY BINARY (one round trip per commit, not one per row); deletions
/// are one statement over arrays. One transaction per commit, participants run in it.
/// <para>
/// Replicas: any number of processes share the database. Writes are serialised across them by an
/// advisory lock held from <see cref="LockForWrite"/> (a write transaction begins) to
/// <see cref="UnlockForWrite"/>, and a writer first catches up with everything committed before (so
/// term ids, handed out by each process's in-memory dictionary, stay the same in every process: the
/// <c>terms</c> table's). Each commit appends one row to the ordered change log <c>store_log</c> (its
/// sequence number, the last term id, the quads added and deleted) in the same transaction, and
/// NOTIFYs <see cref="Channel"/>; the other processes LISTEN and read the log from the last sequence
/// number they applied (<see cref="ReadLog"/>), which also covers a missed notification, a gap or a
/// restart. A sequence number that never appears belongs to a rolled-back transaction.
/// </para>
/// </summary>
internal sealed class PostgresBackend : IStoreBackend
{
    private const int SchemaVersion = 1;
    /// <summary>The advisory lock key of the writers ("phd_stor" as a big-endian int64).</summary>
    private const long WriterLock = 0x7068645f73746f72;
    /// <summary>The NOTIFY channel of committed changes.</summary>
    public const string Channel = "phd_changes";
    /// <summary>Above this many quad changes a log row carries no keys: followers reread the quads table.</summary>
    private const int MaxLoggedKeys = 200_000;

    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private NpgsqlConnection? _conn;
    private uint _persistedTerms;
    private bool _locked;

    public StorageBackend Kind => StorageBackend.PostgreSql;

    public PostgresBackend(string location, StoreOptions options)
    {
        _ = options;
        string cs;
        try { cs = PostgresLocation.ToConnectionString(location); }
        catch (FormatException e) { throw new StoreException(StoreErrorKind.Unavailable, e.Message, e); }
        _where = PostgresLocation.Describe(location);
        _source = NpgsqlDataSource.Create(cs);
        try
        {
            _conn = Connect();
            CreateSchema(_conn);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Opens the write connection. Waiting for the writer lock ends after 30 s (Busy: another replica holds it that long).</summary>
    private NpgsqlConnection Connect()
    {
        NpgsqlConnection c;
        try { c = _source.OpenConnection(); }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
        try
        {
            Exec(c, "SET lock_timeout = '30s'");
            return c;
        }
        catch (NpgsqlException e)
        {
            c.Dispose();
            throw StoreException.FromPostgres(e, _where);
        }
    }

    /// <summary>Takes the writers' lock (waits for another replica's write to end).</summary>
    public void LockForWrite()
    {
        for (int attempt = 0; ; attempt++)
        {
            var c = EnsureConnection();
            try
            {
                using var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", c);
                cmd.Parameters.AddWithValue("k", WriterLock);
                cmd.ExecuteNonQuery();
                _locked = true;
                return;
            }
            catch (NpgsqlException e)
            {
                if (c.FullState == ConnectionState.Open) throw StoreException.FromPostgres(e, _where);
                // The idle write connection died (a database restart, a terminated session): nothing was written on it
                // yet, so once more on a new one; failing that too, the database is away (a transient error).
                DropConnection();
                if (attempt > 0) throw StoreException.FromPostgres(e, _where);
            }
        }
    }

    /// <summary>True between <see cref="LockForWrite"/> and <see cref="UnlockForWrite"/> while the connection holding it lives.</summary>
    public bool HoldsWriteLock => _locked && _conn is { FullState: ConnectionState.Open };

    /// <summary>Releases the writers' lock (a broken connection has released it already).</summary>
    public void UnlockForWrite()
    {
        if (!_locked) return;
        _locked = false;
        if (_conn is not { FullState: ConnectionState.Open } c) return;
        try
        {
            using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", c);
            cmd.Parameters.AddWithValue("k", WriterLock);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException) { DropConnection(); } // closing the session releases it
    }

    private void CreateSchema(NpgsqlConnection c)
    {
        try
        {
            Exec(c, """
                CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text NOT NULL);
                CREATE TABLE IF NOT EXISTS terms(
                    id bigint PRIMARY KEY,
                    kind smallint NOT NULL,     -- TermCodec tag: 0 blank, 1 IRI, 2 simple, 3 lang, 4 typed literal
                    lexical bytea NOT NULL,     -- UTF-8 of the IRI, blank node label or lexical form
                    datatype bigint,            -- term id of the datatype IRI (kind 4)
                    lang bytea                  -- lower-cased language tag (kind 3)
                );
                CREATE TABLE IF NOT EXISTS quads(
                    s bigint NOT NULL, p bigint NOT NULL, o bigint NOT NULL,
                    g bigint NOT NULL,          -- 0: the default graph
                    PRIMARY KEY (s, p, o, g)
                );
                CREATE TABLE IF NOT EXISTS store_log(   -- the ordered change log replicas follow
                    seq bigserial PRIMARY KEY,
                    last_term bigint NOT NULL,  -- terms up to this id exist once this row is visible
                    adds bytea, dels bytea,     -- SPOG keys, 16 bytes each (NULL with reload)
                    reload boolean NOT NULL,    -- too large to log: reread the quads table
                    rows boolean NOT NULL       -- a participant (the registry) wrote rows
                );
                """);
            Exec(c, $"INSERT INTO meta(key, value) VALUES ('schema', '{SchemaVersion}') ON CONFLICT (key) DO NOTHING");
            using var cmd = new NpgsqlCommand("SELECT value FROM meta WHERE key = 'schema'", c);
            var v = (string?)cmd.ExecuteScalar();
            if (v != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new StoreException(StoreErrorKind.SchemaMismatch, $"{_where}: store schema {v}, this build reads {SchemaVersion}");
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    private static void Exec(NpgsqlConnection c, string sql, NpgsqlTransaction? tx = null)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.ExecuteNonQuery();
    }

    public DbConnection OpenReadConnection()
    {
        try { return _source.OpenConnection(); }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    /// <summary>The change log's last sequence number (0: none): one text for every reader of the log position.</summary>
    internal const string LastLoggedSql = "SELECT coalesce(max(seq), 0) FROM store_log";

    /// <summary>The last sequence number of the change log (0: none), read in the same snapshot as the
    /// terms and quads when called first after <see cref="BeginConsistentRead"/>.</summary>
    public long LastLogged()
    {
        try
        {
            using var cmd = new NpgsqlCommand(LastLoggedSql, _conn);
            return (long)cmd.ExecuteScalar()!;
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    private NpgsqlTransaction? _readTx;

    /// <summary>The open snapshot's connection while opening, else the write connection (the caller holds the store's write lock).</summary>
    private NpgsqlConnection ReadConnection => _readTx?.Connection ?? EnsureConnection();

    /// <summary>Opening: the log position, the terms and the quads are read in one snapshot (REPEATABLE READ).</summary>
    public void BeginConsistentRead()
    {
        try { _readTx = EnsureConnection().BeginTransaction(IsolationLevel.RepeatableRead); }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    public void EndConsistentRead()
    {
        try { _readTx?.Commit(); }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
        finally { _readTx?.Dispose(); _readTx = null; }
    }

    public void LoadTerms(TermDictionary dict) => LoadTermsAfter(dict, 0);

    /// <summary>Appends the terms with ids above <paramref name="after"/> to <paramref name="dict"/> (whose count must be <paramref name="after"/>).</summary>
    public void LoadTermsAfter(TermDictionary dict, uint after)
    {
        try
        {
            using var cmd = new NpgsqlCommand("SELECT id, kind, lexical, datatype, lang FROM terms WHERE id > @after ORDER BY id", ReadConnection);
            cmd.Parameters.AddWithValue("after", (long)after);
            using var r = cmd.ExecuteReader(CommandBehavior.SequentialAccess);
            byte[] lex = new byte[256], lang = new byte[16], buf = new byte[512];
            while (r.Read())
            {
                long id = r.GetInt64(0);
                byte tag = (byte)r.GetInt16(1);
                int lexLen = ReadBytes(r, 2, ref lex);
                uint dt = r.IsDBNull(3) ? 0 : (uint)r.GetInt64(3);
                int langLen = r.IsDBNull(4) ? 0 : ReadBytes(r, 4, ref lang);
                int len = TermCodec.PartsLength(tag, lexLen, langLen);
                if (buf.Length < len) buf = new byte[Math.Max(len, buf.Length * 2)];
                TermCodec.EncodeParts(tag, lex.AsSpan(0, lexLen), dt, lang.AsSpan(0, langLen), buf);
                uint got = dict.Append(buf.AsSpan(0, len));
                if (got != id) throw new StoreException(StoreErrorKind.Corrupt, $"{_where}: terms table: expected id {got}, found {id} (ids must be dense)");
            }
            _persistedTerms = dict.Count;
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    private static int ReadBytes(NpgsqlDataReader r, int column, ref byte[] buffer)
    {
        int len = (int)r.GetBytes(column, 0, null, 0, 0);
        if (buffer.Length < len) buffer = new byte[Math.Max(len, buffer.Length * 2)];
        return (int)r.GetBytes(column, 0, buffer, 0, len);
    }

    public Key[] LoadQuads()
    {
        try
        {
            long total;
            var conn = ReadConnection;
            using (var c = new NpgsqlCommand("SELECT count(*) FROM quads", conn)) total = (long)c.ExecuteScalar()!;
            var keys = new Key[total];
            int n = 0;
            // A binary COPY streams the rows without a result set's per-row overhead.
            using (var export = conn.BeginBinaryExport("COPY (SELECT s, p, o, g FROM quads ORDER BY s, p, o, g) TO STDOUT (FORMAT BINARY)"))
            {
                while (export.StartRow() != -1)
                {
                    if (n == keys.Length) Array.Resize(ref keys, Math.Max(16, n * 2));
                    keys[n++] = new Key((uint)export.Read<long>(NpgsqlDbType.Bigint), (uint)export.Read<long>(NpgsqlDbType.Bigint),
                        (uint)export.Read<long>(NpgsqlDbType.Bigint), (uint)export.Read<long>(NpgsqlDbType.Bigint));
                }
            }
            if (n != keys.Length) Array.Resize(ref keys, n);
            return keys;
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    // ---- a store without query indexes

    public void EnsureGraphIndex(Action<string>? log)
    {
        try
        {
            using (var cmd = new NpgsqlCommand("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'quads_gspo'", EnsureConnection()))
                if (cmd.ExecuteScalar() is not null) return;
            // Under the writers' lock: two replicas starting together do not race on the catalogue.
            LockForWrite();
            try
            {
                log?.Invoke("store: building the graph index quads_gspo (once; every writer keeps it from now on)");
                Exec(EnsureConnection(), "CREATE INDEX IF NOT EXISTS quads_gspo ON quads (g, s, p, o)");
            }
            finally { UnlockForWrite(); }
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    public long CountQuads()
    {
        try
        {
            using var cmd = new NpgsqlCommand("SELECT count(*) FROM quads", ReadConnection);
            return (long)cmd.ExecuteScalar()!;
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    public DbTransaction BeginSnapshot(DbConnection connection)
    {
        try { return ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.RepeatableRead); }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    /// <summary>Joins the keys, in chunks, with the table: one round trip per chunk, not per key.</summary>
    public HashSet<Key> Present(IReadOnlyList<Key> keys)
    {
        const int Chunk = 20_000;
        var found = new HashSet<Key>();
        if (keys.Count == 0) return found;
        try
        {
            using var c = _source.OpenConnection();
            for (int at = 0; at < keys.Count; at += Chunk)
            {
                int n = Math.Min(Chunk, keys.Count - at);
                var s = new long[n];
                var p = new long[n];
                var o = new long[n];
                var g = new long[n];
                for (int i = 0; i < n; i++) (s[i], p[i], o[i], g[i]) = (keys[at + i].A, keys[at + i].B, keys[at + i].C, keys[at + i].D);
                using var cmd = new NpgsqlCommand("""
                    SELECT q.s, q.p, q.o, q.g FROM quads q JOIN unnest(@s, @p, @o, @g) AS d(s, p, o, g)
                    ON q.s = d.s AND q.p = d.p AND q.o = d.o AND q.g = d.g
                    """, c);
                cmd.Parameters.AddWithValue("s", s);
                cmd.Parameters.AddWithValue("p", p);
                cmd.Parameters.AddWithValue("o", o);
                cmd.Parameters.AddWithValue("g", g);
                using var r = cmd.ExecuteReader();
                while (r.Read()) found.Add(new Key((uint)r.GetInt64(0), (uint)r.GetInt64(1), (uint)r.GetInt64(2), (uint)r.GetInt64(3)));
            }
            return found;
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    public List<Key> GraphKeys(uint graph)
    {
        try
        {
            using var c = _source.OpenConnection();
            using var cmd = new NpgsqlCommand("SELECT s, p, o, g FROM quads WHERE g = @g ORDER BY s, p, o", c);
            cmd.Parameters.AddWithValue("g", (long)graph);
            using var r = cmd.ExecuteReader();
            var keys = new List<Key>();
            while (r.Read()) keys.Add(new Key((uint)r.GetInt64(0), (uint)r.GetInt64(1), (uint)r.GetInt64(2), (uint)r.GetInt64(3)));
            return keys;
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    /// <summary>The open transaction, for a commit participant.</summary>
    private sealed class OpenTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IStoreTransaction
    {
        public StorageBackend Backend => StorageBackend.PostgreSql;
        public DbConnection Connection => connection;
        public DbTransaction? Transaction => transaction;
    }

    public void Commit(TermDictionary dict, uint firstNewTerm, uint lastTerm, Key[] adds, Key[] dels, Action<string>? log,
        ICommitParticipant? participant, Action beforeCommit, StopSignal stop)
    {
        var conn = EnsureConnection();
        if (!_locked) throw new InvalidOperationException("a PostgreSQL commit needs the writers' lock (QuadStore.BeginWrite takes it)");
        try
        {
            using var tx = conn.BeginTransaction();
            log?.Invoke($"postgresql: writing {lastTerm + 1 - firstNewTerm} terms, {adds.Length} insertions, {dels.Length} deletions");
            if (lastTerm >= firstNewTerm) WriteTerms(conn, dict, firstNewTerm, lastTerm, stop);
            if (adds.Length > 0) WriteQuads(conn, adds, stop);
            if (dels.Length > 0) DeleteQuads(conn, tx, dels);
            participant?.Write(new OpenTransaction(conn, tx)); // a participant's rows (the registry) share this transaction
            bool reload = adds.Length + dels.Length > MaxLoggedKeys;
            long seq;
            using (var cmd = new NpgsqlCommand($"INSERT INTO store_log(last_term, adds, dels, reload, rows) VALUES (@t, @a, @d, @r, @p) RETURNING seq; NOTIFY {Channel}", conn, tx))
            {
                cmd.Parameters.AddWithValue("t", (long)lastTerm);
                cmd.Parameters.AddWithValue("a", NpgsqlDbType.Bytea, reload || adds.Length == 0 ? DBNull.Value : ToBytes(adds));
                cmd.Parameters.AddWithValue("d", NpgsqlDbType.Bytea, reload || dels.Length == 0 ? DBNull.Value : ToBytes(dels));
                cmd.Parameters.AddWithValue("r", reload);
                cmd.Parameters.AddWithValue("p", participant is not null);
                seq = (long)cmd.ExecuteScalar()!;
            }
            beforeCommit();
            stop.ThrowIfStopped();
            log?.Invoke("postgresql: committing");
            tx.Commit();
            LastCommitSeq = seq;
            _persistedTerms = Math.Max(_persistedTerms, lastTerm);
        }
        catch (NpgsqlException e)
        {
            if (conn.FullState != ConnectionState.Open) { _locked = false; DropConnection(); }
            // A constraint a participant's rows broke is the participant's to report; the rest is the database's state.
            if (e is PostgresException { SqlState: ['2', '3', ..] }) throw;
            throw StoreException.FromPostgres(e, _where);
        }
    }

    /// <summary>
    /// The write connection, reconnected (and the writer lock taken again) after it broke. While it
    /// was gone another process could have taken the lock and written terms whose ids this store's
    /// dictionary would reuse: then nothing is written, and the store must be reopened.
    /// </summary>
    private NpgsqlConnection EnsureConnection()
    {
        if (_conn is { } c && c.FullState == ConnectionState.Open) return c;
        DropConnection();
        return _conn = Connect();
    }

    /// <summary>One committed change of the log.</summary>
    public sealed record LogEntry(long Seq, uint LastTerm, Key[] Adds, Key[] Dels, bool Reload, bool Rows);

    /// <summary>The log after <paramref name="afterSeq"/>, in order (on a connection of its own: followers do not hold the writer's).</summary>
    public List<LogEntry> ReadLog(long afterSeq)
    {
        try
        {
            using var c = _source.OpenConnection();
            using var cmd = new NpgsqlCommand("SELECT seq, last_term, adds, dels, reload, rows FROM store_log WHERE seq > @after ORDER BY seq", c);
            cmd.Parameters.AddWithValue("after", afterSeq);
            using var r = cmd.ExecuteReader();
            var list = new List<LogEntry>();
            while (r.Read())
                list.Add(new LogEntry(r.GetInt64(0), (uint)r.GetInt64(1),
                    r.IsDBNull(2) ? [] : FromBytes(r.GetFieldValue<byte[]>(2)), r.IsDBNull(3) ? [] : FromBytes(r.GetFieldValue<byte[]>(3)),
                    r.GetBoolean(4), r.GetBoolean(5)));
            return list;
        }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
    }

    private static byte[] ToBytes(Key[] keys)
    {
        var b = new byte[keys.Length * 16];
        for (int i = 0; i < keys.Length; i++)
        {
            var (a, bb, c, d) = (keys[i].A, keys[i].B, keys[i].C, keys[i].D);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 16), a);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 16 + 4), bb);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 16 + 8), c);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 16 + 12), d);
        }
        return b;
    }

    private static Key[] FromBytes(byte[] b)
    {
        var keys = new Key[b.Length / 16];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = new Key(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i * 16)), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i * 16 + 4)),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i * 16 + 8)), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i * 16 + 12)));
        return keys;
    }

    /// <summary>The sequence number of the last commit of this process (0: none yet).</summary>
    public long LastCommitSeq { get; private set; }

    /// <summary>
    /// Waits for a notification of <see cref="Channel"/> on a connection of its own and calls
    /// <paramref name="changed"/> after each one, and every <paramref name="poll"/> anyway (a lost
    /// notification, a reconnect). Runs until <paramref name="stop"/> fires; connection failures are
    /// reported to <paramref name="failed"/> and retried.
    /// </summary>
    public void Follow(Action changed, Action<Exception?> failed, TimeSpan poll, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var c = _source.OpenConnection();
                Exec(c, $"LISTEN {Channel}");
                failed(null);
                changed(); // whatever was committed while we were not listening
                var since = System.Diagnostics.Stopwatch.StartNew();
                while (!stop.IsCancellationRequested)
                {
                    // Short waits, so that stopping (the store's Dispose) never waits for a whole poll interval.
                    if (c.Wait(TimeSpan.FromMilliseconds(250)) || since.Elapsed >= poll)
                    {
                        changed();
                        since.Restart();
                    }
                }
            }
            catch (Exception e) when (e is NpgsqlException or StoreException or System.IO.IOException or InvalidOperationException)
            {
                failed(e);
                stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
        }
    }

    private void DropConnection()
    {
        try { _conn?.Dispose(); }
        catch (NpgsqlException) { } // a broken connection may fail to close: it is gone either way
        _conn = null;
    }

    private static void WriteTerms(NpgsqlConnection conn, TermDictionary dict, uint first, uint last, StopSignal stop)
    {
        using var w = conn.BeginBinaryImport("COPY terms (id, kind, lexical, datatype, lang) FROM STDIN (FORMAT BINARY)");
        byte[] lex = new byte[256];
        for (uint id = first; id <= last; id++)
        {
            if ((id & 0xFFF) == 0) stop.ThrowIfStopped(); // disposing an incomplete import cancels the COPY
            var enc = dict.GetEncoding(id);
            w.StartRow();
            w.Write((long)id, NpgsqlDbType.Bigint);
            w.Write((short)enc[0], NpgsqlDbType.Smallint);
            w.Write(Bytes(TermCodec.LexicalPart(enc), ref lex), NpgsqlDbType.Bytea);
            if (enc[0] == TermCodec.TypedLiteral) w.Write((long)TermCodec.DatatypeIdOf(enc), NpgsqlDbType.Bigint);
            else w.WriteNull();
            if (enc[0] == TermCodec.LangLiteral) w.Write(TermCodec.LanguagePart(enc).ToArray(), NpgsqlDbType.Bytea);
            else w.WriteNull();
        }
        w.Complete();
    }

    /// <summary>The bytes in a reused buffer: the importer copies a value into its own buffer during Write.</summary>
    private static ReadOnlyMemory<byte> Bytes(ReadOnlySpan<byte> span, ref byte[] buffer)
    {
        if (buffer.Length < span.Length) buffer = new byte[Math.Max(span.Length, buffer.Length * 2)];
        span.CopyTo(buffer);
        return buffer.AsMemory(0, span.Length);
    }

    private static void WriteQuads(NpgsqlConnection conn, Key[] spog, StopSignal stop)
    {
        using var w = conn.BeginBinaryImport("COPY quads (s, p, o, g) FROM STDIN (FORMAT BINARY)");
        for (int i = 0; i < spog.Length; i++)
        {
            if ((i & 0xFFF) == 0) stop.ThrowIfStopped();
            ref readonly var k = ref spog[i];
            w.StartRow();
            w.Write((long)k.A, NpgsqlDbType.Bigint);
            w.Write((long)k.B, NpgsqlDbType.Bigint);
            w.Write((long)k.C, NpgsqlDbType.Bigint);
            w.Write((long)k.D, NpgsqlDbType.Bigint);
        }
        w.Complete();
    }

    private static void DeleteQuads(NpgsqlConnection conn, NpgsqlTransaction tx, Key[] spog)
    {
        var s = new long[spog.Length];
        var p = new long[spog.Length];
        var o = new long[spog.Length];
        var g = new long[spog.Length];
        for (int i = 0; i < spog.Length; i++) (s[i], p[i], o[i], g[i]) = (spog[i].A, spog[i].B, spog[i].C, spog[i].D);
        using var cmd = new NpgsqlCommand("""
            DELETE FROM quads q USING unnest(@s, @p, @o, @g) AS d(s, p, o, g)
            WHERE q.s = d.s AND q.p = d.p AND q.o = d.o AND q.g = d.g
            """, conn, tx);
        cmd.Parameters.AddWithValue("s", s);
        cmd.Parameters.AddWithValue("p", p);
        cmd.Parameters.AddWithValue("o", o);
        cmd.Parameters.AddWithValue("g", g);
        cmd.ExecuteNonQuery();
    }

    public bool MaintenanceDue => false; // PostgreSQL's autovacuum and checkpointer do their own housekeeping

    public void Maintain() { }

    public void Dispose()
    {
        DropConnection(); // closing the session releases the writer lock
        _source.Dispose();
    }
}
