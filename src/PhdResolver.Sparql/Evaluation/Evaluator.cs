using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>
/// Pull-based evaluation of SPARQL algebra over the store's id indexes. Every operator takes a
/// seed row and yields rows that extend it: for the right side of a join whose shape allows it
/// (<see cref="IsSeedable"/>) the seed is the left row, which turns the join into an index
/// nested-loop join; EXISTS evaluates its pattern seeded with the current solution, which is the
/// substitution semantics of SPARQL 1.1 §18.6. Other joins hash the right side.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly QueryContext _ctx;
    private readonly int _width;
    private readonly Dictionary<Op, object> _cache = new(ReferenceEqualityComparer.Instance);

    public Evaluator(QueryContext ctx)
    {
        _ctx = ctx;
        _width = ctx.Vars.Count;
        ctx.Expr = new EvalContext
        {
            BaseIri = ctx.BaseIri,
            Cancellation = ctx.Deadline.Cancellation,
            Deadline = ctx.Deadline,
            Exists = EvalExists,
            Now = DateTimeOffset.UtcNow,
        };
    }

    public uint[] EmptyRow() => new uint[_width];

    public IEnumerable<uint[]> Eval(Op op, uint[] seed, GraphScope scope) => op switch
    {
        Bgp b => EvalBgp(b, seed, scope),
        PathOp p => EvalPath(p, seed, scope),
        Join j => EvalJoin(j, seed, scope),
        LeftJoin lj => EvalLeftJoin(lj, seed, scope),
        Filter f => EvalFilter(f, seed, scope),
        Union u => EvalUnion(u, seed, scope),
        Minus m => EvalMinus(m, seed, scope),
        Graph g => EvalGraph(g, seed, scope),
        Extend e => EvalExtend(e, seed, scope),
        Table t => EvalTable(t, seed),
        Group g => Isolated(g, seed, scope, EvalGroup),
        OrderBy o => EvalOrderBy(o, seed, scope),
        Project p => Isolated(p, seed, scope, EvalProject),
        Distinct d => EvalDistinct(d.Input, seed, scope),
        Reduced r => Eval(r.Input, seed, scope), // REDUCED permits, not requires, dropping duplicates
        Slice s => EvalSlice(s, seed, scope),
        Service s => throw ServiceRefused(s),
        _ => throw new NotSupportedException($"algebra operator {op.GetType().Name} is not supported"),
    };

    private SparqlRefusedException ServiceRefused(Service s)
    {
        string ep = s.Endpoint.ToString();
        string bare = s.Endpoint is TermNode { Term: Iri i } ? i.Value : ep;
        foreach (var allowed in _ctx.Options.ServiceAllowList)
            if (string.Equals(allowed, bare, StringComparison.Ordinal))
                return new SparqlRefusedException($"SERVICE to {ep} is not supported yet");
        return new SparqlRefusedException($"SERVICE to {ep} is refused: the endpoint is not in the service allow-list");
    }

    // ---- seeding

    /// <summary>True when evaluating <paramref name="op"/> with bindings pre-set gives exactly the join
    /// of the seed with its independent evaluation (so it can be the inner side of a nested loop).</summary>
    public bool IsSeedable(Op op)
    {
        if (_cache.TryGetValue(op, out var c) && c is bool b) return b;
        bool r = op switch
        {
            Bgp or PathOp or Table => true,
            Join j => IsSeedable(j.Left) && IsSeedable(j.Right),
            Union u => IsSeedable(u.Left) && IsSeedable(u.Right),
            Graph g => IsSeedable(g.Input),
            Filter f => IsSeedable(f.Input) && ConditionsLocal(f.Conditions, f.Input),
            Extend e => IsSeedable(e.Input) && ConditionsLocal([e.Expression], e.Input),
            _ => false,
        };
        if (op is not (Bgp or PathOp)) _cache[op] = r; // those two cache their compiled form
        return r;
    }

    /// <summary>Conditions that only read variables the input always binds (and no EXISTS).</summary>
    private static bool ConditionsLocal(IEnumerable<Expression> conditions, Op input)
    {
        var certain = VarAnalysis.Certain(input);
        foreach (var c in conditions)
        {
            var vars = VarAnalysis.ExprVars(c, out bool ex);
            if (ex || !vars.IsSubsetOf(certain)) return false;
        }
        return true;
    }

    /// <summary>Sub-select and grouping boundaries: evaluated on their own, then joined with the seed.</summary>
    private IEnumerable<uint[]> Isolated<T>(T op, uint[] seed, GraphScope scope, Func<T, GraphScope, IEnumerable<uint[]>> eval)
    {
        if (Rows.IsEmpty(seed)) return eval(op, scope);
        return JoinWithSeed(eval(op, scope), seed);
    }

    private static IEnumerable<uint[]> JoinWithSeed(IEnumerable<uint[]> rows, uint[] seed)
    {
        foreach (var r in rows)
            if (Rows.Compatible(r, seed)) yield return Rows.Merge(seed, r);
    }

    // ---- joins

    private IEnumerable<uint[]> EvalJoin(Join j, uint[] seed, GraphScope scope)
    {
        if (IsSeedable(j.Right))
        {
            foreach (var l in Eval(j.Left, seed, scope))
                foreach (var r in Eval(j.Right, l, scope))
                    yield return r;
            yield break;
        }
        var table = Build(j.Right, j.Left, seed, scope);
        foreach (var l in Eval(j.Left, seed, scope))
            foreach (var r in table.Probe(l))
                yield return Rows.Merge(l, r);
    }

    /// <summary>Materialises <paramref name="build"/> into a hash table keyed by the variables both
    /// sides always bind; rows are then checked for full compatibility.</summary>
    private HashTable Build(Op build, Op probe, uint[] seed, GraphScope scope)
    {
        var shared = VarAnalysis.Certain(build);
        shared.IntersectWith(VarAnalysis.Certain(probe));
        var slots = new List<int>();
        foreach (var n in shared) slots.Add(_ctx.Vars.Slot(n));
        var table = new HashTable([.. slots], _ctx);
        long n2 = 0;
        foreach (var r in Eval(build, seed, scope))
        {
            table.Add(r);
            if ((++n2 & 1023) == 0) { _ctx.CheckMaterialised(n2); _ctx.CheckNow(); }
        }
        _ctx.CheckMaterialised(n2);
        return table;
    }

    private IEnumerable<uint[]> EvalLeftJoin(LeftJoin lj, uint[] seed, GraphScope scope)
    {
        var acc = new RowAccessor(_ctx, scope);
        if (IsSeedable(lj.Right))
        {
            foreach (var l in Eval(lj.Left, seed, scope))
            {
                bool any = false;
                foreach (var r in Eval(lj.Right, l, scope))
                {
                    if (lj.Filter is not null && !Test(lj.Filter, acc, r)) continue;
                    any = true;
                    yield return r;
                }
                if (!any) yield return l;
            }
            yield break;
        }
        var table = Build(lj.Right, lj.Left, seed, scope);
        foreach (var l in Eval(lj.Left, seed, scope))
        {
            bool any = false;
            foreach (var r in table.Probe(l))
            {
                var m = Rows.Merge(l, r);
                if (lj.Filter is not null && !Test(lj.Filter, acc, m)) continue;
                any = true;
                yield return m;
            }
            if (!any) yield return l;
        }
    }

    private IEnumerable<uint[]> EvalMinus(Minus m, uint[] seed, GraphScope scope)
    {
        // The right side is evaluated on its own (MINUS does not see the left's bindings). When
        // both sides always bind some variables, a left row can only be removed by right rows
        // with the same values for them (every right row binds them, so a compatible one agrees
        // there): bucket the right rows by those values instead of scanning all per left row.
        var shared = VarAnalysis.Certain(m.Left);
        shared.IntersectWith(VarAnalysis.Certain(m.Right));
        var keySlots = new int[shared.Count];
        int k = 0;
        foreach (var name in shared) keySlots[k++] = _ctx.Vars.Slot(name);
        var table = new HashTable(keySlots, _ctx);
        long count = 0;
        foreach (var r in Eval(m.Right, EmptyRow(), scope))
        {
            table.Add(r);
            if ((++count & 1023) == 0) { _ctx.CheckMaterialised(count); _ctx.CheckNow(); }
        }
        foreach (var l in Eval(m.Left, seed, scope))
        {
            bool drop = false;
            foreach (var r in table.Candidates(l))
            {
                _ctx.Tick(); // without shared keys every left row scans the whole right side
                if (Rows.SharesBound(l, r) && Rows.Compatible(l, r)) { drop = true; break; }
            }
            if (!drop) yield return l;
        }
    }

    private IEnumerable<uint[]> EvalUnion(Union u, uint[] seed, GraphScope scope)
    {
        foreach (var r in Eval(u.Left, seed, scope)) yield return r;
        foreach (var r in Eval(u.Right, seed, scope)) yield return r;
    }

    // ---- filters and expressions

    private readonly Dictionary<Expression, Condition> _conditions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Filter, (Condition[] Outer, bool InBgp)> _filters = new(ReferenceEqualityComparer.Instance);

    private Condition GetCondition(Expression e)
    {
        if (!_conditions.TryGetValue(e, out var c)) _conditions[e] = c = new Condition(e, _ctx.Vars, _ctx.GetId);
        return c;
    }

    private IEnumerable<uint[]> EvalFilter(Filter f, uint[] seed, GraphScope scope)
    {
        var plan = FilterPlan(f);
        var rows = plan.InBgp ? RunBgp(ForSeed(_bgps[f], seed, scope), seed, scope) : Eval(f.Input, seed, scope);
        if (plan.Outer.Length == 0) return rows;
        return FilterRows(rows, plan.Outer, scope);
    }

    private (Condition[] Outer, bool InBgp) FilterPlan(Filter f)
    {
        if (!_filters.TryGetValue(f, out var plan))
        {
            var parts = new List<Expression>();
            foreach (var c in f.Conditions) Condition.Conjuncts(c, parts);
            // Conjuncts that only read variables the BGP always binds run inside its loop.
            var inner = new List<Expression>();
            var outer = new List<Condition>();
            var certain = f.Input is Bgp ? VarAnalysis.Certain(f.Input) : null;
            foreach (var c in parts)
            {
                if (certain is not null)
                {
                    var vars = VarAnalysis.ExprVars(c, out bool ex);
                    if (!ex && vars.IsSubsetOf(certain)) { inner.Add(c); continue; }
                }
                outer.Add(GetCondition(c));
            }
            if (f.Input is Bgp b && inner.Count > 0) Compile(f, b, inner);
            _filters[f] = plan = ([.. outer], inner.Count > 0);
        }
        return plan;
    }

    private IEnumerable<uint[]> FilterRows(IEnumerable<uint[]> rows, Condition[] conditions, GraphScope scope)
    {
        var acc = new RowAccessor(_ctx, scope);
        foreach (var r in rows)
        {
            _ctx.Tick();
            if (Passes(conditions, acc, r)) yield return r;
        }
    }

    /// <summary>FILTER semantics: the effective boolean value, errors count as false.</summary>
    private bool Test(Expression e, RowAccessor acc, uint[] row)
    {
        _ctx.Tick();
        return GetCondition(e).Test(acc, row, _ctx.Expr);
    }

    private Term? Value(Expression e, RowAccessor acc, uint[] row)
    {
        acc.Row = row;
        return ExpressionEvaluator.Evaluate(e, acc, _ctx.Expr, row);
    }

    private bool EvalExists(ExistsExpr x, IBindingAccessor bindings)
    {
        var scope = GraphScope.Default;
        uint[] seed;
        if (bindings is RowAccessor ra) { seed = ra.Row; scope = ra.Scope; }
        else seed = EmptyRow();
        if (seed.Length != _width) { var s = EmptyRow(); Array.Copy(seed, s, Math.Min(seed.Length, _width)); seed = s; }
        using var e = Eval(x.Algebra ?? AlgebraBuilder.Translate(x.Pattern), seed, scope).GetEnumerator();
        return e.MoveNext(); // the evaluator applies NOT
    }

    /// <summary>BIND. A chain of BINDs is evaluated in one pass so that all of them see the same
    /// solution scope (BNODE(str) must give one blank node per string within a solution).</summary>
    private IEnumerable<uint[]> EvalExtend(Extend e, uint[] seed, GraphScope scope)
    {
        var chain = new List<Extend>();
        Op input = e;
        while (input is Extend x) { chain.Add(x); input = x.Input; }
        chain.Reverse();
        var acc = new RowAccessor(_ctx, scope);
        var slots = chain.Select(x => _ctx.Vars.Slot(x.Variable)).ToArray();
        foreach (var r in Eval(input, seed, scope))
        {
            _ctx.Tick();
            var o = r;
            bool keep = true;
            for (int i = 0; i < chain.Count && keep; i++)
            {
                acc.Row = o;
                var v = ExpressionEvaluator.Evaluate(chain[i].Expression, acc, _ctx.Expr, r);
                uint id = v is null ? 0 : _ctx.GetId(v);
                int slot = slots[i];
                if (o[slot] != 0) { keep = id == o[slot]; continue; } // only through seeding: join with the seed's value
                if (id == 0) continue;
                if (ReferenceEquals(o, r)) o = Rows.Copy(r);
                o[slot] = id;
            }
            if (keep) yield return o;
        }
    }

    // ---- tables and graphs

    private IEnumerable<uint[]> EvalTable(Table t, uint[] seed)
    {
        var slots = new int[t.Variables.Count];
        for (int i = 0; i < slots.Length; i++) slots[i] = _ctx.Vars.Slot(t.Variables[i]);
        foreach (var cells in t.Rows)
        {
            _ctx.Tick(); // VALUES as the inner side of a nested loop runs once per outer row
            var r = Rows.Copy(seed);
            bool ok = true;
            for (int i = 0; i < slots.Length && ok; i++)
            {
                if (cells[i] is not { } term) continue;
                uint id = _ctx.GetId(term);
                if (r[slots[i]] == 0) r[slots[i]] = id;
                else ok = r[slots[i]] == id;
            }
            if (ok) yield return r;
        }
    }

    private IEnumerable<uint[]> EvalGraph(Graph g, uint[] seed, GraphScope scope)
    {
        string? varName = VarAnalysis.VarName(g.Name);
        if (varName is null)
        {
            var term = ((TermNode)g.Name).Term;
            uint id = _ctx.GetId(term);
            if (!_ctx.IsNamedGraph(id)) yield break;
            foreach (var r in Eval(g.Input, seed, GraphScope.Named(id))) yield return r;
            yield break;
        }
        int slot = _ctx.Vars.Slot(varName);
        if (seed[slot] != 0)
        {
            if (!_ctx.IsNamedGraph(seed[slot])) yield break;
            foreach (var r in Eval(g.Input, seed, GraphScope.Named(seed[slot]))) yield return r;
            yield break;
        }
        bool seedable = IsSeedable(g.Input);
        foreach (uint gid in _ctx.NamedGraphIds())
        {
            _ctx.Tick(); // one graph can be one index lookup that finds nothing, and there may be millions
            if (seedable)
            {
                var s = Rows.Copy(seed);
                s[slot] = gid;
                foreach (var r in Eval(g.Input, s, GraphScope.Named(gid))) yield return r;
            }
            else
            {
                foreach (var r in Eval(g.Input, seed, GraphScope.Named(gid)))
                {
                    if (r[slot] != 0 && r[slot] != gid) continue;
                    var o = Rows.Copy(r);
                    o[slot] = gid;
                    yield return o;
                }
            }
        }
    }

    // ---- solution modifiers

    private IEnumerable<uint[]> EvalProject(Project p, GraphScope scope)
    {
        var keep = new int[p.Variables.Count];
        for (int i = 0; i < keep.Length; i++) keep[i] = _ctx.Vars.Slot(p.Variables[i]);
        foreach (var r in EvalTransient(p.Input, EmptyRow(), scope, _distinctProjects.Contains(p) ? keep : null))
        {
            var o = EmptyRow();
            foreach (int s in keep) o[s] = r[s];
            yield return o;
        }
    }

    /// <summary>Projections directly under DISTINCT: their input may skip solutions that differ
    /// only in variables the projection drops (see <see cref="RunBgp"/>'s cut).</summary>
    private readonly HashSet<Project> _distinctProjects = new(ReferenceEqualityComparer.Instance);

    private IEnumerable<uint[]> EvalDistinct(Op input, uint[] seed, GraphScope scope)
    {
        if (input is Project dp) _distinctProjects.Add(dp);
        var seen = new HashSet<uint[]>(RowComparer.Instance);
        foreach (var r in Eval(input, seed, scope))
        {
            if (!seen.Add(r)) continue;
            if ((seen.Count & 1023) == 0) _ctx.CheckMaterialised(seen.Count);
            yield return r;
        }
    }

    /// <summary>ORDER BY operators under a LIMIT (through a projection, which keeps rows 1:1):
    /// only the first OFFSET + LIMIT rows of their output are ever read.</summary>
    private readonly Dictionary<OrderBy, int> _topK = new(ReferenceEqualityComparer.Instance);

    private IEnumerable<uint[]> EvalSlice(Slice s, uint[] seed, GraphScope scope)
    {
        long skip = s.Offset ?? 0, take = s.Limit ?? long.MaxValue;
        if (take == 0) yield break;
        if (s.Limit is { } limit && skip + limit <= 100_000)
        {
            var inner = s.Input is Project p ? p.Input : s.Input;
            if (inner is OrderBy ob) _topK[ob] = (int)(skip + limit);
        }
        foreach (var r in Eval(s.Input, seed, scope))
        {
            if (skip > 0) { skip--; continue; }
            yield return r;
            if (--take == 0) yield break;
        }
    }

    /// <summary>
    /// ORDER BY on ids: each key is first turned into a term id per row (a plain variable is
    /// already one), then the distinct ids of each key are sorted once with the SPARQL order and
    /// replaced by their rank, so the row sort compares integers instead of decoding and
    /// comparing terms (numeric literals parsed) O(n log n) times. Ids that compare equal get one
    /// rank, and ties keep input order (stable), as before.
    /// </summary>
    private IEnumerable<uint[]> EvalOrderBy(OrderBy o, uint[] seed, GraphScope scope)
    {
        if (_topK.TryGetValue(o, out int k)) return TopK(o, seed, scope, k);
        return SortAll(o, seed, scope);
    }

    /// <summary>
    /// ORDER BY + LIMIT k: a bounded max-heap of the k best rows so far. A new row is compared
    /// with the heap's worst only (usually decided by the first key, through the memoised id
    /// comparison), so n rows cost about n comparisons instead of a full sort. Ties are broken
    /// by arrival, which keeps the result the same as the stable full sort.
    /// </summary>
    private IEnumerable<uint[]> TopK(OrderBy o, uint[] seed, GraphScope scope, int k)
    {
        var acc = new RowAccessor(_ctx, scope);
        var conds = o.Conditions;
        int nk = conds.Count;
        var keyVar = new int[nk];
        for (int i = 0; i < nk; i++) keyVar[i] = conds[i].Expression is VarExpr v ? _ctx.Vars.Slot(v.Variable) : -1;
        var heap = new List<(uint[] Row, uint[] Keys, long Index)>(Math.Min(k, 1024));
        long index = 0;
        // > 0 when a comes after b in the result order.
        int Cmp((uint[] Row, uint[] Keys, long Index) a, (uint[] Row, uint[] Keys, long Index) b)
        {
            _ctx.Tick();
            for (int i = 0; i < nk; i++)
            {
                int c = Math.Sign(CompareIds(a.Keys[i], b.Keys[i]));
                if (c != 0) return conds[i].Descending ? -c : c;
            }
            return a.Index.CompareTo(b.Index);
        }
        foreach (var r in Eval(o.Input, seed, scope))
        {
            _ctx.Tick();
            var keys = new uint[nk];
            for (int i = 0; i < nk; i++)
            {
                if (keyVar[i] >= 0) { keys[i] = r[keyVar[i]]; continue; }
                var t = Value(conds[i].Expression, acc, r);
                keys[i] = t is null ? 0 : _ctx.GetId(t);
            }
            var item = (r, keys, index++);
            if (heap.Count < k)
            {
                heap.Add(item);
                for (int c = heap.Count - 1; c > 0;) // sift up
                {
                    int p = (c - 1) / 2;
                    if (Cmp(heap[c], heap[p]) <= 0) break;
                    (heap[c], heap[p]) = (heap[p], heap[c]);
                    c = p;
                }
                continue;
            }
            if (Cmp(item, heap[0]) >= 0) continue; // not better than the worst kept
            heap[0] = item;
            for (int p = 0; ;) // sift down
            {
                int l = 2 * p + 1, r2 = l + 1, m = p;
                if (l < heap.Count && Cmp(heap[l], heap[m]) > 0) m = l;
                if (r2 < heap.Count && Cmp(heap[r2], heap[m]) > 0) m = r2;
                if (m == p) break;
                (heap[m], heap[p]) = (heap[p], heap[m]);
                p = m;
            }
        }
        SortChecked(CollectionsMarshal.AsSpan(heap), Cmp);
        foreach (var h in heap) yield return h.Row;
    }

    private IEnumerable<uint[]> SortAll(OrderBy o, uint[] seed, GraphScope scope)
    {
        var acc = new RowAccessor(_ctx, scope);
        var conds = o.Conditions;
        int nk = conds.Count;
        var keyVar = new int[nk];
        for (int i = 0; i < nk; i++) keyVar[i] = conds[i].Expression is VarExpr v ? _ctx.Vars.Slot(v.Variable) : -1;
        var rows = new List<uint[]>();
        var keys = new List<uint>(); // nk per row
        foreach (var r in Eval(o.Input, seed, scope))
        {
            for (int i = 0; i < nk; i++)
            {
                if (keyVar[i] >= 0) { keys.Add(r[keyVar[i]]); continue; }
                var t = Value(conds[i].Expression, acc, r);
                keys.Add(t is null ? 0 : _ctx.GetId(t));
            }
            rows.Add(r);
            _ctx.Tick();
            if ((rows.Count & 1023) == 0) _ctx.CheckMaterialised(rows.Count);
        }
        // Everything below is work on all n rows at once (n up to MaxIntermediateRows): every
        // loop and comparison ticks, so a sort of millions of rows still stops at the deadline.
        int n = rows.Count;
        // Uninitialised: every cell is written below, and zeroing tens of MB is a pause without checks.
        var rank = GC.AllocateUninitializedArray<int>(n * nk);
        for (int i = 0; i < nk; i++)
        {
            var distinct = new HashSet<uint>();
            for (int r = 0; r < n; r++) { _ctx.Tick(); distinct.Add(keys[r * nk + i]); }
            var ids = distinct.ToArray();
            var terms = new Term?[ids.Length];
            for (int k = 0; k < ids.Length; k++) { _ctx.Tick(); terms[k] = _ctx.GetTermOrNull(ids[k]); }
            var idx = new int[ids.Length];
            for (int k = 0; k < idx.Length; k++) idx[k] = k;
            SortChecked<int>(idx, (a, b) =>
            {
                _ctx.Tick();
                return ExpressionEvaluator.CompareForOrderBy(terms[a], terms[b]);
            });
            var rankOf = new Dictionary<uint, int>(ids.Length);
            int rk = 0;
            for (int k = 0; k < idx.Length; k++)
            {
                _ctx.Tick();
                if (k > 0 && ExpressionEvaluator.CompareForOrderBy(terms[idx[k - 1]], terms[idx[k]]) != 0) rk++;
                rankOf[ids[idx[k]]] = conds[i].Descending ? -rk : rk;
            }
            for (int r = 0; r < n; r++) { _ctx.Tick(); rank[r * nk + i] = rankOf[keys[r * nk + i]]; }
        }
        var perm = GC.AllocateUninitializedArray<int>(n);
        for (int r = 0; r < n; r++) perm[r] = r;
        SortChecked<int>(perm, (a, b) =>
        {
            _ctx.Tick();
            for (int i = 0; i < nk; i++)
            {
                int c = rank[a * nk + i].CompareTo(rank[b * nk + i]);
                if (c != 0) return c;
            }
            return a.CompareTo(b); // stable
        });
        foreach (int r in perm) yield return rows[r];
    }

    /// <summary>Sorts with a comparison that ticks the deadline. The sort reports any exception
    /// of a comparison as an <see cref="InvalidOperationException"/>; the deadline's and the
    /// cancellation's are rethrown as themselves.</summary>
    internal static void SortChecked<T>(Span<T> items, Comparison<T> compare)
    {
        try
        {
            items.Sort(compare);
        }
        catch (InvalidOperationException e) when (e.InnerException is SparqlTimeoutException or OperationCanceledException)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
        }
    }
}

/// <summary>A hash-join build side: rows bucketed by a hash of the key slots (all rows in one
/// bucket when there is no key). Probing checks full compatibility, so collisions are harmless.</summary>
internal sealed class HashTable(int[] keySlots, QueryContext ctx)
{
    private readonly Dictionary<ulong, List<uint[]>> _buckets = [];
    private readonly List<uint[]> _all = [];

    public void Add(uint[] row)
    {
        if (keySlots.Length == 0) { _all.Add(row); return; }
        ulong h = Rows.HashOf(row, keySlots);
        if (!_buckets.TryGetValue(h, out var list)) _buckets[h] = list = [];
        list.Add(row);
    }

    public IEnumerable<uint[]> Probe(uint[] row)
    {
        List<uint[]>? list;
        if (keySlots.Length == 0) list = _all;
        else
        {
            // Key slots are bound on both sides by construction; a seed may leave them bound too.
            foreach (int s in keySlots)
                if (row[s] == 0) return ProbeAll(row);
            if (!_buckets.TryGetValue(Rows.HashOf(row, keySlots), out list)) return [];
        }
        return Filter(list, row);
    }

    /// <summary>Rows that can be compatible with <paramref name="row"/> (a superset; unfiltered).</summary>
    public List<uint[]> Candidates(uint[] row)
    {
        if (keySlots.Length == 0) return _all;
        foreach (int s in keySlots)
            if (row[s] == 0) return [.. _buckets.Values.SelectMany(l => l)];
        return _buckets.TryGetValue(Rows.HashOf(row, keySlots), out var list) ? list : Empty;
    }

    private static readonly List<uint[]> Empty = [];

    // Both tick per candidate: a probe can scan many rows and keep none.
    private IEnumerable<uint[]> ProbeAll(uint[] row)
    {
        foreach (var l in _buckets.Values)
            foreach (var r in l)
            {
                ctx.Tick();
                if (Rows.Compatible(r, row)) yield return r;
            }
    }

    private IEnumerable<uint[]> Filter(List<uint[]> list, uint[] row)
    {
        foreach (var r in list)
        {
            ctx.Tick();
            if (Rows.Compatible(r, row)) yield return r;
        }
    }
}
