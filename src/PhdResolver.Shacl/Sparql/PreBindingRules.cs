using PhdResolver.Sparql;

namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// The restrictions SHACL puts on queries so that pre-binding is well defined (Appendix A): no MINUS,
/// no SERVICE, no VALUES, no <c>AS ?var</c> for a potentially pre-bound variable, sub-queries return
/// every pre-bound variable (shapesGraph and currentShape excepted), and $PATH only as a predicate.
/// A query that breaks one makes the shapes graph ill-formed: <see cref="ShaclException"/>.
/// </summary>
internal static class PreBindingRules
{
    public static void Check(Query query, IReadOnlySet<string> preBound, string where)
    {
        var walker = new Walker(preBound, where);
        walker.Query(query, outer: true);
    }

    private sealed class Walker(IReadOnlySet<string> preBound, string where)
    {
        private ShaclException Fail(string why) => new($"{where}: {why}");

        public void Query(Query q, bool outer)
        {
            if (q.Values is not null) throw Fail("VALUES is not allowed in SHACL-SPARQL queries");
            foreach (var p in q.Projection)
                if (p.Expression is not null && preBound.Contains(p.Variable.Name))
                    throw Fail($"'AS ?{p.Variable.Name}' rebinds a pre-bound variable");
            if (!outer)
            {
                var returned = q.SelectAll ? InScope(q.Where) : q.Projection.Select(p => p.Variable.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var v in preBound)
                    if (v is not ("shapesGraph" or "currentShape") && !returned.Contains(v))
                        throw Fail($"a sub-query does not return the pre-bound variable ?{v}");
            }
            foreach (var e in q.Projection) if (e.Expression is { } x) Expr(x);
            foreach (var g in q.GroupBy) Expr(g.Expression);
            foreach (var h in q.Having) Expr(h);
            foreach (var o in q.OrderBy) Expr(o.Expression);
            if (q.Where is { } w) Group(w);
        }

        private void Group(GroupPattern g)
        {
            if (g.SubSelect is { } sub) Query(sub, outer: false);
            foreach (var e in g.Elements) Element(e);
        }

        private void Element(PatternElement e)
        {
            switch (e)
            {
                case TriplesBlock tb:
                    foreach (var t in tb.Triples)
                        if (IsPath(t.Subject) || IsPath(t.Object)) throw Fail("$PATH may only be used as a predicate");
                    break;
                case GroupPattern g: Group(g); break;
                case UnionPattern u: foreach (var b in u.Branches) Group(b); break;
                case OptionalPattern o: Group(o.Pattern); break;
                case NamedGraphPattern ng:
                    if (IsPath(ng.Graph)) throw Fail("$PATH may only be used as a predicate");
                    Group(ng.Pattern);
                    break;
                case MinusPattern: throw Fail("MINUS is not allowed in SHACL-SPARQL queries");
                case ServicePattern: throw Fail("SERVICE is not allowed in SHACL-SPARQL queries");
                case InlineData: throw Fail("VALUES is not allowed in SHACL-SPARQL queries");
                case FilterElement f: Expr(f.Condition); break;
                case BindElement b:
                    if (preBound.Contains(b.Variable.Name)) throw Fail($"'AS ?{b.Variable.Name}' rebinds a pre-bound variable");
                    Expr(b.Expression);
                    break;
            }
        }

        private static bool IsPath(PatternTerm t) => t is Var { Name: "PATH" };

        private void Expr(Expression e)
        {
            switch (e)
            {
                case VarExpr { Variable.Name: "PATH" }: throw Fail("$PATH may only be used as a predicate");
                case BinaryExpr b: Expr(b.Left); Expr(b.Right); break;
                case UnaryExpr u: Expr(u.Operand); break;
                case InExpr i: Expr(i.Operand); foreach (var x in i.List) Expr(x); break;
                case BuiltInCall c: foreach (var x in c.Args) Expr(x); break;
                case FunctionCall f: foreach (var x in f.Args) Expr(x); break;
                case AggregateExpr a when a.Argument is not null: Expr(a.Argument); break;
                case ExistsExpr x: Group(x.Pattern); break;
            }
        }

        /// <summary>The variables a SELECT * returns: those bound by patterns, not those only filtered on.</summary>
        private static HashSet<string> InScope(GroupPattern? g)
        {
            var acc = new HashSet<string>(StringComparer.Ordinal);
            if (g is not null) AddGroup(g, acc);
            return acc;
        }

        private static void AddGroup(GroupPattern g, HashSet<string> acc)
        {
            if (g.SubSelect is { } sub)
            {
                if (sub.SelectAll) acc.UnionWith(InScope(sub.Where));
                else foreach (var p in sub.Projection) acc.Add(p.Variable.Name);
            }
            foreach (var e in g.Elements)
            {
                switch (e)
                {
                    case TriplesBlock tb:
                        foreach (var t in tb.Triples) { Add(t.Subject, acc); if (t.Predicate is { } p) Add(p, acc); Add(t.Object, acc); }
                        break;
                    case GroupPattern inner: AddGroup(inner, acc); break;
                    case UnionPattern u: foreach (var b in u.Branches) AddGroup(b, acc); break;
                    case OptionalPattern o: AddGroup(o.Pattern, acc); break;
                    case NamedGraphPattern ng: Add(ng.Graph, acc); AddGroup(ng.Pattern, acc); break;
                    case BindElement b: acc.Add(b.Variable.Name); break;
                    case InlineData d: foreach (var v in d.Variables) acc.Add(v.Name); break;
                }
            }
        }

        private static void Add(PatternTerm t, HashSet<string> acc)
        {
            if (t is Var v) acc.Add(v.Name);
        }
    }
}
