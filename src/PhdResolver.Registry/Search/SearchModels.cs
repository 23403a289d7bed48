using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Search;

/// <summary>Facet filters; null = no filter.</summary>
public sealed record SearchFilter
{
    public string? ComponentType { get; init; }
    public string? Manufacturer { get; init; }
    /// <summary>The facility's name (as in the facility facet).</summary>
    public string? Facility { get; init; }
    public int? Tier { get; init; }
    public PidLevel? Level { get; init; }

    public static readonly SearchFilter None = new();
}

/// <summary>A run of snippet text; <see cref="Highlight"/> runs matched the query.</summary>
public readonly record struct SnippetPart(string Text, bool Highlight);

public sealed record SearchHit
{
    /// <summary>The record's primary PID (a version's accession for descriptors).</summary>
    public required string Pid { get; init; }
    public required PidLevel Level { get; init; }
    public required string Title { get; init; }
    /// <summary>The canonical path at indexing time (resolve it: the web layer links to it).</summary>
    public required string Path { get; init; }
    /// <summary>FTS5 bm25(): lower is better; 0 when browsing without a query.</summary>
    public required double Rank { get; init; }
    /// <summary>The matched text in runs, highlighted or not; plain text (the web layer escapes and marks it up).</summary>
    public required IReadOnlyList<SnippetPart> Snippet { get; init; }
    public int? Tier { get; init; }
    public string? Manufacturer { get; init; }
    public string? Facility { get; init; }
}

public readonly record struct FacetCount(string Value, long Count);

public sealed record SearchFacets(
    IReadOnlyList<FacetCount> ComponentType,
    IReadOnlyList<FacetCount> Manufacturer,
    IReadOnlyList<FacetCount> Facility,
    IReadOnlyList<FacetCount> Tier,
    IReadOnlyList<FacetCount> Level);

public sealed record SearchResults(
    string? Query,
    int Page,
    int PageSize,
    long Total,
    IReadOnlyList<SearchHit> Hits,
    SearchFacets Facets);
