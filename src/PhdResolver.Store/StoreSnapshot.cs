using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// One committed state of a <see cref="QuadStore"/>: an immutable <see cref="IndexSet"/> plus the
/// (append-only, shared) dictionary. Holding it costs nothing but keeping its arrays alive.
/// It is the embedded store's <see cref="IQueryableDataset"/>.
/// </summary>
public sealed class StoreSnapshot : IQuadSnapshot, IQueryableDataset
{
    internal StoreSnapshot(IndexSet indexes, TermDictionary dictionary, DefaultGraphMode mode)
    {
        Indexes = indexes;
        Dictionary = dictionary;
        DefaultGraphMode = mode;
    }

    public IndexSet Indexes { get; }
    public TermDictionary Dictionary { get; }
    public DefaultGraphMode DefaultGraphMode { get; }

    public long QuadCount => Indexes.QuadCount;

    // ---- id level

    public bool TryGetId(Term term, out uint id) => Dictionary.TryGetId(term, out id);

    public Term GetTerm(uint id) => Dictionary.GetTerm(id);

    /// <summary>The graph term of a graph id (null for the default graph).</summary>
    public Term? GetGraph(uint id) => id == IdQuad.DefaultGraph ? null : Dictionary.GetTerm(id);

    public QuadEnumerator Match(uint? s, uint? p, uint? o, uint? g, MatchFlags flags = MatchFlags.None) =>
        Indexes.Match(s, p, o, g, flags);

    public long Estimate(uint? s, uint? p, uint? o, uint? g) => Indexes.Estimate(s, p, o, g);

    public void Open(ref QuadEnumerator e, uint s, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None) =>
        Indexes.Open(ref e, s, p, o, g, flags);

    /// <summary>Always possible here: the PSOG and POSG orders hold every predicate's quads by subject.</summary>
    public bool OpenBySubject(ref QuadEnumerator e, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None)
    {
        Indexes.OpenBySubject(ref e, p, o, g, flags);
        return true;
    }

    public List<uint> GraphIds() => Indexes.GraphIds();

    /// <summary>O(k log n) for k graphs, whatever the number of graphs in the store: a graph's quad count
    /// (the GSPO range of its id) is exact, so the graphs hold every quad exactly when their counts add up
    /// to the store's (the ids are distinct, so no quad is counted twice).</summary>
    public bool HoldsOnlyGraphs(ReadOnlySpan<uint> graphs)
    {
        long n = 0;
        foreach (uint g in graphs) n += Indexes.Count(null, null, null, g);
        return n == Indexes.QuadCount;
    }

    /// <summary>Maps a graph filter to the id-level graph argument and flags; false if nothing can match.</summary>
    public bool ResolveGraph(GraphFilter graph, out uint? g, out MatchFlags flags)
    {
        g = null;
        flags = MatchFlags.None;
        switch (graph.Kind)
        {
            case GraphFilterKind.Any:
                return true;
            case GraphFilterKind.Default when DefaultGraphMode == DefaultGraphMode.Union:
                // With quads in one graph only, no triple can repeat: skip the per-quad duplicate check.
                if (!Indexes.HoldsOneGraphAtMost()) flags = MatchFlags.DistinctTriples;
                return true;
            case GraphFilterKind.Default:
                g = IdQuad.DefaultGraph;
                return true;
            case GraphFilterKind.AllNamed:
                flags = MatchFlags.NamedGraphsOnly;
                return true;
            default:
                if (!Dictionary.TryGetId(graph.Name!, out uint id)) return false;
                g = id;
                return true;
        }
    }

    // ---- term level (IQuadSnapshot)

    private bool Resolve(Term? s, Term? p, Term? o, GraphFilter graph, out uint? si, out uint? pi, out uint? oi, out uint? gi, out MatchFlags flags)
    {
        si = pi = oi = null;
        if (!ResolveGraph(graph, out gi, out flags)) return false;
        if (s is not null) { if (!Dictionary.TryGetId(s, out uint id)) return false; si = id; }
        if (p is not null) { if (!Dictionary.TryGetId(p, out uint id)) return false; pi = id; }
        if (o is not null) { if (!Dictionary.TryGetId(o, out uint id)) return false; oi = id; }
        return true;
    }

    public IEnumerable<Quad> Match(Term? subject, Term? predicate, Term? @object, GraphFilter graph)
    {
        if (!Resolve(subject, predicate, @object, graph, out var s, out var p, out var o, out var g, out var flags)) yield break;
        bool dropGraph = graph.Kind == GraphFilterKind.Default;
        var cache = new DecodeCache(Dictionary.GetTerm);
        var e = Indexes.Match(s, p, o, g, flags);
        while (e.MoveNext())
        {
            var q = e.Current;
            yield return new Quad(cache.Get(q.S), cache.Get(q.P), cache.Get(q.O), dropGraph || q.G == 0 ? null : cache.Get(q.G));
        }
    }

    public long Count(Term? subject, Term? predicate, Term? @object, GraphFilter graph) =>
        Resolve(subject, predicate, @object, graph, out var s, out var p, out var o, out var g, out var flags)
            ? Indexes.Count(s, p, o, g, flags) : 0;

    public long Estimate(Term? subject, Term? predicate, Term? @object, GraphFilter graph) =>
        Resolve(subject, predicate, @object, graph, out var s, out var p, out var o, out var g, out _)
            ? Indexes.Estimate(s, p, o, g) : 0;

    public IReadOnlyList<Term> NamedGraphs()
    {
        var result = new List<Term>();
        foreach (uint g in Indexes.GraphIds())
            if (g != IdQuad.DefaultGraph) result.Add(Dictionary.GetTerm(g));
        return result;
    }

    /// <summary>Every quad, graph by graph (GSPO order).</summary>
    public void Dump(IRdfSink sink)
    {
        var cache = new DecodeCache(Dictionary.GetTerm);
        var e = Indexes.Scan(IndexOrder.Gspo);
        while (e.MoveNext())
        {
            var q = e.Current;
            var quad = new Quad(cache.Get(q.S), cache.Get(q.P), cache.Get(q.O), q.G == 0 ? null : cache.Get(q.G));
            sink.OnQuad(quad);
        }
    }

    public void Dispose() { }
}
