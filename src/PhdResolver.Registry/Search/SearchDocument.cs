using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Search;

/// <summary>What the index holds for one record: text columns for FTS5 and facet values.</summary>
internal sealed record SearchDocument
{
    public required string Pid { get; init; }
    public required PidLevel Level { get; init; }
    public required string Title { get; init; }
    public required string Path { get; init; }
    public int? Tier { get; init; }
    public string? ManufacturerFacet { get; init; }
    public string? FacilityFacet { get; init; }
    public IReadOnlyCollection<string> ComponentTypes { get; init; } = [];

    // FTS5 columns, in table order.
    public string Name { get; init; } = "";
    public string Manufacturer { get; init; } = "";
    public string Model { get; init; } = "";
    public string Components { get; init; } = "";
    public string Description { get; init; } = "";
    public string Facility { get; init; } = "";
}
