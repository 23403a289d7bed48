using System.Globalization;
using System.Data.Common;
using PhdResolver.Rdf;
using PhdResolver.Registry.Audit;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Storage;
using PhdResolver.Store;

namespace PhdResolver.Registry;

public sealed partial class RegistryService
{
    /// <summary>
    /// Runs one write under the gate: <paramref name="prepare"/> validates against the current
    /// state and returns the quads to add, the rows to write and the in-memory changes to
    /// publish once SQLite committed. Nothing is published if anything throws.
    /// </summary>
    private T Write<T>(string action, Func<Plan<T>> prepare)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Inside a batch (on its thread, under its gate): staged, committed with the whole batch.
        if (_batch is { } batch && batch.Thread == Environment.CurrentManagedThreadId) return batch.Stage(prepare());
        Plan<T> plan;
        _gate.Wait();
        WriteTransaction? early = null;
        try
        {
            _pendingIndex = null;
            if (_store.IsShared)
            {
                // Replicas share the database: the store's write (its writers' lock, caught up with the change log) is
                // taken before the checks, and the registry catches up with other replicas' rows, so the checks see
                // every write committed before this one and none can commit in between.
                early = _store.BeginWrite();
                SyncRowsLocked();
            }
            plan = prepare();
            if (ReferenceEquals(plan.Rows, NoRows)) return plan.Result; // an answer that changes nothing (an identical resubmission)
            using var tx = early ?? _store.BeginWrite();
            early = null;
            plan.Quads?.Invoke(tx);
            long generation = 0;
            tx.Commit(Participant(action, Logged(action, plan.Pids), c =>
            {
                _pendingIndex = null;
                plan.Rows(c);
                generation = BumpSearchGeneration(c);
            }));
            OwnChangeCommitted();
            plan.Publish();
            ApplyIndex(generation);
        }
        finally
        {
            early?.Dispose(); // prepared nothing to write, or failed before the transaction took it over
            _gate.Release();
            AnnounceReplicated(); // other replicas' writes this one synced with first
        }
        Changed?.Invoke(new RegistryChange(action, plan.Pids));
        return plan.Result;
    }

    /// <summary>The rows of a plan that writes nothing: <see cref="Write{T}"/> opens no transaction for it.</summary>
    private static readonly Action<DbConnection> NoRows = _ => { };

    private sealed record Plan<T>(T Result, Action<DbConnection> Rows, Action Publish, IReadOnlyList<string> Pids, Action<WriteTransaction>? Quads = null) : IPlan;

    /// <summary>A plan without its result type, as a batch keeps its steps.</summary>
    private interface IPlan
    {
        Action<DbConnection> Rows { get; }
        Action Publish { get; }
        IReadOnlyList<string> Pids { get; }
        Action<WriteTransaction>? Quads { get; }
    }

    private Provenance Now(string actor)
    {
        if (string.IsNullOrWhiteSpace(actor)) throw new RegistryException(RegistryErrorKind.Invalid, "an actor (token id or \"cli\") is required");
        return new Provenance(Options.Clock.GetUtcNow(), actor);
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new RegistryException(RegistryErrorKind.Invalid, what + " is required") : value.Trim();

    /// <summary>
    /// An optional web address (a homepage): trimmed, null when blank, else an absolute http(s) IRI by
    /// <see cref="IriSyntax"/> (RFC 3987), refused naming <paramref name="field"/> otherwise. Before, any
    /// string was stored and the record graph silently left out what did not parse as a URL.
    /// </summary>
    private static string? OptionalWebIri(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        return IriSyntax.CheckAbsolute(text, IriSyntax.Web) is { } why
            ? throw new RegistryException(RegistryErrorKind.Invalid, $"{field}: '{Shorten(text)}' is not an absolute http or https IRI: {why}") { Field = field }
            : text;
    }

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "...";

    private static Pid? OptionalPid(string? text, string what, Func<Pid, bool> allowed)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!PidParser.TryParseAny(text, out var p, out var error)) throw new RegistryException(RegistryErrorKind.Invalid, $"{what}: {error}");
        if (p!.Single is not { } pid || p.Config is not null || !allowed(pid)) throw new RegistryException(RegistryErrorKind.Invalid, $"{what}: '{text}' is not an identifier of the right kind");
        return pid;
    }

    private void EnsureFree(Pid pid)
    {
        if (_s.Pids.ContainsKey(pid.ToString())) throw new RegistryException(RegistryErrorKind.Conflict, $"{pid} is already registered");
        EnsureUnclaimed(pid);
    }

    /// <summary>A fresh accession, unique among all ever minted (the table's primary key has the last word).</summary>
    private PhdAccession Mint()
    {
        while (true)
        {
            var a = PhdAccession.NewRandom();
            if (!_s.Accessions.Contains(a.Value) && !_s.Pids.ContainsKey(a.ToString())) return a;
        }
    }

    /// <summary>Finds a live record of <paramref name="level"/> by any spelling of its PID.</summary>
    private string RecordOf(string text, PidLevel level, string what)
    {
        var pid = OptionalPid(text, what, _ => true) ?? throw new RegistryException(RegistryErrorKind.Invalid, what + " is required");
        if (!_s.Pids.TryGetValue(pid.ToString(), out var e) || e.Level != level)
            throw new RegistryException(RegistryErrorKind.NotFound, $"{what}: {pid} is not a registered {level.ToString().ToLowerInvariant()}");
        return e.Record;
    }

    private static Dictionary<string, string?> Details(params (string Key, string? Value)[] kv)
    {
        var d = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (k, v) in kv) d[k] = v;
        return d;
    }

    // ---------------------------------------------------------------- register

    public FacilityRecord RegisterFacility(NewFacility input, string actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Write(AuditActions.RegisterFacility, () =>
        {
            var rrid = OptionalPid(input.Rrid, "RRID", p => p.Scheme == PidScheme.Rrid);
            var ror = OptionalPid(input.Ror, "ROR", p => p.Scheme == PidScheme.Ror);
            PhdAccession? minted = rrid is null && ror is null ? Mint() : null;
            var pid = rrid ?? ror ?? Pid.FromAccession(minted!.Value);
            foreach (var p in new[] { rrid, ror }) if (p is { } x) EnsureFree(x);
            var ids = CheckIdentifiers(pid, PidLevel.Facility, input.Identifiers, null, [rrid, ror, pid]);
            var people = CheckPeople(input.People);
            var f = new FacilityRecord
            {
                People = people,
                Pid = pid, Rrid = rrid, Ror = ror, Name = Required(input.Name, "name"),
                Homepage = OptionalWebIri(input.Homepage, "homepage"), Contact = input.Contact, City = input.City, Country = input.Country,
                Provenance = Now(actor), Identifiers = ids,
            };
            var aliases = new[] { rrid, ror, minted is null ? null : pid }.Where(p => p is not null).Select(p => p!.Value).ToArray();
            return new Plan<FacilityRecord>(f,
                c =>
                {
                    if (minted is { } m) RegistryRows.InsertAccession(c, m, f.Provenance.Created);
                    foreach (var a in aliases) RegistryRows.InsertPid(c, a, PidLevel.Facility, pid);
                    RegistryRows.UpsertFacility(c, f);
                    if (ids.Count > 0) ReplaceIdentifiers(c, pid, ids, PidLevel.Facility, null);
                    if (people.Count > 0) RegistryRows.ReplacePeople(c, pid, people);
                    QueueIndex(IndexChange.Put(Documents.Of(f)));
                    Audit.AuditLog.Append(c, f.Provenance.Created, actor, AuditActions.RegisterFacility, pid.ToString(),
                        Details(("name", f.Name), ("rrid", rrid?.ToString()), ("ror", ror?.ToString())));
                },
                () =>
                {
                    if (minted is { } m) _s.Accessions.Add(m.Value);
                    _s.Facilities[pid.ToString()] = f;
                    ClaimIdentifiers(pid, [], ids, PidLevel.Facility, null, null);
                    foreach (var a in aliases) _s.Pids[a.ToString()] = new PidEntry(PidLevel.Facility, pid.ToString());
                },
                [pid.ToString()],
                tx => PutGraph(tx, _graphs.Facility(f)));
        });
    }

    public ModelRecord RegisterModel(NewModel input, string actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Write(AuditActions.RegisterModel, () =>
        {
            var rrid = OptionalPid(input.Rrid, "RRID", p => p.Scheme == PidScheme.Rrid);
            PhdAccession? minted = rrid is null ? Mint() : null;
            var pid = rrid ?? Pid.FromAccession(minted!.Value);
            EnsureFree(pid);
            var ids = CheckIdentifiers(pid, PidLevel.Model, input.Identifiers, null, [pid]);
            var m = new ModelRecord
            {
                Pid = pid, Name = Required(input.Name, "name"), Manufacturer = Required(input.Manufacturer, "manufacturer"),
                Modality = input.Modality, Provenance = Now(actor), Identifiers = ids,
            };
            return new Plan<ModelRecord>(m,
                c =>
                {
                    if (minted is { } a) RegistryRows.InsertAccession(c, a, m.Provenance.Created);
                    RegistryRows.InsertPid(c, pid, PidLevel.Model, pid);
                    RegistryRows.UpsertModel(c, m);
                    if (ids.Count > 0) ReplaceIdentifiers(c, pid, ids, PidLevel.Model, null);
                    QueueIndex(IndexChange.Put(Documents.Of(m)));
                    Audit.AuditLog.Append(c, m.Provenance.Created, actor, AuditActions.RegisterModel, pid.ToString(),
                        Details(("name", m.Name), ("manufacturer", m.Manufacturer)));
                },
                () =>
                {
                    if (minted is { } a) _s.Accessions.Add(a.Value);
                    _s.Models[pid.ToString()] = m;
                    ClaimIdentifiers(pid, [], ids, PidLevel.Model, null, null);
                    _s.Pids[pid.ToString()] = new PidEntry(PidLevel.Model, pid.ToString());
                },
                [pid.ToString()],
                tx => PutGraph(tx, _graphs.Model(m)));
        });
    }

    public InstanceRecord RegisterInstance(NewInstance input, string actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Write(AuditActions.RegisterInstance, () =>
        {
            var id = OptionalPid(input.Identifier, "identifier", p => p.Scheme is PidScheme.Doi or PidScheme.Handle);
            var f = _s.Facilities[RecordOf(input.Facility, PidLevel.Facility, "facility")];
            var owner = input.Owner is null ? f : _s.Facilities[RecordOf(input.Owner, PidLevel.Facility, "owner")];
            var m = _s.Models[RecordOf(input.Model, PidLevel.Model, "model")];
            if (f.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{f.Pid} was withdrawn");
            if (m.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{m.Pid} was withdrawn");
            PhdAccession? minted = id is null ? Mint() : null;
            var pid = id ?? Pid.FromAccession(minted!.Value);
            EnsureFree(pid);
            var manufacturer = string.IsNullOrWhiteSpace(input.Manufacturer) ? m.Manufacturer : input.Manufacturer.Trim();
            var scopes = Scopes(manufacturer, owner.Pid);
            var ids = CheckIdentifiers(pid, PidLevel.Instance, input.Identifiers, scopes, [pid]);
            var people = CheckPeople(input.People);
            var i = new InstanceRecord
            {
                People = people,
                Pid = pid, Name = Required(input.Name, "name"), Owner = owner.Pid, Facility = f.Pid, Model = m.Pid,
                Manufacturer = manufacturer,
                Description = input.Description, Commissioned = input.Commissioned, Provenance = Now(actor), Identifiers = ids,
            };
            return new Plan<InstanceRecord>(i,
                c =>
                {
                    if (minted is { } a) RegistryRows.InsertAccession(c, a, i.Provenance.Created);
                    RegistryRows.InsertPid(c, pid, PidLevel.Instance, pid);
                    RegistryRows.UpsertInstance(c, i);
                    if (ids.Count > 0) ReplaceIdentifiers(c, pid, ids, PidLevel.Instance, scopes);
                    if (people.Count > 0) RegistryRows.ReplacePeople(c, pid, people);
                    QueueIndex(IndexChange.Put(Documents.Of(i, f, m)));
                    Audit.AuditLog.Append(c, i.Provenance.Created, actor, AuditActions.RegisterInstance, pid.ToString(),
                        Details(("name", i.Name), ("facility", f.Pid.ToString()), ("model", m.Pid.ToString()), ("path", Paths.Of(i))));
                },
                () =>
                {
                    if (minted is { } a) _s.Accessions.Add(a.Value);
                    _s.Instances[pid.ToString()] = i;
                    ClaimIdentifiers(pid, [], ids, PidLevel.Instance, null, scopes);
                    _s.Pids[pid.ToString()] = new PidEntry(PidLevel.Instance, pid.ToString());
                },
                [pid.ToString()],
                tx => PutGraph(tx, _graphs.Instance(i, [])));
        });
    }

    // ---------------------------------------------------------------- versions

    /// <summary>
    /// Adds configuration version c&lt;N+1&gt; to an instance (see <see cref="SubmitDescriptor"/>).
    /// </summary>
    public DescriptorVersion SubmitVersion(string instance, Dataset graph, int tier, string actor) =>
        SubmitDescriptor(instance, graph, tier, actor).Version;

    /// <summary>bench/registry only: false measures a submission without its record graphs (leaves them stale).</summary>
    internal bool RecordGraphsOnSubmit { get; set; } = true;

    private static readonly Term ConformsToPredicate = Nboq.Nboq.ConformsTo(new Iri("urn:x")).Predicate;

    /// <summary>
    /// Adds configuration version c&lt;N+1&gt; to an instance: mints its accession, rewrites the
    /// graph's IRI subjects to <c>{base}phd:ACC#slug</c> (<see cref="DescriptorMinting"/>; a subject
    /// that belongs to something else is refused with the list, nothing written) and stores it
    /// (already validated; every quad, whatever its graph, goes into the version's named graph,
    /// blank nodes relabelled store-unique) as an immutable named graph, with the record graphs of
    /// the instance and its versions rewritten in the same transaction. A graph isomorphic to the
    /// current version's (after minting) is answered with that version and writes nothing.
    /// </summary>
    /// <param name="should">the SHOULD fields met and their total at <paramref name="tier"/>, when the caller validated (<see cref="SubmitValidated"/>)</param>
    public StoredVersion SubmitDescriptor(string instance, Dataset graph, int tier, string actor, (int Met, int Total)? should = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (tier is < 0 or > 9) throw new RegistryException(RegistryErrorKind.Invalid, "tier must be 0..9");
        return Write(AuditActions.SubmitVersion, () =>
        {
            var i = _s.Instances[RecordOf(instance, PidLevel.Instance, "instance")];
            if (i.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{i.Pid} was withdrawn");
            var previous = _s.VersionsOf(i.Pid);
            var input = new HashSet<Triple>();
            foreach (var q in graph)
            {
                // A downloaded version says which NBO-Q it conformed to; the registry states that itself for
                // the new version, so an edited-and-resubmitted download is not refused for speaking about it.
                if (q.Predicate == ConformsToPredicate && q.Subject is Iri s && previous.Any(p => p.GraphIri == s.Value)) continue;
                input.Add(q.Triple);
            }
            if (input.Count == 0) throw new RegistryException(RegistryErrorKind.Invalid, "the descriptor graph is empty");
            string baseIri = Iris.Base;
            var own = new HashSet<string>(previous.Select(p => p.GraphIri), StringComparer.Ordinal);
            bool OtherRecord(string iri) =>
                PidParser.TryParseAny(iri, out var p, out _) && p!.Single is { } pid && _s.Pids.ContainsKey(pid.ToString());

            // Identical to the current version? Mint under its IRI and compare.
            var current = RecordGraphs.Current(previous);
            if (current is not null)
            {
                var asCurrent = DescriptorMinting.Mint(input, current.GraphIri, baseIri, own, OtherRecord);
                asCurrent.Add(Nboq.Nboq.ConformsTo(new Iri(current.GraphIri)).Triple);
                var existing = GetGraph(current);
                if (existing.Count == asCurrent.Count && Isomorphism.AreIsomorphic(asCurrent.Select(t => new Quad(t.Subject, t.Predicate, t.Object)), existing))
                    return new Plan<StoredVersion>(new StoredVersion(current, Created: false), NoRows, () => { }, []);
            }

            var acc = Mint();
            var graphIri = new Iri(baseIri + acc);
            var minted = DescriptorMinting.Mint(input, graphIri.Value, baseIri, own, OtherRecord);
            var triples = new HashSet<Triple>(minted)
            {
                // The NBO-Q version (owl:versionIRI) it was validated against, kept with the immutable graph.
                Nboq.Nboq.ConformsTo(graphIri).Triple,
            };
            var nodes = triples.Where(t => t.Predicate == Vocab.Rdf.Type && t.Subject is Iri && t.Object is Iri c && IsInstrumentClass(c))
                .Select(t => (Iri)t.Subject).Distinct().OrderBy(n => n.Value, StringComparer.Ordinal).ToList();
            var keywords = KeywordsOf(triples);
            var v = new DescriptorVersion
            {
                Accession = acc, Instance = i.Pid, Number = previous.Length + 1, GraphIri = graphIri.Value,
                Tier = tier, QuadCount = triples.Count, Provenance = Now(actor),
                ShouldMet = should?.Met, ShouldTotal = should?.Total,
            };
            DescriptorVersion[] after = [.. previous, v];
            var changed = new HashSet<int> { v.Number, v.Number - 1 };
            if (current is not null) changed.Add(current.Number);
            var f = _s.Facilities.GetValueOrDefault(i.Facility.ToString());
            var m = _s.Models.GetValueOrDefault(i.Model.ToString());
            var doc = Documents.Of(v, true, i, f, m, triples);
            // All versions are searchable; the one this replaces as current is re-indexed as not current.
            var demoted = current is null ? null : Documents.Of(current, false, i, f, m, GetGraph(current).Select(q => q.Triple).ToList());
            return new Plan<StoredVersion>(new StoredVersion(v, Created: true),
                c =>
                {
                    RegistryRows.InsertAccession(c, acc, v.Provenance.Created);
                    RegistryRows.InsertPid(c, v.Pid, PidLevel.Descriptor, v.Pid);
                    RegistryRows.InsertVersion(c, v);
                    QueueIndex(IndexChange.Put(doc));
                    if (demoted is not null) QueueIndex(IndexChange.Put(demoted));
                    Audit.AuditLog.Append(c, v.Provenance.Created, actor, AuditActions.SubmitVersion, acc.ToString(),
                        Details(("instance", i.Pid.ToString()), ("version", "c" + v.Number.ToString(CultureInfo.InvariantCulture)),
                            ("tier", tier.ToString(CultureInfo.InvariantCulture)), ("graph", v.GraphIri), ("triples", triples.Count.ToString(CultureInfo.InvariantCulture))));
                },
                () =>
                {
                    _s.Accessions.Add(acc.Value);
                    _instrumentNodes[acc.Value] = nodes;
                    _keywords[acc.Value] = keywords;
                    _s.PutVersion(v);
                    _s.Pids[v.Pid.ToString()] = new PidEntry(PidLevel.Descriptor, acc.ToString());
                },
                [acc.ToString(), i.Pid.ToString(), .. previous.Select(p => p.Accession.ToString())],
                tx =>
                {
                    var sink = tx.CreateLoadSink(graphIri);
                    foreach (var t in triples) sink.OnQuad(new Quad(t.Subject, t.Predicate, t.Object));
                    // Only three graphs change: the instance's, the new version's, and its predecessor's
                    // (successor link), which is also the previous current one unless that was withdrawn.
                    if (RecordGraphsOnSubmit) PutInstanceAndVersions(tx, i, after, v, nodes, changed, keywords);
                });
        });
    }

    // ---------------------------------------------------------------- withdraw, move

    /// <summary>
    /// Withdraws a facility, model, instance or version (named by any PID spelling or path). The
    /// record and its graph stay (for citation); resolution answers 410 with the tombstone.
    /// </summary>
    public Tombstone Withdraw(string pidOrPath, string reason, string actor)
    {
        return Write(AuditActions.Withdraw, () =>
        {
            var r = Resolver.Resolve(pidOrPath);
            if (r.Status is ResolutionStatus.NotFound or ResolutionStatus.Invalid) throw new RegistryException(r.Status == ResolutionStatus.Invalid ? RegistryErrorKind.Invalid : RegistryErrorKind.NotFound, r.Error ?? "not found");
            if (r.Redirect == RedirectKind.Latest) throw new RegistryException(RegistryErrorKind.Invalid, "name the version to withdraw (c<N> or its accession), not 'latest'");
            var t = new Tombstone(Required(reason, "reason"), Options.Clock.GetUtcNow(), Now(actor).Creator);
            Pid pid;
            Action publish;
            Action<WriteTransaction> quads;
            switch (r.Level)
            {
                case PidLevel.Descriptor:
                    var v = r.Version!;
                    if (v.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{v.Accession} is already withdrawn");
                    pid = v.Pid;
                    var wv = v with { Tombstone = t };
                    publish = () => _s.PutVersion(wv);
                    // The current version may change: the instance and every version of it are rewritten.
                    var owner = _s.Instances[v.Instance.ToString()];
                    var after = _s.VersionsOf(v.Instance).Select(x => x.Accession == v.Accession ? wv : x).ToArray();
                    quads = tx => PutInstanceAndVersions(tx, owner, after);
                    break;
                case PidLevel.Instance:
                    var i = r.Instance!;
                    if (i.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{i.Pid} is already withdrawn");
                    pid = i.Pid;
                    var wi = i with { Tombstone = t };
                    publish = () => _s.Instances[i.Pid.ToString()] = wi;
                    quads = tx => PutGraph(tx, _graphs.Instance(wi));
                    break;
                case PidLevel.Model when r.Facility is null:
                    var m = r.Model!;
                    if (m.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{m.Pid} is already withdrawn");
                    pid = m.Pid;
                    var wm = m with { Tombstone = t };
                    publish = () => _s.Models[m.Pid.ToString()] = wm;
                    quads = tx => PutGraph(tx, _graphs.Model(wm));
                    break;
                case PidLevel.Settings:
                    var st = r.Settings!;
                    if (st.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{st.Accession} is already withdrawn");
                    pid = st.Pid;
                    var ws = st with { Tombstone = t };
                    publish = () => _s.PutSettings(ws);
                    // Its configuration's graph lists live settings only: both are rewritten.
                    var sv = r.Version!;
                    var si = r.Instance!;
                    var remaining = _s.SettingsOf(sv).Select(x => x.Accession == ws.Accession ? ws : x).ToArray();
                    quads = tx => { PutGraph(tx, _graphs.Settings(ws, sv, si)); PutGraph(tx, _graphs.Version(sv, null, null, null, si, null, remaining)); };
                    break;
                case PidLevel.Facility:
                    var f = r.Facility!;
                    if (f.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{f.Pid} is already withdrawn");
                    pid = f.Pid;
                    var wf = f with { Tombstone = t };
                    publish = () => _s.Facilities[f.Pid.ToString()] = wf;
                    quads = tx => PutGraph(tx, _graphs.Facility(wf));
                    break;
                default:
                    throw new RegistryException(RegistryErrorKind.Invalid, "name the model by its own PID to withdraw it");
            }
            var level = r.Level!.Value;
            var searchChanges = new List<IndexChange> { IndexChange.Remove(pid.ToString()) };
            if (level == PidLevel.Instance) searchChanges.AddRange(_s.VersionsOf(pid).Select(x => IndexChange.Remove(x.Accession.ToString())));
            if (level == PidLevel.Descriptor && _s.Instances[r.Version!.Instance.ToString()] is { Tombstone: null } owning)
            {
                // Another version may become current: the live ones are re-indexed with their new flags.
                var wv = r.Version with { Tombstone = t };
                var versions = _s.VersionsOf(owning.Pid).Select(x => x.Accession == wv.Accession ? wv : x).ToArray();
                searchChanges.AddRange(VersionDocuments(owning, versions, _s.Facilities.GetValueOrDefault(owning.Facility.ToString()), _s.Models.GetValueOrDefault(owning.Model.ToString())).Select(IndexChange.Put));
            }
            return new Plan<Tombstone>(t,
                c =>
                {
                    RegistryRows.InsertTombstone(c, pid, level, t);
                    foreach (var sc in searchChanges) QueueIndex(sc);
                    Audit.AuditLog.Append(c, t.WithdrawnAt, actor, AuditActions.Withdraw, pid.ToString(), Details(("level", level.ToString()), ("reason", t.Reason)));
                },
                publish, level == PidLevel.Settings ? [pid.ToString(), r.Version!.Accession.ToString()] : [pid.ToString()], quads);
        });
    }

    /// <summary>
    /// Moves an instance to another facility: its canonical path changes, and every path under
    /// the old facility answers 301 to the new one. The owner moves too unless
    /// <paramref name="transferOwnership"/> is false (a loan).
    /// </summary>
    public InstanceRecord MoveInstance(string instance, string newFacility, string actor, bool transferOwnership = true)
    {
        return Write(AuditActions.MoveInstance, () =>
        {
            var i = _s.Instances[RecordOf(instance, PidLevel.Instance, "instance")];
            if (i.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{i.Pid} was withdrawn");
            // The destination is input, not the addressed resource: an unknown one is a 422 naming the field, not a 404.
            string dest;
            try { dest = RecordOf(newFacility, PidLevel.Facility, "facility"); }
            catch (RegistryException e) { throw new RegistryException(RegistryErrorKind.Invalid, e.Message + "; nothing was moved") { Field = "facility" }; }
            var to = _s.Facilities[dest];
            if (to.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Invalid, $"facility: {to.Pid} was withdrawn; nothing was moved") { Field = "facility" };
            if (to.Pid == i.Facility) throw new RegistryException(RegistryErrorKind.Conflict, $"{i.Pid} is already at {to.Pid}");
            var prov = Now(actor);
            var move = new InstanceMove(i.Facility, to.Pid, prov.Created, actor);
            var moved = i with { Facility = to.Pid, Owner = transferOwnership ? to.Pid : i.Owner, Moves = [.. i.Moves, move] };
            // Inventory numbers are unique per owner: a new owner re-keys the claims (and may clash with one of its own).
            bool rekey = moved.Owner != i.Owner && i.Identifiers.Count > 0;
            if (rekey) CheckIdentifiers(moved.Pid, PidLevel.Instance, [.. i.Identifiers.Select(x => new IdentifierInput { Scheme = x.Scheme, Value = x.Value })], Scopes(moved.Manufacturer, moved.Owner), [moved.Pid]);
            var m = _s.Models.GetValueOrDefault(i.Model.ToString());
            // Every live version's document names the facility: all are re-indexed.
            var versionDocs = VersionDocuments(moved, _s.VersionsOf(i.Pid), to, m).ToList();
            return new Plan<InstanceRecord>(moved,
                c =>
                {
                    RegistryRows.UpsertInstance(c, moved);
                    RegistryRows.InsertMove(c, i.Pid, moved.Moves.Count, move);
                    if (rekey) ReplaceIdentifiers(c, moved.Pid, moved.Identifiers, PidLevel.Instance, Scopes(moved.Manufacturer, moved.Owner));
                    QueueIndex(IndexChange.Put(Documents.Of(moved, to, m)));
                    foreach (var d in versionDocs) QueueIndex(IndexChange.Put(d));
                    Audit.AuditLog.Append(c, prov.Created, actor, AuditActions.MoveInstance, i.Pid.ToString(),
                        Details(("from", move.From.ToString()), ("to", move.To.ToString()), ("oldPath", Paths.Of(i)), ("newPath", Paths.Of(moved))));
                },
                () =>
                {
                    _s.Instances[i.Pid.ToString()] = moved;
                    if (rekey) ClaimIdentifiers(moved.Pid, i.Identifiers, moved.Identifiers, PidLevel.Instance, Scopes(i.Manufacturer, i.Owner), Scopes(moved.Manufacturer, moved.Owner));
                },
                [i.Pid.ToString(), .. _s.VersionsOf(i.Pid).Select(v => v.Accession.ToString())],
                // Record IRIs do not depend on the path: the instance's graph changes, and its versions'
                // (their schema:creator/publisher is the facility holding the instrument).
                tx => PutInstanceAndVersions(tx, moved, _s.VersionsOf(i.Pid)));
        });
    }
}
