using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Search;

/// <summary>Facet filters; null = no filter.</summary>
public sealed record SearchFilter
{
    /// <summary>A component type's NBO-Q local name ("Objective", "PhotoMultiplier").</summary>
    public string? ComponentType { get; init; }
    /// <summary>The manufacturer of a component in a descriptor ("Hamamatsu").</summary>
    public string? ComponentManufacturer { get; init; }
    /// <summary>The manufacturer of the instrument (model or instance).</summary>
    public string? Manufacturer { get; init; }
    /// <summary>The facility's country as registered ("DE").</summary>
    public string? Country { get; init; }
    /// <summary>The instrument model's modality ("confocal").</summary>
    public string? Modality { get; init; }
    /// <summary>Leave out descriptor versions that a newer live version replaced (default: all versions, current ones ranked higher).</summary>
    public bool CurrentOnly { get; init; }
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
    /// <summary>The relevance score: higher is better; 0 when browsing without a query.</summary>
    public required double Rank { get; init; }
    /// <summary>False for a descriptor version that a newer live version replaced.</summary>
    public bool Current { get; init; } = true;
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
    IReadOnlyList<FacetCount> Level)
{
    public IReadOnlyList<FacetCount> ComponentManufacturer { get; init; } = [];
    public IReadOnlyList<FacetCount> Country { get; init; } = [];
    public IReadOnlyList<FacetCount> Modality { get; init; } = [];
}

public sealed record SearchResults(
    string? Query,
    int Page,
    int PageSize,
    long Total,
    IReadOnlyList<SearchHit> Hits,
    SearchFacets Facets)
{
    /// <summary>The filters applied (the selected facets).</summary>
    public SearchFilter Filter { get; init; } = SearchFilter.None;
}
