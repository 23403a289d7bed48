using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;

namespace PhdResolver.Web.Records;

/// <summary>
/// Everything a landing page needs about one resolved record, gathered once: the records along
/// the path, its children, versions and (for descriptors) the graph. Representations (HTML, RDF,
/// citations, linksets) are all rendered from this, so they never disagree.
/// </summary>
internal sealed class RecordView
{
    public required PidLevel Level { get; init; }
    public required string Path { get; init; }
    public required string Origin { get; init; }
    public FacilityRecord? Facility { get; init; }
    public ModelRecord? Model { get; init; }
    public InstanceRecord? Instance { get; init; }
    public DescriptorVersion? Version { get; init; }
    public Tombstone? Tombstone { get; init; }
    public IReadOnlyList<DescriptorVersion> Versions { get; init; } = [];
    public IReadOnlyList<InstanceRecord> Instances { get; init; } = [];
    public IReadOnlyList<ModelRecord> Models { get; init; } = [];
    public Dataset? Graph { get; init; }
    public VersionDiff? Diff { get; init; }
    /// <summary>Descriptors: SHACL tier compliance of <see cref="Graph"/> (memoised per version).</summary>
    public PhdResolver.Registry.Validation.DescriptorReport? Compliance { get; init; }
    /// <summary>Descriptors: the graph's components, grouped order (memoised per version).</summary>
    public IReadOnlyList<Component> Components { get; init; } = [];

    public string Iri => Origin + Path;
    public bool IsGone => Tombstone is not null;

    public Pid Pid => Level switch
    {
        PidLevel.Facility => Facility!.Pid,
        PidLevel.Model => Model!.Pid,
        PidLevel.Instance => Instance!.Pid,
        _ => Version!.Pid,
    };

    public string Title => Level switch
    {
        PidLevel.Facility => Facility!.Name,
        PidLevel.Model => Model!.Name,
        PidLevel.Instance => Instance!.Name,
        _ => $"{Instance?.Name ?? Version!.Instance.ToString()} — configuration c{Version!.Number}",
    };

    public DateTimeOffset LastModified => Level switch
    {
        PidLevel.Facility => Max(Facility!.Provenance.Created, Facility.Tombstone),
        PidLevel.Model => Max(Model!.Provenance.Created, Model.Tombstone),
        PidLevel.Instance => new[] { Max(Instance!.Provenance.Created, Instance.Tombstone) }
            .Concat(Versions.Select(v => Max(v.Provenance.Created, v.Tombstone))).Concat(Instance.Moves.Select(m => m.At)).Max(),
        _ => Max(Version!.Provenance.Created, Version.Tombstone),
    };

    public DateTimeOffset Created => Level switch
    {
        PidLevel.Facility => Facility!.Provenance.Created,
        PidLevel.Model => Model!.Provenance.Created,
        PidLevel.Instance => Instance!.Provenance.Created,
        _ => Version!.Provenance.Created,
    };

    private static DateTimeOffset Max(DateTimeOffset a, Tombstone? t) => t is not null && t.WithdrawnAt > a ? t.WithdrawnAt : a;

    /// <summary>The URL to cite: the PID's own resolver for external PIDs, our canonical URL otherwise.</summary>
    public string CiteAs => Level == PidLevel.Descriptor ? Iri : Pid.ResolverUrl ?? Iri;

    public string FacilityPath => "/" + (Facility?.Pid.ToString() ?? Instance?.Facility.ToString());
    public string? InstancePath => Instance is null ? null : Paths.Of(Instance);
    public string? VersionPath(DescriptorVersion v) => Instance is null ? null : Paths.Of(Instance, v.Number);

    /// <summary>Builds the view of a Found or Gone resolution.</summary>
    public static RecordView Of(RegistryHost host, ResolutionResult r, string origin, PhdResolver.Web.Ontology.OntologyCatalog cat)
    {
        var reg = host.Registry;
        var memo = host.Memo;
        var level = r.Level ?? PidLevel.Facility;
        var instance = r.Instance;
        var facility = r.Facility ?? (instance is null ? null : reg.GetFacility(instance.Facility));
        var model = r.Model ?? (instance is null ? null : reg.GetModel(instance.Model));
        var versions = instance is null ? [] : reg.GetVersions(instance.Pid);
        IReadOnlyList<InstanceRecord> instances = level switch
        {
            PidLevel.Facility => [.. host.InstancesAt(facility!.Pid).OrderBy(i => i.Name, StringComparer.Ordinal)],
            PidLevel.Model => [.. (facility is null ? reg.Instances : host.InstancesAt(facility.Pid)).Where(i => i.Model == model!.Pid).OrderBy(i => i.Name, StringComparer.Ordinal)],
            _ => [],
        };
        IReadOnlyList<ModelRecord> models = level == PidLevel.Facility
            ? [.. instances.Select(i => i.Model).Distinct().Select(reg.GetModel).OfType<ModelRecord>()]
            : [];
        DescriptorFacts? facts = null;
        if (level == PidLevel.Descriptor && r.Version is { } v)
        {
            var prev = versions.Where(x => x.Number < v.Number).OrderByDescending(x => x.Number).FirstOrDefault();
            facts = memo.Facts(reg, v, prev, cat);
        }
        return new RecordView
        {
            Level = level,
            Path = r.Location!,
            Origin = origin,
            Facility = level == PidLevel.Model && r.Facility is null ? null : facility,
            Model = model,
            Instance = instance,
            Version = r.Version,
            Tombstone = r.Tombstone,
            Versions = versions,
            Instances = instances,
            Models = models,
            Graph = facts?.Graph,
            Diff = facts?.Diff,
            Compliance = facts?.Compliance,
            Components = facts?.Components ?? [],
        };
    }
}
