using System.Data.Common;
using PhdResolver.Rdf;
using PhdResolver.Registry.Audit;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Storage;
using PhdResolver.Store;

namespace PhdResolver.Registry;

/// <summary>
/// The PHD registry: reads (records, versions, graphs, diffs, search, audit log), writes
/// (register, submit a version, withdraw, move) and dump/restore of the registry rows.
/// <para>
/// Every write is one store write transaction: the registry rows, the audit row, the search
/// generation and (for versions) the graph's quads commit in ONE SQLite transaction
/// (<see cref="WriteTransaction.Commit(ICommitParticipant, StopSignal)"/>); the in-memory quad
/// indexes, the in-memory registry and then the full-text index (derived data, see
/// RegistryService.Search.cs) are updated only after it committed. Writes are
/// serialised by a gate held from validation to publication. The service does not own the store.
/// </para>
/// </summary>
public sealed partial class RegistryService : IDisposable
{
    private readonly QuadStore _store;
    private readonly RegistryState _state;
    /// <summary>
    /// The registry as the calling thread sees it: the committed state, except on the thread running a
    /// batch (<see cref="WriteBatch"/>), which sees its staged copy, so that the ordinary write methods run
    /// unchanged inside a batch while readers never see a record before it is committed.
    /// </summary>
    private RegistryState _s => _batch is { } b && b.Thread == Environment.CurrentManagedThreadId ? b.State : _state;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    static RegistryService() => SQLitePCL.Batteries_V2.Init();

    private RegistryService(QuadStore store, RegistryOptions options, RegistryState state)
    {
        _store = store;
        Options = options;
        _state = state;
        Resolver = new Resolver(state);
        Changed += _ => OnCommitted(); // first subscriber: read-model indexes are stale before caches are evicted
    }

    public RegistryOptions Options { get; }
    public QuadStore Store => _store;

    /// <summary>
    /// The state every graph read answers from now: an immutable object (the store's index set) that each change of the
    /// quads replaces, a local commit, a batch or a replica's followed change alike. Memos of texts derived from the graphs
    /// key on it (by reference), so they need not list the statements they were built from.
    /// </summary>
    public object GraphState => _store.Generation;
    public Resolver Resolver { get; }

    /// <summary>Raised after each committed write (outside the write gate), for cache eviction.</summary>
    public event Action<RegistryChange>? Changed;

    /// <summary>Opens the registry on an open store: migrates its tables if needed and loads them into memory.</summary>
    public static RegistryService Open(QuadStore store, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.BaseUri.IsAbsoluteUri || !options.BaseUri.AbsoluteUri.EndsWith('/'))
            throw new ArgumentException("the base URI must be absolute and end with '/'", nameof(options));
        int version;
        long lastChange;
        RegistryState state;
        using (var c = store.OpenReadConnection())
        {
            version = RegistrySchema.CurrentVersion(c);
            lastChange = LastChange(c); // replicas: the change log up to here is in the rows read below
            if (version > RegistrySchema.LatestVersion)
                throw new StoreException(StoreErrorKind.SchemaMismatch, $"registry schema {version} is newer than this build ({RegistrySchema.LatestVersion}): run a newer phd");
            // Every schema version reads the record tables of version 1, so the rows load before the
            // migration, which then runs in one transaction with the record-graph backfill.
            state = version == 0 ? new RegistryState() : RegistryRows.Load(c);
        }
        var service = new RegistryService(store, options, state) { _syncedChange = lastChange };
        try
        {
            service.EnsureGraphs(version); // migrations, record-graph backfill and the ontology graph, one transaction
            service.ImportLegacyTokens(); // a pre-registry tokens.json, once
            service.OpenSearchIndex(); // checked against the registry's search generation; rebuilt in the background if it differs
            service.FollowReplicas(); // on a shared database: other processes' writes
        }
        catch
        {
            service.Dispose();
            throw;
        }
        return service;
    }

    /// <summary>A connection for reading committed rows (SQLite read-only, or PostgreSQL from the pool).</summary>
    private DbConnection OpenRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _store.OpenReadConnection();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _store.ChangedElsewhere -= OnChangedElsewhere;
        _closing.Cancel(); // a running rebuild stops at its next document; the next open rebuilds
        _gate.Wait();
        try { _indexRebuild.Wait(); } catch (AggregateException) { } // finished or cancelled: its failure is the next open's rebuild
        _index?.Dispose();
        _gate.Dispose();
        _closing.Dispose();
    }

    // ---------------------------------------------------------------- reads

    public FacilityRecord? GetFacility(Pid pid) => Lookup(pid, PidLevel.Facility) is { } k ? _s.Facilities.GetValueOrDefault(k) : null;
    public ModelRecord? GetModel(Pid pid) => Lookup(pid, PidLevel.Model) is { } k ? _s.Models.GetValueOrDefault(k) : null;
    public InstanceRecord? GetInstance(Pid pid) => Lookup(pid, PidLevel.Instance) is { } k ? _s.Instances.GetValueOrDefault(k) : null;
    public DescriptorVersion? GetVersion(PhdAccession accession) => _s.Versions.GetValueOrDefault(accession.ToString());

    /// <summary>The versions of an instance, c1 first (withdrawn ones included, with their tombstones).</summary>
    public IReadOnlyList<DescriptorVersion> GetVersions(Pid instance) =>
        Lookup(instance, PidLevel.Instance) is { } k && _s.InstanceVersions.TryGetValue(k, out var v) ? v : [];

    /// <summary>Which level and record a PID (or alias) names, if any.</summary>
    public PidEntry? LookupPid(Pid pid) => _s.Pids.TryGetValue(pid.ToString(), out var e) ? e : null;

    private string? Lookup(Pid pid, PidLevel level) =>
        _s.Pids.TryGetValue(pid.ToString(), out var e) && e.Level == level ? e.Record : null;

    public int FacilityCount => _s.Facilities.Count;
    public int InstanceCount => _s.Instances.Count;

    /// <summary>Every record, for sitemaps (unordered; a snapshot of the moment).</summary>
    public IEnumerable<FacilityRecord> Facilities => _s.Facilities.Values;
    public IEnumerable<ModelRecord> Models => _s.Models.Values;
    public IEnumerable<InstanceRecord> Instances => _s.Instances.Values;

    /// <summary>The canonical path of a version (<c>/{facility}/{model}/{instance}/c{N}</c>).</summary>
    public string PathOf(DescriptorVersion v) => Paths.Of(_s.Instances[v.Instance.ToString()], v.Number);

    /// <summary>A version's graph (its triples, as submitted up to blank node labels). Never changes.</summary>
    public Dataset GetGraph(DescriptorVersion version)
    {
        var ds = new Dataset();
        // A version staged earlier in the running batch is only in that batch's transaction (a second version of one instrument).
        using var snap = StagedInBatch(version) is { } tx ? tx.PendingQuadSnapshot() : _store.OpenQuadSnapshot();
        foreach (var q in snap.Match(null, null, null, GraphFilter.Named(new Iri(version.GraphIri)))) ds.Add(q.WithGraph(null));
        return ds;
    }

    /// <summary>What changed between two versions (usually of the same instance), by component.</summary>
    public VersionDiff Diff(PhdAccession from, PhdAccession to)
    {
        var a = GetVersion(from) ?? throw new RegistryException(RegistryErrorKind.NotFound, $"{from} is not a registered version");
        var b = GetVersion(to) ?? throw new RegistryException(RegistryErrorKind.NotFound, $"{to} is not a registered version");
        // Nodes are minted per version ({version IRI}#slug): the same slug is the same component,
        // so both sides are compared under the newer version's IRI.
        // Statements about the version itself (which NBO-Q it conforms to) are not hardware: left out.
        return new VersionDiff(a, b, GraphDiff.Compare(Triples(GetGraph(a), a.GraphIri, a.GraphIri + "#", b.GraphIri + "#"), Triples(GetGraph(b), b.GraphIri, null, null)));
    }

    private static IEnumerable<Triple> Triples(Dataset ds, string self, string? from, string? to)
    {
        foreach (var q in ds)
        {
            if (q.Subject is Iri s && s.Value == self) continue;
            if (from is null) { yield return q.Triple; continue; }
            yield return new Triple(Rebase(q.Subject, from, to!), q.Predicate, Rebase(q.Object, from, to!));
        }
    }

    private static Term Rebase(Term t, string from, string to) =>
        t is Iri i && i.Value.StartsWith(from, StringComparison.Ordinal) ? new Iri(to + i.Value[from.Length..]) : t;

    /// <summary>The audit log, newest first; <paramref name="target"/> filters by canonical PID; <paramref name="beforeId"/> pages.</summary>
    public IReadOnlyList<AuditEntry> AuditLog(string? target = null, long? beforeId = null, int limit = 100)
    {
        using var c = OpenRead();
        return Audit.AuditLog.Read(c, target, beforeId, limit);
    }
}
