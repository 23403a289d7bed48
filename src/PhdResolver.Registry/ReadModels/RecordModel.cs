using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Validation;

namespace PhdResolver.Registry.ReadModels;

/// <summary>
/// What depends only on one descriptor version (and its predecessor), computed once per version:
/// versions are immutable (a withdrawal only adds a tombstone, read from the record, not from here).
/// </summary>
public sealed class DescriptorFacts
{
    public required DescriptorVersion Version { get; init; }
    /// <summary>The version's triples (default graph), as submitted up to blank node labels.</summary>
    public required Dataset Graph { get; init; }
    /// <summary>What changed since the previous version of the same instance; null for c1.</summary>
    public VersionDiff? Diff { get; init; }
    /// <summary><see cref="Diff"/> in words (components and fields by name, values with units); empty for c1.</summary>
    public IReadOnlyList<ChangeLine> Changes { get; init; } = [];
    /// <summary>Tier compliance at the highest tier (one SHACL run; each finding once, with its lowest tier).</summary>
    public required DescriptorReport Compliance { get; init; }
    /// <summary>The graph's components in page order (category, then name).</summary>
    public required IReadOnlyList<Component> Components { get; init; }
}

/// <summary>
/// One resolved record with everything around it that its representations show: the records along
/// its path, its children, the instance's versions and (for a descriptor) its <see cref="DescriptorFacts"/>.
/// No HTTP and no markup: the web layer adds URLs and renders.
/// </summary>
public sealed class RecordModel
{
    public required PidLevel Level { get; init; }
    public FacilityRecord? Facility { get; init; }
    public ModelRecord? Model { get; init; }
    public InstanceRecord? Instance { get; init; }
    public DescriptorVersion? Version { get; init; }
    public Tombstone? Tombstone { get; init; }
    /// <summary>The instance's versions, c1 first (withdrawn ones included).</summary>
    public IReadOnlyList<DescriptorVersion> Versions { get; init; } = [];
    /// <summary>Facility: its current instruments; model: its instruments (at the facility on the path, if any); by name.</summary>
    public IReadOnlyList<InstanceRecord> Instances { get; init; } = [];
    /// <summary>Facility: the models of its instruments.</summary>
    public IReadOnlyList<ModelRecord> Models { get; init; } = [];
    /// <summary>Descriptors: datasets and publications that used or describe the version ("Used in"), oldest first.</summary>
    public IReadOnlyList<RelatedWork> Related { get; init; } = [];
    /// <summary>Descriptors: the acquisition settings registered against the version, oldest first (withdrawn ones included).</summary>
    public IReadOnlyList<SettingsRecord> SettingsRecords { get; init; } = [];
    /// <summary>Level <see cref="PidLevel.Settings"/>: the settings record (<see cref="Version"/> is its configuration).</summary>
    public SettingsRecord? Settings { get; init; }
    /// <summary>Descriptors: the version's facts (memoised per version).</summary>
    public DescriptorFacts? Descriptor { get; init; }

    public bool IsGone => Tombstone is not null;

    public Pid Pid => Level switch
    {
        PidLevel.Settings => Settings!.Pid,
        PidLevel.Facility => Facility!.Pid,
        PidLevel.Model => Model!.Pid,
        PidLevel.Instance => Instance!.Pid,
        _ => Version!.Pid,
    };

    public string Title => Level switch
    {
        PidLevel.Settings => $"{Settings!.Name} — acquisition settings",
        PidLevel.Facility => Facility!.Name,
        PidLevel.Model => Model!.Name,
        PidLevel.Instance => Instance!.Name,
        _ => $"{Instance?.Name ?? Version!.Instance.ToString()} — configuration c{Version!.Number}",
    };

    /// <summary>
    /// The latest change a reader of this record's page can see: the record itself, and what the page
    /// lists (a facility's and a model's instruments, an instance's versions and moves; a version's page
    /// shows the whole version history). Set by the registry; the same value is the sitemap's lastmod.
    /// </summary>
    public DateTimeOffset? PageModified { get; init; }

    /// <summary>Plain-text summary of the record (meta description; a descriptor's schema:description).</summary>
    public string Summary { get; init; } = "";

    /// <summary>
    /// The record's one canonical landing page (a path): its own PID for facilities and models, the
    /// concatenated path for instances and versions. A model reached under a facility
    /// (<c>/FACILITY/MODEL</c>, the model's instruments at that facility) names the model's page as canonical.
    /// </summary>
    public string CanonicalPath => Level switch
    {
        PidLevel.Settings => "/" + Settings!.Pid,
        PidLevel.Facility => Paths.Of(Facility!),
        PidLevel.Model => Paths.Of(Model!),
        PidLevel.Instance => Paths.Of(Instance!),
        _ => Instance is null ? "/" + Version!.Pid : Paths.Of(Instance, Version!.Number),
    };

    /// <summary>The latest change a reader of this record can see (creation, withdrawal, new versions, moves).</summary>
    public DateTimeOffset LastModified => PageModified ?? Level switch
    {
        PidLevel.Settings => Max(Settings!.Provenance.Created, Settings.Tombstone),
        PidLevel.Facility => Max(Facility!.Provenance.Created, Facility.Tombstone),
        PidLevel.Model => Max(Model!.Provenance.Created, Model.Tombstone),
        PidLevel.Instance => new[] { Max(Instance!.Provenance.Created, Instance.Tombstone) }
            .Concat(Versions.Select(v => Max(v.Provenance.Created, v.Tombstone))).Concat(Instance.Moves.Select(m => m.At)).Max(),
        _ => Max(Version!.Provenance.Created, Version.Tombstone),
    };

    public DateTimeOffset Created => Level switch
    {
        PidLevel.Settings => Settings!.Provenance.Created,
        PidLevel.Facility => Facility!.Provenance.Created,
        PidLevel.Model => Model!.Provenance.Created,
        PidLevel.Instance => Instance!.Provenance.Created,
        _ => Version!.Provenance.Created,
    };

    private static DateTimeOffset Max(DateTimeOffset a, Tombstone? t) => t is not null && t.WithdrawnAt > a ? t.WithdrawnAt : a;
}

/// <summary>A live record's canonical landing page and when anything on it last changed (sitemap lastmod).</summary>
public readonly record struct RecordPage(PidLevel Level, string Path, DateTimeOffset LastModified);
