using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>
/// Property paths (SPARQL 1.1 §9, §18.4): pairs (start, end) of ids; 0 = unbound end. Sequence
/// and alternative keep duplicates (bag semantics); *, + and ? are sets, computed by a
/// breadth-first search per start node with a visited set, so cycles terminate.
/// </summary>
internal sealed partial class Evaluator
{
    private IEnumerable<uint[]> EvalPath(PathOp p, uint[] seed, GraphScope scope)
    {
        var sp = Pos(p.Subject);
        var op = Pos(p.Object);
        uint s = sp.ValueIn(seed), o = op.ValueIn(seed);
        // A variable's value from outside is not a constant of the path: a zero-length match on
        // it must be a node of the graph (as if the path had been evaluated on its own and joined).
        bool outer = (sp.IsVar && s != 0) || (op.IsVar && o != 0);
        foreach (var (x, y) in Pairs(p.Path, s, o, scope))
        {
            _ctx.Tick();
            if (outer && x == y && !InGraph(x, scope)) continue;
            var r = Rows.Copy(seed);
            if (sp.IsVar && r[sp.Slot] == 0) r[sp.Slot] = x;
            else if (sp.ValueIn(r) != x) continue;
            if (op.IsVar && r[op.Slot] == 0) r[op.Slot] = y;
            else if (op.ValueIn(r) != y) continue;
            yield return r;
        }
    }

    private bool InGraph(uint n, GraphScope scope)
    {
        var c = _ctx.Match(n, 0, 0, scope);
        if (c.MoveNext()) return true;
        c = _ctx.Match(0, 0, n, scope);
        return c.MoveNext();
    }

    private IEnumerable<(uint, uint)> Pairs(PropertyPath path, uint s, uint o, GraphScope scope) => path switch
    {
        PathLink l => Link(l.Iri, s, o, scope),
        PathInverse inv => Swap(Pairs(inv.Path, o, s, scope)),
        PathSequence seq => Sequence(seq, s, o, scope),
        PathAlternative alt => Pairs(alt.Left, s, o, scope).Concat(Pairs(alt.Right, s, o, scope)),
        PathZeroOrOne z => ZeroOrOne(z.Path, s, o, scope),
        PathZeroOrMore z => Closure(z.Path, s, o, scope, zero: true),
        PathOneOrMore z => Closure(z.Path, s, o, scope, zero: false),
        PathNegatedSet n => Negated(n, s, o, scope),
        _ => throw new NotSupportedException($"path {path.GetType().Name}"),
    };

    // Every pair of every path operator starts at a link or a negated set (or a zero-length
    // step at a node): they tick per quad, so sequences and closures that discard most pairs
    // still reach the deadline checks.
    private IEnumerable<(uint, uint)> Link(Iri iri, uint s, uint o, GraphScope scope)
    {
        uint p = _ctx.GetId(iri);
        var c = _ctx.Match(s, p, o, scope);
        while (c.MoveNext())
        {
            _ctx.Tick();
            var q = c.Current;
            yield return (q.S, q.O);
        }
    }

    private static IEnumerable<(uint, uint)> Swap(IEnumerable<(uint, uint)> pairs)
    {
        foreach (var (a, b) in pairs) yield return (b, a);
    }

    private IEnumerable<(uint, uint)> Sequence(PathSequence seq, uint s, uint o, GraphScope scope)
    {
        if (s != 0 || o == 0)
        {
            foreach (var (x, m) in Pairs(seq.Left, s, 0, scope))
                foreach (var (_, y) in Pairs(seq.Right, m, o, scope))
                    yield return (x, y);
        }
        else
        {
            foreach (var (m, y) in Pairs(seq.Right, 0, o, scope))
                foreach (var (x, _) in Pairs(seq.Left, 0, m, scope))
                    yield return (x, y);
        }
    }

    private IEnumerable<(uint, uint)> ZeroOrOne(PropertyPath path, uint s, uint o, GraphScope scope)
    {
        var seen = new HashSet<(uint, uint)>();
        foreach (var pair in ZeroLength(s, o, scope))
            if (seen.Add(pair)) yield return pair;
        foreach (var pair in Pairs(path, s, o, scope))
            if (seen.Add(pair)) yield return pair;
    }

    /// <summary>The zero-length path: a bound end relates to itself (even when it is not in the
    /// graph); with both ends unbound, every subject and object of the active graph.</summary>
    private IEnumerable<(uint, uint)> ZeroLength(uint s, uint o, GraphScope scope)
    {
        if (s != 0 && o != 0) { if (s == o) yield return (s, s); yield break; }
        if (s != 0) { yield return (s, s); yield break; }
        if (o != 0) { yield return (o, o); yield break; }
        foreach (uint n in AllNodes(scope)) yield return (n, n);
    }

    private List<uint> AllNodes(GraphScope scope)
    {
        var seen = new HashSet<uint>();
        var list = new List<uint>();
        var c = _ctx.Match(0, 0, 0, scope);
        while (c.MoveNext())
        {
            _ctx.Tick();
            var q = c.Current;
            if (seen.Add(q.S)) list.Add(q.S);
            if (seen.Add(q.O)) list.Add(q.O);
        }
        return list;
    }

    private IEnumerable<(uint, uint)> Closure(PropertyPath path, uint s, uint o, GraphScope scope, bool zero)
    {
        if (s != 0)
        {
            var reach = Reach(path, s, forward: true, zero, scope);
            if (o != 0) { if (reach.Contains(o)) yield return (s, o); }
            else foreach (uint n in reach) yield return (s, n);
            yield break;
        }
        if (o != 0)
        {
            foreach (uint n in Reach(path, o, forward: false, zero, scope)) yield return (n, o);
            yield break;
        }
        IEnumerable<uint> starts;
        if (zero) starts = AllNodes(scope);
        else
        {
            var seen = new HashSet<uint>();
            var list = new List<uint>();
            foreach (var (x, _) in Pairs(path, 0, 0, scope)) if (seen.Add(x)) list.Add(x);
            starts = list;
        }
        foreach (uint start in starts)
            foreach (uint n in Reach(path, start, forward: true, zero, scope))
                yield return (start, n);
    }

    /// <summary>Nodes reachable from <paramref name="start"/> in one or more steps (plus the start
    /// itself for *), in discovery order.</summary>
    private List<uint> Reach(PropertyPath path, uint start, bool forward, bool zero, GraphScope scope)
    {
        var found = new HashSet<uint>();
        var order = new List<uint>();
        var queue = new Queue<uint>();
        if (zero) { found.Add(start); order.Add(start); }
        queue.Enqueue(start);
        var expanded = new HashSet<uint>();
        while (queue.Count > 0)
        {
            uint n = queue.Dequeue();
            if (!expanded.Add(n)) continue;
            var pairs = forward ? Pairs(path, n, 0, scope) : Pairs(path, 0, n, scope);
            foreach (var (x, y) in pairs)
            {
                _ctx.Tick();
                uint next = forward ? y : x;
                if (found.Add(next)) { order.Add(next); queue.Enqueue(next); }
                else if (next == start && !expanded.Contains(next)) queue.Enqueue(next);
            }
            if (order.Count > _ctx.MaxRows) _ctx.CheckMaterialised(order.Count);
        }
        return order;
    }

    private IEnumerable<(uint, uint)> Negated(PathNegatedSet n, uint s, uint o, GraphScope scope)
    {
        if (n.Forward.Count > 0 || n.Inverse.Count == 0)
        {
            var excluded = Ids(n.Forward);
            var c = _ctx.Match(s, 0, o, scope);
            while (c.MoveNext())
            {
                _ctx.Tick();
                var q = c.Current;
                if (!excluded.Contains(q.P)) yield return (q.S, q.O);
            }
        }
        if (n.Inverse.Count > 0)
        {
            var excluded = Ids(n.Inverse);
            var c = _ctx.Match(o, 0, s, scope);
            while (c.MoveNext())
            {
                _ctx.Tick();
                var q = c.Current;
                if (!excluded.Contains(q.P)) yield return (q.O, q.S);
            }
        }
    }

    private HashSet<uint> Ids(IReadOnlyList<Iri> iris)
    {
        var set = new HashSet<uint>();
        foreach (var i in iris) set.Add(_ctx.GetId(i));
        return set;
    }
}
