using System.Runtime.InteropServices;
using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// The write transaction of a <see cref="QuadStore"/>. Inserts and deletes are recorded as id
/// operations (terms are interned at once; the dictionary is append-only, so an abandoned
/// transaction only leaves unreferenced terms). At commit the operations are sorted in SPOG order,
/// the last one per quad wins, and only real changes (insert of an absent quad, delete of a
/// present one) go to SQLite and the indexes.
/// <para>
/// Memory: until the first delete, inserts are kept as bare SPOG keys in fixed-size chunks
/// (16 bytes per quad, no doubling overshoot): with inserts only, their order does not matter.
/// A bulk load, the largest transaction there is, never needs more. The first delete turns the
/// log into a sequence of operations (24 bytes each), where the last one per quad wins.
/// </para>
/// </summary>
public sealed class WriteTransaction : IQuadWriter
{
    private const int ChunkKeys = 1 << 16; // 1 MiB per chunk

    private readonly QuadStore _store;
    private readonly TermDictionary _dict;
    private readonly List<Key[]> _inserts = [];
    private int _lastChunkFill = ChunkKeys; // forces the first chunk
    private int _insertCount;
    private Op[]? _ops; // null until the first delete
    private int _opCount;
    private bool _finished;

    internal WriteTransaction(QuadStore store)
    {
        _store = store;
        _dict = store.Dictionary;
    }

    /// <summary>Progress messages during commit (the load command prints them).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>
    /// Whether a commit of over a million operations first runs a full compacting collection (on by default:
    /// a bulk load's parser churn and its log are garbage by then, and handing them back lowers the peak).
    /// Off for a caller that keeps its inputs alive through the commit, as a registry batch keeps every parsed
    /// descriptor: the collection would move them all and free little.
    /// </summary>
    public bool CompactBeforeIndexing { get; set; } = true;

    /// <summary>Operations recorded so far.</summary>
    public int PendingOperations => _ops is null ? _insertCount : _opCount;

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
        if (_store.IsLean)
        {
            // No indexes: the graph's committed quads from the tables (the write lock keeps them as read).
            foreach (var k in _store.CommittedGraphKeys(g)) DeleteIds(k.A, k.B, k.C, k.D);
            return;
        }
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
        var key = Key.From(IndexOrder.Spog, q);
        if (_ops is null && !delete)
        {
            if (_lastChunkFill == ChunkKeys)
            {
                _inserts.Add(new Key[ChunkKeys]);
                _lastChunkFill = 0;
            }
            _inserts[^1][_lastChunkFill++] = key;
            _insertCount++;
            return;
        }
        if (_ops is null) StartOperationLog();
        if (_opCount == _ops!.Length) Array.Resize(ref _ops, _ops.Length * 2);
        _ops[_opCount] = new Op(key, _opCount, delete);
        _opCount++;
    }

    /// <summary>The first delete: the inserts so far become the head of the operation sequence.</summary>
    private void StartOperationLog()
    {
        _ops = new Op[Math.Max(256, _insertCount + _insertCount / 2)];
        foreach (var chunk in _inserts)
        {
            int n = Math.Min(ChunkKeys, _insertCount - _opCount);
            for (int i = 0; i < n; i++, _opCount++) _ops[_opCount] = new Op(chunk[i], _opCount, delete: false);
        }
        ReleaseInserts();
    }

    /// <summary>The inserts, copied into one array of exactly their number.</summary>
    private Key[] GatherInserts()
    {
        var keys = new Key[_insertCount];
        int at = 0;
        foreach (var chunk in _inserts)
        {
            int n = Math.Min(ChunkKeys, _insertCount - at);
            Array.Copy(chunk, 0, keys, at, n);
            at += n;
        }
        return keys;
    }

    private void ReleaseInserts()
    {
        _inserts.Clear();
        _inserts.TrimExcess();
        _lastChunkFill = ChunkKeys;
        _insertCount = 0;
    }

    /// <summary>
    /// The committed state with this transaction's pending changes applied, without publishing
    /// them: a SPARQL update request runs all its operations in one transaction, and each
    /// operation must see the effects of the earlier ones. Costs one index merge per call.
    /// </summary>
    public StoreSnapshot PendingSnapshot()
    {
        ThrowIfFinished();
        if (_store.IsLean) return _store.OpenSnapshot(); // throws: no id-level view without indexes
        var current = _store.Indexes;
        Resolve(current, out var adds, out var dels);
        return new StoreSnapshot(current.Apply(adds, dels), _dict, _store.Options.DefaultGraph);
    }

    /// <summary>
    /// <see cref="PendingSnapshot"/> at the term level, in either mode: without query indexes a
    /// <see cref="PendingLeanSnapshot"/>, the committed tables seen through this transaction's operations (the last one per
    /// quad wins). Costs one pass over the operations per call.
    /// </summary>
    public IQuadSnapshot PendingQuadSnapshot()
    {
        ThrowIfFinished();
        if (!_store.IsLean) return PendingOperations == 0 ? _store.OpenSnapshot() : PendingSnapshot();
        var changes = new Dictionary<Key, bool>(PendingOperations);
        if (_ops is null)
        {
            int left = _insertCount;
            foreach (var chunk in _inserts)
            {
                int n = Math.Min(ChunkKeys, left);
                for (int i = 0; i < n; i++) changes[chunk[i]] = true;
                left -= n;
            }
        }
        else
        {
            // In sequence order, or sorted by key then sequence (after a PendingSnapshot): either way the last one wins.
            for (int i = 0; i < _opCount; i++) changes[_ops[i].Key] = !_ops[i].Delete;
        }
        var committed = (LeanSnapshot)_store.OpenQuadSnapshot();
        return new PendingLeanSnapshot(committed, _dict, changes, _store.Options.DefaultGraph, _store.CommittedPresent);
    }

    /// <summary>
    /// The real changes, as SPOG keys sorted and distinct, each array of exactly its length:
    /// inserts of absent quads and deletes of present ones. Leaves the log as it was (sorted).
    /// </summary>
    private void Resolve(IndexSet current, out Key[] adds, out Key[] dels, StopSignal stop = default)
    {
        bool lean = _store.IsLean;
        bool emptyBefore = lean ? _store.LeanKnownEmpty : current.QuadCount == 0;
        if (_ops is null)
        {
            dels = SortedKeys.Empty;
            adds = GatherInserts();
            int n = SortedKeys.SortDistinct(adds, adds.Length, stop);
            if (!emptyBefore)
            {
                // Without indexes the committed quads are looked up in the tables, all at once (PostgreSQL: by chunks).
                var present = lean ? _store.CommittedPresent(new ArraySegment<Key>(adds, 0, n)) : null;
                int kept = 0;
                for (int i = 0; i < n; i++)
                {
                    if ((i & 0xFFF) == 0) stop.ThrowIfStopped();
                    if (!(present?.Contains(adds[i]) ?? current.ContainsSpog(adds[i]))) adds[kept++] = adds[i];
                }
                n = kept;
            }
            if (n != adds.Length) Array.Resize(ref adds, n);
            return;
        }
        // Equal keys stay in sequence order (the sequence number breaks ties).
        CancellableSort.Sort(_ops, _opCount, stop);
        var addList = new List<Key>();
        var delList = new List<Key>();
        HashSet<Key>? committed = null;
        if (lean && !emptyBefore)
        {
            var last = new List<Key>();
            for (int i = 0; i < _opCount; i++)
                if (i + 1 == _opCount || _ops[i + 1].Key != _ops[i].Key) last.Add(_ops[i].Key);
            committed = _store.CommittedPresent(last);
        }
        for (int i = 0; i < _opCount; i++)
        {
            if ((i & 0xFFF) == 0) stop.ThrowIfStopped();
            // Equal keys are adjacent and in sequence order: the last operation on a quad wins.
            if (i + 1 < _opCount && _ops[i + 1].Key == _ops[i].Key) continue;
            ref readonly var op = ref _ops[i];
            bool present = !emptyBefore && (committed?.Contains(op.Key) ?? current.ContainsSpog(op.Key));
            if (!op.Delete && !present) addList.Add(op.Key);
            else if (op.Delete && present) delList.Add(op.Key);
        }
        adds = addList.Count == 0 ? SortedKeys.Empty : addList.ToArray();
        dels = delList.Count == 0 ? SortedKeys.Empty : delList.ToArray();
    }

    public CommitResult Commit() => Commit(null, StopSignal.None);

    /// <summary>Commits unless <paramref name="cancellation"/> fires first (see <see cref="Commit(StopSignal)"/>).</summary>
    public CommitResult Commit(CancellationToken cancellation) => Commit(null, new StopSignal(cancellation));

    /// <summary>
    /// Commits unless <paramref name="stop"/> says stop first: everything up to the final SQLite
    /// COMMIT (sorting, writing, building the new index version) checks it, and a stopped commit
    /// (<see cref="OperationCanceledException"/> or <see cref="TimeoutException"/>) changes
    /// nothing. Only that last COMMIT, a WAL append, cannot be interrupted.
    /// </summary>
    public CommitResult Commit(StopSignal stop) => Commit(null, stop);

    /// <summary>
    /// Commits like <see cref="Commit()"/>, with <paramref name="participant"/> writing its rows inside the
    /// same transaction, after the quads and before COMMIT: rows and quads become durable together or
    /// not at all (see <see cref="ICommitParticipant"/>). It runs even when there are no quad changes.
    /// </summary>
    public CommitResult Commit(ICommitParticipant? participant, StopSignal stop = default)
    {
        ThrowIfFinished();
        try
        {
            var current = _store.Indexes;
            int logged = PendingOperations;
            Log?.Invoke($"commit: sorting {logged} operations");
            Resolve(current, out var adds, out var dels, stop);
            ReleaseInserts();
            _ops = null;
            // A bulk load's log (on the large-object heap) is garbage now, and so is the parser's
            // churn. Collect and hand the memory back to the OS before the index orders are built:
            // the GC cannot fit those large arrays into the freed space, so anything it keeps
            // committed adds to the peak footprint. Not when the caller has a deadline: a blocking
            // full GC of a large heap cannot be interrupted.
            if (logged > 1_000_000 && !stop.CanStop && CompactBeforeIndexing) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            _store.Publish(adds, dels, Log, participant, stop);
            return new CommitResult(adds.Length, dels.Length);
        }
        finally
        {
            Finish();
        }
    }

    private void ThrowIfFinished() => ObjectDisposedException.ThrowIf(_finished, this);

    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        ReleaseInserts();
        _ops = null;
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
