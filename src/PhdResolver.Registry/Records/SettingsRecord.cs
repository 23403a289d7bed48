using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Records;

/// <summary>
/// Acquisition settings registered against one configuration version (<see cref="PidLevel.Settings"/>): a Micro-Meta
/// App Image or 4DN microscope_setting file, or the same facts in RDF, stored as its own immutable named graph
/// <see cref="GraphIri"/> (<c>{base}phd:ACC</c>, its nodes <c>{base}phd:ACC#slug</c>) whose references to hardware
/// point at the configuration's component IRIs. Withdrawing it adds a tombstone; nothing else ever changes.
/// </summary>
public sealed record SettingsRecord
{
    public required PhdAccession Accession { get; init; }
    /// <summary>The configuration version the settings were acquired on.</summary>
    public required PhdAccession Version { get; init; }
    public required string GraphIri { get; init; }
    /// <summary>A name for people: the file's own (Image Name, description), else the submitter's, else "Acquisition settings".</summary>
    public required string Name { get; init; }
    /// <summary>What was submitted: <c>mma</c> (Micro-Meta App JSON) or the RDF syntax's name (<c>turtle</c>, <c>json-ld</c>, ...).</summary>
    public required string Format { get; init; }
    public required long QuadCount { get; init; }
    /// <summary>The settings in words ("488 nm at 2 mW, 525/50 nm band pass emission, 100 ms exposure"); null when the file gives none of these.</summary>
    public string? Summary { get; init; }
    public required Provenance Provenance { get; init; }
    public Tombstone? Tombstone { get; init; }

    public Pid Pid => Pid.FromAccession(Accession);
    public Pid VersionPid => Pid.FromAccession(Version);
}
