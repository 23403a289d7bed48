using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Harvest;

/// <summary>
/// One record as a harvester sees it (OAI-PMH item, DataCite XML): the record, the records its
/// metadata names, its <see cref="Datestamp"/> and its set memberships.
/// <para>
/// <see cref="Datestamp"/> is the latest time of any fact the record's harvested metadata states, so
/// it moves whenever that metadata changes, and it is derived from the registry rows alone (no column
/// to keep in step, the same after a restart): a facility or model changes only by withdrawal; an
/// instance also by each new or withdrawn version (its DataCite lists them) and each move (holder,
/// owner and facility sets change); a version by its withdrawal or its instance's, by its successor
/// (<c>IsPreviousVersionOf</c>) and by its instance's moves (its sets and contributors).
/// </para>
/// </summary>
public sealed record HarvestItem
{
    public required PidLevel Level { get; init; }
    public required Pid Pid { get; init; }
    /// <summary>UTC, whole seconds (the repository's granularity).</summary>
    public required DateTimeOffset Datestamp { get; init; }
    /// <summary>Withdrawn (or a version of a withdrawn instance): an OAI-PMH deleted record.</summary>
    public required bool Deleted { get; init; }
    /// <summary>setSpecs, most general first (<c>level:…</c>, then <c>facility:…</c>).</summary>
    public required IReadOnlyList<string> Sets { get; init; }
    public FacilityRecord? Facility { get; init; }
    /// <summary>Instances and versions: the owning facility when it is not <see cref="Facility"/>.</summary>
    public FacilityRecord? Owner { get; init; }
    public ModelRecord? Model { get; init; }
    public InstanceRecord? Instance { get; init; }
    public DescriptorVersion? Version { get; init; }
    /// <summary>Instances and versions: the instance's versions, c1 first.</summary>
    public IReadOnlyList<DescriptorVersion> Versions { get; init; } = [];
    /// <summary>Datasets and publications related to the version (for an instrument: to any of its versions).</summary>
    public IReadOnlyList<RelatedWork> Related { get; init; } = [];
    /// <summary>Descriptors: the live acquisition settings registered against the version (DataCite: IsSupplementedBy).</summary>
    public IReadOnlyList<SettingsRecord> Settings { get; init; } = [];

    /// <summary>The ordinal key of <see cref="Pid"/> (canonical compact form), the tie-breaker after the datestamp.</summary>
    public string Key => Pid.ToString();

    /// <summary>Whether DataCite XML describes this record: instruments (PIDINST) and configuration versions.</summary>
    public bool HasDataCite => DataCiteXml.Describes(Level);

    /// <summary>Whether the item is in <paramref name="setSpec"/> or one of its subsets (OAI-PMH §2.7.2: sets nest by ':').</summary>
    public bool InSet(string setSpec)
    {
        foreach (var s in Sets)
            if (s.Length >= setSpec.Length && s.StartsWith(setSpec, StringComparison.Ordinal) && (s.Length == setSpec.Length || s[setSpec.Length] == ':'))
                return true;
        return false;
    }
}

/// <summary>
/// The set hierarchy: <c>level</c> with <c>level:facility</c>, <c>level:model</c>, <c>level:instance</c>,
/// <c>level:descriptor</c>; <c>facility</c> with one <c>facility:PREFIX.ID</c> per facility (the facility,
/// the instruments it holds or owns, and their configuration versions). Models belong to no facility:
/// one model serves many facilities, and its record would otherwise change set when an instrument moves.
/// </summary>
public static class HarvestSets
{
    public const string Level = "level";
    public const string Facility = "facility";

    public static string OfLevel(PidLevel level) => Level + ":" + level switch
    {
        PidLevel.Facility => "facility",
        PidLevel.Model => "model",
        PidLevel.Instance => "instance",
        _ => "descriptor",
    };

    /// <summary>
    /// <c>facility:</c> plus the PID with its prefix's ':' as '.' (<c>facility:RRID.SCR_017406</c>): a setSpec
    /// allows only URI unreserved marks and uses ':' for nesting. Any other character becomes <c>~HH</c>
    /// (UTF-8 bytes), so distinct PIDs keep distinct setSpecs.
    /// </summary>
    public static string OfFacility(Pid facility)
    {
        var sb = new System.Text.StringBuilder(Facility.Length + 1 + facility.Prefix.Length + facility.Id.Length);
        sb.Append(Facility).Append(':').Append(facility.Prefix.AsSpan(0, facility.Prefix.Length - 1)).Append('.');
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(facility.Id))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '*' or '\'' or '(' or ')') sb.Append(c);
            else sb.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static string LevelName(PidLevel level) => level switch
    {
        PidLevel.Facility => "Facilities",
        PidLevel.Model => "Instrument models",
        PidLevel.Instance => "Instruments (PIDINST)",
        _ => "Configuration versions (hardware descriptors)",
    };
}
