using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// A snapshot of a store opened without query indexes (<see cref="StoreOptions.QueryIndexes"/> false), served by the
/// system of record: one read transaction held for the snapshot's lifetime (SQLite in WAL mode: a read transaction sees
/// the database as of its first read; PostgreSQL: REPEATABLE READ, whose snapshot is taken at the first statement), so
/// it is immutable exactly as an index snapshot is: a commit after it opened is invisible to it. Terms map to ids and
/// back through the store's in-memory dictionary (append-only, so every id this transaction can read is in it, except
/// on a PostgreSQL replica the ids of another process's commit this one has not followed yet: those are read from the
/// <c>terms</c> table in the same transaction).
/// <para>
/// What a read costs, with the tables' two indexes (the primary key SPOG and <c>quads_gspo</c>, created when a store is
/// first opened lean): a pattern with the subject bound, or the graph named, is one index range (the registry's reads:
/// a record's description, one graph's quads, its rdf:type statements); any other shape scans the table (correct, slow
/// at scale; SPARQL-like reads belong to the remote store). <see cref="NamedGraphs"/> is one index seek per graph.
/// <see cref="QuadCount"/> is the store's running count, unless a commit ran while the snapshot opened: then it counts
/// in the snapshot's transaction. Matches are read into a list of id keys before they are decoded, so that a caller may
/// open another match while iterating one (PostgreSQL has one active result per connection).
/// </para>
/// </summary>
public sealed class LeanSnapshot : IQuadSnapshot
{
    private readonly LeanReaders? _readers;
    private readonly LeanReaders.Reader _r;
    private readonly TermDictionary _dict;
    private readonly DefaultGraphMode _mode;
    private long _count;
    private bool _disposed;

    /// <param name="readers">Where <paramref name="reader"/> goes back at the end; null: a reader borrowed for a while
    /// (<see cref="Within"/>), whose connection and transaction stay the lender's.</param>
    /// <param name="generation">The store's <see cref="QuadStore.Generation"/> this snapshot's state is known to be;
    /// null: not known (a commit ran while it opened).</param>
    internal LeanSnapshot(LeanReaders? readers, LeanReaders.Reader reader, TermDictionary dict, DefaultGraphMode mode, long count, object? generation)
    {
        _readers = readers;
        _r = reader;
        _dict = dict;
        _mode = mode;
        _count = count;
        Generation = generation;
    }

    /// <summary>
    /// A view of an open write transaction (a commit's, before its COMMIT): its reads run on that transaction's
    /// connection, so they see exactly what COMMIT will make visible. Disposing it leaves the transaction open.
    /// </summary>
    internal static LeanSnapshot Within(IStoreTransaction transaction, TermDictionary dict, DefaultGraphMode mode, long count) =>
        new(null, new LeanReaders.Reader(transaction.Connection, transaction.Transaction), dict, mode, count, generation: null);

    /// <summary>The store's generation this state is, when known (<see cref="QuadStore.Fingerprint"/> keeps a digest per generation).</summary>
    internal object? Generation { get; }

    /// <summary>Every quad's key, in no particular order, streamed from one query (nothing is collected).</summary>
    internal void ScanKeys(Action<Key> row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _r.Stream("SELECT s, p, o, g FROM quads", row);
    }

    /// <summary>Number of quads, all graphs, in this snapshot.</summary>
    public long QuadCount
    {
        get
        {
            if (_count < 0) _count = _r.Scalar("SELECT count(*) FROM quads", default);
            return _count;
        }
    }

    /// <summary>The SQL of a pattern: which columns are bound, how the graph is filtered, the order of the results.</summary>
    private readonly record struct Shape(int Mask, GraphFilterKind Graph, bool Union);

    /// <summary>The id-level arguments of a pattern; false when nothing can match (a term no quad uses).</summary>
    private bool Resolve(Term? s, Term? p, Term? o, GraphFilter graph, out Shape shape, out LeanReaders.Args args)
    {
        args = default;
        shape = default;
        uint si = 0, pi = 0, oi = 0, gi = 0;
        if (s is not null && !_dict.TryGetId(s, out si)) return false;
        if (p is not null && !_dict.TryGetId(p, out pi)) return false;
        if (o is not null && !_dict.TryGetId(o, out oi)) return false;
        if (graph.Kind == GraphFilterKind.Named && !_dict.TryGetId(graph.Name!, out gi)) return false;
        bool union = graph.Kind == GraphFilterKind.Default && _mode == DefaultGraphMode.Union;
        // The graph column is bound for a named graph and for the default graph's own quads (graph id 0).
        bool gBound = graph.Kind == GraphFilterKind.Named || (graph.Kind == GraphFilterKind.Default && !union);
        int mask = (s is null ? 0 : 1) | (p is null ? 0 : 2) | (o is null ? 0 : 4) | (gBound ? 8 : 0);
        shape = new Shape(mask, graph.Kind, union);
        args = new LeanReaders.Args(si, pi, oi, gi);
        return true;
    }

    /// <summary>
    /// The SELECT of a shape. The rows come in the order the in-memory indexes would give them (the order their plan
    /// table picks for the same bound components), so that a representation built from a lean snapshot is the same, byte
    /// for byte, as one built from the indexes.
    /// </summary>
    private static string Sql(Shape shape, bool count) => SqlCache.GetOrAdd((shape, count), k => BuildSql(k.Shape, k.Count));

    private static readonly ConcurrentDictionary<(Shape Shape, bool Count), string> SqlCache = new();

    private static string BuildSql(Shape shape, bool count)
    {
        var where = new StringBuilder();
        void And(string c) => where.Append(where.Length == 0 ? " WHERE " : " AND ").Append(c);
        if ((shape.Mask & 1) != 0) And("s = @s");
        if ((shape.Mask & 2) != 0) And("p = @p");
        if ((shape.Mask & 4) != 0) And("o = @o");
        if ((shape.Mask & 8) != 0) And("g = @g");
        if (shape.Graph == GraphFilterKind.AllNamed) And("g <> 0");
        if (count)
            return shape.Union ? "SELECT count(*) FROM (SELECT DISTINCT s, p, o FROM quads" + where + ") t" : "SELECT count(*) FROM quads" + where;
        // IndexSet's plan table: s, sp, spo -> SPOG; p, po (g or not) -> POSG; o, so -> OSPG; g with s or nothing -> GSPO.
        string order = shape.Mask switch
        {
            0 or 1 or 3 or 7 => "s, p, o, g",
            2 or 6 or 10 or 14 => "p, o, s, g",
            4 or 5 or 12 or 13 => "o, s, p, g",
            _ => "g, s, p, o",
        };
        // The union default graph: each triple once (the graph is not reported); g is last in every order that serves it.
        return shape.Union
            ? "SELECT DISTINCT s, p, o, CAST(0 AS BIGINT) FROM quads" + where + " ORDER BY " + order[..^3]
            : "SELECT s, p, o, g FROM quads" + where + " ORDER BY " + order;
    }

    /// <summary>The id keys (s, p, o, g) matching a pattern, in the index order.</summary>
    internal List<Key> MatchKeys(Term? subject, Term? predicate, Term? @object, GraphFilter graph)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var keys = new List<Key>();
        if (!Resolve(subject, predicate, @object, graph, out var shape, out var args)) return keys;
        _r.Read(Sql(shape, count: false), args, keys);
        return keys;
    }

    public IEnumerable<Quad> Match(Term? subject, Term? predicate, Term? @object, GraphFilter graph)
    {
        var keys = MatchKeys(subject, predicate, @object, graph);
        return Decode(keys, graph.Kind == GraphFilterKind.Default);
    }

    internal IEnumerable<Quad> Decode(List<Key> keys, bool dropGraph)
    {
        var cache = new DecodeCache(GetTerm);
        foreach (var k in keys)
            yield return new Quad(cache.Get(k.A), cache.Get(k.B), cache.Get(k.C), dropGraph || k.D == 0 ? null : cache.Get(k.D));
    }

    public long Count(Term? subject, Term? predicate, Term? @object, GraphFilter graph)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Resolve(subject, predicate, @object, graph, out var shape, out var args) ? _r.Scalar(Sql(shape, count: true), args) : 0;
    }

    /// <summary>The exact count: there is no cheaper bound without indexes, and nothing plans queries over this view.</summary>
    public long Estimate(Term? subject, Term? predicate, Term? @object, GraphFilter graph) => Count(subject, predicate, @object, graph);

    /// <summary>The graphs by a loose index scan of <c>quads_gspo</c>: one seek per graph, not a pass over every quad.</summary>
    public IReadOnlyList<Term> NamedGraphs()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ids = _r.Ids("""
            WITH RECURSIVE t(g) AS (
                SELECT min(g) FROM quads WHERE g > 0
                UNION ALL
                SELECT (SELECT min(q.g) FROM quads q WHERE q.g > t.g) FROM t WHERE t.g IS NOT NULL
            ) SELECT g FROM t WHERE g IS NOT NULL
            """);
        var result = new List<Term>(ids.Count);
        foreach (uint g in ids) result.Add(GetTerm(g));
        return result;
    }

    /// <summary>Every quad, graph by graph (GSPO order, as the index snapshot's dump), streamed from one query.</summary>
    public void Dump(IRdfSink sink)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var cache = new DecodeCache(GetTerm);
        _r.Stream("SELECT s, p, o, g FROM quads ORDER BY g, s, p, o", k =>
            sink.OnQuad(new Quad(cache.Get(k.A), cache.Get(k.B), cache.Get(k.C), k.D == 0 ? null : cache.Get(k.D))));
    }

    /// <summary>The term of an id: from the dictionary, or (an id another replica minted after this process last
    /// followed the change log) from the <c>terms</c> table in this snapshot's transaction.</summary>
    internal Term GetTerm(uint id) => id <= _dict.Count ? _dict.GetTerm(id) : _r.ReadTerm(id, GetIri);

    private Iri GetIri(uint id) => (Iri)GetTerm(id);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_readers is null) _r.Dispose();
        else _readers.Return(_r);
    }

}

/// <summary>
/// Read connections of a lean store, kept open between snapshots (opening a SQLite connection parses the schema; a
/// PostgreSQL one is a round trip even from the pool), each with its commands prepared once per SQL text.
/// </summary>
internal sealed class LeanReaders(IStoreBackend backend) : IDisposable
{
    private const int Keep = 16;
    private readonly ConcurrentBag<Reader> _idle = [];
    private bool _disposed;

    /// <summary>The bound ids of a pattern (0 where unbound; g 0 is also the default graph when bound).</summary>
    internal readonly record struct Args(uint S, uint P, uint O, uint G);

    /// <summary>A reader inside a new read transaction whose snapshot is already taken.</summary>
    public Reader Rent()
    {
        while (_idle.TryTake(out var idle))
        {
            // A kept connection may have died meanwhile (a database restart): drop it and try the next, then a new one.
            try
            {
                idle.Begin(backend);
                return idle;
            }
            catch (Exception e) when (e is StoreException or DbException or InvalidOperationException)
            {
                idle.Dispose();
            }
        }
        var r = new Reader(backend.OpenReadConnection());
        try
        {
            r.Begin(backend);
            return r;
        }
        catch
        {
            r.Dispose();
            throw;
        }
    }

    public void Return(Reader r)
    {
        bool ok = r.End();
        if (ok && !_disposed && _idle.Count < Keep) _idle.Add(r);
        else r.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var r)) r.Dispose();
    }

    /// <summary>One read connection and its prepared commands.</summary>
    internal sealed class Reader : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
        private readonly DbConnection _connection;
        private readonly bool _owned;
        private DbTransaction? _tx;

        public Reader(DbConnection connection)
        {
            _connection = connection;
            _owned = true;
        }

        /// <summary>A reader inside another's open transaction (SQLite's, begun natively, has no object: null).</summary>
        public Reader(DbConnection connection, DbTransaction? transaction)
        {
            _connection = connection;
            _tx = transaction;
        }

        public DbConnection Connection => _connection;

        public void Begin(IStoreBackend backend)
        {
            _tx = backend.BeginSnapshot(_connection);
            // The snapshot is taken by the first read, not by BEGIN: take it now, so the view is the state at open.
            Scalar("SELECT count(*) FROM (SELECT 1 FROM quads LIMIT 1) t", default);
        }

        /// <summary>Ends the read transaction; false if the connection is no longer usable.</summary>
        public bool End()
        {
            try
            {
                _tx?.Rollback();
                return true;
            }
            catch (DbException) { return false; }
            catch (InvalidOperationException) { return false; }
            finally
            {
                _tx?.Dispose();
                _tx = null;
            }
        }

        private DbCommand Command(string sql, in Args args)
        {
            if (!_commands.TryGetValue(sql, out var cmd))
            {
                cmd = _connection.CreateCommand();
                cmd.CommandText = sql;
                foreach (var name in (ReadOnlySpan<string>)["@s", "@p", "@o", "@g"])
                {
                    if (!sql.Contains(name, StringComparison.Ordinal)) continue;
                    var p = cmd.CreateParameter();
                    p.ParameterName = name;
                    p.DbType = System.Data.DbType.Int64;
                    p.Value = 0L;
                    cmd.Parameters.Add(p);
                }
                _commands[sql] = cmd;
            }
            cmd.Transaction = _tx;
            foreach (DbParameter p in cmd.Parameters)
                p.Value = (long)(p.ParameterName switch { "@s" => args.S, "@p" => args.P, "@o" => args.O, _ => args.G });
            return cmd;
        }

        public long Scalar(string sql, Args args) => Run(() => Convert.ToInt64(Command(sql, args).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));

        public void Read(string sql, Args args, List<Key> into) => Stream(sql, args, k => into.Add(k));

        public void Stream(string sql, Action<Key> row) => Stream(sql, default, row);

        private void Stream(string sql, Args args, Action<Key> row) => Run(() =>
        {
            using var r = Command(sql, args).ExecuteReader();
            while (r.Read()) row(new Key((uint)r.GetInt64(0), (uint)r.GetInt64(1), (uint)r.GetInt64(2), (uint)r.GetInt64(3)));
            return 0;
        });

        public List<uint> Ids(string sql) => Run(() =>
        {
            var ids = new List<uint>();
            using var r = Command(sql, default).ExecuteReader();
            while (r.Read()) ids.Add((uint)r.GetInt64(0));
            return ids;
        });

        /// <summary>A term row decoded (its datatype through <paramref name="getIri"/>).</summary>
        public Term ReadTerm(uint id, Func<uint, Iri> getIri) => Run(() =>
        {
            using var r = Command("SELECT kind, lexical, datatype, lang FROM terms WHERE id = @s", new Args(id, 0, 0, 0)).ExecuteReader();
            if (!r.Read()) throw new StoreException(StoreErrorKind.Corrupt, $"term {id} is used by a quad but missing from the terms table");
            byte tag = Convert.ToByte(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            byte[] lex = Bytes(r.GetValue(1));
            uint dt = r.IsDBNull(2) ? 0 : (uint)r.GetInt64(2);
            byte[] lang = r.IsDBNull(3) ? [] : Bytes(r.GetValue(3));
            var buf = new byte[TermCodec.PartsLength(tag, lex.Length, lang.Length)];
            TermCodec.EncodeParts(tag, lex, dt, lang, buf);
            return TermCodec.Decode(buf, getIri);
        });

        // SQLite keeps lexical forms as text, PostgreSQL as bytea.
        private static byte[] Bytes(object v) => v as byte[] ?? Encoding.UTF8.GetBytes((string)v);

        /// <summary>Engine errors as the store's typed errors (a PostgreSQL restart is transient: a 503, not a 500).</summary>
        private static T Run<T>(Func<T> f)
        {
            try { return f(); }
            catch (Npgsql.NpgsqlException e) { throw StoreException.FromPostgres(e, "the database"); }
            catch (Microsoft.Data.Sqlite.SqliteException e) { throw new StoreException(StoreException.KindOfSqlite(e.SqliteErrorCode), "reading quads: " + e.Message, e); }
        }

        public void Dispose()
        {
            foreach (var c in _commands.Values) c.Dispose();
            _commands.Clear();
            if (_owned) _connection.Dispose();
        }
    }
}
