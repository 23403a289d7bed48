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

    /// <summary>Evaluates EXISTS / NOT EXISTS patterns against the current solution (set by the evaluator).</summary>
    public Func<ExistsExpr, IBindingAccessor, bool>? Exists { get; init; }

    public CancellationToken Cancellation { get; init; }
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
    public static Term? Evaluate(Expression expression, IBindingAccessor bindings, EvalContext context, object? rowScope = null) =>
        throw new NotSupportedException("expression evaluation is not implemented yet");

    /// <summary>Effective boolean value (§17.2.2); null when it is an error.</summary>
    public static bool? EffectiveBooleanValue(Term? term) =>
        throw new NotSupportedException("EBV is not implemented yet");

    /// <summary>The ORDER BY order (§15.1): unbound &lt; blank nodes &lt; IRIs &lt; literals, literals by value where comparable.</summary>
    public static int CompareForOrderBy(Term? a, Term? b) =>
        throw new NotSupportedException("ORDER BY comparison is not implemented yet");
}

/// <summary>Accumulates one aggregate over a group (§18.5).</summary>
public interface IAggregateAccumulator
{
    /// <summary>Adds the aggregate argument's value for one solution (null: error/unbound). COUNT(*) passes a dummy non-null term.</summary>
    void Add(Term? value);

    /// <summary>The aggregate's value, or null for an error (the variable stays unbound).</summary>
    Term? Result();
}

public static class Aggregates
{
    /// <summary>A fresh accumulator for one group (DISTINCT handled inside).</summary>
    public static IAggregateAccumulator Create(AggregateExpr aggregate) =>
        throw new NotSupportedException("aggregates are not implemented yet");
}
