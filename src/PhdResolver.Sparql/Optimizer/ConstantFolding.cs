using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Optimizer;

/// <summary>Replaces sub-expressions without variables by their value (evaluated once, not per
/// row). Non-deterministic functions and errors are left alone (an error must surface per row).</summary>
internal static class ConstantFolding
{
    private static readonly HashSet<string> s_volatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "RAND", "NOW", "UUID", "STRUUID", "BNODE",
    };

    private static readonly EvalContext s_context = new();

    public static Expression Fold(Expression e)
    {
        switch (e)
        {
            case BinaryExpr b:
                {
                    var l = Fold(b.Left); var r = Fold(b.Right);
                    var n = ReferenceEquals(l, b.Left) && ReferenceEquals(r, b.Right) ? b : new BinaryExpr(b.Op, l, r);
                    return l is ConstantExpr && r is ConstantExpr ? TryEval(n) : n;
                }
            case UnaryExpr u:
                {
                    var o = Fold(u.Operand);
                    var n = ReferenceEquals(o, u.Operand) ? u : new UnaryExpr(u.Op, o);
                    return o is ConstantExpr ? TryEval(n) : n;
                }
            case BuiltInCall c when !s_volatile.Contains(c.Name):
                {
                    var args = c.Args.Select(Fold).ToList();
                    var n = new BuiltInCall(c.Name, args);
                    return args.Count > 0 && args.All(a => a is ConstantExpr) ? TryEval(n) : n;
                }
            default:
                return e;
        }
    }

    private static Expression TryEval(Expression e)
    {
        try
        {
            return ExpressionEvaluator.Evaluate(e, NoBindings.Instance, s_context) is { } t ? new ConstantExpr(t) : e;
        }
        catch (NotSupportedException)
        {
            return e;
        }
    }

    private sealed class NoBindings : IBindingAccessor
    {
        public static readonly NoBindings Instance = new();
        public Term? Get(Var variable) => null;
    }
}
