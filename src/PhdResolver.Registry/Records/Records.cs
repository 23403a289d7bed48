using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Records;

/// <summary>Why and when a record was withdrawn. The record keeps its metadata so it stays citable.</summary>
public sealed record Tombstone(string Reason, DateTimeOffset WithdrawnAt, string WithdrawnBy);

/// <summary>Who registered a record and when.</summary>
public readonly record struct Provenance(DateTimeOffset Created, string Creator);

/// <summary>A core facility or lab. <see cref="Pid"/> is its RRID if it has one, else its ROR id, else a minted accession.</summary>
public sealed record FacilityRecord
{
    public required Pid Pid { get; init; }
    public Pid? Rrid { get; init; }
    public Pid? Ror { get; init; }
    public required string Name { get; init; }
    public string? Homepage { get; init; }
    public string? Contact { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public required Provenance Provenance { get; init; }
    public Tombstone? Tombstone { get; init; }
    /// <summary>1 at registration; each metadata edit (<see cref="RegistryService.EditRecord"/>) adds one. Never a descriptor version.</summary>
    public int Revision { get; init; } = 1;
    /// <summary>When the metadata was last edited (null: never since registration).</summary>
    public DateTimeOffset? Modified { get; init; }
    /// <summary>External identifiers besides the record's own PID(s), in the order given.</summary>
    public IReadOnlyList<ExternalId> Identifiers { get; init; } = [];
    /// <summary>Contacts, managers and staff, in the order given.</summary>
    public IReadOnlyList<Person> People { get; init; } = [];
}

/// <summary>An instrument model / type (e.g. a confocal model). <see cref="Pid"/> is its RRID, else a minted accession.</summary>
public sealed record ModelRecord
{
    public required Pid Pid { get; init; }
    public required string Name { get; init; }
    public required string Manufacturer { get; init; }
    /// <summary>e.g. "confocal", "widefield", "light-sheet".</summary>
    public string? Modality { get; init; }
    public required Provenance Provenance { get; init; }
    public Tombstone? Tombstone { get; init; }
    /// <summary>1 at registration; each metadata edit (<see cref="RegistryService.EditRecord"/>) adds one. Never a descriptor version.</summary>
    public int Revision { get; init; } = 1;
    /// <summary>When the metadata was last edited (null: never since registration).</summary>
    public DateTimeOffset? Modified { get; init; }
    /// <summary>External identifiers besides the record's own PID(s), in the order given.</summary>
    public IReadOnlyList<ExternalId> Identifiers { get; init; } = [];
}

/// <summary>One move of an instance between facilities (old concatenated paths 301 to the new one).</summary>
public sealed record InstanceMove(Pid From, Pid To, DateTimeOffset At, string Actor);

/// <summary>
/// One physical instrument, PIDINST-style. <see cref="Pid"/> is its DOI or Handle, else a minted
/// accession. <see cref="Facility"/> is where it is now (its concatenated path uses it);
/// <see cref="Owner"/> the facility that owns it.
/// </summary>
public sealed record InstanceRecord
{
    public required Pid Pid { get; init; }
    public required string Name { get; init; }
    public required Pid Owner { get; init; }
    public required Pid Facility { get; init; }
    public required Pid Model { get; init; }
    public required string Manufacturer { get; init; }
    public string? Description { get; init; }
    public DateOnly? Commissioned { get; init; }
    public required Provenance Provenance { get; init; }
    public Tombstone? Tombstone { get; init; }
    /// <summary>1 at registration; each metadata edit (<see cref="RegistryService.EditRecord"/>) adds one. Never a descriptor version.</summary>
    public int Revision { get; init; } = 1;
    /// <summary>When the metadata was last edited (null: never since registration).</summary>
    public DateTimeOffset? Modified { get; init; }
    /// <summary>External identifiers besides the record's own PID(s), in the order given.</summary>
    public IReadOnlyList<ExternalId> Identifiers { get; init; } = [];
    /// <summary>Contacts, managers and staff, in the order given.</summary>
    public IReadOnlyList<Person> People { get; init; } = [];
    /// <summary>Moves, oldest first.</summary>
    public IReadOnlyList<InstanceMove> Moves { get; init; } = [];

    /// <summary>Whether the instance was ever at <paramref name="facility"/> before its current one.</summary>
    public bool WasAt(Pid facility)
    {
        foreach (var m in Moves) if (m.From == facility) return true;
        return false;
    }
}

/// <summary>
/// One immutable configuration version of an instance: <c>c&lt;Number&gt;</c> in the
/// concatenated path, and its own accession. Its RDF lives in the named graph <see cref="GraphIri"/>.
/// </summary>
public sealed record DescriptorVersion
{
    public required PhdAccession Accession { get; init; }
    public required Pid Instance { get; init; }
    public required int Number { get; init; }
    public required string GraphIri { get; init; }
    public required int Tier { get; init; }
    public required long QuadCount { get; init; }
    /// <summary>SHOULD fields met at <see cref="Tier"/>, of <see cref="ShouldTotal"/>; null when not validated at submission.</summary>
    public int? ShouldMet { get; init; }
    public int? ShouldTotal { get; init; }
    public required Provenance Provenance { get; init; }
    public Tombstone? Tombstone { get; init; }

    public Pid Pid => Pid.FromAccession(Accession);
}
