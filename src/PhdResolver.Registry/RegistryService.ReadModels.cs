using System.Collections.Concurrent;
using PhdResolver.Registry.Knowledge;
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
        // Its live acquisition settings close the paragraph, each citing its own PHD (issue 15 item 5).
        var settings = _s.SettingsOf(version).Where(x => x.Tombstone is null).ToArray();
        string key = string.Join('\n', version.Accession.ToString(), instance?.Name, facility?.Name, iri, string.Join(",", settings.Select(x => x.Accession)));
        if (_methods.TryGetValue(key, out var s)) return s;
        s = MethodsParagraph.Write(version, instance, facility, iri, Describe(version).Components, Ontology)
            + string.Concat(settings.Select(x => " " + MethodsParagraph.Settings(x, Iris.Record(x.Pid).Value)));
        if (_methods.Count >= MemoCapacity) _methods.Clear();
        return _methods.GetOrAdd(key, s);
    }

    /// <summary>
    /// The Methods paragraph of a settings record's page: its configuration's paragraph (citing <paramref name="versionIri"/>)
    /// and then this record's settings only, citing its own PHD.
    /// </summary>
    public string MethodsParagraphOf(SettingsRecord settings, string versionIri)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var version = _s.Versions[settings.Version.ToString()];
        var instance = _s.Instances.GetValueOrDefault(version.Instance.ToString());
        var facility = instance is null ? null : _s.Facilities.GetValueOrDefault(instance.Facility.ToString());
        return MethodsParagraph.Write(version, instance, facility, versionIri, Describe(version).Components, Ontology)
            + " " + MethodsParagraph.Settings(settings, Iris.Record(settings.Pid).Value);
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
        var shownFacility = level == PidLevel.Model && r.Facility is null ? null : facility;
        var descriptor = level == PidLevel.Descriptor && r.Version is { } dv ? Describe(dv) : null;
        var settingsRecord = level == PidLevel.Settings ? r.Settings : null;
        string summary = level switch
        {
            PidLevel.Facility => RecordText.Facility(facility!, instances.Count),
            PidLevel.Model => RecordText.Model(model!, instances.Count),
            PidLevel.Instance => RecordText.Instance(instance!, model, facility, versions.Count),
            PidLevel.Settings => $"Acquisition settings {settingsRecord!.Name}, registered against {instance?.Name ?? r.Version!.Instance.ToString()} configuration c{r.Version!.Number}"
                + (settingsRecord.Summary is { } ss ? ": " + ss + "." : "."),
            // The keywords of the version's immutable graph, kept per accession (listing them per page read the whole graph).
            _ => RecordText.Version(r.Version!, instance, model, facility, descriptor is null ? [] : Keywords(r.Version!)),
        };
        DateTimeOffset modified = level switch
        {
            PidLevel.Facility => FacilityPageModified(facility!),
            PidLevel.Model => ModelPageModified(model!, shownFacility?.Pid),
            _ => InstancePageModified(instance!, versions),
        };
        if (level == PidLevel.Descriptor && r.Version is { } self) modified = Later(modified, self.Provenance.Created, self.Tombstone);
        var settingsList = level == PidLevel.Descriptor && r.Version is { } withSettings ? _s.SettingsOf(withSettings) : [];
        foreach (var st in settingsList) modified = Later(modified, st.Provenance.Created, st.Tombstone);
        if (settingsRecord is not null) modified = Later(settingsRecord.Provenance.Created, settingsRecord.Provenance.Created, settingsRecord.Tombstone);
        var related = level == PidLevel.Descriptor && r.Version is { } ver ? _s.RelatedOf(ver) : [];
        foreach (var w in related) modified = Later(modified, w.Added);
        return new RecordModel
        {
            Level = level,
            Related = related,
            Settings = settingsRecord,
            SettingsRecords = settingsList,
            PageModified = modified,
            Summary = summary,
            Facility = shownFacility,
            Model = model,
            Instance = instance,
            Version = r.Version,
            Tombstone = r.Tombstone,
            Versions = versions,
            Instances = instances,
            Models = models,
            Descriptor = descriptor,
        };
    }

    // ------------------------------------------------------------ page dates (Last-Modified, sitemap lastmod)

    /// <summary>Every live record's canonical landing page with the date its page last changed (the sitemap).</summary>
    public List<RecordPage> Pages()
    {
        // One pass over the instances: what each facility's and model's page lists.
        var fac = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var mod = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        void Bump(Dictionary<string, DateTimeOffset> d, Pid key, DateTimeOffset t)
        {
            string k = key.ToString();
            if (!d.TryGetValue(k, out var old) || t > old) d[k] = t;
        }
        var instances = _s.Instances.Values.ToList();
        foreach (var i in instances)
        {
            var listed = Later(i.Provenance.Created, i.Tombstone);
            Bump(fac, i.Facility, listed);
            Bump(mod, i.Model, listed);
            foreach (var m in i.Moves) { Bump(fac, m.From, m.At); Bump(fac, m.To, m.At); }
        }
        var pages = new List<RecordPage>(instances.Count * 2 + 16);
        foreach (var f in _s.Facilities.Values.Where(f => f.Tombstone is null))
            pages.Add(new(PidLevel.Facility, Paths.Of(f), Later(f.Provenance.Created, fac.GetValueOrDefault(f.Pid.ToString()))));
        foreach (var m in _s.Models.Values.Where(m => m.Tombstone is null))
            pages.Add(new(PidLevel.Model, Paths.Of(m), Later(m.Provenance.Created, mod.GetValueOrDefault(m.Pid.ToString()))));
        foreach (var i in instances.Where(i => i.Tombstone is null))
        {
            var versions = _s.VersionsOf(i.Pid);
            var changed = InstancePageModified(i, versions);
            pages.Add(new(PidLevel.Instance, Paths.Of(i), changed));
            foreach (var v in versions.Where(v => v.Tombstone is null))
                pages.Add(new(PidLevel.Descriptor, Paths.Of(i, v.Number), changed));
        }
        foreach (var st in _s.Settings.Values.Where(x => x.Tombstone is null))
            pages.Add(new(PidLevel.Settings, "/" + st.Pid, st.Provenance.Created));
        return pages;
    }

    /// <summary>The latest change of any record, the ontology aside (the home page and catalogue list them all).</summary>
    public DateTimeOffset LatestChange()
    {
        var t = DateTimeOffset.UnixEpoch;
        foreach (var p in Pages()) if (p.LastModified > t) t = p.LastModified;
        foreach (var f in _s.Facilities.Values) t = Later(t, f.Provenance.Created, f.Tombstone);
        foreach (var m in _s.Models.Values) t = Later(t, m.Provenance.Created, m.Tombstone);
        foreach (var i in _s.Instances.Values) t = Later(t, i.Provenance.Created, i.Tombstone);
        return t;
    }

    private DateTimeOffset FacilityPageModified(FacilityRecord f)
    {
        var t = Later(Edited(f.Provenance.Created, f.Modified), f.Tombstone);
        foreach (var i in _s.Instances.Values)
        {
            if (i.Facility == f.Pid) t = Later(t, Edited(i.Provenance.Created, i.Modified), i.Tombstone);
            foreach (var m in i.Moves) if (m.From == f.Pid || m.To == f.Pid) t = Later(t, m.At);
        }
        return t;
    }

    private DateTimeOffset ModelPageModified(ModelRecord m, Pid? atFacility)
    {
        var t = Later(Edited(m.Provenance.Created, m.Modified), m.Tombstone);
        foreach (var i in _s.Instances.Values)
        {
            if (i.Model != m.Pid) continue;
            t = Later(t, Edited(i.Provenance.Created, i.Modified), i.Tombstone);
            if (atFacility is not null) foreach (var mv in i.Moves) t = Later(t, mv.At);
        }
        return t;
    }

    /// <summary>An instance's page, and each of its versions' pages (they show the version history).</summary>
    private static DateTimeOffset InstancePageModified(InstanceRecord i, IReadOnlyList<DescriptorVersion> versions)
    {
        // An edit of the instrument shows on its versions' pages too (their names and descriptions).
        var t = Later(Edited(i.Provenance.Created, i.Modified), i.Tombstone);
        foreach (var m in i.Moves) t = Later(t, m.At);
        foreach (var v in versions) t = Later(t, v.Provenance.Created, v.Tombstone);
        return t;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b, Tombstone? t = null)
    {
        if (b > a) a = b;
        return t is not null && t.WithdrawnAt > a ? t.WithdrawnAt : a;
    }

    private static DateTimeOffset Later(DateTimeOffset a, Tombstone? t) => Later(a, a, t);

    /// <summary>A record's registration or its last metadata edit, whichever is later.</summary>
    private static DateTimeOffset Edited(DateTimeOffset created, DateTimeOffset? modified) => modified is { } m && m > created ? m : created;

    private void OnCommitted() => Interlocked.Increment(ref _changes);
}
