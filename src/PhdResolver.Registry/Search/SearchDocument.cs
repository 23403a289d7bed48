using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Search;

/// <summary>What the index holds for one record: analysed text, numbers for ranges, facet values and what a hit shows.</summary>
internal sealed record SearchDocument
{
    public required string Pid { get; init; }
    public required PidLevel Level { get; init; }
    public required string Title { get; init; }
    public required string Path { get; init; }
    /// <summary>The record IRI (for a version: the version's IRI), what <c>text:query</c> binds.</summary>
    public string? Iri { get; init; }
    public int? Tier { get; init; }
    /// <summary>False only for a descriptor version that a newer live version replaced.</summary>
    public bool Current { get; init; } = true;

    // Facets (exact values).
    public string? ManufacturerFacet { get; init; }
    public string? FacilityFacet { get; init; }
    public string? CountryFacet { get; init; }
    public string? ModalityFacet { get; init; }
    public IReadOnlyCollection<string> ComponentTypes { get; init; } = [];
    public IReadOnlyCollection<string> ComponentManufacturers { get; init; } = [];

    // Analysed text, by weight.
    public string Name { get; init; } = "";
    /// <summary>Manufacturers, models, catalogue numbers, component names.</summary>
    public string Products { get; init; } = "";
    /// <summary>Component types: ontology labels of each type and every superclass.</summary>
    public string Types { get; init; } = "";
    public string Facility { get; init; } = "";
    public string Description { get; init; } = "";

    /// <summary>Numeric values by field (<see cref="SearchFields.Numeric"/>), in the field's unit.</summary>
    public IReadOnlyDictionary<string, List<double>> Numbers { get; init; } = new Dictionary<string, List<double>>();
}
