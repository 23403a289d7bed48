using PhdResolver.Rdf;
using PhdResolver.Sparql.Syntax;

namespace PhdResolver.Sparql;

public sealed partial class SparqlParser
{
    // Aggregates are legal only in SELECT, HAVING and ORDER BY of the query being parsed.
    private bool _aggregatesAllowed;
    private bool _sawAggregate;
    // Where each SELECT item starts, so that scope errors point at the item.
    private readonly Dictionary<Query, List<Token>> _projectionTokens = new(ReferenceEqualityComparer.Instance);

    private Query QueryUnit()
    {
        Prologue();
        var q = new Query();
        if (AtWord("SELECT")) SelectQuery(q, sub: false);
        else if (AcceptWord("CONSTRUCT")) ConstructQuery(q);
        else if (AcceptWord("DESCRIBE")) DescribeQuery(q);
        else if (AcceptWord("ASK")) { q.Form = QueryForm.Ask; DatasetClauses(q); WhereClause(q, optionalKeyword: true); SolutionModifier(q); }
        else throw Fail($"expected SELECT, CONSTRUCT, DESCRIBE or ASK but found {Cur.Describe()}");
        ValuesClause(q);
        if (Cur.Kind != TokenKind.Eof) throw Fail($"expected end of query but found {Cur.Describe()}");
        q.BaseIri = _base;
        q.Prefixes = new Dictionary<string, string>(_prefixes, StringComparer.Ordinal);
        return q;
    }

    private void SelectQuery(Query q, bool sub)
    {
        bool savedSaw = _sawAggregate;
        _sawAggregate = false;
        var startTok = Cur;
        q.Form = QueryForm.Select;
        SelectClause(q);
        if (!sub) DatasetClauses(q);
        WhereClause(q, optionalKeyword: true);
        SolutionModifier(q);
        if (sub) ValuesClause(q);
        _sawAggregate = savedSaw;
        var itemTokens = _projectionTokens.GetValueOrDefault(q);
        ScopeChecks.CheckSelect(q, (index, m) => FailAt(index >= 0 && itemTokens is not null && index < itemTokens.Count ? itemTokens[index] : startTok, m));
    }

    private void SelectClause(Query q)
    {
        ExpectWord("SELECT");
        if (AcceptWord("DISTINCT")) q.Distinct = true;
        else if (AcceptWord("REDUCED")) q.Reduced = true;
        if (AcceptPunct("*")) { q.SelectAll = true; return; }
        bool saved = _aggregatesAllowed;
        _aggregatesAllowed = true;
        var tokens = _projectionTokens[q] = [];
        while (true)
        {
            tokens.Add(Cur);
            if (Cur.Kind == TokenKind.Var) q.Projection.Add(new Projection(ParseVar(), null));
            else if (AcceptPunct("("))
            {
                // Each expression is an Extend above the rest of the query: not restored.
                Deeper();
                var e = Expression();
                if (!AcceptWord("AS")) throw Fail($"expected 'AS' in a SELECT expression but found {Cur.Describe()}");
                var v = ParseVar();
                ExpectPunct(")");
                q.Projection.Add(new Projection(v, e));
            }
            else break;
        }
        _aggregatesAllowed = saved;
        if (q.Projection.Count == 0) throw Fail($"expected '*', a variable or '(expression AS ?var)' after SELECT but found {Cur.Describe()}");
    }

    private void ConstructQuery(Query q)
    {
        q.Form = QueryForm.Construct;
        if (AtPunct("{"))
        {
            q.ConstructTemplate = TemplateTriples();
            DatasetClauses(q);
            WhereClause(q, optionalKeyword: true);
        }
        else
        {
            // CONSTRUCT WHERE { TriplesTemplate }: the template is the pattern, so no FILTER, GRAPH etc.
            DatasetClauses(q);
            ExpectWord("WHERE");
            ExpectPunct("{");
            int saved = _currentScope;
            _currentScope = NewScope();
            var triples = new List<TripleSyntax>();
            TriplesTemplate(triples);
            _currentScope = saved;
            if (!AtPunct("}")) throw Fail($"expected '}}' but found {Cur.Describe()} (CONSTRUCT WHERE allows only triple patterns)");
            _i++;
            q.ConstructTemplate = triples.ConvertAll(t => new TriplePattern(t.Subject, t.Predicate!, t.Object));
            q.Where = new GroupPattern(triples.Count == 0 ? [] : [new TriplesBlock(triples)]);
        }
        SolutionModifier(q);
    }

    private List<TriplePattern> TemplateTriples()
    {
        ExpectPunct("{");
        int saved = _currentScope;
        _currentScope = NewScope();
        // Template blank nodes stand for fresh nodes per solution: their labels are independent of the WHERE clause.
        var (savedScopes, savedLabels) = (_labelScope, _labels);
        (_labelScope, _labels) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        var triples = new List<TripleSyntax>();
        TriplesTemplate(triples);
        (_labelScope, _labels) = (savedScopes, savedLabels);
        _currentScope = saved;
        ExpectPunct("}");
        return triples.ConvertAll(t => new TriplePattern(t.Subject, t.Predicate!, t.Object));
    }

    private void DescribeQuery(Query q)
    {
        q.Form = QueryForm.Describe;
        if (AcceptPunct("*")) q.SelectAll = true;
        else
        {
            while (Cur.Kind == TokenKind.Var || AtIri) q.DescribeTerms.Add(ParseVarOrIri());
            if (q.DescribeTerms.Count == 0) throw Fail($"expected '*', a variable or an IRI after DESCRIBE but found {Cur.Describe()}");
        }
        DatasetClauses(q);
        if (AtWord("WHERE") || AtPunct("{")) WhereClause(q, optionalKeyword: true);
        SolutionModifier(q);
    }

    private void DatasetClauses(Query q)
    {
        while (AcceptWord("FROM"))
        {
            if (AcceptWord("NAMED")) q.FromNamed.Add(ParseIri());
            else q.From.Add(ParseIri());
        }
    }

    private void WhereClause(Query q, bool optionalKeyword)
    {
        if (!AcceptWord("WHERE") && !optionalKeyword) throw Fail($"expected 'WHERE' but found {Cur.Describe()}");
        if (!AtPunct("{")) throw Fail($"expected '{{' to start the WHERE clause but found {Cur.Describe()}");
        q.Where = GroupGraphPattern();
    }

    private void SolutionModifier(Query q)
    {
        if (AcceptWord("GROUP"))
        {
            ExpectWord("BY");
            while (true)
            {
                if (Cur.Kind == TokenKind.Var) { var v = ParseVar(); q.GroupBy.Add(new GroupCondition(new VarExpr(v), null)); }
                else if (AcceptPunct("("))
                {
                    var e = Expression();
                    Var? alias = AcceptWord("AS") ? ParseVar() : null;
                    ExpectPunct(")");
                    q.GroupBy.Add(new GroupCondition(e, alias));
                }
                else if (StartsBuiltInOrFunction()) q.GroupBy.Add(new GroupCondition(PrimaryExpression(), null));
                else break;
            }
            if (q.GroupBy.Count == 0) throw Fail($"expected a GROUP BY condition but found {Cur.Describe()}");
        }
        bool saved = _aggregatesAllowed;
        _aggregatesAllowed = true;
        if (AcceptWord("HAVING"))
        {
            do q.Having.Add(Constraint("HAVING"));
            while (AtPunct("(") || StartsBuiltInOrFunction());
        }
        if (AcceptWord("ORDER"))
        {
            ExpectWord("BY");
            while (true)
            {
                if (AcceptWord("ASC")) q.OrderBy.Add(new OrderCondition(BrackettedExpression(), false));
                else if (AcceptWord("DESC")) q.OrderBy.Add(new OrderCondition(BrackettedExpression(), true));
                else if (Cur.Kind == TokenKind.Var) q.OrderBy.Add(new OrderCondition(new VarExpr(ParseVar()), false));
                else if (AtPunct("(") || StartsBuiltInOrFunction()) q.OrderBy.Add(new OrderCondition(Constraint("ORDER BY"), false));
                else break;
            }
            if (q.OrderBy.Count == 0) throw Fail($"expected an ORDER BY condition but found {Cur.Describe()}");
        }
        _aggregatesAllowed = saved;
        q.IsAggregateQuery = q.GroupBy.Count > 0 || _sawAggregate;
        if (AcceptWord("LIMIT"))
        {
            q.Limit = ParseInteger("LIMIT");
            if (AcceptWord("OFFSET")) q.Offset = ParseInteger("OFFSET");
        }
        else if (AcceptWord("OFFSET"))
        {
            q.Offset = ParseInteger("OFFSET");
            if (AcceptWord("LIMIT")) q.Limit = ParseInteger("LIMIT");
        }
    }

    /// <summary>Constraint ::= BrackettedExpression | BuiltInCall | FunctionCall.</summary>
    private Expression Constraint(string clause)
    {
        if (AtPunct("(")) return BrackettedExpression();
        if (StartsBuiltInOrFunction()) return PrimaryExpression();
        throw Fail($"expected a bracketted expression or function call in {clause} but found {Cur.Describe()}");
    }

    private void ValuesClause(Query q)
    {
        if (AcceptWord("VALUES")) q.Values = DataBlock();
    }

    /// <summary>DataBlock (after VALUES): one variable with a list of values, or a tuple of variables with rows.</summary>
    private InlineData DataBlock()
    {
        var vars = new List<Var>();
        var rows = new List<Term?[]>();
        if (Cur.Kind == TokenKind.Var)
        {
            vars.Add(ParseVar());
            ExpectPunct("{");
            while (!AtPunct("}"))
                rows.Add([DataBlockValue()]);
            _i++;
            return new InlineData(vars, rows);
        }
        if (Cur.Kind == TokenKind.Nil) _i++;
        else
        {
            ExpectPunct("(");
            while (Cur.Kind == TokenKind.Var) vars.Add(ParseVar());
            ExpectPunct(")");
        }
        ExpectPunct("{");
        while (true)
        {
            var rowStart = Cur;
            if (Cur.Kind == TokenKind.Nil)
            {
                _i++;
                if (vars.Count != 0) throw FailAt(rowStart, $"VALUES row has 0 values but {vars.Count} variables were declared");
                rows.Add([]);
            }
            else if (AcceptPunct("("))
            {
                var row = new List<Term?>();
                while (!AtPunct(")")) row.Add(DataBlockValue());
                _i++;
                if (row.Count != vars.Count) throw FailAt(rowStart, $"VALUES row has {row.Count} values but {vars.Count} variables were declared");
                rows.Add([.. row]);
            }
            else break;
        }
        ExpectPunct("}");
        return new InlineData(vars, rows);
    }

    private Term? DataBlockValue()
    {
        if (AcceptWord("UNDEF")) return null;
        if (AtIri) return ParseIri();
        return TryLiteral() ?? throw Fail($"expected an IRI, a literal or UNDEF but found {Cur.Describe()}");
    }
}
