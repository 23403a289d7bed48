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
/// One writer: the store holds a session advisory lock on its write connection for its lifetime,
/// because its in-memory dictionary hands out term ids that only it knows are free; a second
/// process gets <see cref="StoreErrorKind.InUse"/> at open. When the connection breaks (a server
/// restart) the next commit reconnects, takes the lock again and checks that nobody wrote terms in
/// between, before writing anything.
/// </para>
/// </summary>
internal sealed class PostgresBackend : IStoreBackend
{
    private const int SchemaVersion = 1;
    /// <summary>The advisory lock key of the store's single writer ("phd_stor" as a big-endian int64).</summary>
    private const long WriterLock = 0x7068645f73746f72;

    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private NpgsqlConnection? _conn;
    private uint _persistedTerms;

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

    /// <summary>Opens the write connection and takes the writer lock on it.</summary>
    private NpgsqlConnection Connect()
    {
        NpgsqlConnection c;
        try { c = _source.OpenConnection(); }
        catch (NpgsqlException e) { throw StoreException.FromPostgres(e, _where); }
        try
        {
            using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", c);
            cmd.Parameters.AddWithValue("k", WriterLock);
            if (!(bool)cmd.ExecuteScalar()!)
                throw new StoreException(StoreErrorKind.InUse, $"{_where}: the database is in use by another phd process (one writer per database)");
            return c;
        }
        catch (NpgsqlException e)
        {
            c.Dispose();
            throw StoreException.FromPostgres(e, _where);
        }
        catch
        {
            c.Dispose();
            throw;
        }
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

    public void LoadTerms(TermDictionary dict)
    {
        try
        {
            using var cmd = new NpgsqlCommand("SELECT id, kind, lexical, datatype, lang FROM terms ORDER BY id", _conn);
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
            using (var c = new NpgsqlCommand("SELECT count(*) FROM quads", _conn)) total = (long)c.ExecuteScalar()!;
            var keys = new Key[total];
            int n = 0;
            // A binary COPY streams the rows without a result set's per-row overhead.
            using (var export = _conn!.BeginBinaryExport("COPY (SELECT s, p, o, g FROM quads ORDER BY s, p, o, g) TO STDOUT (FORMAT BINARY)"))
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
        var conn = EnsureConnection(firstNewTerm);
        try
        {
            using var tx = conn.BeginTransaction();
            log?.Invoke($"postgresql: writing {lastTerm + 1 - firstNewTerm} terms, {adds.Length} insertions, {dels.Length} deletions");
            if (lastTerm >= firstNewTerm) WriteTerms(conn, dict, firstNewTerm, lastTerm, stop);
            if (adds.Length > 0) WriteQuads(conn, adds, stop);
            if (dels.Length > 0) DeleteQuads(conn, tx, dels);
            participant?.Write(new OpenTransaction(conn, tx)); // a participant's rows (the registry) share this transaction
            beforeCommit();
            stop.ThrowIfStopped();
            log?.Invoke("postgresql: committing");
            tx.Commit();
            _persistedTerms = Math.Max(_persistedTerms, lastTerm);
        }
        catch (NpgsqlException e)
        {
            if (!conn.FullState.HasFlag(ConnectionState.Open)) DropConnection();
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
    private NpgsqlConnection EnsureConnection(uint firstNewTerm)
    {
        if (_conn is { } c && c.FullState == ConnectionState.Open) return c;
        DropConnection();
        var fresh = Connect();
        try
        {
            using var cmd = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM terms", fresh);
            long max = (long)cmd.ExecuteScalar()!;
            if (max != _persistedTerms || firstNewTerm != _persistedTerms + 1)
                throw new StoreException(StoreErrorKind.InUse, $"{_where}: the database was written by another process while the connection was down; restart this one");
        }
        catch (NpgsqlException e)
        {
            fresh.Dispose();
            throw StoreException.FromPostgres(e, _where);
        }
        catch
        {
            fresh.Dispose();
            throw;
        }
        _conn = fresh;
        return fresh;
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
