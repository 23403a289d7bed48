using System.Collections.Concurrent;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.ReadModels;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Validation;

namespace PhdResolver.Registry;

/// <summary>
/// Typed read models for the web layer and other readers: records with their context, descriptor
/// facts (graph, compliance, diff, components) and the Methods paragraph. The per-version facts are
/// memoised: a version never changes, and compliance plus diff are most of an uncached page. Texts
/// that also depend on mutable context (the Methods paragraph names the instrument and its facility)
/// are memoised under a key containing that context, so a change gives a new key, never a stale
/// answer. Tables are bounded: when full they are cleared (a cheap, safe policy for recomputable values).
/// </summary>
public sealed partial class RegistryService
{
    private const int MemoCapacity = 1024;
    private readonly ConcurrentDictionary<string, DescriptorFacts> _facts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _methods = new(StringComparer.Ordinal);

    // Instances by facility, rebuilt lazily after a change, so a facility page does not scan every
    // instance. A rebuild that raced with a write is stored under the old count and redone on next read.
    private long _changes;
    private (long Changes, ILookup<string, InstanceRecord> Index)? _byFacility;

    /// <summary>The NBO-Q ontology catalog the read models label terms with.</summary>
    public static OntologyCatalog Ontology => OntologyCatalog.Default;

    /// <summary>The instances whose current facility is <paramref name="facility"/> (a snapshot).</summary>
    public IEnumerable<InstanceRecord> InstancesAt(Pid facility)
    {
        long now = Interlocked.Read(ref _changes);
        var cached = _byFacility;
        if (cached is not { } c || c.Changes != now)
        {
            c = (now, _s.Instances.Values.ToLookup(i => i.Facility.ToString(), StringComparer.Ordinal));
            _byFacility = c;
        }
        return c.Index[facility.ToString()];
    }

    /// <summary>The facts of one version (graph, compliance, diff against its predecessor, components), computed once.</summary>
    public DescriptorFacts Describe(DescriptorVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        string key = version.Accession.ToString();
        if (_facts.TryGetValue(key, out var f)) return f;
        var graph = GetGraph(version);
        var predecessor = GetVersions(version.Instance).Where(x => x.Number < version.Number).OrderByDescending(x => x.Number).FirstOrDefault();
        var components = MethodsParagraph.Components(graph, Ontology);
        var diff = predecessor is null ? null : Diff(predecessor.Accession, version.Accession);
        f = new DescriptorFacts
        {
            Version = version,
            Graph = graph,
            Diff = diff,
            // Components are named from both versions: a removed one exists only in the predecessor.
            Changes = diff is null ? [] : ChangeText.Lines(diff, Ontology,
                ChangeText.Names(components, version.GraphIri, MethodsParagraph.Components(GetGraph(predecessor!), Ontology), predecessor!.GraphIri)),
            Compliance = DescriptorValidation.Validate(graph, DescriptorValidation.MaxTier),
            Components = components,
        };
        if (_facts.Count >= MemoCapacity) _facts.Clear();
        return _facts.GetOrAdd(key, f);
    }

    private readonly ConcurrentDictionary<string, DescriptorReport> _compliance = new(StringComparer.Ordinal);

    /// <summary>
    /// Tier compliance of <paramref name="version"/> checked with only the shapes of <paramref name="extensions"/>
    /// (<see cref="PhdResolver.Nboq.Validation.NboExtensions"/> names), memoised per version and set: there are 15
    /// non-empty sets, and a version never changes.
    /// </summary>
    public DescriptorReport ComplianceOf(DescriptorVersion version, IReadOnlySet<string> extensions)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(extensions);
        string key = version.Accession + "\n" + string.Join(",", PhdResolver.Nboq.Validation.NboExtensions.All.Where(extensions.Contains));
        if (_compliance.TryGetValue(key, out var r)) return r;
        r = DescriptorValidation.Validate(Describe(version).Graph, DescriptorValidation.MaxTier, extensions: extensions);
        if (_compliance.Count >= MemoCapacity) _compliance.Clear();
        return _compliance.GetOrAdd(key, r);
    }

    /// <summary>
    /// The Methods paragraph of <paramref name="version"/> (plain text), citing <paramref name="iri"/>;
    /// memoised by version and the context it names (instrument, facility, URL).
    /// </summary>
    public string MethodsParagraphOf(DescriptorVersion version, string iri)
    {
        ArgumentNullException.ThrowIfNull(version);
        var instance = _s.Instances.GetValueOrDefault(version.Instance.ToString());
        var facility = instance is null ? null : _s.Facilities.GetValueOrDefault(instance.Facility.ToString());
        string key = string.Join('\n', version.Accession.ToString(), instance?.Name, facility?.Name, iri);
        if (_methods.TryGetValue(key, out var s)) return s;
        s = MethodsParagraph.Write(version, instance, facility, iri, Describe(version).Components, Ontology);
        if (_methods.Count >= MemoCapacity) _methods.Clear();
        return _methods.GetOrAdd(key, s);
    }

    /// <summary>The read model of a Found or Gone resolution.</summary>
    public RecordModel Record(ResolutionResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var level = r.Level ?? PidLevel.Facility;
        var instance = r.Instance;
        var facility = r.Facility ?? (instance is null ? null : GetFacility(instance.Facility));
        var model = r.Model ?? (instance is null ? null : GetModel(instance.Model));
        var versions = instance is null ? [] : GetVersions(instance.Pid);
        IReadOnlyList<InstanceRecord> instances = level switch
        {
            PidLevel.Facility => [.. InstancesAt(facility!.Pid).OrderBy(i => i.Name, StringComparer.Ordinal)],
            PidLevel.Model => [.. (facility is null ? Instances : InstancesAt(facility.Pid)).Where(i => i.Model == model!.Pid).OrderBy(i => i.Name, StringComparer.Ordinal)],
            _ => [],
        };
        IReadOnlyList<ModelRecord> models = level == PidLevel.Facility
            ? [.. instances.Select(i => i.Model).Distinct().Select(GetModel).OfType<ModelRecord>()]
            : [];
        return new RecordModel
        {
            Level = level,
            Facility = level == PidLevel.Model && r.Facility is null ? null : facility,
            Model = model,
            Instance = instance,
            Version = r.Version,
            Tombstone = r.Tombstone,
            Versions = versions,
            Instances = instances,
            Models = models,
            Descriptor = level == PidLevel.Descriptor && r.Version is { } v ? Describe(v) : null,
        };
    }

    private void OnCommitted() => Interlocked.Increment(ref _changes);
}
