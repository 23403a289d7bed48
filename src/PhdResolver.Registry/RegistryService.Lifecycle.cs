using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using PhdResolver.Rdf;
using PhdResolver.Registry.Audit;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Storage;
using PhdResolver.Registry.Tokens;

namespace PhdResolver.Registry;

/// <summary>
/// Record lifecycle (issue 15): metadata edits as record revisions, external identifiers, who may act
/// on which record, and a record's audit history. The API, the CLI and the staff UI call these; the
/// rules live here once.
/// </summary>
public sealed partial class RegistryService
{
    /// <summary>
    /// Edits the metadata of a facility, model or instance (any PID spelling or path) as a new record
    /// revision: the row, the record graphs that show the changed facts (an instrument's name is in its
    /// versions' record graphs too; a facility's in its instruments'), the search documents and an audit
    /// row with each changed field's old and new value and the reason, in one transaction. Descriptor
    /// versions are immutable and are refused; so is a withdrawn record (Gone), a field the level does
    /// not have, and an identifier another record holds (Conflict). An edit that changes nothing writes
    /// nothing and answers the record as it is.
    /// </summary>
    public EditResult EditRecord(string pidOrPath, RecordEdit edit, string actor)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return Write(AuditActions.EditRecord, () =>
        {
            var (level, pid) = LiveRecord(pidOrPath, "edit");
            var prov = Now(actor);
            var changes = new List<(string Field, string? Old, string? New)>();
            void Track(string field, string? old, string? now)
            {
                if (!string.Equals(old, now, StringComparison.Ordinal)) changes.Add((field, old, now));
            }
            string? Text(string? value, string? old, string field, bool required = false, int max = 1000)
            {
                if (value is null) return old;
                var v = value.Trim();
                if (v.Length == 0) return required ? throw new RegistryException(RegistryErrorKind.Invalid, field + " cannot be empty") { Field = field } : null;
                if (v.Length > max) throw new RegistryException(RegistryErrorKind.Invalid, $"{field} is longer than {max} characters") { Field = field };
                return v;
            }
            // A form or client that read the record at one revision edits that revision or nothing: a list it
            // changed (people, identifiers) would otherwise silently undo an edit made in between.
            void Expect(int current)
            {
                if (edit.IfRevision is int expected && expected != current)
                    throw new RegistryException(RegistryErrorKind.Conflict, $"{pid} was changed since it was read (now at revision {current}, not {expected}); reload it and make the change again") { Field = "ifRevision" };
            }
            void Refuse(string? value, string field)
            {
                if (value is not null) throw new RegistryException(RegistryErrorKind.Invalid, $"{field}: a {LevelWord(level)} has no such field") { Field = field };
            }
            switch (level)
            {
                case PidLevel.Facility:
                {
                    Refuse(edit.Manufacturer, "manufacturer"); Refuse(edit.Modality, "modality"); Refuse(edit.Description, "description"); Refuse(edit.Commissioned, "commissioned");
                    var f = _s.Facilities[pid.ToString()];
                    Expect(f.Revision);
                    var ids = edit.Identifiers is null ? f.Identifiers : CheckIdentifiers(f.Pid, level, edit.Identifiers, null, [f.Rrid, f.Ror, f.Pid]);
                    var people = edit.People is null ? f.People : CheckPeople(edit.People);
                    var after = f with
                    {
                        People = people,
                        Name = Text(edit.Name, f.Name, "name", required: true)!, Homepage = edit.Homepage is null ? f.Homepage : OptionalWebIri(edit.Homepage, "homepage"),
                        Contact = Text(edit.Contact, f.Contact, "contact"), City = Text(edit.City, f.City, "city"), Country = Text(edit.Country, f.Country, "country"),
                        Identifiers = ids,
                    };
                    Track("name", f.Name, after.Name); Track("homepage", f.Homepage, after.Homepage); Track("contact", f.Contact, after.Contact);
                    Track("city", f.City, after.City); Track("country", f.Country, after.Country); Track("identifiers", Show(f.Identifiers), Show(ids));
                    if (!f.People.SequenceEqual(people)) changes.Add(("people", ShowPeople(f.People), ShowPeople(people)));
                    if (changes.Count == 0) return Unchanged(level, pid, f.Revision);
                    after = after with { Revision = f.Revision + 1, Modified = prov.Created };
                    var graphs = _graphs.With(after, null);
                    // Its instruments' graphs and documents name it (holder, owner, creator of every version).
                    var dependents = _s.Instances.Values.Where(i => i.Facility == f.Pid || i.Owner == f.Pid).ToArray();
                    var docs = new List<IndexChange> { IndexChange.Put(Documents.Of(after)) };
                    foreach (var i in dependents.Where(i => i.Tombstone is null))
                    {
                        var holder = i.Facility == f.Pid ? after : _s.Facilities.GetValueOrDefault(i.Facility.ToString());
                        var m = _s.Models.GetValueOrDefault(i.Model.ToString());
                        docs.Add(IndexChange.Put(Documents.Of(i, holder, m)));
                        docs.AddRange(VersionDocuments(i, _s.VersionsOf(i.Pid), holder, m).Select(IndexChange.Put));
                    }
                    return Edited(level, pid, after.Revision, prov, edit.Reason, changes, docs, dependents, graphs,
                        c =>
                        {
                            RegistryRows.UpsertFacility(c, after);
                            if (edit.Identifiers is not null) ReplaceIdentifiers(c, after.Pid, ids, level, null);
                            if (edit.People is not null) RegistryRows.ReplacePeople(c, after.Pid, people);
                        },
                        () => { _s.Facilities[pid.ToString()] = after; ClaimIdentifiers(after.Pid, f.Identifiers, ids, level, null, null); },
                        graphs.Facility(after));
                }
                case PidLevel.Model:
                {
                    Refuse(edit.Homepage, "homepage"); Refuse(edit.Contact, "contact"); Refuse(edit.City, "city"); Refuse(edit.Country, "country");
                    Refuse(edit.Description, "description"); Refuse(edit.Commissioned, "commissioned");
                    if (edit.People is not null) throw new RegistryException(RegistryErrorKind.Invalid, "people: a model has no people (its instruments and facilities do)") { Field = "people" };
                    var m = _s.Models[pid.ToString()];
                    Expect(m.Revision);
                    var ids = edit.Identifiers is null ? m.Identifiers : CheckIdentifiers(m.Pid, level, edit.Identifiers, null, [m.Pid]);
                    var after = m with
                    {
                        Name = Text(edit.Name, m.Name, "name", required: true)!, Manufacturer = Text(edit.Manufacturer, m.Manufacturer, "manufacturer", required: true)!,
                        Modality = Text(edit.Modality, m.Modality, "modality"), Identifiers = ids,
                    };
                    Track("name", m.Name, after.Name); Track("manufacturer", m.Manufacturer, after.Manufacturer); Track("modality", m.Modality, after.Modality);
                    Track("identifiers", Show(m.Identifiers), Show(ids));
                    if (changes.Count == 0) return Unchanged(level, pid, m.Revision);
                    after = after with { Revision = m.Revision + 1, Modified = prov.Created };
                    var graphs = _graphs.With(null, after);
                    var dependents = _s.Instances.Values.Where(i => i.Model == m.Pid).ToArray();
                    var docs = new List<IndexChange> { IndexChange.Put(Documents.Of(after)) };
                    foreach (var i in dependents.Where(i => i.Tombstone is null))
                    {
                        var f = _s.Facilities.GetValueOrDefault(i.Facility.ToString());
                        docs.Add(IndexChange.Put(Documents.Of(i, f, after)));
                        docs.AddRange(VersionDocuments(i, _s.VersionsOf(i.Pid), f, after).Select(IndexChange.Put));
                    }
                    return Edited(level, pid, after.Revision, prov, edit.Reason, changes, docs, dependents, graphs,
                        c => { RegistryRows.UpsertModel(c, after); if (edit.Identifiers is not null) ReplaceIdentifiers(c, after.Pid, ids, level, null); },
                        () => { _s.Models[pid.ToString()] = after; ClaimIdentifiers(after.Pid, m.Identifiers, ids, level, null, null); },
                        graphs.Model(after));
                }
                default:
                {
                    Refuse(edit.Homepage, "homepage"); Refuse(edit.Contact, "contact"); Refuse(edit.City, "city"); Refuse(edit.Country, "country"); Refuse(edit.Modality, "modality");
                    var i = _s.Instances[pid.ToString()];
                    Expect(i.Revision);
                    DateOnly? commissioned = i.Commissioned;
                    if (edit.Commissioned is { } cm)
                        commissioned = cm.Trim().Length == 0 ? null
                            : DateOnly.TryParseExact(cm.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                            : throw new RegistryException(RegistryErrorKind.Invalid, $"commissioned: '{Shorten(cm)}' is not a date (yyyy-MM-dd)") { Field = "commissioned" };
                    var manufacturer = Text(edit.Manufacturer, i.Manufacturer, "manufacturer", required: true)!;
                    var ids = edit.Identifiers is null ? i.Identifiers : CheckIdentifiers(i.Pid, level, edit.Identifiers, Scopes(manufacturer, i.Owner), [i.Pid]);
                    var people = edit.People is null ? i.People : CheckPeople(edit.People);
                    var after = i with
                    {
                        People = people,
                        Name = Text(edit.Name, i.Name, "name", required: true)!, Manufacturer = manufacturer,
                        Description = Text(edit.Description, i.Description, "description", max: 5000), Commissioned = commissioned, Identifiers = ids,
                    };
                    Track("name", i.Name, after.Name); Track("manufacturer", i.Manufacturer, after.Manufacturer); Track("description", i.Description, after.Description);
                    Track("commissioned", Day(i.Commissioned), Day(after.Commissioned)); Track("identifiers", Show(i.Identifiers), Show(ids));
                    if (!i.People.SequenceEqual(people)) changes.Add(("people", ShowPeople(i.People), ShowPeople(people)));
                    if (changes.Count == 0) return Unchanged(level, pid, i.Revision);
                    after = after with { Revision = i.Revision + 1, Modified = prov.Created };
                    var f = _s.Facilities.GetValueOrDefault(i.Facility.ToString());
                    var m = _s.Models.GetValueOrDefault(i.Model.ToString());
                    var docs = new List<IndexChange> { IndexChange.Put(Documents.Of(after, f, m)) };
                    docs.AddRange(VersionDocuments(after, _s.VersionsOf(i.Pid), f, m).Select(IndexChange.Put));
                    // A serial number is unique per manufacturer: a new manufacturer re-keys the claims.
                    bool rekey = edit.Identifiers is not null || after.Manufacturer != i.Manufacturer;
                    return Edited(level, pid, after.Revision, prov, edit.Reason, changes, docs, [], _graphs,
                        c =>
                        {
                            RegistryRows.UpsertInstance(c, after);
                            if (rekey) ReplaceIdentifiers(c, after.Pid, ids, level, Scopes(after.Manufacturer, after.Owner));
                            if (edit.People is not null) RegistryRows.ReplacePeople(c, after.Pid, people);
                        },
                        () => { _s.Instances[pid.ToString()] = after; ClaimIdentifiers(after.Pid, i.Identifiers, ids, level, Scopes(i.Manufacturer, i.Owner), Scopes(after.Manufacturer, after.Owner)); },
                        null, tx => PutInstanceAndVersions(tx, after, _s.VersionsOf(i.Pid)));
                }
            }
        });
    }

    private static string LevelWord(PidLevel level) => level switch
    {
        PidLevel.Facility => "facility", PidLevel.Model => "model", PidLevel.Instance => "instrument", _ => "configuration version",
    };

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Show(IReadOnlyList<ExternalId> ids) => ids.Count == 0 ? null : string.Join("; ", ids);

    private Plan<EditResult> Unchanged(PidLevel level, Pid pid, int revision) =>
        new(new EditResult(level, pid, revision, []), NoRows, () => { }, []);

    private Plan<EditResult> Edited(PidLevel level, Pid pid, int revision, Provenance prov, string? reason, List<(string Field, string? Old, string? New)> changes,
        List<IndexChange> docs, InstanceRecord[] dependents, RecordGraphs graphs, Action<DbConnection> rows, Action publish,
        List<Quad>? own, Action<Store.WriteTransaction>? quads = null)
    {
        var details = Details(("level", level.ToString()), ("revision", revision.ToString(CultureInfo.InvariantCulture)),
            ("reason", string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()),
            ("changes", JsonSerializer.Serialize(changes.ToDictionary(c => c.Field, c => new[] { c.Old, c.New }))));
        var pids = new List<string> { pid.ToString() };
        foreach (var i in dependents) { pids.Add(i.Pid.ToString()); pids.AddRange(_s.VersionsOf(i.Pid).Select(v => v.Accession.ToString())); }
        if (level == PidLevel.Instance) pids.AddRange(_s.VersionsOf(pid).Select(v => v.Accession.ToString()));
        return new Plan<EditResult>(new EditResult(level, pid, revision, [.. changes.Select(c => c.Field)]),
            c =>
            {
                rows(c);
                foreach (var d in docs) QueueIndex(d);
                Audit.AuditLog.Append(c, prov.Created, prov.Creator, AuditActions.EditRecord, pid.ToString(), details);
            },
            publish, pids,
            tx =>
            {
                if (own is not null) PutGraph(tx, own);
                quads?.Invoke(tx);
                foreach (var i in dependents) PutInstanceAndVersions(tx, i, _s.VersionsOf(i.Pid), graphs: graphs);
            });
    }

    /// <summary>Resolves a live facility, model or instance for a write named <paramref name="what"/>; versions and withdrawn records are refused.</summary>
    private (PidLevel Level, Pid Pid) LiveRecord(string pidOrPath, string what)
    {
        var r = Resolver.Resolve(Required(pidOrPath, "the record"));
        if (r.Status is ResolutionStatus.NotFound or ResolutionStatus.Invalid)
            throw new RegistryException(r.Status == ResolutionStatus.Invalid ? RegistryErrorKind.Invalid : RegistryErrorKind.NotFound, r.Error ?? "no record has this identifier");
        switch (r.Level)
        {
            case PidLevel.Descriptor:
                throw new RegistryException(RegistryErrorKind.Invalid, $"a configuration version is immutable; to {what} it, submit a new version of its instrument");
            case PidLevel.Settings:
                throw new RegistryException(RegistryErrorKind.Invalid, $"acquisition settings are immutable; to {what} them, register corrected settings and withdraw these");
            case PidLevel.Facility:
                return r.Facility!.Tombstone is null ? (PidLevel.Facility, r.Facility.Pid) : throw Withdrawn(r.Facility.Pid, what);
            case PidLevel.Model when r.Facility is null:
                return r.Model!.Tombstone is null ? (PidLevel.Model, r.Model.Pid) : throw Withdrawn(r.Model.Pid, what);
            case PidLevel.Instance:
                return r.Instance!.Tombstone is null ? (PidLevel.Instance, r.Instance.Pid) : throw Withdrawn(r.Instance.Pid, what);
            default:
                throw new RegistryException(RegistryErrorKind.Invalid, $"name the model by its own PID to {what} it");
        }
    }

    private static RegistryException Withdrawn(Pid pid, string what) =>
        new(RegistryErrorKind.Gone, $"{pid} was withdrawn; a withdrawn record keeps its metadata as cited and cannot {what.Replace("edit", "be edited", StringComparison.Ordinal)}");

    // ---------------------------------------------------------------- identifiers

    /// <summary>The uniqueness scopes of an instrument's local numbers: serial numbers per manufacturer, inventory numbers per owner.</summary>
    private static (string Serial, string Inventory) Scopes(string manufacturer, Pid owner) => (manufacturer, owner.ToString());

    private static string KeyOf(ExternalId id, (string Serial, string Inventory)? scopes) =>
        id.Key(id.Scheme == ExternalId.Serial ? scopes!.Value.Serial : id.Scheme == ExternalId.Inventory ? scopes!.Value.Inventory : "");

    /// <summary>
    /// Parses a record's new identifier list and checks its claims against every other record: an
    /// identifier held by another record (as an external identifier or as its own PID) is a Conflict naming
    /// that record; one repeated in the list, or the record's own PID, is Invalid.
    /// </summary>
    private IReadOnlyList<ExternalId> CheckIdentifiers(Pid self, PidLevel level, IReadOnlyList<IdentifierInput?>? input, (string Serial, string Inventory)? scopes, Pid?[] own)
    {
        if (input is null || input.Count == 0) return [];
        if (input.Count > 50) throw new RegistryException(RegistryErrorKind.Invalid, "identifiers: at most 50 per record") { Field = "identifiers" };
        var list = new List<ExternalId>(input.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var x in input)
        {
            var id = ExternalId.Parse(x?.Scheme, x?.Value, level);
            if (own.Any(p => p?.ToString() == id.Value))
                throw new RegistryException(RegistryErrorKind.Invalid, $"identifiers: {id.Value} is already this record's own PID") { Field = "identifiers" };
            var key = KeyOf(id, scopes);
            if (!keys.Add(key)) throw new RegistryException(RegistryErrorKind.Invalid, $"identifiers: {id} is listed twice") { Field = "identifiers" };
            if (_s.IdentifierClaims.TryGetValue(key, out var holder) && holder != self.ToString())
                throw new RegistryException(RegistryErrorKind.Conflict, $"the identifier {id} is already claimed by {holder}") { Field = "identifiers" };
            if (id.IsGlobal && id.Scheme != ExternalId.Wikidata && _s.Pids.TryGetValue(id.Value, out var e) && e.Record != self.ToString())
                throw new RegistryException(RegistryErrorKind.Conflict, $"the identifier {id} is the PID of {e.Record}") { Field = "identifiers" };
            list.Add(id);
        }
        return list;
    }

    private static void ReplaceIdentifiers(DbConnection c, Pid record, IReadOnlyList<ExternalId> ids, PidLevel level, (string Serial, string Inventory)? scopes) =>
        RegistryRows.ReplaceIdentifiers(c, record, ids, [.. ids.Select(i => KeyOf(i, scopes))]);

    private void ClaimIdentifiers(Pid record, IReadOnlyList<ExternalId> before, IReadOnlyList<ExternalId> after, PidLevel level,
        (string Serial, string Inventory)? oldScopes, (string Serial, string Inventory)? newScopes)
    {
        foreach (var id in before) _s.IdentifierClaims.TryRemove(KeyOf(id, oldScopes ?? newScopes), out _);
        foreach (var id in after) _s.IdentifierClaims[KeyOf(id, newScopes)] = record.ToString();
    }

    /// <summary>Whether a PID is claimed as another record's external identifier (a new record may not take it as its own).</summary>
    private void EnsureUnclaimed(Pid pid)
    {
        var scheme = pid.Scheme switch { PidScheme.Rrid => ExternalId.Rrid, PidScheme.Ror => ExternalId.Ror, PidScheme.Doi => ExternalId.Doi, PidScheme.Handle => ExternalId.Handle, _ => null };
        if (scheme is not null && _s.IdentifierClaims.TryGetValue(new ExternalId(scheme, pid.ToString()).Key(""), out var holder))
            throw new RegistryException(RegistryErrorKind.Conflict, $"{pid} is already claimed as an identifier by {holder}");
    }

    // ---------------------------------------------------------------- people

    /// <summary>Parses a record's people; the same ORCID iD twice is refused (one person, one entry with one role... or several roles in order).</summary>
    private static IReadOnlyList<Person> CheckPeople(IReadOnlyList<PersonInput?>? input)
    {
        if (input is null || input.Count == 0) return [];
        if (input.Count > 50) throw new RegistryException(RegistryErrorKind.Invalid, "people: at most 50 per record") { Field = "people" };
        var list = input.Select(Person.Parse).ToList();
        var twice = list.Where(p => p.Orcid is not null).GroupBy(p => (p.Orcid, p.Role)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new RegistryException(RegistryErrorKind.Invalid, $"people: ORCID {twice.Key.Orcid} is listed twice as {twice.Key.Role}") { Field = "people" };
        return list;
    }

    private static string? ShowPeople(IReadOnlyList<Person> people) => people.Count == 0 ? null : string.Join("; ", people);

    // ---------------------------------------------------------------- related works

    /// <summary>
    /// Links a dataset or publication to a configuration version (any spelling of its accession or path):
    /// <c>used-by</c> (acquired on it) or <c>described-in</c>. By value: the caller gives the title and year.
    /// The version's hardware graph never changes; its record graph gains the links both ways, its DataCite
    /// record a related identifier. A withdrawn version is Gone,
    /// the same work with the same relation twice a Conflict.
    /// </summary>
    public RelatedWork AddRelatedWork(string version, RelatedWorkInput input, string actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Write(AuditActions.AddRelatedWork, () =>
        {
            var v = LinkableVersion(version, "link the work to the version it was acquired on");
            var prov = Now(actor);
            var w = RelatedWork.Parse(input, prov.Created, prov.Creator);
            var existing = _s.RelatedOf(v);
            if (existing.Any(x => x.Identifier == w.Identifier && x.Relation == w.Relation))
                throw new RegistryException(RegistryErrorKind.Conflict, $"{w.Identifier} is already linked to {v.Accession} as {w.Relation}") { Field = "identifier" };
            RelatedWork[] after = [.. existing, w];
            var instance = _s.Instances[v.Instance.ToString()];
            return new Plan<RelatedWork>(w,
                c =>
                {
                    RegistryRows.InsertRelated(c, v.Accession, w);
                    Audit.AuditLog.Append(c, prov.Created, prov.Creator, AuditActions.AddRelatedWork, v.Accession.ToString(),
                        Details(("identifier", w.Identifier), ("relation", w.Relation), ("kind", w.Kind), ("title", w.Title), ("year", w.Year?.ToString(CultureInfo.InvariantCulture))));
                },
                () => _s.Related[v.Accession.ToString()] = after,
                [v.Accession.ToString(), instance.Pid.ToString()],
                tx => PutGraph(tx, _graphs.Version(v, null, null, null, instance, after)));
        });
    }

    /// <summary>
    /// Unlinks a dataset or publication from a configuration version: the reverse of
    /// <see cref="AddRelatedWork"/>, in one transaction (the row, the version's record graph without the
    /// links either way, an audit row keeping what was removed; the DataCite records follow the state).
    /// <paramref name="identifier"/> may be spelled as when adding (a DOI in any form); <paramref name="relation"/>
    /// may be left out when the work is linked once. A work not linked is NotFound, a work linked both
    /// ways without a relation Invalid (which one?), a withdrawn version Gone: it stays as it was cited.
    /// </summary>
    public RelatedWork RemoveRelatedWork(string version, string? identifier, string? relation, string? reason, string actor) =>
        Write(AuditActions.RemoveRelatedWork, () =>
        {
            var v = LinkableVersion(version, "its links stay as they were cited");
            string id = RelatedWork.CanonicalIdentifier(identifier);
            string? rel = string.IsNullOrWhiteSpace(relation) ? null : RelatedWork.CanonicalRelation(relation);
            var existing = _s.RelatedOf(v);
            var matches = existing.Where(x => x.Identifier == id && (rel is null || x.Relation == rel)).ToArray();
            if (matches.Length == 0)
                throw new RegistryException(RegistryErrorKind.NotFound, $"{id} is not linked to {v.Accession}{(rel is null ? "" : " as " + rel)}; nothing was removed") { Field = "identifier" };
            if (matches.Length > 1)
                throw new RegistryException(RegistryErrorKind.Invalid, $"{id} is linked to {v.Accession} both as {RelatedWork.UsedBy} and as {RelatedWork.DescribedIn}: name the relation to remove") { Field = "relation" };
            var w = matches[0];
            var prov = Now(actor);
            RelatedWork[] after = [.. existing.Where(x => !ReferenceEquals(x, w))];
            var instance = _s.Instances[v.Instance.ToString()];
            return new Plan<RelatedWork>(w,
                c =>
                {
                    RegistryRows.DeleteRelated(c, v.Accession, w);
                    Audit.AuditLog.Append(c, prov.Created, prov.Creator, AuditActions.RemoveRelatedWork, v.Accession.ToString(),
                        Details(("identifier", w.Identifier), ("relation", w.Relation), ("kind", w.Kind), ("title", w.Title), ("year", w.Year?.ToString(CultureInfo.InvariantCulture)),
                            ("reason", string.IsNullOrWhiteSpace(reason) ? null : reason.Trim())));
                },
                () => { if (after.Length == 0) _s.Related.TryRemove(v.Accession.ToString(), out _); else _s.Related[v.Accession.ToString()] = after; },
                [v.Accession.ToString(), instance.Pid.ToString()],
                tx => PutGraph(tx, _graphs.Version(v, null, null, null, instance, after)));
        });

    /// <summary>The datasets and publications linked to a configuration version, oldest first.</summary>
    public IReadOnlyList<RelatedWork> RelatedWorksOf(DescriptorVersion version) => _s.RelatedOf(version);

    /// <summary>The live configuration version a related-work write names (not 'latest': a work belongs to one configuration); <paramref name="gone"/> ends the withdrawn refusal.</summary>
    private DescriptorVersion LinkableVersion(string version, string gone)
    {
        var r = Resolver.Resolve(Required(version, "the configuration version"));
        if (r.Status is ResolutionStatus.NotFound or ResolutionStatus.Invalid)
            throw new RegistryException(r.Status == ResolutionStatus.Invalid ? RegistryErrorKind.Invalid : RegistryErrorKind.NotFound, r.Error ?? "no record has this identifier");
        if (r.Level != PidLevel.Descriptor || r.Version is not { } v)
            throw new RegistryException(RegistryErrorKind.Invalid, "related works belong to a configuration version: name it (…/c<N> or its phd: accession)");
        if (r.Redirect == RedirectKind.Latest) throw new RegistryException(RegistryErrorKind.Invalid, "name the version (c<N> or its accession), not 'latest': a work was acquired on one configuration");
        if (v.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{v.Accession} was withdrawn; {gone}");
        return v;
    }

    // ---------------------------------------------------------------- who may act

    /// <summary>
    /// Whether <paramref name="token"/> may change the record <paramref name="pidOrPath"/> names (edit,
    /// withdraw, move): an administrator token any; a facility token its facility, the instruments it holds
    /// or owns and their versions. Models are shared by every facility, so only an administrator changes
    /// them. An unknown record is allowed here so that the write answers 404 rather than 403.
    /// </summary>
    public bool MayChange(ApiToken token, string pidOrPath)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.IsAdmin) return true;
        var r = Resolver.Resolve(pidOrPath ?? "");
        if (r.Status is ResolutionStatus.NotFound or ResolutionStatus.Invalid) return true;
        return r.Level switch
        {
            PidLevel.Facility => r.Facility!.Pid.ToString() == token.Scope,
            PidLevel.Instance or PidLevel.Descriptor or PidLevel.Settings when r.Instance is { } i => i.Facility.ToString() == token.Scope || i.Owner.ToString() == token.Scope,
            _ => false,
        };
    }

    // ---------------------------------------------------------------- history

    /// <summary>
    /// The audit history of one record (any PID spelling or path), newest first: its registration,
    /// edits, withdrawal, moves and, for an instrument, its versions' submissions and withdrawals. Actor
    /// identities (token ids, "cli") are personal data of the staff: they are given only when
    /// <paramref name="withActors"/> (an administrator asks), else null.
    /// </summary>
    public RecordHistory History(string pidOrPath, bool withActors, int limit = 500)
    {
        var r = Resolver.Resolve(Required(pidOrPath, "the record"));
        if (r.Status is ResolutionStatus.NotFound or ResolutionStatus.Invalid)
            throw new RegistryException(r.Status == ResolutionStatus.Invalid ? RegistryErrorKind.Invalid : RegistryErrorKind.NotFound, r.Error ?? "no record has this identifier");
        var model = Record(r);
        var targets = new List<string> { model.Pid.ToString() };
        if (model.Level == PidLevel.Instance) targets.AddRange(model.Versions.Select(v => v.Accession.ToString()));
        var entries = new List<HistoryEntry>();
        using (var c = OpenRead())
            foreach (var t in targets)
                foreach (var e in Audit.AuditLog.Read(c, t, null, limit))
                    entries.Add(new HistoryEntry(e.Id, e.Time, e.Action, e.Target, withActors ? e.Actor : null,
                        JsonSerializer.Deserialize<Dictionary<string, string?>>(e.DetailsJson) ?? []));
        entries.Sort((a, b) => b.Id.CompareTo(a.Id));
        if (entries.Count > limit) entries.RemoveRange(limit, entries.Count - limit);
        return new RecordHistory(model, entries);
    }
}

/// <summary>The outcome of <see cref="RegistryService.EditRecord"/>: the record's revision after it, and the fields that changed (none: nothing written).</summary>
public sealed record EditResult(PidLevel Level, Pid Pid, int Revision, IReadOnlyList<string> Changed);

/// <summary>One audited change of a record. <see cref="Actor"/> is null unless an administrator asked.</summary>
public sealed record HistoryEntry(long Id, DateTimeOffset Time, string Action, string Target, string? Actor, IReadOnlyDictionary<string, string?> Details);

/// <summary>A record and its audit history, newest first.</summary>
public sealed record RecordHistory(ReadModels.RecordModel Record, IReadOnlyList<HistoryEntry> Entries);
