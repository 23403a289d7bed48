using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>Static facts about variables of algebra and expressions, for planning (join keys,
/// seeding, filter placement).</summary>
internal static class VarAnalysis
{
    /// <summary>The variable name of a pattern position (blank nodes are variables), or null for a constant.</summary>
    public static string? VarName(PatternTerm t) => t switch
    {
        Var v => v.Name,
        TermNode { Term: BlankNode b } => VarTable.BlankVarName(b.Id),
        _ => null,
    };

    /// <summary>Variables bound in every solution of <paramref name="op"/>.</summary>
    public static HashSet<string> Certain(Op op)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        AddCertain(op, set);
        return set;
    }

    private static void AddCertain(Op op, HashSet<string> set)
    {
        switch (op)
        {
            case Bgp b:
                foreach (var t in b.Triples) { Add(t.Subject, set); Add(t.Predicate, set); Add(t.Object, set); }
                break;
            case PathOp p: Add(p.Subject, set); Add(p.Object, set); break;
            case Join j: AddCertain(j.Left, set); AddCertain(j.Right, set); break;
            case LeftJoin lj: AddCertain(lj.Left, set); break;
            case Minus m: AddCertain(m.Left, set); break;
            case Filter f: AddCertain(f.Input, set); break;
            case Union u:
                {
                    var l = Certain(u.Left);
                    l.IntersectWith(Certain(u.Right));
                    set.UnionWith(l);
                    break;
                }
            case Graph g: Add(g.Name, set); AddCertain(g.Input, set); break;
            case Extend e: AddCertain(e.Input, set); break;
            case Table t:
                for (int i = 0; i < t.Variables.Count; i++)
                {
                    bool all = true;
                    foreach (var r in t.Rows) if (r[i] is null) { all = false; break; }
                    if (all) set.Add(t.Variables[i].Name);
                }
                break;
            case Group g:
                {
                    var inner = Certain(g.Input);
                    foreach (var k in g.Keys)
                        if (k.Expression is VarExpr v && k.Variable is not null && v.Variable.Name == k.Variable.Name && inner.Contains(v.Variable.Name))
                            set.Add(v.Variable.Name);
                    break;
                }
            case OrderBy o: AddCertain(o.Input, set); break;
            case Distinct d: AddCertain(d.Input, set); break;
            case Reduced r: AddCertain(r.Input, set); break;
            case Slice s: AddCertain(s.Input, set); break;
            case Project p:
                {
                    var inner = Certain(p.Input);
                    foreach (var v in p.Variables) if (inner.Contains(v.Name)) set.Add(v.Name);
                    break;
                }
        }
    }

    private static void Add(PatternTerm t, HashSet<string> set)
    {
        if (VarName(t) is { } n) set.Add(n);
    }

    /// <summary>Variables an expression reads; <paramref name="hasExists"/> when it contains EXISTS
    /// (whose pattern may read any variable of the solution).</summary>
    public static HashSet<string> ExprVars(Expression e, out bool hasExists)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        bool ex = false;
        Walk(e, set, ref ex);
        hasExists = ex;
        return set;
    }

    private static void Walk(Expression e, HashSet<string> set, ref bool ex)
    {
        switch (e)
        {
            case VarExpr v: set.Add(v.Variable.Name); break;
            case BinaryExpr b: Walk(b.Left, set, ref ex); Walk(b.Right, set, ref ex); break;
            case UnaryExpr u: Walk(u.Operand, set, ref ex); break;
            case InExpr i: Walk(i.Operand, set, ref ex); foreach (var x in i.List) Walk(x, set, ref ex); break;
            case BuiltInCall c: foreach (var x in c.Args) Walk(x, set, ref ex); break;
            case FunctionCall f: foreach (var x in f.Args) Walk(x, set, ref ex); break;
            case AggregateExpr a: if (a.Argument is not null) Walk(a.Argument, set, ref ex); break;
            case ExistsExpr: ex = true; break;
        }
    }

    /// <summary>Every variable name mentioned anywhere (for the slot table).</summary>
    public static void CollectAll(Op op, VarTable vars)
    {
        switch (op)
        {
            case Bgp b:
                foreach (var t in b.Triples) { Slot(t.Subject, vars); Slot(t.Predicate, vars); Slot(t.Object, vars); }
                break;
            case PathOp p: Slot(p.Subject, vars); Slot(p.Object, vars); break;
            case Join j: CollectAll(j.Left, vars); CollectAll(j.Right, vars); break;
            case LeftJoin lj: CollectAll(lj.Left, vars); CollectAll(lj.Right, vars); if (lj.Filter is not null) CollectExpr(lj.Filter, vars); break;
            case Minus m: CollectAll(m.Left, vars); CollectAll(m.Right, vars); break;
            case Filter f: CollectAll(f.Input, vars); foreach (var c in f.Conditions) CollectExpr(c, vars); break;
            case Union u: CollectAll(u.Left, vars); CollectAll(u.Right, vars); break;
            case Graph g: Slot(g.Name, vars); CollectAll(g.Input, vars); break;
            case Service s: Slot(s.Endpoint, vars); CollectAll(s.Input, vars); break;
            case Extend e: CollectAll(e.Input, vars); vars.Slot(e.Variable); CollectExpr(e.Expression, vars); break;
            case Table t: foreach (var v in t.Variables) vars.Slot(v); break;
            case Group g:
                CollectAll(g.Input, vars);
                foreach (var k in g.Keys) { CollectExpr(k.Expression, vars); if (k.Variable is not null) vars.Slot(k.Variable); }
                foreach (var a in g.Aggregates) { vars.Slot(a.Variable); CollectExpr(a.Aggregate, vars); }
                break;
            case OrderBy o: CollectAll(o.Input, vars); foreach (var c in o.Conditions) CollectExpr(c.Expression, vars); break;
            case Project p: CollectAll(p.Input, vars); foreach (var v in p.Variables) vars.Slot(v); break;
            case Distinct d: CollectAll(d.Input, vars); break;
            case Reduced r: CollectAll(r.Input, vars); break;
            case Slice s: CollectAll(s.Input, vars); break;
        }
    }

    private static void Slot(PatternTerm t, VarTable vars)
    {
        if (VarName(t) is { } n) vars.Slot(n);
    }

    public static void CollectExpr(Expression e, VarTable vars)
    {
        switch (e)
        {
            case VarExpr v: vars.Slot(v.Variable); break;
            case BinaryExpr b: CollectExpr(b.Left, vars); CollectExpr(b.Right, vars); break;
            case UnaryExpr u: CollectExpr(u.Operand, vars); break;
            case InExpr i: CollectExpr(i.Operand, vars); foreach (var x in i.List) CollectExpr(x, vars); break;
            case BuiltInCall c: foreach (var x in c.Args) CollectExpr(x, vars); break;
            case FunctionCall f: foreach (var x in f.Args) CollectExpr(x, vars); break;
            case AggregateExpr a: if (a.Argument is not null) CollectExpr(a.Argument, vars); break;
            case ExistsExpr x: if (x.Algebra is not null) CollectAll(x.Algebra, vars); break;
        }
    }
}
