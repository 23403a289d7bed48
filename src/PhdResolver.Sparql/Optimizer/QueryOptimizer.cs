using PhdResolver.Sparql.Evaluation;

namespace PhdResolver.Sparql.Optimizer;

/// <summary>
/// Rewrites the algebra before evaluation (a separate pass, as Oxigraph's sparopt): merges
/// adjacent BGPs, folds constant sub-expressions, pushes filter conjuncts down to the lowest
/// operator that always binds their variables, and orders each BGP's triple patterns greedily by
/// the store's cardinality estimates. Join algorithms are picked by the evaluator from the shape
/// of the result (index nested loop into seedable right sides, hash join otherwise).
/// </summary>
public static class QueryOptimizer
{
    /// <summary>Optimizes <paramref name="op"/> with no deadline; <paramref name="estimate"/> gives the number of
    /// matches of a triple pattern with its constants bound (variables free). Ordering a BGP is quadratic in
    /// its size (2*10^4 patterns take tens of seconds): for algebra built from a client's query text use the
    /// overload with a timeout and cancellation, as the engine does.</summary>
    public static Op Optimize(Op op, Func<TriplePattern, long> estimate) => Optimize(op, estimate, null, default);

    /// <summary>
    /// As <see cref="Optimize(Op, Func{TriplePattern, long})"/>, stopping when <paramref name="timeout"/> has
    /// passed (<see cref="SparqlTimeoutException"/>) or <paramref name="ct"/> is cancelled
    /// (<see cref="OperationCanceledException"/>). Both are checked inside the join-ordering loop, once per
    /// candidate pattern (adaptively, see <see cref="Deadline"/>), so a huge BGP stops within about a
    /// millisecond of the deadline rather than after its quadratic ordering.
    /// </summary>
    public static Op Optimize(Op op, Func<TriplePattern, long> estimate, TimeSpan? timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(estimate);
        return new Pass(estimate, new Deadline(timeout, ct)).Rewrite(op);
    }

    /// <summary>As <see cref="Optimize(Op, Func{TriplePattern, long})"/>, under the request's deadline:
    /// ordering a BGP is quadratic in its size, and a query text can hold a BGP of millions of patterns.</summary>
    internal static Op Optimize(Op op, Func<TriplePattern, long> estimate, Deadline? deadline) =>
        new Pass(estimate, deadline).Rewrite(op);

    private sealed class Pass(Func<TriplePattern, long> estimate, Deadline? deadline)
    {
        public Op Rewrite(Op op)
        {
            deadline?.Tick();
            switch (op)
            {
                case Bgp b: return JoinOrder.Order(b, estimate, deadline);
                case Join j:
                    {
                        var l = Rewrite(j.Left);
                        var r = Rewrite(j.Right);
                        if (l is Bgp lb && r is Bgp rb) return JoinOrder.Order(new Bgp([.. lb.Triples, .. rb.Triples]), estimate, deadline);
                        return new Join(l, r);
                    }
                case LeftJoin lj: return new LeftJoin(Rewrite(lj.Left), Rewrite(lj.Right), lj.Filter is null ? null : Expr(lj.Filter));
                case Filter f: return FilterPushdown.Push(f.Conditions.Select(Expr).ToList(), Rewrite(f.Input));
                case Union u: return new Union(Rewrite(u.Left), Rewrite(u.Right));
                case Minus m: return new Minus(Rewrite(m.Left), Rewrite(m.Right));
                case Graph g: return new Graph(g.Name, Rewrite(g.Input));
                case Service s: return s;
                case Extend e: return new Extend(Rewrite(e.Input), e.Variable, Expr(e.Expression));
                case Group g:
                    return new Group(
                        g.Keys.Select(k => new GroupKey(Expr(k.Expression), k.Variable)).ToList(),
                        g.Aggregates,
                        Rewrite(g.Input));
                case OrderBy o: return new OrderBy(o.Conditions.Select(c => new OrderCondition(Expr(c.Expression), c.Descending)).ToList(), Rewrite(o.Input));
                case Project p: return new Project(p.Variables, Rewrite(p.Input));
                case Distinct d: return new Distinct(Rewrite(d.Input));
                case Reduced r: return new Reduced(Rewrite(r.Input));
                case Slice s: return new Slice(s.Offset, s.Limit, Rewrite(s.Input));
                default: return op;
            }
        }

        private Expression Expr(Expression e)
        {
            e = ConstantFolding.Fold(e);
            return MapExists(e);
        }

        /// <summary>EXISTS patterns are optimized too (their algebra hangs off the expression).</summary>
        private Expression MapExists(Expression e) => e switch
        {
            ExistsExpr x when x.Algebra is not null => x with { Algebra = Rewrite(x.Algebra) },
            BinaryExpr b => new BinaryExpr(b.Op, MapExists(b.Left), MapExists(b.Right)),
            UnaryExpr u => new UnaryExpr(u.Op, MapExists(u.Operand)),
            InExpr i => new InExpr(MapExists(i.Operand), i.List.Select(MapExists).ToList(), i.Negated),
            BuiltInCall c => new BuiltInCall(c.Name, c.Args.Select(MapExists).ToList()),
            FunctionCall f => new FunctionCall(f.Function, f.Args.Select(MapExists).ToList(), f.Distinct),
            _ => e,
        };
    }
}
