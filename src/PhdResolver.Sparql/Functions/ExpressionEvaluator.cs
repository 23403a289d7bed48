using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>Gives an expression the current solution's value of a variable (null: unbound).</summary>
public interface IBindingAccessor
{
    Term? Get(Var variable);
}

/// <summary>Per-query state that functions need.</summary>
public sealed class EvalContext
{
    /// <summary>NOW() — one value for the whole query (SPARQL 1.1 §17.4.5.1).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The query's base IRI, for IRI()/URI() on relative strings.</summary>
    public string? BaseIri { get; init; }

    public Random Random { get; init; } = Random.Shared;

    /// <summary>Evaluates the pattern of an EXISTS / NOT EXISTS against the current solution (set by the evaluator).
    /// Must return whether the pattern has at least one solution, ignoring <see cref="ExistsExpr.Negated"/>:
    /// the expression evaluator applies the negation itself.</summary>
    public Func<ExistsExpr, IBindingAccessor, bool>? Exists { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>The query's deadline (null: none): a function that can run long on one value (a
    /// regex match) is bounded by the time left rather than by a fixed limit.</summary>
    internal Evaluation.Deadline? Deadline { get; init; }

    private Literal? _nowLiteral;

    /// <summary>NOW() as an xsd:dateTime literal, formatted once per query.</summary>
    internal Literal NowLiteral => _nowLiteral ??= new Literal(
        Now.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture), Vocab.Xsd.DateTime);

    /// <summary>BNODE(str) memo: one blank node per (solution scope, string).</summary>
    internal readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Dictionary<string, BlankNode>> BNodeScopes = new();
}

/// <summary>
/// Evaluates SPARQL expressions over RDF terms (SPARQL 1.1 §17): operators with numeric type
/// promotion, the function library, casts, effective boolean value; null means an expression
/// error (unbound variable, type error), which FILTER treats as false and BIND as unbound.
/// </summary>
public static partial class ExpressionEvaluator
{
    /// <summary>The value of <paramref name="expression"/>, or null for an error.
    /// <paramref name="rowScope"/> keys BNODE(str) so that the same string gives the same blank node within one solution.</summary>
    public static Term? Evaluate(Expression expression, IBindingAccessor bindings, EvalContext context, object? rowScope = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(context);
        return new Evaluator(bindings, context, rowScope ?? bindings).Eval(expression);
    }

    /// <summary>Evaluates <paramref name="expression"/> as a FILTER condition: its effective boolean value, errors as false.</summary>
    public static bool EvaluateFilter(Expression expression, IBindingAccessor bindings, EvalContext context, object? rowScope = null) =>
        EffectiveBooleanValue(Evaluate(expression, bindings, context, rowScope)) == true;

    /// <summary>Effective boolean value (§17.2.2); null when it is an error.</summary>
    public static bool? EffectiveBooleanValue(Term? term)
    {
        if (term is not Literal l) return null;
        switch (XsdTypes.Classify(l))
        {
            case LiteralClass.Boolean:
                return XsdTypes.TryParseBoolean(l.Lexical, out bool b) && b; // invalid lexical form: false
            case LiteralClass.String:
            case LiteralClass.LangString: // §17.2.2 says "plain literal", which in RDF 1.0 terms includes language-tagged ones
                return l.Lexical.Length > 0;
            case LiteralClass.Numeric:
                return XsdTypes.TryNumeric(l, out var n) && !n.IsZero && !n.IsNaN;
            default:
                return null;
        }
    }

    /// <summary>The ORDER BY order (§15.1): unbound &lt; blank nodes &lt; IRIs &lt; literals, literals by value where comparable.</summary>
    public static int CompareForOrderBy(Term? a, Term? b) => TermComparer.CompareForOrderBy(a, b);

    /// <summary>The SPARQL <c>=</c> operator on two terms (true, false, or null for a type error).</summary>
    public static bool? ValueEquals(Term a, Term b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return TermComparer.Equal(a, b);
    }

    internal static readonly Literal True = new("true", Vocab.Xsd.Boolean);
    internal static readonly Literal False = new("false", Vocab.Xsd.Boolean);

    internal static Literal Bool(bool b) => b ? True : False;
}

/// <summary>Accumulates one aggregate over a group (§18.5).</summary>
public interface IAggregateAccumulator
{
    /// <summary>Adds the aggregate argument's value for one solution (null: error/unbound). COUNT(*) passes a dummy non-null term;
    /// COUNT(DISTINCT *) must pass a term that is equal exactly for equal solutions (e.g. a literal of the solution's terms in
    /// N-Triples form joined in variable order), because DISTINCT is applied to the values added here.</summary>
    void Add(Term? value);

    /// <summary>The aggregate's value, or null for an error (the variable stays unbound).</summary>
    Term? Result();
}

public static class Aggregates
{
    /// <summary>A fresh accumulator for one group (DISTINCT handled inside).</summary>
    public static IAggregateAccumulator Create(AggregateExpr aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        IAggregateAccumulator inner = aggregate.Kind switch
        {
            AggregateKind.Count => new CountAccumulator(),
            AggregateKind.Sum => new SumAccumulator(),
            AggregateKind.Avg => new AvgAccumulator(),
            AggregateKind.Min => new MinMaxAccumulator(max: false),
            AggregateKind.Max => new MinMaxAccumulator(max: true),
            AggregateKind.Sample => new SampleAccumulator(),
            _ => new GroupConcatAccumulator(aggregate.Separator ?? " "),
        };
        return aggregate.Distinct ? new DistinctAccumulator(inner) : inner;
    }
}
