using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>
/// Translates the syntax tree into SPARQL algebra following SPARQL 1.1 §18.2: group patterns
/// (§18.2.2), property paths (§18.2.2.4), grouping and aggregates (§18.2.4.1), select expressions
/// and solution modifiers (§18.2.5).
/// </summary>
public static class AlgebraBuilder
{
    /// <summary>The algebra of a query (projection, modifiers and all).</summary>
    public static Op Translate(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new Builder().Query(query);
    }

    /// <summary>The algebra of a group graph pattern alone (e.g. the WHERE clause of an update).</summary>
    public static Op Translate(GroupPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new Builder().Group(pattern);
    }

    private sealed class Builder
    {
        private int _pathVars;
        private int _aggVars;

        public Op Query(Query q)
        {
            Op op = q.Where is null ? Table.Unit : Group(q.Where);

            Dictionary<AggregateExpr, Var>? aggMap = null;
            if (q.IsAggregateQuery)
            {
                aggMap = [];
                var bindings = new List<AggregateBinding>();
                // Aggregates are collected in source order: SELECT, then HAVING, then ORDER BY.
                foreach (var p in q.Projection) if (p.Expression is not null) CollectAggregates(p.Expression, aggMap, bindings);
                foreach (var h in q.Having) CollectAggregates(h, aggMap, bindings);
                foreach (var o in q.OrderBy) CollectAggregates(o.Expression, aggMap, bindings);
                var keys = new List<GroupKey>(q.GroupBy.Count);
                foreach (var g in q.GroupBy)
                    keys.Add(new GroupKey(Expr(g.Expression, null), g.Alias ?? (g.Expression is VarExpr v ? v.Variable : null)));
                op = new Group(keys, bindings, op);
                if (q.Having.Count > 0) op = new Filter(q.Having.ConvertAll(h => Expr(h, aggMap)), op);
            }

            if (q.Values is not null) op = JoinOps(op, new Table(q.Values.Variables, q.Values.Rows));

            foreach (var p in q.Projection)
                if (p.Expression is not null) op = new Extend(op, p.Variable, Expr(p.Expression, aggMap));

            if (q.OrderBy.Count > 0)
                op = new OrderBy(q.OrderBy.ConvertAll(o => new OrderCondition(Expr(o.Expression, aggMap), o.Descending)), op);

            if (q.Form == QueryForm.Select)
            {
                List<Var> vars;
                if (q.SelectAll)
                {
                    var names = new List<string>();
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    if (q.Where is not null) VisibleInOrder(q.Where, names, seen);
                    if (q.Values is not null) foreach (var v in q.Values.Variables) if (seen.Add(v.Name)) names.Add(v.Name);
                    vars = names.ConvertAll(n => new Var(n));
                }
                else vars = q.Projection.ConvertAll(p => p.Variable);
                op = new Project(vars, op);
            }

            if (q.Distinct) op = new Distinct(op);
            else if (q.Reduced) op = new Reduced(op);
            if (q.Limit is not null || q.Offset is not null) op = new Slice(q.Offset, q.Limit, op);
            return op;
        }

        private void CollectAggregates(Expression e, Dictionary<AggregateExpr, Var> map, List<AggregateBinding> into)
        {
            switch (e)
            {
                case AggregateExpr a:
                    if (!map.ContainsKey(a))
                    {
                        var v = new Var("." + (_aggVars++).ToString(CultureInfo.InvariantCulture));
                        map[a] = v;
                        into.Add(new AggregateBinding(v, a.Argument is null ? a : a with { Argument = Expr(a.Argument, null) }));
                    }
                    break;
                case BinaryExpr b: CollectAggregates(b.Left, map, into); CollectAggregates(b.Right, map, into); break;
                case UnaryExpr u: CollectAggregates(u.Operand, map, into); break;
                case InExpr i: CollectAggregates(i.Operand, map, into); foreach (var x in i.List) CollectAggregates(x, map, into); break;
                case BuiltInCall c: foreach (var x in c.Args) CollectAggregates(x, map, into); break;
                case FunctionCall f: foreach (var x in f.Args) CollectAggregates(x, map, into); break;
            }
        }

        /// <summary>Rewrites an expression for the algebra: EXISTS patterns get their algebra, aggregates become their variables.</summary>
        private Expression Expr(Expression e, Dictionary<AggregateExpr, Var>? aggs)
        {
            switch (e)
            {
                case VarExpr or ConstantExpr: return e;
                case AggregateExpr a:
                    if (aggs is not null && aggs.TryGetValue(a, out var v)) return new VarExpr(v);
                    return a;
                case BinaryExpr b: return new BinaryExpr(b.Op, Expr(b.Left, aggs), Expr(b.Right, aggs));
                case UnaryExpr u: return new UnaryExpr(u.Op, Expr(u.Operand, aggs));
                case InExpr i: return new InExpr(Expr(i.Operand, aggs), Map(i.List, aggs), i.Negated);
                case BuiltInCall c: return new BuiltInCall(c.Name, Map(c.Args, aggs));
                case FunctionCall f: return new FunctionCall(f.Function, Map(f.Args, aggs), f.Distinct);
                case ExistsExpr x: return x with { Algebra = Group(x.Pattern) };
                default: return e;
            }
        }

        private List<Expression> Map(IReadOnlyList<Expression> list, Dictionary<AggregateExpr, Var>? aggs)
        {
            var r = new List<Expression>(list.Count);
            foreach (var x in list) r.Add(Expr(x, aggs));
            return r;
        }

        // ---- group graph patterns (§18.2.2.6) ----

        public Op Group(GroupPattern g)
        {
            var core = GroupWithoutFilters(g, out var filters);
            return filters.Count > 0 ? new Filter(filters, core) : core;
        }

        /// <summary>
        /// A group's algebra with its own FILTERs handed back separately, so that OPTIONAL can make
        /// exactly those the LeftJoin condition. A filter in a nested group stays inside it:
        /// <c>OPTIONAL { { P FILTER(F) } }</c> is LeftJoin(G, Filter(F, P), true), not
        /// LeftJoin(G, P, F) (the "not simplified" reading the W3C suite and SPARQL 1.1 take).
        /// </summary>
        private Op GroupWithoutFilters(GroupPattern g, out List<Expression> filters)
        {
            filters = [];
            if (g.SubSelect is not null) return Query(g.SubSelect);
            Op? acc = null;
            var pending = new List<TripleSyntax>();
            foreach (var e in g.Elements)
            {
                switch (e)
                {
                    case TriplesBlock tb: pending.AddRange(tb.Triples); continue;
                    case FilterElement f: filters.Add(Expr(f.Condition, null)); continue;
                }
                if (pending.Count > 0) { acc = JoinOps(acc, Triples(pending)); pending.Clear(); }
                switch (e)
                {
                    case OptionalPattern o:
                        {
                            var right = GroupWithoutFilters(o.Pattern, out var conditions);
                            acc = new LeftJoin(acc ?? Table.Unit, right, conditions.Count > 0 ? Conjunction(conditions) : null);
                            break;
                        }
                    case MinusPattern m: acc = new Minus(acc ?? Table.Unit, Group(m.Pattern)); break;
                    case BindElement b: acc = new Extend(acc ?? Table.Unit, b.Variable, Expr(b.Expression, null)); break;
                    case GroupPattern sub: acc = JoinOps(acc, Group(sub)); break;
                    case UnionPattern u:
                        {
                            Op union = Group(u.Branches[0]);
                            for (int k = 1; k < u.Branches.Count; k++) union = new Union(union, Group(u.Branches[k]));
                            acc = JoinOps(acc, union);
                            break;
                        }
                    case NamedGraphPattern ng: acc = JoinOps(acc, new Graph(ng.Graph, Group(ng.Pattern))); break;
                    case ServicePattern s: acc = JoinOps(acc, new Service(s.Silent, s.Endpoint, Group(s.Pattern))); break;
                    case InlineData d: acc = JoinOps(acc, new Table(d.Variables, d.Rows)); break;
                }
            }
            if (pending.Count > 0) acc = JoinOps(acc, Triples(pending));
            return acc ?? Table.Unit;
        }

        private static Expression Conjunction(IReadOnlyList<Expression> conditions)
        {
            var e = conditions[0];
            for (int k = 1; k < conditions.Count; k++) e = new BinaryExpr(BinaryOp.And, e, conditions[k]);
            return e;
        }

        /// <summary>Join(Z, A) = A: the empty group is the identity of join.</summary>
        private static Op JoinOps(Op? left, Op right)
        {
            if (left is null || left is Table { IsUnit: true }) return right;
            if (right is Table { IsUnit: true }) return left;
            return new Join(left, right);
        }

        // ---- triples and property paths (§18.2.2.4) ----

        private Op Triples(List<TripleSyntax> triples)
        {
            var parts = new List<object>(); // TriplePattern or PathOp, in order
            foreach (var t in triples)
            {
                if (t.Path is null) parts.Add(new TriplePattern(t.Subject, t.Predicate!, t.Object));
                else TranslatePath(t.Subject, t.Path, t.Object, parts);
            }
            Op? acc = null;
            var bgp = new List<TriplePattern>();
            foreach (var part in parts)
            {
                if (part is TriplePattern tp) { bgp.Add(tp); continue; }
                if (bgp.Count > 0) { acc = JoinOps(acc, new Bgp(bgp)); bgp = []; }
                acc = JoinOps(acc, (Op)part);
            }
            if (bgp.Count > 0 || acc is null) acc = JoinOps(acc, new Bgp(bgp));
            return acc;
        }

        private void TranslatePath(PatternTerm s, PropertyPath path, PatternTerm o, List<object> into)
        {
            switch (path)
            {
                case PathLink l: into.Add(new TriplePattern(s, new TermNode(l.Iri), o)); break;
                case PathInverse inv: TranslatePath(o, inv.Path, s, into); break;
                case PathSequence seq:
                    {
                        var mid = new Var("?P" + (_pathVars++).ToString(CultureInfo.InvariantCulture));
                        TranslatePath(s, seq.Left, mid, into);
                        TranslatePath(mid, seq.Right, o, into);
                        break;
                    }
                default: into.Add(new PathOp(s, path, o)); break;
            }
        }

        // ---- visible variables for SELECT * ----

        private static void VisibleInOrder(PatternElement e, List<string> names, HashSet<string> seen)
        {
            void Add(PatternTerm? t) { if (t is Var v && seen.Add(v.Name)) names.Add(v.Name); }
            switch (e)
            {
                case TriplesBlock tb: foreach (var t in tb.Triples) { Add(t.Subject); Add(t.Predicate); Add(t.Object); } break;
                case GroupPattern g:
                    if (g.SubSelect is { } sub)
                    {
                        if (sub.SelectAll) { if (sub.Where is not null) VisibleInOrder(sub.Where, names, seen); }
                        else foreach (var p in sub.Projection) Add(p.Variable);
                    }
                    else foreach (var c in g.Elements) VisibleInOrder(c, names, seen);
                    break;
                case UnionPattern u: foreach (var b in u.Branches) VisibleInOrder(b, names, seen); break;
                case OptionalPattern o: VisibleInOrder(o.Pattern, names, seen); break;
                case NamedGraphPattern ng: Add(ng.Graph); VisibleInOrder(ng.Pattern, names, seen); break;
                case ServicePattern sp: Add(sp.Endpoint); VisibleInOrder(sp.Pattern, names, seen); break;
                case BindElement b: Add(b.Variable); break;
                case InlineData d: foreach (var v in d.Variables) Add(v); break;
            }
        }
    }
}
