using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Syntax;

/// <summary>
/// In-scope variables (SPARQL 1.1 §18.2.1) and the static rules built on them: SELECT expressions
/// must not rebind an in-scope variable, and an aggregate query may only project grouped variables.
/// </summary>
internal static class ScopeChecks
{
    public static void InScope(PatternElement e, HashSet<string> into)
    {
        switch (e)
        {
            case TriplesBlock tb:
                foreach (var t in tb.Triples) { Add(t.Subject, into); Add(t.Predicate, into); Add(t.Object, into); }
                break;
            case GroupPattern g:
                if (g.SubSelect is { } sub) ProjectedVariables(sub, into);
                else foreach (var c in g.Elements) InScope(c, into);
                break;
            case UnionPattern u:
                foreach (var b in u.Branches) InScope(b, into);
                break;
            case OptionalPattern o: InScope(o.Pattern, into); break;
            case MinusPattern: break;
            case NamedGraphPattern ng: Add(ng.Graph, into); InScope(ng.Pattern, into); break;
            case ServicePattern s: Add(s.Endpoint, into); InScope(s.Pattern, into); break;
            case BindElement b: into.Add(b.Variable.Name); break;
            case InlineData d: foreach (var v in d.Variables) into.Add(v.Name); break;
            case FilterElement: break;
        }
    }

    private static void Add(PatternTerm? t, HashSet<string> into)
    {
        if (t is Var v) into.Add(v.Name);
    }

    /// <summary>The variables a SELECT query exposes to an enclosing pattern.</summary>
    public static void ProjectedVariables(Query q, HashSet<string> into)
    {
        if (q.SelectAll)
        {
            if (q.Where is not null) InScope(q.Where, into);
            if (q.Values is not null) InScope(q.Values, into);
        }
        else foreach (var p in q.Projection) into.Add(p.Variable.Name);
    }

    /// <param name="fail">Builds the error for the SELECT item at an index (-1: the query as a whole).</param>
    public static void CheckSelect(Query q, Func<int, string, Exception> fail)
    {
        var whereVars = new HashSet<string>(StringComparer.Ordinal);
        if (q.Where is not null) InScope(q.Where, whereVars);
        var projected = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < q.Projection.Count; i++)
        {
            var p = q.Projection[i];
            if (p.Expression is not null && (whereVars.Contains(p.Variable.Name) || projected.Contains(p.Variable.Name)))
                throw fail(i, $"SELECT expression assigns ?{p.Variable.Name}, which is already in scope");
            projected.Add(p.Variable.Name);
        }
        if (!q.IsAggregateQuery) return;
        if (q.SelectAll) throw fail(-1, "SELECT * is not allowed in a query with GROUP BY or aggregates");
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in q.GroupBy)
        {
            if (g.Alias is not null) grouped.Add(g.Alias.Name);
            else if (g.Expression is VarExpr ve) grouped.Add(ve.Variable.Name);
        }
        for (int i = 0; i < q.Projection.Count; i++)
        {
            var p = q.Projection[i];
            var used = new HashSet<string>(StringComparer.Ordinal);
            if (p.Expression is null) used.Add(p.Variable.Name);
            else UngroupedVariables(p.Expression, used);
            foreach (var v in used)
                if (!grouped.Contains(v))
                    throw fail(i, $"?{v} is used in SELECT outside an aggregate but is not a GROUP BY variable");
            // An earlier (expr AS ?v) may be used by later projections.
            if (p.Expression is not null) grouped.Add(p.Variable.Name);
        }
    }

    /// <summary>Variables an expression uses outside aggregates (and outside EXISTS, which sees each solution).</summary>
    private static void UngroupedVariables(Expression e, HashSet<string> into)
    {
        switch (e)
        {
            case VarExpr v: into.Add(v.Variable.Name); break;
            case AggregateExpr: break;
            case ExistsExpr: break;
            case BinaryExpr b: UngroupedVariables(b.Left, into); UngroupedVariables(b.Right, into); break;
            case UnaryExpr u: UngroupedVariables(u.Operand, into); break;
            case InExpr i: UngroupedVariables(i.Operand, into); foreach (var a in i.List) UngroupedVariables(a, into); break;
            case BuiltInCall c: foreach (var a in c.Args) UngroupedVariables(a, into); break;
            case FunctionCall f: foreach (var a in f.Args) UngroupedVariables(a, into); break;
        }
    }

    internal static bool IsTerm(PatternTerm t, out Term term)
    {
        if (t is TermNode n) { term = n.Term; return true; }
        term = null!;
        return false;
    }
}
