using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PhdResolver.Store;

/// <summary>
/// The system of record: one SQLite database in WAL mode with the dictionary (<c>terms</c>) and
/// the quads as id tuples (<c>quads</c>, a WITHOUT ROWID table whose primary key is the SPOG
/// order, so sorted inserts append and the table doubles as the persisted SPOG index).
/// Hot loops use SQLitePCL's raw API with prepared, multi-row statements: no boxing, no strings.
/// <para>
/// synchronous=FULL: in WAL mode that costs one fsync of the WAL per commit, and in return a
/// commit that returned survives power loss / OS crash too, not only a process kill (NORMAL
/// may lose the last commits on power loss). Registry writes are few and bulk loads are one
/// transaction, so the fsync is cheap where it matters. <see cref="StoreOptions.Synchronous"/> can relax it.
/// </para>
/// </summary>
internal sealed class SqliteBackend : IStoreBackend
{
    private const int SchemaVersion = 1;
    private const int RowsPerInsert = 64;

    static SqliteBackend() => Batteries_V2.Init();

    private readonly SqliteConnection _conn;
    private readonly sqlite3 _db;
    private readonly string _walPath;
    private readonly string _path;

    public StorageBackend Kind => StorageBackend.Sqlite;

    public SqliteBackend(string path, StoreOptions options)
    {
        _path = path;
        _walPath = path + "-wal";
        _conn = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            _conn.Open();
            _db = _conn.Handle!;
            Configure(path, options);
        }
        catch (Exception e)
        {
            _conn.Dispose();
            if (e is SqliteException se) throw new StoreException(StoreException.KindOfSqlite(se.SqliteErrorCode), $"{path}: {se.Message}", se);
            throw;
        }
    }

    private void Configure(string path, StoreOptions options)
    {
        Exec("PRAGMA journal_mode=WAL");
        // No checkpoint inside COMMIT: after a large write it would fold the whole WAL back there,
        // on the committing request's clock and past its deadline checks. The store checkpoints
        // after the commit instead, off that path (QuadStore.ReleaseWrite).
        Exec("PRAGMA wal_autocheckpoint=0");
        Exec(options.Synchronous == SynchronousMode.Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
        Exec($"PRAGMA cache_size=-{options.SqliteCacheMiB * 1024}");
        Exec("PRAGMA temp_store=MEMORY");
        Exec("PRAGMA foreign_keys=OFF");
        Exec("""
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS terms(
                id INTEGER PRIMARY KEY,
                kind INTEGER NOT NULL,      -- TermCodec tag: 0 blank, 1 IRI, 2 simple, 3 lang, 4 typed literal
                lexical TEXT NOT NULL,      -- IRI, blank node label or lexical form
                datatype INTEGER,           -- term id of the datatype IRI (kind 4)
                lang TEXT                   -- lower-cased language tag (kind 3)
            );
            CREATE TABLE IF NOT EXISTS quads(
                s INTEGER NOT NULL, p INTEGER NOT NULL, o INTEGER NOT NULL,
                g INTEGER NOT NULL,         -- 0: the default graph
                PRIMARY KEY (s, p, o, g)
            ) WITHOUT ROWID;
            """);
        Exec($"INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '{SchemaVersion}')");
        using var cmd = _conn.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
        var v = (string?)cmd.ExecuteScalar();
        if (v != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new StoreException(StoreErrorKind.SchemaMismatch, $"{path}: store schema {v}, this build reads {SchemaVersion}");
    }

    public void Dispose()
    {
        _presentStmt?.Dispose();
        _graphStmt?.Dispose();
        _conn.Dispose();
    }

    private void Exec(string sql)
    {
        int rc = raw.sqlite3_exec(_db, sql);
        if (rc != raw.SQLITE_OK) throw Error(rc, sql);
    }

    private StoreException Error(int rc, string what) => Error(_db, rc, what);

    private static StoreException Error(sqlite3 db, int rc, string what) =>
        new(StoreException.KindOfSqlite(rc), $"SQLite error {rc} ({raw.sqlite3_errmsg(db).utf8_to_string()}) in {what}",
            new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc));

    /// <summary>The open BEGIN IMMEDIATE transaction, for a commit participant.</summary>
    private sealed class OpenTransaction(SqliteConnection connection) : IStoreTransaction
    {
        public StorageBackend Backend => StorageBackend.Sqlite;
        public System.Data.Common.DbConnection Connection => connection;
        public System.Data.Common.DbTransaction? Transaction => null;
    }

    private sqlite3_stmt Prepare(string sql) => Prepare(_db, sql);

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        int rc = raw.sqlite3_prepare_v2(db, sql, out var stmt);
        if (rc != raw.SQLITE_OK) throw Error(db, rc, sql);
        return stmt;
    }

    private void StepDone(sqlite3_stmt stmt, string what)
    {
        int rc = raw.sqlite3_step(stmt);
        if (rc != raw.SQLITE_DONE) throw Error(rc, what);
        raw.sqlite3_reset(stmt);
    }

    public System.Data.Common.DbConnection OpenReadConnection()
    {
        // Read-only and unpooled: reads never take the writer's lock, and a closed store leaves no handle open.
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    /// <summary>Reads the dictionary into <paramref name="dict"/> (ids must be dense from 1).</summary>
    public void LoadTerms(TermDictionary dict)
    {
        // One sequential scan: read through a memory map instead of copying every page into the cache.
        Exec($"PRAGMA mmap_size={LoadMmapBytes}");
        try { ReadTerms(dict); }
        finally { raw.sqlite3_exec(_db, "PRAGMA mmap_size=0"); }
    }

    /// <summary>The memory map for the start-up scans (SQLite caps it at its compiled-in maximum, 2 GB by default);
    /// file-backed pages the kernel may drop, not the process's own memory.</summary>
    private const long LoadMmapBytes = 1L << 40;

    private void ReadTerms(TermDictionary dict)
    {
        using var stmt = Prepare("SELECT id, kind, lexical, datatype, lang FROM terms ORDER BY id");
        byte[] buf = new byte[4096];
        int rc;
        while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
        {
            long id = raw.sqlite3_column_int64(stmt, 0);
            byte tag = (byte)raw.sqlite3_column_int(stmt, 1);
            var lex = raw.sqlite3_column_blob(stmt, 2);
            uint dt = (uint)raw.sqlite3_column_int64(stmt, 3);
            var lang = raw.sqlite3_column_blob(stmt, 4);
            int len = TermCodec.PartsLength(tag, lex.Length, lang.Length);
            if (buf.Length < len) buf = new byte[Math.Max(len, buf.Length * 2)];
            TermCodec.EncodeParts(tag, lex, dt, lang, buf);
            uint got = dict.Append(buf.AsSpan(0, len));
            if (got != id) throw new InvalidDataException($"terms table: expected id {got}, found {id} (ids must be dense)");
        }
        if (rc != raw.SQLITE_DONE) throw Error(rc, "reading terms");
    }

    /// <summary>Reads all quads as SPOG keys (in SPOG order, the table's key order), on a read-only connection
    /// of its own so that it can run beside <see cref="LoadTerms"/> (the store's open).</summary>
    public Key[] LoadQuads()
    {
        using var conn = (SqliteConnection)OpenReadConnection();
        var db = conn.Handle!;
        raw.sqlite3_exec(db, $"PRAGMA mmap_size={LoadMmapBytes}");
        raw.sqlite3_exec(db, "BEGIN"); // the count and the rows of one snapshot
        long total;
        using (var c = Prepare(db, "SELECT count(*) FROM quads"))
        {
            raw.sqlite3_step(c);
            total = raw.sqlite3_column_int64(c, 0);
        }
        var keys = new Key[total];
        using var stmt = Prepare(db, "SELECT s, p, o, g FROM quads ORDER BY s, p, o, g");
        int n = 0, rc;
        while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
        {
            if (n == keys.Length) Array.Resize(ref keys, Math.Max(16, n * 2));
            keys[n++] = new Key(
                (uint)raw.sqlite3_column_int64(stmt, 0), (uint)raw.sqlite3_column_int64(stmt, 1),
                (uint)raw.sqlite3_column_int64(stmt, 2), (uint)raw.sqlite3_column_int64(stmt, 3));
        }
        if (rc != raw.SQLITE_DONE) throw Error(db, rc, "reading quads");
        if (n != keys.Length) Array.Resize(ref keys, n);
        return keys;
    }

    // ---- a store without query indexes

    public void EnsureGraphIndex(Action<string>? log)
    {
        using (var c = Prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'quads_gspo'"))
            if (raw.sqlite3_step(c) == raw.SQLITE_ROW) return;
        log?.Invoke("store: building the graph index quads_gspo (once; every writer keeps it from now on)");
        // One statement, one transaction: a crash leaves no half-built index.
        Exec("CREATE INDEX IF NOT EXISTS quads_gspo ON quads(g, s, p, o)");
        Checkpoint();
    }

    /// <summary>On a read connection of its own, so that it can run beside <see cref="LoadTerms"/>.</summary>
    public long CountQuads()
    {
        using var conn = (SqliteConnection)OpenReadConnection();
        using var c = Prepare(conn.Handle!, "SELECT count(*) FROM quads");
        int rc = raw.sqlite3_step(c);
        if (rc != raw.SQLITE_ROW) throw Error(conn.Handle!, rc, "counting quads");
        return raw.sqlite3_column_int64(c, 0);
    }

    public System.Data.Common.DbTransaction BeginSnapshot(System.Data.Common.DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: true); // BEGIN: a read-only connection takes no write lock

    // Both run under the store's write lock, before the commit's BEGIN IMMEDIATE: the write connection is idle and sees
    // the committed state, and keeping their statements prepared on it saves a connection and a prepare per call (a
    // registry migration clears tens of thousands of record graphs in one transaction).
    private sqlite3_stmt? _presentStmt, _graphStmt;

    public HashSet<Key> Present(IReadOnlyList<Key> keys)
    {
        var found = new HashSet<Key>();
        if (keys.Count == 0) return found;
        var db = _db;
        var stmt = _presentStmt ??= Prepare("SELECT 1 FROM quads WHERE s = ? AND p = ? AND o = ? AND g = ?");
        foreach (var k in keys)
        {
            raw.sqlite3_bind_int64(stmt, 1, k.A);
            raw.sqlite3_bind_int64(stmt, 2, k.B);
            raw.sqlite3_bind_int64(stmt, 3, k.C);
            raw.sqlite3_bind_int64(stmt, 4, k.D);
            int rc = raw.sqlite3_step(stmt);
            raw.sqlite3_reset(stmt);
            if (rc == raw.SQLITE_ROW) found.Add(k);
            else if (rc != raw.SQLITE_DONE) throw Error(db, rc, "looking up quads");
        }
        return found;
    }

    public List<Key> GraphKeys(uint graph)
    {
        var stmt = _graphStmt ??= Prepare("SELECT s, p, o, g FROM quads WHERE g = ? ORDER BY s, p, o");
        raw.sqlite3_bind_int64(stmt, 1, graph);
        var keys = new List<Key>();
        int rc;
        try
        {
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                keys.Add(new Key((uint)raw.sqlite3_column_int64(stmt, 0), (uint)raw.sqlite3_column_int64(stmt, 1),
                    (uint)raw.sqlite3_column_int64(stmt, 2), (uint)raw.sqlite3_column_int64(stmt, 3)));
        }
        finally { raw.sqlite3_reset(stmt); }
        if (rc != raw.SQLITE_DONE) throw Error(rc, "reading a graph");
        return keys;
    }

    /// <summary>
    /// Writes one transaction: terms <paramref name="firstNewTerm"/>..<paramref name="lastTerm"/>,
    /// then the quad insertions (absent before) and deletions (present before); then
    /// <paramref name="participant"/> and <paramref name="beforeCommit"/>. All or nothing: an
    /// exception or <paramref name="stop"/> firing before COMMIT rolls back.
    /// </summary>
    public void Commit(TermDictionary dict, uint firstNewTerm, uint lastTerm,
        Key[] adds, Key[] dels, Action<string>? log,
        ICommitParticipant? participant, Action beforeCommit, StopSignal stop)
    {
        Exec("BEGIN IMMEDIATE");
        bool done = false;
        try
        {
            log?.Invoke($"sqlite: writing {lastTerm + 1 - firstNewTerm} terms, {adds.Length} insertions, {dels.Length} deletions");
            if (lastTerm >= firstNewTerm) WriteTerms(dict, firstNewTerm, lastTerm, stop);
            if (adds.Length > 0) WriteQuads(adds, stop);
            if (dels.Length > 0) DeleteQuads(dels, stop);
            participant?.Write(new OpenTransaction(_conn)); // a participant's rows (the registry) share this transaction
            beforeCommit();
            // Write the dirty pages of the page cache (up to SqliteCacheMiB) to the WAL while the
            // commit can still be stopped, so that COMMIT itself only appends its commit frame.
            if (adds.Length + dels.Length > 10_000) FlushCache();
            stop.ThrowIfStopped();
            log?.Invoke("sqlite: committing");
            Exec("COMMIT");
            done = true;
        }
        finally
        {
            if (!done) raw.sqlite3_exec(_db, "ROLLBACK");
        }
    }

    // Not wrapped by SQLitePCLRaw 2.0; the bundle's library exports it (SQLite >= 3.10).
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_db_cacheflush")]
    private static extern int NativeCacheFlush(IntPtr db);

    private void FlushCache()
    {
        int rc = NativeCacheFlush(_db.DangerousGetHandle());
        if (rc != raw.SQLITE_OK) throw Error(rc, "flushing the page cache");
    }

    private static string MultiRowInsert(string head, int columns, int rows)
    {
        var sb = new StringBuilder(head).Append(" VALUES ");
        for (int r = 0; r < rows; r++)
        {
            if (r > 0) sb.Append(',');
            sb.Append('(');
            for (int c = 0; c < columns; c++) sb.Append(c == 0 ? "?" : ",?");
            sb.Append(')');
        }
        return sb.ToString();
    }

    private void WriteTerms(TermDictionary dict, uint first, uint last, StopSignal stop)
    {
        const string head = "INSERT INTO terms(id, kind, lexical, datatype, lang)";
        using var many = Prepare(MultiRowInsert(head, 5, RowsPerInsert));
        using var one = Prepare(MultiRowInsert(head, 5, 1));
        uint id = first;
        while (id <= last)
        {
            stop.ThrowIfStopped();
            bool batch = last - id + 1 >= RowsPerInsert;
            var stmt = batch ? many : one;
            int rows = batch ? RowsPerInsert : 1;
            for (int r = 0; r < rows; r++, id++)
            {
                var enc = dict.GetEncoding(id);
                int b = r * 5 + 1;
                raw.sqlite3_bind_int64(stmt, b, id);
                raw.sqlite3_bind_int(stmt, b + 1, enc[0]);
                var lex = TermCodec.LexicalPart(enc);
                // An empty span has no pointer and would bind NULL; "" is the empty text.
                if (lex.IsEmpty) raw.sqlite3_bind_text(stmt, b + 2, "");
                else raw.sqlite3_bind_text(stmt, b + 2, lex);
                if (enc[0] == TermCodec.TypedLiteral) raw.sqlite3_bind_int64(stmt, b + 3, TermCodec.DatatypeIdOf(enc));
                else raw.sqlite3_bind_null(stmt, b + 3);
                if (enc[0] == TermCodec.LangLiteral) raw.sqlite3_bind_text(stmt, b + 4, TermCodec.LanguagePart(enc));
                else raw.sqlite3_bind_null(stmt, b + 4);
            }
            StepDone(stmt, "inserting terms");
        }
    }

    private void WriteQuads(Key[] spog, StopSignal stop)
    {
        int count = spog.Length;
        const string head = "INSERT INTO quads(s, p, o, g)";
        using var many = Prepare(MultiRowInsert(head, 4, RowsPerInsert));
        using var one = Prepare(MultiRowInsert(head, 4, 1));
        int i = 0;
        while (i < count)
        {
            stop.ThrowIfStopped();
            bool batch = count - i >= RowsPerInsert;
            var stmt = batch ? many : one;
            int rows = batch ? RowsPerInsert : 1;
            for (int r = 0; r < rows; r++, i++)
            {
                ref readonly var k = ref spog[i];
                int b = r * 4 + 1;
                raw.sqlite3_bind_int64(stmt, b, k.A);
                raw.sqlite3_bind_int64(stmt, b + 1, k.B);
                raw.sqlite3_bind_int64(stmt, b + 2, k.C);
                raw.sqlite3_bind_int64(stmt, b + 3, k.D);
            }
            StepDone(stmt, "inserting quads");
        }
    }

    private void DeleteQuads(Key[] spog, StopSignal stop)
    {
        using var stmt = Prepare("DELETE FROM quads WHERE s = ? AND p = ? AND o = ? AND g = ?");
        for (int i = 0; i < spog.Length; i++)
        {
            if ((i & 0x3F) == 0) stop.ThrowIfStopped();
            var k = spog[i];
            raw.sqlite3_bind_int64(stmt, 1, k.A);
            raw.sqlite3_bind_int64(stmt, 2, k.B);
            raw.sqlite3_bind_int64(stmt, 3, k.C);
            raw.sqlite3_bind_int64(stmt, 4, k.D);
            StepDone(stmt, "deleting quads");
        }
    }

    /// <summary>SQLite's own auto-checkpoint threshold (1000 pages of 4 KiB).</summary>
    private const long CheckpointAboveBytes = 4L << 20;

    public bool MaintenanceDue => WalBytes > CheckpointAboveBytes;

    public void Maintain() => Checkpoint();

    /// <summary>Bytes in the write-ahead log (0 after a checkpoint).</summary>
    public long WalBytes
    {
        get
        {
            var f = new FileInfo(_walPath);
            return f.Exists ? f.Length : 0;
        }
    }

    /// <summary>
    /// After a write: folds the WAL back into the database file, so the WAL does not stay
    /// large, and frees the page cache that the write filled (up to <c>SqliteCacheMiB</c>). Queries
    /// read the in-memory indexes, never these pages, so keeping them would only add to the
    /// process's footprint.
    /// </summary>
    public void Checkpoint()
    {
        // Under the store's write lock, after the commit is published: nothing waits for it but
        // the next writer.
        raw.sqlite3_exec(_db, "PRAGMA wal_checkpoint(TRUNCATE)");
        raw.sqlite3_exec(_db, "PRAGMA shrink_memory");
    }
}
