using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>A SPARQL algebra operator (SPARQL 1.1 §18). Nodes are immutable.</summary>
public abstract record Op
{
    public sealed override string ToString() => SseWriter.Write(this);
}

/// <summary>A basic graph pattern (triple patterns with IRI or variable predicates).</summary>
public sealed record Bgp(IReadOnlyList<TriplePattern> Triples) : Op;

/// <summary>A property path pattern that could not be reduced to triples (§18.2.2.4).</summary>
public sealed record PathOp(PatternTerm Subject, PropertyPath Path, PatternTerm Object) : Op;

public sealed record Join(Op Left, Op Right) : Op;

/// <summary>LeftJoin(left, right, expr); a null filter means true.</summary>
public sealed record LeftJoin(Op Left, Op Right, Expression? Filter) : Op;

/// <summary>Filter by the conjunction of <see cref="Conditions"/>.</summary>
public sealed record Filter(IReadOnlyList<Expression> Conditions, Op Input) : Op;

public sealed record Union(Op Left, Op Right) : Op;

public sealed record Minus(Op Left, Op Right) : Op;

public sealed record Graph(PatternTerm Name, Op Input) : Op;

public sealed record Service(bool Silent, PatternTerm Endpoint, Op Input) : Op;

public sealed record Extend(Op Input, Var Variable, Expression Expression) : Op;

/// <summary>A table of solutions (VALUES); a null cell is unbound. <see cref="Unit"/> is the one empty solution.</summary>
public sealed record Table(IReadOnlyList<Var> Variables, IReadOnlyList<Term?[]> Rows) : Op
{
    public static readonly Table Unit = new([], [Array.Empty<Term?>()]);

    public bool IsUnit => Variables.Count == 0 && Rows.Count == 1;
}

/// <summary>A group key: an expression, bound to <see cref="Variable"/> when written <c>(expr AS ?v)</c> or a plain variable.</summary>
public sealed record GroupKey(Expression Expression, Var? Variable);

/// <summary>An aggregate computed per group and bound to a generated variable.</summary>
public sealed record AggregateBinding(Var Variable, AggregateExpr Aggregate);

/// <summary>Group + Aggregation + AggregateJoin (§18.2.4.1) in one node, as ARQ and Oxigraph do.</summary>
public sealed record Group(IReadOnlyList<GroupKey> Keys, IReadOnlyList<AggregateBinding> Aggregates, Op Input) : Op;

public sealed record OrderBy(IReadOnlyList<OrderCondition> Conditions, Op Input) : Op;

public sealed record Project(IReadOnlyList<Var> Variables, Op Input) : Op;

public sealed record Distinct(Op Input) : Op;

public sealed record Reduced(Op Input) : Op;

/// <summary>OFFSET/LIMIT; null means absent.</summary>
public sealed record Slice(long? Offset, long? Limit, Op Input) : Op;
