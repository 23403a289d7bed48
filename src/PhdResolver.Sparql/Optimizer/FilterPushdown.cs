using PhdResolver.Sparql.Evaluation;

namespace PhdResolver.Sparql.Optimizer;

/// <summary>
/// Moves filter conjuncts towards the patterns that bind their variables. A conjunct moves into
/// an operand only if that operand binds all its variables in every solution (otherwise a
/// variable bound elsewhere would be seen unbound), and never when it contains EXISTS (whose
/// pattern sees the whole solution). It moves through joins, unions, the left of OPTIONAL,
/// GRAPH and BIND (of another variable); MINUS, sub-selects and groups stop it.
/// </summary>
internal static class FilterPushdown
{
    public static Op Push(List<Expression> conditions, Op op)
    {
        if (conditions.Count == 0) return op;
        switch (op)
        {
            case Filter f:
                return Push([.. f.Conditions, .. conditions], f.Input);
            case Join j:
                {
                    var cl = VarAnalysis.Certain(j.Left);
                    var cr = VarAnalysis.Certain(j.Right);
                    List<Expression> toL = [], toR = [], keep = [];
                    foreach (var c in conditions)
                    {
                        var vars = VarAnalysis.ExprVars(c, out bool ex);
                        if (ex || vars.Count == 0) keep.Add(c);
                        else if (vars.IsSubsetOf(cl)) toL.Add(c);
                        else if (vars.IsSubsetOf(cr)) toR.Add(c);
                        // A variable the right side never mentions has, in a joined row, the
                        // value (or unboundness) it has in the left row, so the conjunct gives the
                        // same answer there: filter before the join, e.g. a HAVING-like
                        // FILTER(?max >= x) over a sub-select's aggregate, which is not "certain"
                        // (an aggregate may be unbound) yet only comes from the left.
                        else if (!Mentions(j.Right, vars)) toL.Add(c);
                        else keep.Add(c);
                    }
                    return Wrap(keep, new Join(Push(toL, j.Left), Push(toR, j.Right)));
                }
            case LeftJoin lj:
                {
                    var cl = VarAnalysis.Certain(lj.Left);
                    List<Expression> toL = [], keep = [];
                    foreach (var c in conditions)
                    {
                        var vars = VarAnalysis.ExprVars(c, out bool ex);
                        if (!ex && vars.Count > 0 && vars.IsSubsetOf(cl)) toL.Add(c); else keep.Add(c);
                    }
                    return Wrap(keep, new LeftJoin(Push(toL, lj.Left), lj.Right, lj.Filter));
                }
            case Union u:
                {
                    List<Expression> move = [], keep = [];
                    foreach (var c in conditions)
                    {
                        VarAnalysis.ExprVars(c, out bool ex);
                        (ex ? keep : move).Add(c);
                    }
                    if (move.Count == 0) return Wrap(keep, u);
                    return Wrap(keep, new Union(Push([.. move], u.Left), Push([.. move], u.Right)));
                }
            case Graph g:
                {
                    var ci = VarAnalysis.Certain(g.Input);
                    List<Expression> move = [], keep = [];
                    foreach (var c in conditions)
                    {
                        var vars = VarAnalysis.ExprVars(c, out bool ex);
                        if (!ex && vars.Count > 0 && vars.IsSubsetOf(ci)) move.Add(c); else keep.Add(c);
                    }
                    return Wrap(keep, move.Count == 0 ? g : new Graph(g.Name, Push(move, g.Input)));
                }
            case Extend e:
                {
                    List<Expression> move = [], keep = [];
                    foreach (var c in conditions)
                    {
                        var vars = VarAnalysis.ExprVars(c, out bool ex);
                        if (!ex && !vars.Contains(e.Variable.Name)) move.Add(c); else keep.Add(c);
                    }
                    return Wrap(keep, move.Count == 0 ? e : new Extend(Push(move, e.Input), e.Variable, e.Expression));
                }
            default:
                return new Filter(conditions, op);
        }
    }

    private static bool Mentions(Op op, HashSet<string> vars)
    {
        var all = new VarTable();
        VarAnalysis.CollectAll(op, all);
        foreach (var v in vars)
            if (all.TryGetSlot(v, out _)) return true;
        return false;
    }

    private static Op Wrap(List<Expression> conditions, Op op) => conditions.Count == 0 ? op : new Filter(conditions, op);
}
