namespace PhdResolver.Sparql;

/// <summary>Limits and policies of a <see cref="SparqlEngine"/>.</summary>
public sealed record SparqlOptions
{
    public static readonly SparqlOptions Default = new();

    /// <summary>Wall-clock limit of one query or update (null: none).</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Rows an operator may hold in memory (hash-join build sides, ORDER BY, GROUP BY, DISTINCT).</summary>
    public long MaxIntermediateRows { get; init; } = 10_000_000;

    /// <summary>Rows a SELECT may return (null: no limit); exceeding it is an error, not a silent truncation.</summary>
    public long? MaxResultRows { get; init; }

    /// <summary>SERVICE endpoints that may be called (none by default; calling them is not implemented yet).</summary>
    public IReadOnlyList<string> ServiceAllowList { get; init; } = [];

    /// <summary>Local folders LOAD may read from (none by default). URLs are never fetched.</summary>
    public IReadOnlyList<string> LoadAllowedFolders { get; init; } = [];

    /// <summary>Property functions by predicate IRI (none by default: then no pattern is rewritten); see <see cref="IPropertyFunction"/>.</summary>
    public IReadOnlyDictionary<string, IPropertyFunction> PropertyFunctions { get; init; } = new Dictionary<string, IPropertyFunction>();

    /// <summary>Base IRI for queries and updates without a BASE.</summary>
    public string? BaseIri { get; init; }
}
