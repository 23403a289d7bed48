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
        for (int i = 0; i < na; i++)
        {
            var agg = g.Aggregates[i].Aggregate;
            argVar[i] = agg.Argument is VarExpr av ? _ctx.Vars.Slot(av.Variable) : -1;
            countOnly[i] = agg.Kind == AggregateKind.Count && !agg.Distinct;
        }
        var probe = new uint[nk]; // reused; copied only when it starts a new group
        foreach (var r in Eval(g.Input, EmptyRow(), scope))
        {
            _ctx.Tick();
            for (int i = 0; i < nk; i++)
            {
                if (keyVar[i] >= 0) { probe[i] = r[keyVar[i]]; continue; }
                var v = Value(g.Keys[i].Expression, acc, r);
                probe[i] = v is null ? 0 : _ctx.GetId(v);
            }
            if (!groups.TryGetValue(probe, out var state))
            {
                var key = Rows.Copy(probe);
                state = new GroupState(key, NewAccumulators(g));
                groups[key] = state;
                order.Add(state);
                if ((order.Count & 1023) == 0) _ctx.CheckMaterialised(order.Count);
            }
            for (int i = 0; i < na; i++)
            {
                var agg = g.Aggregates[i].Aggregate;
                Term? value;
                if (agg.Argument is null) value = agg.Distinct ? RowIdentity(r) : CountStarDummy;
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
            var o = EmptyRow();
            for (int i = 0; i < nk; i++) if (keySlots[i] >= 0) o[keySlots[i]] = state.Key[i];
            for (int i = 0; i < aggSlots.Length; i++)
                if (state.Accumulators[i].Result() is { } v) o[aggSlots[i]] = _ctx.GetId(v);
            yield return o;
        }
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
