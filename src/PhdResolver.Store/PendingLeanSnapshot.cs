using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// What a write transaction of a store without query indexes would leave, without committing it: the committed tables
/// (a <see cref="LeanSnapshot"/>) seen through the transaction's operations, the last one per quad (true: present after,
/// false: absent). For reads inside a batch (a version staged earlier in the same transaction); every read merges the
/// operations that match its pattern, so it is meant for graph-sized reads, not for scans.
/// </summary>
internal sealed class PendingLeanSnapshot(LeanSnapshot committed, TermDictionary dict, Dictionary<Key, bool> changes,
    DefaultGraphMode mode, Func<IReadOnlyList<Key>, HashSet<Key>> committedPresent) : IQuadSnapshot
{
    private long _count = -1;

    public IEnumerable<Quad> Match(Term? subject, Term? predicate, Term? @object, GraphFilter graph)
    {
        var keys = MatchKeys(subject, predicate, @object, graph);
        return committed.Decode(keys, graph.Kind == GraphFilterKind.Default);
    }

    private List<Key> MatchKeys(Term? s, Term? p, Term? o, GraphFilter graph)
    {
        var result = new List<Key>();
        uint si = 0, pi = 0, oi = 0, gi = 0;
        if ((s is not null && !dict.TryGetId(s, out si)) || (p is not null && !dict.TryGetId(p, out pi))
            || (o is not null && !dict.TryGetId(o, out oi)) || (graph.Kind == GraphFilterKind.Named && !dict.TryGetId(graph.Name!, out gi)))
            return result;
        bool union = graph.Kind == GraphFilterKind.Default && mode == DefaultGraphMode.Union;
        // The union's distinct triples are taken after the merge: a triple deleted from one graph may remain in another.
        var seen = new HashSet<Key>();
        foreach (var k in committed.MatchKeys(s, p, o, union ? GraphFilter.Any : graph))
            if (!changes.TryGetValue(k, out bool present) || present)
            {
                result.Add(k);
                seen.Add(k);
            }
        foreach (var (k, present) in changes)
        {
            if (!present || seen.Contains(k)) continue;
            if ((si != 0 && k.A != si) || (pi != 0 && k.B != pi) || (oi != 0 && k.C != oi)) continue;
            bool inGraph = graph.Kind switch
            {
                GraphFilterKind.Named => k.D == gi,
                GraphFilterKind.AllNamed => k.D != 0,
                GraphFilterKind.Default => union || k.D == 0,
                _ => true,
            };
            if (inGraph) result.Add(k);
        }
        if (union)
        {
            var triples = new HashSet<Key>();
            var distinct = new List<Key>(result.Count);
            foreach (var k in result)
            {
                var t = new Key(k.A, k.B, k.C, 0);
                if (triples.Add(t)) distinct.Add(t);
            }
            result = distinct;
        }
        result.Sort();
        return result;
    }

    public long Count(Term? subject, Term? predicate, Term? @object, GraphFilter graph) => MatchKeys(subject, predicate, @object, graph).Count;

    public long Estimate(Term? subject, Term? predicate, Term? @object, GraphFilter graph) => Count(subject, predicate, @object, graph);

    public IReadOnlyList<Term> NamedGraphs()
    {
        var ids = new SortedSet<uint>();
        foreach (var g in committed.NamedGraphs()) ids.Add(dict.TryGetId(g, out uint id) ? id : 0);
        foreach (var k in changes.Keys)
            if (k.D != 0) ids.Add(k.D);
        var result = new List<Term>();
        foreach (uint g in ids)
        {
            if (g == 0) continue;
            var name = dict.GetTerm(g);
            if (MatchKeys(null, null, null, GraphFilter.Named(name)).Count > 0) result.Add(name);
        }
        return result;
    }

    public long QuadCount
    {
        get
        {
            if (_count >= 0) return _count;
            var keys = new List<Key>(changes.Keys);
            var before = committedPresent(keys);
            long n = committed.QuadCount;
            foreach (var (k, present) in changes)
                if (present != before.Contains(k)) n += present ? 1 : -1;
            return _count = n;
        }
    }

    /// <summary>The committed quads that remain, then the added ones.</summary>
    public void Dump(IRdfSink sink)
    {
        var removed = new HashSet<Key>();
        foreach (var (k, present) in changes)
            if (!present) removed.Add(k);
        var filter = new Filtered(sink, dict, removed);
        committed.Dump(filter);
        var before = committedPresent(new List<Key>(changes.Keys));
        var added = new List<Key>();
        foreach (var (k, present) in changes)
            if (present && !before.Contains(k)) added.Add(k);
        added.Sort();
        foreach (var q in committed.Decode(added, dropGraph: false)) sink.OnQuad(q);
    }

    public void Dispose() => committed.Dispose();

    /// <summary>Drops the quads the transaction deletes (looked up by their ids, which the dictionary has).</summary>
    private sealed class Filtered(IRdfSink inner, TermDictionary dict, HashSet<Key> removed) : IRdfSink
    {
        public void OnQuad(in Quad q)
        {
            if (removed.Count > 0 && dict.TryGetId(q.Subject, out uint s) && dict.TryGetId(q.Predicate, out uint p) && dict.TryGetId(q.Object, out uint o))
            {
                uint g = 0;
                if ((q.Graph is null || dict.TryGetId(q.Graph, out g)) && removed.Contains(new Key(s, p, o, g))) return;
            }
            inner.OnQuad(q);
        }
    }
}
