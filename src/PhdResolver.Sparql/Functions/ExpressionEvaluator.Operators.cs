using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

public static partial class ExpressionEvaluator
{
    /// <summary>
    /// One evaluation: the solution, the query context and the BNODE(str) scope. A struct so that a
    /// FILTER evaluation per row costs no allocation beyond the result terms.
    /// </summary>
    internal readonly partial struct Evaluator
    {
        private readonly IBindingAccessor _bindings;
        private readonly EvalContext _context;
        private readonly object _rowScope;

        public Evaluator(IBindingAccessor bindings, EvalContext context, object rowScope)
        {
            _bindings = bindings;
            _context = context;
            _rowScope = rowScope;
        }

        public Term? Eval(Expression e) => e switch
        {
            VarExpr v => _bindings.Get(v.Variable),
            ConstantExpr c => c.Term,
            BinaryExpr b => Binary(b),
            UnaryExpr u => Unary(u),
            BuiltInCall f => BuiltIn(f),
            FunctionCall f => Function(f),
            InExpr i => In(i),
            ExistsExpr x => Exists(x),
            _ => null, // aggregates are replaced by their group values before expressions are evaluated
        };

        private bool? Ebv(Expression e) => EffectiveBooleanValue(Eval(e));

        private Term? Binary(BinaryExpr b)
        {
            switch (b.Op)
            {
                case BinaryOp.Or:
                    {
                        // Error-tolerant: true || error = true; false || error = error.
                        bool? l = Ebv(b.Left);
                        if (l == true) return True;
                        bool? r = Ebv(b.Right);
                        if (r == true) return True;
                        return l == false && r == false ? False : null;
                    }
                case BinaryOp.And:
                    {
                        bool? l = Ebv(b.Left);
                        if (l == false) return False;
                        bool? r = Ebv(b.Right);
                        if (r == false) return False;
                        return l == true && r == true ? True : null;
                    }
            }
            var left = Eval(b.Left);
            if (left is null) return null;
            var right = Eval(b.Right);
            if (right is null) return null;
            switch (b.Op)
            {
                case BinaryOp.Equal:
                    {
                        bool? eq = TermComparer.Equal(left, right);
                        return eq.HasValue ? Bool(eq.Value) : null;
                    }
                case BinaryOp.NotEqual:
                    {
                        bool? eq = TermComparer.Equal(left, right);
                        if (!eq.HasValue) return null;
                        // NaN != NaN is true although NaN = NaN is false: both follow from "unordered".
                        return Bool(!eq.Value);
                    }
                case BinaryOp.Less:
                case BinaryOp.Greater:
                case BinaryOp.LessOrEqual:
                case BinaryOp.GreaterOrEqual:
                    {
                        var order = XsdOrder.Compare(left, right);
                        if (order == XsdOrder.Order.Error) return null;
                        if (order == XsdOrder.Order.Unordered) return False;
                        int c = (int)order;
                        return Bool(b.Op switch
                        {
                            BinaryOp.Less => c < 0,
                            BinaryOp.Greater => c > 0,
                            BinaryOp.LessOrEqual => c <= 0,
                            _ => c >= 0,
                        });
                    }
                default:
                    if (!XsdTypes.TryNumeric(left, out var x) || !XsdTypes.TryNumeric(right, out var y)) return null;
                    var op = b.Op switch
                    {
                        BinaryOp.Add => NumericOp.Add,
                        BinaryOp.Subtract => NumericOp.Subtract,
                        BinaryOp.Multiply => NumericOp.Multiply,
                        _ => NumericOp.Divide,
                    };
                    return NumericValue.TryArithmetic(op, x, y, out var result) ? result.ToLiteral() : null;
            }
        }

        private Term? Unary(UnaryExpr u)
        {
            var v = Eval(u.Operand);
            if (u.Op == UnaryOp.Not)
            {
                bool? b = EffectiveBooleanValue(v);
                return b.HasValue ? Bool(!b.Value) : null;
            }
            if (!XsdTypes.TryNumeric(v, out var n)) return null;
            if (u.Op == UnaryOp.Plus) return n.ToLiteral(); // unary plus keeps the value and promotes derived types to their base
            return n.Negate().ToLiteral();
        }

        /// <summary>IN / NOT IN (§17.4.1.9): true on a match even if other members err; error if no match but some error.</summary>
        private Term? In(InExpr i)
        {
            var v = Eval(i.Operand);
            if (v is null) return null;
            bool sawError = false;
            foreach (var member in i.List)
            {
                var m = Eval(member);
                bool? eq = m is null ? null : TermComparer.Equal(v, m);
                if (eq == true) return Bool(!i.Negated);
                if (eq is null) sawError = true;
            }
            return sawError ? null : Bool(i.Negated);
        }

        private Term? Exists(ExistsExpr x)
        {
            if (_context.Exists is null) return null;
            bool found = _context.Exists(x, _bindings);
            return Bool(found != x.Negated);
        }
    }
}
