using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>Runs one query form over its algebra: SELECT rows, ASK, CONSTRUCT templates, DESCRIBE.</summary>
internal static class QueryRunner
{
    /// <summary>Slots for everything the query names; call before building the context's evaluator.</summary>
    public static VarTable Slots(Query q, Op op)
    {
        var vars = new VarTable();
        VarAnalysis.CollectAll(op, vars);
        foreach (var p in q.Projection) vars.Slot(p.Variable);
        if (q.ConstructTemplate is not null)
            foreach (var t in q.ConstructTemplate) { Slot(t.Subject, vars); Slot(t.Predicate, vars); Slot(t.Object, vars); }
        foreach (var d in q.DescribeTerms) Slot(d, vars);
        return vars;

        static void Slot(PatternTerm t, VarTable v) { if (t is Var x) v.Slot(x); }
    }

    /// <summary>FROM / FROM NAMED: when either is given, the dataset is exactly what they name.</summary>
    public static void ApplyDataset(QueryContext ctx, IReadOnlyList<Iri> from, IReadOnlyList<Iri> fromNamed)
    {
        if (from.Count == 0 && fromNamed.Count == 0) return;
        var defaults = Ids(ctx, from);
        // FROM graphs that hold every quad of a store whose default graph is the union of all graphs (the common
        // case of a client sending default-graph-uri with the store's one graph): their merge IS that union, and the
        // union has the cheaper paths (no graph check per quad, merge joins by subject), so it stays null. Not when
        // the FROM list is empty (an empty default graph) or the store's default graph is its own graph 0.
        if (defaults.Length == 0 || !UnionDefault(ctx.Dataset) || !ctx.Dataset.HoldsOnlyGraphs(defaults))
            ctx.DefaultGraphs = defaults;
        ctx.NamedGraphs = Ids(ctx, fromNamed);
    }

    private static bool UnionDefault(Store.IQueryableDataset dataset) =>
        dataset.ResolveGraph(Store.GraphFilter.Default, out uint? g, out _) && g is null;

    private static uint[] Ids(QueryContext ctx, IReadOnlyList<Iri> graphs)
    {
        var list = new List<uint>();
        foreach (var g in graphs)
            if (ctx.Dataset.TryGetId(g, out uint id) && !list.Contains(id)) list.Add(id);
        return [.. list];
    }

    public static QueryResult Run(QueryContext ctx, Query q, Op op)
    {
        var ev = new Evaluator(ctx);
        IEnumerable<uint[]> Solutions() => ev.Eval(op, ev.EmptyRow(), GraphScope.Default);
        switch (q.Form)
        {
            case QueryForm.Ask:
                {
                    ctx.CheckNow();
                    using var e = Solutions().GetEnumerator();
                    return new BooleanResult(e.MoveNext());
                }
            case QueryForm.Construct:
                return new GraphResult(Construct(ctx, q.ConstructTemplate ?? [], Solutions()));
            case QueryForm.Describe:
                return new GraphResult(Describe(ctx, q, Solutions()));
            default:
                {
                    var vars = ProjectedVariables(op);
                    var slots = vars.Select(v => ctx.Vars.Slot(v)).ToArray();
                    return new BindingsResult(vars.Select(v => v.Name).ToList(), Select(ctx, slots, Solutions()));
                }
        }
    }

    private static List<Var> ProjectedVariables(Op op)
    {
        while (true)
        {
            switch (op)
            {
                case Project p: return [.. p.Variables];
                case Slice s: op = s.Input; break;
                case Distinct d: op = d.Input; break;
                case Reduced r: op = r.Input; break;
                case OrderBy o: op = o.Input; break;
                default: return [];
            }
        }
    }

    private static IEnumerable<Term?[]> Select(QueryContext ctx, int[] slots, IEnumerable<uint[]> rows)
    {
        long n = 0;
        long max = ctx.Options.MaxResultRows ?? long.MaxValue;
        foreach (var r in rows)
        {
            // Operators that finish their work before yielding (grouping, sorting) hand out
            // their rows without further checks; the caller's pace counts toward the deadline too.
            ctx.Tick();
            if (++n > max) throw new SparqlLimitException($"the query returns more than {max} rows; add LIMIT or narrow it");
            var o = new Term?[slots.Length];
            for (int i = 0; i < slots.Length; i++) o[i] = ctx.GetTermOrNull(r[slots[i]]);
            yield return o;
        }
    }

    /// <summary>Instantiates the template per solution: blank nodes fresh per solution, triples with
    /// an unbound variable or an illegal term in a position left out (§16.2).</summary>
    private static IEnumerable<Triple> Construct(QueryContext ctx, IReadOnlyList<TriplePattern> template, IEnumerable<uint[]> rows)
    {
        var seen = new HashSet<Triple>();
        var bnodes = new Dictionary<string, BlankNode>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            ctx.Tick();
            bnodes.Clear();
            foreach (var t in template)
            {
                var s = Instantiate(ctx, t.Subject, r, bnodes);
                var p = Instantiate(ctx, t.Predicate, r, bnodes);
                var o = Instantiate(ctx, t.Object, r, bnodes);
                if (s is null || p is null || o is null || s is Literal || p is not Iri) continue;
                var triple = new Triple(s, p, o);
                if (!seen.Add(triple)) continue;
                if ((seen.Count & 1023) == 0) ctx.CheckMaterialised(seen.Count); // the set of triples sent so far
                yield return triple;
            }
        }
    }

    internal static Term? Instantiate(QueryContext ctx, PatternTerm t, uint[] row, Dictionary<string, BlankNode> bnodes)
    {
        switch (t)
        {
            case Var v:
                return ctx.Vars.TryGetSlot(v.Name, out int s) ? ctx.GetTermOrNull(row[s]) : null;
            case TermNode { Term: BlankNode b }:
                if (!bnodes.TryGetValue(b.Id, out var fresh)) bnodes[b.Id] = fresh = BlankNode.Fresh();
                return fresh;
            case TermNode n:
                return n.Term;
            default:
                return null;
        }
    }

    /// <summary>DESCRIBE: the concise bounded description of each resource in the default graph —
    /// its triples as subject, and recursively those of blank-node objects.</summary>
    private static IEnumerable<Triple> Describe(QueryContext ctx, Query q, IEnumerable<uint[]> rows)
    {
        var resources = new List<uint>();
        var seenRes = new HashSet<uint>();
        foreach (var t in q.DescribeTerms)
            if (t is TermNode n && seenRes.Add(ctx.GetId(n.Term))) resources.Add(ctx.GetId(n.Term));
        var varSlots = new List<int>();
        if (q.SelectAll)
        {
            for (int i = 0; i < ctx.Vars.Count; i++) if (!ctx.Vars.NameOf(i).StartsWith('?') && !ctx.Vars.NameOf(i).StartsWith('.')) varSlots.Add(i);
        }
        else
            foreach (var t in q.DescribeTerms) if (t is Var v) varSlots.Add(ctx.Vars.Slot(v));
        if (varSlots.Count > 0 && q.Where is not null)
            foreach (var r in rows)
            {
                ctx.Tick();
                foreach (int s in varSlots)
                    if (r[s] != 0 && seenRes.Add(r[s])) resources.Add(r[s]);
            }

        var done = new HashSet<uint>();
        var queue = new Queue<uint>(resources);
        while (queue.Count > 0)
        {
            uint id = queue.Dequeue();
            if (!done.Add(id)) continue;
            var c = ctx.Match(id, 0, 0, GraphScope.Default);
            var batch = new List<(uint, uint, uint)>();
            while (c.MoveNext()) { ctx.Tick(); batch.Add((c.Current.S, c.Current.P, c.Current.O)); }
            foreach (var (s, p, o) in batch)
            {
                var obj = ctx.GetTerm(o);
                if (obj is BlankNode) queue.Enqueue(o);
                yield return new Triple(ctx.GetTerm(s), ctx.GetTerm(p), obj);
            }
        }
    }
}
