namespace PhdResolver.Registry;

/// <summary>Registration input for a facility: at least a name; RRID and/or ROR when known (else an accession is minted).</summary>
public sealed record NewFacility
{
    public string? Rrid { get; init; }
    public string? Ror { get; init; }
    public required string Name { get; init; }
    public string? Homepage { get; init; }
    public string? Contact { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    /// <summary>More identifiers (RRID, ROR, Wikidata); two records may not claim the same one (409).</summary>
    public IReadOnlyList<IdentifierInput>? Identifiers { get; init; }
    /// <summary>Contacts, managers and staff.</summary>
    public IReadOnlyList<PersonInput>? People { get; init; }
}

/// <summary>Registration input for an instrument model: RRID when known (else an accession is minted).</summary>
public sealed record NewModel
{
    public string? Rrid { get; init; }
    public required string Name { get; init; }
    public required string Manufacturer { get; init; }
    public string? Modality { get; init; }
    /// <summary>More identifiers (RRID, Wikidata).</summary>
    public IReadOnlyList<IdentifierInput>? Identifiers { get; init; }
}

/// <summary>
/// Registration input for an instrument instance. <see cref="Identifier"/> is its PIDINST DOI or
/// Handle when it has one (else an accession is minted); <see cref="Facility"/> and
/// <see cref="Model"/> are PIDs of registered records in any accepted spelling.
/// </summary>
public sealed record NewInstance
{
    public string? Identifier { get; init; }
    public required string Name { get; init; }
    public required string Facility { get; init; }
    public required string Model { get; init; }
    /// <summary>Defaults to <see cref="Facility"/>.</summary>
    public string? Owner { get; init; }
    /// <summary>Defaults to the model's manufacturer.</summary>
    public string? Manufacturer { get; init; }
    public string? Description { get; init; }
    public DateOnly? Commissioned { get; init; }
    /// <summary>More identifiers (DOI, Handle, Wikidata, serial and inventory numbers).</summary>
    public IReadOnlyList<IdentifierInput>? Identifiers { get; init; }
    /// <summary>Contacts, managers and staff of the instrument.</summary>
    public IReadOnlyList<PersonInput>? People { get; init; }
}

/// <summary>
/// A person as submitted: name (required), ORCID iD (checked), role (contact, manager or staff; default
/// contact), email, and whether the email may be published (default: no).
/// </summary>
public sealed record PersonInput
{
    public string? Name { get; init; }
    public string? Orcid { get; init; }
    public string? Role { get; init; }
    public string? Email { get; init; }
    public bool? EmailPublic { get; init; }
}

/// <summary>One external identifier as submitted: a scheme (RRID, ROR, Wikidata, DOI, Handle, serial, inventory) and its value.</summary>
public sealed record IdentifierInput
{
    public string? Scheme { get; init; }
    public string? Value { get; init; }
}

/// <summary>
/// A metadata edit of a facility, model or instance (<see cref="RegistryService.EditRecord"/>): a field
/// left null keeps its value, an empty string clears an optional one; <see cref="Identifiers"/>, when
/// given, replaces the list. A field the record's level does not have is refused. <see cref="Reason"/>
/// goes to the audit log (why).
/// </summary>
public sealed record RecordEdit
{
    public string? Name { get; init; }
    public string? Homepage { get; init; }
    public string? Contact { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Manufacturer { get; init; }
    public string? Modality { get; init; }
    public string? Description { get; init; }
    /// <summary>yyyy-MM-dd, or "" to clear.</summary>
    public string? Commissioned { get; init; }
    public IReadOnlyList<IdentifierInput>? Identifiers { get; init; }
    /// <summary>Facilities and instruments: replaces the list of people.</summary>
    public IReadOnlyList<PersonInput>? People { get; init; }
    public string? Reason { get; init; }
    /// <summary>When given, the revision the edit was made from: a record changed since is a Conflict and nothing is written (the staff forms send it).</summary>
    public int? IfRevision { get; init; }
}

/// <summary>Deployment settings of the registry.</summary>
public sealed record RegistryOptions
{
    /// <summary>The deployment's base URI (ends with '/'); version graphs are named under it.</summary>
    public required Uri BaseUri { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>What a committed write touched: the web layer evicts cached pages tagged with these PIDs.</summary>
public sealed record RegistryChange(string Action, IReadOnlyList<string> Pids);

/// <summary>The answer to a descriptor submission: the version, and whether it is new (false: identical to the current version, nothing written).</summary>
public sealed record StoredVersion(Records.DescriptorVersion Version, bool Created);
