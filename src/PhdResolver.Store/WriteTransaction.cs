using System.Runtime.InteropServices;
using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// The write transaction of a <see cref="QuadStore"/>. Inserts and deletes are recorded as id
/// operations (terms are interned at once; the dictionary is append-only, so an abandoned
/// transaction only leaves unreferenced terms). At commit the operations are sorted in SPOG order,
/// the last one per quad wins, and only real changes (insert of an absent quad, delete of a
/// present one) go to SQLite and the indexes.
/// </summary>
public sealed class WriteTransaction : IQuadWriter
{
    private readonly QuadStore _store;
    private readonly TermDictionary _dict;
    private Op[] _ops = new Op[256];
    private int _count;
    private bool _finished;

    internal WriteTransaction(QuadStore store)
    {
        _store = store;
        _dict = store.Dictionary;
    }

    /// <summary>Progress messages during commit (the load command prints them).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Operations recorded so far.</summary>
    public int PendingOperations => _count;

    /// <summary>The snapshot the transaction writes on top of (its own changes are not in it).</summary>
    public StoreSnapshot BaseSnapshot => _store.OpenSnapshot();

    public void Insert(in Quad quad) => InsertIds(Intern(quad.Subject), Intern(quad.Predicate), Intern(quad.Object), quad.Graph is null ? 0 : Intern(quad.Graph));

    public void Delete(in Quad quad)
    {
        ThrowIfFinished();
        if (!_dict.TryGetId(quad.Subject, out var s) || !_dict.TryGetId(quad.Predicate, out var p) || !_dict.TryGetId(quad.Object, out var o)) return;
        uint g = 0;
        if (quad.Graph is not null && !_dict.TryGetId(quad.Graph, out g)) return;
        DeleteIds(s, p, o, g);
    }

    public void ClearGraph(Term? graph)
    {
        ThrowIfFinished();
        uint g = 0;
        if (graph is not null && !_dict.TryGetId(graph, out g)) return;
        foreach (var q in _store.Indexes.Match(null, null, null, g)) DeleteIds(q.S, q.P, q.O, q.G);
    }

    public IRdfSink CreateLoadSink(Term? graph = null)
    {
        ThrowIfFinished();
        return new LoadSink(this, graph is null ? 0 : Intern(graph));
    }

    /// <summary>The id of a term, allocated if new (only valid within this store).</summary>
    public uint Intern(Term term)
    {
        ThrowIfFinished();
        return _dict.Intern(term);
    }

    internal uint InternFreshBlankNode() => _dict.InternFreshBlankNode();

    public void InsertIds(uint s, uint p, uint o, uint g) => Add(new IdQuad(s, p, o, g), delete: false);

    public void DeleteIds(uint s, uint p, uint o, uint g) => Add(new IdQuad(s, p, o, g), delete: true);

    private void Add(in IdQuad q, bool delete)
    {
        ThrowIfFinished();
        if (q.S == 0 || q.P == 0 || q.O == 0) throw new ArgumentException("subject, predicate and object need term ids");
        if (_count == _ops.Length) Array.Resize(ref _ops, _ops.Length * 2);
        _ops[_count] = new Op(Key.From(IndexOrder.Spog, q), _count, delete);
        _count++;
    }

    /// <summary>
    /// The committed state with this transaction's pending changes applied, without publishing
    /// them: a SPARQL update request runs all its operations in one transaction, and each
    /// operation must see the effects of the earlier ones. Costs one index merge per call.
    /// </summary>
    public StoreSnapshot PendingSnapshot()
    {
        ThrowIfFinished();
        var current = _store.Indexes;
        Resolve(current, out var adds, out int na, out var dels, out int nd);
        return new StoreSnapshot(current.Apply(adds, na, dels, nd), _dict, _store.Options.DefaultGraph);
    }

    /// <summary>Sorts the operations (stable: equal keys stay in sequence order) and keeps the real changes.</summary>
    private void Resolve(IndexSet current, out IdQuad[] adds, out int na, out IdQuad[] dels, out int nd)
    {
        Array.Sort(_ops, 0, _count);
        bool emptyBefore = current.QuadCount == 0;
        // Into an empty store (a bulk load) nearly every operation is an add: size the array once
        // instead of doubling past the need (a 10 M-quad load peaked ~100 MB higher that way).
        adds = new IdQuad[emptyBefore ? Math.Max(_count, 1) : Math.Min(Math.Max(_count, 1), 1024)];
        dels = new IdQuad[Math.Min(Math.Max(_count, 1), 1024)];
        na = 0; nd = 0;
        for (int i = 0; i < _count; i++)
        {
            // Equal keys are adjacent and in sequence order: the last operation on a quad wins.
            if (i + 1 < _count && _ops[i + 1].Key == _ops[i].Key) continue;
            ref readonly var op = ref _ops[i];
            var q = op.Key.ToQuad(IndexOrder.Spog);
            bool present = !emptyBefore && current.Contains(q);
            if (!op.Delete && !present) Append(ref adds, ref na, q);
            else if (op.Delete && present) Append(ref dels, ref nd, q);
        }
    }

    public CommitResult Commit() => Commit(null);

    /// <summary>
    /// Commits like <see cref="Commit()"/>, and runs <paramref name="alsoWrite"/> on the store's
    /// SQLite connection inside the same SQLite transaction, after the quads are written and before
    /// COMMIT: its rows and the quads become durable together or not at all. If it throws, the
    /// transaction rolls back, the indexes never see the quads, and the exception propagates.
    /// Commands it creates run in the open transaction (leave their <c>Transaction</c> unset); it
    /// must not commit or roll back itself. It runs even when there are no quad changes.
    /// </summary>
    public CommitResult Commit(Action<Microsoft.Data.Sqlite.SqliteConnection>? alsoWrite)
    {
        ThrowIfFinished();
        try
        {
            var current = _store.Indexes;
            Log?.Invoke($"commit: sorting {_count} operations");
            Resolve(current, out var adds, out int na, out var dels, out int nd);
            _ops = [];
            // A bulk load's operation log (24 bytes per quad, on the large-object heap) is garbage
            // now; collect it before the index orders are built, or it stays in the peak footprint.
            if (_count > 1_000_000) GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            _store.Publish(adds, na, dels, nd, Log, alsoWrite);
            return new CommitResult(na, nd);
        }
        finally
        {
            Finish();
        }
    }

    private static void Append(ref IdQuad[] a, ref int n, in IdQuad q)
    {
        if (n == a.Length) Array.Resize(ref a, a.Length * 2);
        a[n++] = q;
    }

    private void ThrowIfFinished() => ObjectDisposedException.ThrowIf(_finished, this);

    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        _ops = [];
        _store.ReleaseWrite();
    }

    /// <summary>Abandons the transaction unless it was committed.</summary>
    public void Dispose() => Finish();

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly struct Op(Key key, int seq, bool delete) : IComparable<Op>
    {
        public readonly Key Key = key;
        public readonly int Seq = seq;
        public readonly bool Delete = delete;

        public int CompareTo(Op other)
        {
            int c = Key.CompareTo(other.Key);
            return c != 0 ? c : Seq.CompareTo(other.Seq);
        }
    }
}
