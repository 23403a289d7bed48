using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Validation;

namespace PhdResolver.Web.Records;

/// <summary>
/// One resolved record as the web layer serves it: the registry's <see cref="RecordModel"/> (records
/// along the path, children, versions, descriptor facts; all domain facts come from there) plus
/// what only HTTP knows, the request's path and origin. Representations (HTML, RDF, citations,
/// linksets) are all rendered from this, so they never disagree.
/// </summary>
internal sealed class RecordView
{
    public required RecordModel Record { get; init; }
    public required string Path { get; init; }
    public required string Origin { get; init; }

    public PidLevel Level => Record.Level;
    public FacilityRecord? Facility => Record.Facility;
    public ModelRecord? Model => Record.Model;
    public InstanceRecord? Instance => Record.Instance;
    public DescriptorVersion? Version => Record.Version;
    public Tombstone? Tombstone => Record.Tombstone;
    public IReadOnlyList<DescriptorVersion> Versions => Record.Versions;
    public IReadOnlyList<InstanceRecord> Instances => Record.Instances;
    public IReadOnlyList<ModelRecord> Models => Record.Models;
    public Dataset? Graph => Record.Descriptor?.Graph;
    public VersionDiff? Diff => Record.Descriptor?.Diff;
    /// <summary>Descriptors: <see cref="Diff"/> in words, from the registry.</summary>
    public IReadOnlyList<ChangeLine> Changes => Record.Descriptor?.Changes ?? [];
    /// <summary>Descriptors: SHACL tier compliance of <see cref="Graph"/> (memoised per version by the registry).</summary>
    public DescriptorReport? Compliance => Record.Descriptor?.Compliance;
    /// <summary>Descriptors: the graph's components, grouped order (memoised per version by the registry).</summary>
    public IReadOnlyList<Component> Components => Record.Descriptor?.Components ?? [];

    /// <summary>Descriptors, <c>?extensions=</c>: the NBO extensions the reader chose to check (null: all).</summary>
    public IReadOnlySet<string>? SelectedExtensions { get; init; }
    /// <summary>Descriptors: compliance with only <see cref="SelectedExtensions"/>' shapes (from the registry, memoised there).</summary>
    public DescriptorReport? SelectedCompliance { get; init; }

    public string Iri => Origin + Path;
    /// <summary>The record's one canonical landing page URL (the model's own page for /FACILITY/MODEL).</summary>
    public string Canonical => Origin + Record.CanonicalPath;
    /// <summary>The registry's plain-text summary (meta description).</summary>
    public string Summary => Record.Summary;
    public bool IsGone => Record.IsGone;
    public Pid Pid => Record.Pid;
    public string Title => Record.Title;
    public DateTimeOffset LastModified => Record.LastModified;
    public DateTimeOffset Created => Record.Created;

    /// <summary>The URL to cite: the PID's own resolver for external PIDs, our canonical URL otherwise.</summary>
    public string CiteAs => Level == PidLevel.Descriptor ? Iri : Pid.ResolverUrl ?? Iri;

    public string FacilityPath => "/" + (Facility?.Pid.ToString() ?? Instance?.Facility.ToString());
    public string? InstancePath => Instance is null ? null : Paths.Of(Instance);
    public string? VersionPath(DescriptorVersion v) => Instance is null ? null : Paths.Of(Instance, v.Number);

    /// <summary>Builds the view of a Found or Gone resolution.</summary>
    public static RecordView Of(RegistryHost host, ResolutionResult r, string origin) =>
        new() { Record = host.Registry.Record(r), Path = r.Location!, Origin = origin };
}
