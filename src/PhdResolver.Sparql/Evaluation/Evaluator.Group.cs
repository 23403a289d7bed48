using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>GROUP BY + aggregates (§18.5): groups keyed by the ids of their key values, in order of first appearance.</summary>
internal sealed partial class Evaluator
{
    private static readonly Term CountStarDummy = new Literal("*");

    private sealed class GroupState(uint[] key, IAggregateAccumulator[] accumulators)
    {
        public readonly uint[] Key = key;
        public readonly IAggregateAccumulator[] Accumulators = accumulators;
        /// <summary>MIN/MAX over a plain variable: the best id so far (0: none), handed to the
        /// accumulator once at the end; compared through <see cref="CompareIds"/>, whose memo
        /// makes repeated values (a few distinct NAs over thousands of rows) cost a lookup.</summary>
        public uint[]? Best;
        /// <summary>COUNT(*) / COUNT(?x) without DISTINCT: counted here, no accumulator call per row.</summary>
        public long[]? Counts;
    }

    private IEnumerable<uint[]> EvalGroup(Group g, GraphScope scope)
    {
        var acc = new RowAccessor(_ctx, scope);
        var groups = new Dictionary<uint[], GroupState>(RowComparer.Instance);
        var order = new List<GroupState>();
        int nk = g.Keys.Count;
        // Plain variables (the usual GROUP BY ?x, COUNT(?c), MAX(?v)) are read from the row as
        // ids: no decode + re-intern per row for keys, no decode at all for COUNT.
        var keyVar = new int[nk];
        for (int i = 0; i < nk; i++) keyVar[i] = g.Keys[i].Expression is VarExpr kv ? _ctx.Vars.Slot(kv.Variable) : -1;
        int na = g.Aggregates.Count;
        var argVar = new int[na];
        var countOnly = new bool[na];
        var fastCount = new bool[na]; // COUNT(*) or COUNT(?x): counted in GroupState.Counts
        var minMax = new int[na]; // +1 MAX, -1 MIN over a plain variable (ids compared), 0 otherwise
        for (int i = 0; i < na; i++)
        {
            var agg = g.Aggregates[i].Aggregate;
            argVar[i] = agg.Argument is VarExpr av ? _ctx.Vars.Slot(av.Variable) : -1;
            countOnly[i] = agg.Kind == AggregateKind.Count && !agg.Distinct;
            fastCount[i] = countOnly[i] && (agg.Argument is null || argVar[i] >= 0);
            if (argVar[i] >= 0 && !agg.Distinct) minMax[i] = agg.Kind == AggregateKind.Max ? 1 : agg.Kind == AggregateKind.Min ? -1 : 0;
        }
        var probe = new uint[nk]; // reused; copied only when it starts a new group
        var single = new Dictionary<uint, GroupState>();
        // In front of `single`: a small direct-mapped cache. Grouping keys are mostly few (types,
        // facilities) and a hit is two array reads instead of a dictionary probe per row.
        const int CacheBits = 6;
        var cacheKeys = new uint[1 << CacheBits];
        var cacheStates = new GroupState?[1 << CacheBits];
        // Rows are only read here, so the input may reuse its buffer; not when an expression is
        // evaluated, since BNODE(str) keys its per-solution scope on the row object.
        bool plain = g.Keys.All(k => k.Expression is VarExpr) && g.Aggregates.All(a => a.Aggregate.Argument is null or VarExpr);
        foreach (var r in plain ? EvalTransient(g.Input, EmptyRow(), scope) : Eval(g.Input, EmptyRow(), scope))
        {
            _ctx.Tick();
            for (int i = 0; i < nk; i++)
            {
                if (keyVar[i] >= 0) { probe[i] = r[keyVar[i]]; continue; }
                var v = Value(g.Keys[i].Expression, acc, r);
                probe[i] = v is null ? 0 : _ctx.GetId(v);
            }
            GroupState? state;
            if (nk == 0)
            {
                // No GROUP BY: one group; no key to hash per row.
                if (order.Count == 0) order.Add(new GroupState([], NewAccumulators(g)));
                state = order[0];
            }
            else if (nk == 1)
            {
                // One key (the usual GROUP BY ?x): a plain uint-keyed table, no array hashing.
                uint k = probe[0];
                int h = (int)((k * 0x9E3779B1u) >> (32 - CacheBits));
                state = cacheStates[h];
                if (state is null || cacheKeys[h] != k)
                {
                    if (!single.TryGetValue(k, out state))
                    {
                        state = new GroupState([k], NewAccumulators(g));
                        single[k] = state;
                        order.Add(state);
                        if ((order.Count & 1023) == 0) _ctx.CheckMaterialised(order.Count);
                    }
                    cacheKeys[h] = k;
                    cacheStates[h] = state;
                }
            }
            else if (!groups.TryGetValue(probe, out state))
            {
                var key = Rows.Copy(probe);
                state = new GroupState(key, NewAccumulators(g));
                groups[key] = state;
                order.Add(state);
                if ((order.Count & 1023) == 0) _ctx.CheckMaterialised(order.Count);
            }
            for (int i = 0; i < na; i++)
            {
                if (fastCount[i])
                {
                    if (argVar[i] < 0 || r[argVar[i]] != 0) (state.Counts ??= new long[na])[i]++;
                    continue;
                }
                var agg = g.Aggregates[i].Aggregate;
                Term? value;
                if (agg.Argument is null) value = agg.Distinct ? RowIdentity(r) : CountStarDummy;
                else if (minMax[i] != 0)
                {
                    uint id = r[argVar[i]];
                    if (id == 0) continue;
                    var best = state.Best ??= new uint[na];
                    if (best[i] == 0) best[i] = id;
                    else if (id != best[i] && Math.Sign(CompareIds(id, best[i])) == minMax[i]) best[i] = id;
                    continue;
                }
                else if (argVar[i] >= 0)
                {
                    uint id = r[argVar[i]];
                    value = id == 0 ? null : countOnly[i] ? CountStarDummy : _ctx.GetTerm(id);
                }
                else value = Value(agg.Argument, acc, r);
                state.Accumulators[i].Add(value);
            }
        }
        // No GROUP BY and no solutions: one group over the empty multiset (COUNT(*) = 0).
        if (nk == 0 && order.Count == 0) order.Add(new GroupState([], NewAccumulators(g)));

        var keySlots = new int[nk];
        for (int i = 0; i < nk; i++) keySlots[i] = g.Keys[i].Variable is { } kv ? _ctx.Vars.Slot(kv) : -1;
        var aggSlots = new int[g.Aggregates.Count];
        for (int i = 0; i < aggSlots.Length; i++) aggSlots[i] = _ctx.Vars.Slot(g.Aggregates[i].Variable);
        foreach (var state in order)
        {
            if (state.Best is { } bestIds)
                for (int i = 0; i < na; i++)
                    if (bestIds[i] != 0) state.Accumulators[i].Add(_ctx.GetTerm(bestIds[i]));
            var o = EmptyRow();
            for (int i = 0; i < nk; i++) if (keySlots[i] >= 0) o[keySlots[i]] = state.Key[i];
            for (int i = 0; i < aggSlots.Length; i++)
            {
                var v = fastCount[i] ? NumericValue.FromInteger(state.Counts?[i] ?? 0).ToLiteral() : state.Accumulators[i].Result();
                if (v is not null) o[aggSlots[i]] = _ctx.GetId(v);
            }
            yield return o;
        }
    }

    private readonly Dictionary<ulong, int> _compareMemo = new(PackedPairComparer.Instance);

    /// <summary>The ORDER BY comparison of two ids' terms (0 = unbound first), memoised per pair:
    /// comparing numeric literals parses their lexical forms, and the same few values meet
    /// again and again in MIN/MAX and top-k.</summary>
    private int CompareIds(uint a, uint b)
    {
        if (a == b) return 0;
        ulong key = ((ulong)a << 32) | b;
        if (_compareMemo.TryGetValue(key, out int c)) return c;
        c = ExpressionEvaluator.CompareForOrderBy(_ctx.GetTermOrNull(a), _ctx.GetTermOrNull(b));
        if (_compareMemo.Count < 1 << 20) _compareMemo[key] = c;
        return c;
    }

    /// <summary>COUNT(DISTINCT *) counts distinct solutions: a literal naming the row's ids stands for it.</summary>
    private static Literal RowIdentity(uint[] row) => new(string.Join(',', row));

    private static IAggregateAccumulator[] NewAccumulators(Group g)
    {
        var a = new IAggregateAccumulator[g.Aggregates.Count];
        for (int i = 0; i < a.Length; i++) a[i] = Aggregates.Create(g.Aggregates[i].Aggregate);
        return a;
    }
}
