using PhdResolver.Rdf;
using PhdResolver.Sparql.Syntax;

namespace PhdResolver.Sparql;

public sealed partial class SparqlParser
{
    /// <summary>Built-in functions with their arity (min, max; -1 = any). Aggregates and EXISTS are handled apart.</summary>
    private static readonly Dictionary<string, (int Min, int Max)> s_builtIns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["STR"] = (1, 1), ["LANG"] = (1, 1), ["LANGMATCHES"] = (2, 2), ["DATATYPE"] = (1, 1), ["BOUND"] = (1, 1),
        ["IRI"] = (1, 1), ["URI"] = (1, 1), ["BNODE"] = (0, 1), ["RAND"] = (0, 0), ["ABS"] = (1, 1), ["CEIL"] = (1, 1),
        ["FLOOR"] = (1, 1), ["ROUND"] = (1, 1), ["CONCAT"] = (0, -1), ["SUBSTR"] = (2, 3), ["STRLEN"] = (1, 1),
        ["REPLACE"] = (3, 4), ["UCASE"] = (1, 1), ["LCASE"] = (1, 1), ["ENCODE_FOR_URI"] = (1, 1), ["CONTAINS"] = (2, 2),
        ["STRSTARTS"] = (2, 2), ["STRENDS"] = (2, 2), ["STRBEFORE"] = (2, 2), ["STRAFTER"] = (2, 2), ["YEAR"] = (1, 1),
        ["MONTH"] = (1, 1), ["DAY"] = (1, 1), ["HOURS"] = (1, 1), ["MINUTES"] = (1, 1), ["SECONDS"] = (1, 1),
        ["TIMEZONE"] = (1, 1), ["TZ"] = (1, 1), ["NOW"] = (0, 0), ["UUID"] = (0, 0), ["STRUUID"] = (0, 0),
        ["MD5"] = (1, 1), ["SHA1"] = (1, 1), ["SHA256"] = (1, 1), ["SHA384"] = (1, 1), ["SHA512"] = (1, 1),
        ["COALESCE"] = (0, -1), ["IF"] = (3, 3), ["STRLANG"] = (2, 2), ["STRDT"] = (2, 2), ["SAMETERM"] = (2, 2),
        ["ISIRI"] = (1, 1), ["ISURI"] = (1, 1), ["ISBLANK"] = (1, 1), ["ISLITERAL"] = (1, 1), ["ISNUMERIC"] = (1, 1),
        ["REGEX"] = (2, 3),
    };

    private static readonly Dictionary<string, AggregateKind> s_aggregates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["COUNT"] = AggregateKind.Count, ["SUM"] = AggregateKind.Sum, ["MIN"] = AggregateKind.Min, ["MAX"] = AggregateKind.Max,
        ["AVG"] = AggregateKind.Avg, ["SAMPLE"] = AggregateKind.Sample, ["GROUP_CONCAT"] = AggregateKind.GroupConcat,
    };

    private bool StartsBuiltInOrFunction()
    {
        var t = Cur;
        if (t.Kind is TokenKind.IriRef or TokenKind.PName) return true;
        if (t.Kind != TokenKind.Word) return false;
        return s_builtIns.ContainsKey(t.Text) || s_aggregates.ContainsKey(t.Text) || t.IsWord("EXISTS")
            || (t.IsWord("NOT") && PeekTok().IsWord("EXISTS"));
    }

    private Expression BrackettedExpression()
    {
        ExpectPunct("(");
        var e = Expression();
        ExpectPunct(")");
        return e;
    }

    private Expression Expression()
    {
        int depth = _depth;
        Deeper();
        var left = AndExpression();
        while (AcceptPunct("||")) { Deeper(); left = new BinaryExpr(BinaryOp.Or, left, AndExpression()); }
        _depth = depth;
        return left;
    }

    private Expression AndExpression()
    {
        int depth = _depth;
        var left = RelationalExpression();
        while (AcceptPunct("&&")) { Deeper(); left = new BinaryExpr(BinaryOp.And, left, RelationalExpression()); }
        _depth = depth;
        return left;
    }

    private Expression RelationalExpression()
    {
        var left = AdditiveExpression();
        var t = Cur;
        if (t.Kind == TokenKind.Punct)
        {
            BinaryOp? op = t.Text switch
            {
                "=" => BinaryOp.Equal, "!=" => BinaryOp.NotEqual, "<" => BinaryOp.Less, ">" => BinaryOp.Greater,
                "<=" => BinaryOp.LessOrEqual, ">=" => BinaryOp.GreaterOrEqual, _ => null,
            };
            if (op is { } o) { _i++; return new BinaryExpr(o, left, AdditiveExpression()); }
        }
        if (AcceptWord("IN")) return new InExpr(left, ExpressionList(), false);
        if (AtWord("NOT") && PeekTok().IsWord("IN"))
        {
            _i += 2;
            return new InExpr(left, ExpressionList(), true);
        }
        return left;
    }

    private Expression AdditiveExpression()
    {
        int depth = _depth;
        var left = MultiplicativeExpression();
        while (true)
        {
            if (AcceptPunct("+")) { Deeper(); left = new BinaryExpr(BinaryOp.Add, left, MultiplicativeExpression()); }
            else if (AcceptPunct("-")) { Deeper(); left = new BinaryExpr(BinaryOp.Subtract, left, MultiplicativeExpression()); }
            else { _depth = depth; return left; }
        }
    }

    private Expression MultiplicativeExpression()
    {
        int depth = _depth;
        var left = UnaryExpression();
        while (true)
        {
            if (AcceptPunct("*")) { Deeper(); left = new BinaryExpr(BinaryOp.Multiply, left, UnaryExpression()); }
            else if (AcceptPunct("/")) { Deeper(); left = new BinaryExpr(BinaryOp.Divide, left, UnaryExpression()); }
            else { _depth = depth; return left; }
        }
    }

    private Expression UnaryExpression()
    {
        var t = Cur;
        if (AcceptPunct("!")) return new UnaryExpr(UnaryOp.Not, PrimaryExpression());
        if (t.IsPunct("+") || t.IsPunct("-"))
        {
            // A sign glued to a number is part of the literal (INTEGER_POSITIVE etc.).
            if (IsNumber(PeekTok().Kind) && PeekTok().Start == t.End) return new ConstantExpr(TryLiteral()!);
            _i++;
            return new UnaryExpr(t.Text == "+" ? UnaryOp.Plus : UnaryOp.Minus, PrimaryExpression());
        }
        return PrimaryExpression();
    }

    private Expression PrimaryExpression()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Punct when t.Text == "(":
                return BrackettedExpression();
            case TokenKind.Var:
                _i++;
                return new VarExpr(new Var(t.Text));
            case TokenKind.IriRef:
            case TokenKind.PName:
                {
                    var iri = ParseIri();
                    if (!AtPunct("(") && Cur.Kind != TokenKind.Nil) return new ConstantExpr(iri);
                    return FunctionCallArgs(iri);
                }
            case TokenKind.Word:
                if (t.IsWord("true") || t.IsWord("false")) return new ConstantExpr(TryLiteral()!);
                return BuiltInCall();
            case TokenKind.BlankNodeLabel:
            case TokenKind.Anon:
                throw Fail("blank nodes are not allowed in expressions");
        }
        var lit = TryLiteral();
        if (lit is not null) return new ConstantExpr(lit);
        throw Fail($"expected an expression but found {t.Describe()}");
    }

    private FunctionCall FunctionCallArgs(Iri iri)
    {
        if (Cur.Kind == TokenKind.Nil) { _i++; return new FunctionCall(iri, [], false); }
        ExpectPunct("(");
        bool distinct = AcceptWord("DISTINCT");
        var args = new List<Expression> { Expression() };
        while (AcceptPunct(",")) args.Add(Expression());
        ExpectPunct(")");
        return new FunctionCall(iri, args, distinct);
    }

    private List<Expression> ExpressionList()
    {
        if (Cur.Kind == TokenKind.Nil) { _i++; return []; }
        ExpectPunct("(");
        var list = new List<Expression> { Expression() };
        while (AcceptPunct(",")) list.Add(Expression());
        ExpectPunct(")");
        return list;
    }

    private Expression BuiltInCall()
    {
        var t = Cur;
        if (s_aggregates.TryGetValue(t.Text, out var kind)) return Aggregate(kind);
        if (t.IsWord("EXISTS") || t.IsWord("NOT"))
        {
            bool negated = AcceptWord("NOT");
            ExpectWord("EXISTS");
            bool saved = _aggregatesAllowed;
            _aggregatesAllowed = false;
            var g = GroupGraphPattern();
            _aggregatesAllowed = saved;
            return new ExistsExpr(negated, g);
        }
        if (!s_builtIns.TryGetValue(t.Text, out var arity)) throw Fail($"unknown function or keyword '{t.Text}' in an expression");
        _i++;
        string name = t.Text.ToUpperInvariant();
        if (name == "BOUND")
        {
            ExpectPunct("(");
            var v = ParseVar();
            ExpectPunct(")");
            return new BuiltInCall(name, [new VarExpr(v)]);
        }
        List<Expression> args;
        if (Cur.Kind == TokenKind.Nil) { _i++; args = []; }
        else
        {
            if (!AtPunct("(")) throw Fail($"expected '(' after {name} but found {Cur.Describe()}");
            args = ExpressionList();
        }
        if (args.Count < arity.Min || (arity.Max >= 0 && args.Count > arity.Max))
            throw FailAt(t, arity.Min == arity.Max
                ? $"{name} takes {arity.Min} argument(s) but {args.Count} were given"
                : $"{name} takes {arity.Min} to {(arity.Max < 0 ? "any number of" : arity.Max.ToString(System.Globalization.CultureInfo.InvariantCulture))} arguments but {args.Count} were given");
        return new BuiltInCall(name, args);
    }

    private AggregateExpr Aggregate(AggregateKind kind)
    {
        var t = Advance();
        if (!_aggregatesAllowed) throw FailAt(t, $"aggregate {t.Text.ToUpperInvariant()} is only allowed in SELECT, HAVING and ORDER BY (and not nested)");
        _sawAggregate = true;
        ExpectPunct("(");
        bool distinct = AcceptWord("DISTINCT");
        _aggregatesAllowed = false;
        Expression? arg = null;
        string? separator = null;
        if (kind == AggregateKind.Count && AcceptPunct("*")) { }
        else arg = Expression();
        if (kind == AggregateKind.GroupConcat && AcceptPunct(";"))
        {
            ExpectWord("SEPARATOR");
            ExpectPunct("=");
            separator = ParseString();
        }
        _aggregatesAllowed = true;
        ExpectPunct(")");
        return new AggregateExpr(kind, distinct, arg, separator);
    }
}
