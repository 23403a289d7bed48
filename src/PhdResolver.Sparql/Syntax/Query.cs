using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

public enum QueryForm { Select, Construct, Ask, Describe }

/// <summary>A SELECT item: a plain variable or <c>(expression AS ?var)</c>.</summary>
public sealed record Projection(Var Variable, Expression? Expression);

public sealed record GroupCondition(Expression Expression, Var? Alias);

public sealed record OrderCondition(Expression Expression, bool Descending);

/// <summary>A parsed query (also used for sub-selects). Mutable only while the parser fills it.</summary>
public sealed class Query
{
    public QueryForm Form { get; internal set; }
    public string? BaseIri { get; internal set; }
    public IReadOnlyDictionary<string, string> Prefixes { get; internal set; } = new Dictionary<string, string>();

    public bool Distinct { get; internal set; }
    public bool Reduced { get; internal set; }
    /// <summary>SELECT * (or DESCRIBE *).</summary>
    public bool SelectAll { get; internal set; }
    public List<Projection> Projection { get; } = [];

    /// <summary>CONSTRUCT template (for CONSTRUCT WHERE, the triples of the WHERE clause).</summary>
    public List<TriplePattern>? ConstructTemplate { get; internal set; }
    public List<PatternTerm> DescribeTerms { get; } = [];

    public List<Iri> From { get; } = [];
    public List<Iri> FromNamed { get; } = [];

    /// <summary>The WHERE clause; null only for a DESCRIBE without one.</summary>
    public GroupPattern? Where { get; internal set; }

    public List<GroupCondition> GroupBy { get; } = [];
    public List<Expression> Having { get; } = [];
    public List<OrderCondition> OrderBy { get; } = [];
    public long? Limit { get; internal set; }
    public long? Offset { get; internal set; }
    /// <summary>Trailing VALUES clause.</summary>
    public InlineData? Values { get; internal set; }

    /// <summary>True when the query groups (GROUP BY or an aggregate in SELECT/HAVING/ORDER BY).</summary>
    public bool IsAggregateQuery { get; internal set; }

    /// <summary>
    /// Lowers LIMIT to <paramref name="max"/> when the query has none or a larger one; true when it
    /// changed. An endpoint with a row cap N asks for N + 1 rows this way: the extra row tells it that
    /// the result was cut, and the LIMIT makes evaluation stop there (the slice ends early, and an ORDER
    /// BY under it may keep only the top rows) instead of producing rows nobody will be sent.
    /// </summary>
    public bool CapLimit(long max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (Limit is { } l && l <= max) return false;
        Limit = max;
        return true;
    }
}
