using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Storage;
using static PhdResolver.Registry.Knowledge.RecordVocab;

namespace PhdResolver.Registry.Knowledge;

/// <summary>
/// Stable IRIs of records and the names of their graphs. A record's IRI is <c>{base}{its own PID}</c>
/// (it redirects to the landing page), never its concatenated path, so it survives a move. Its
/// registry facts live in the named graph <c>{base}record/{PID}</c>; a descriptor's hardware graph
/// keeps the name <c>{base}phd:ACC</c>, which is also the descriptor's record IRI.
/// </summary>
public sealed class RecordIris(string baseIri)
{
    public string Base { get; } = baseIri.EndsWith('/') ? baseIri : throw new ArgumentException("the base IRI must end with '/'", nameof(baseIri));

    public Iri Record(Pid pid) => new(Base + pid);
    public Iri RecordGraph(Pid pid) => new(Base + "record/" + pid);
    public Iri RecordGraph(DescriptorVersion v) => RecordGraph(v.Pid);

    /// <summary>The registry as a catalogue (schema:DataCatalog, dcat:Catalog): <c>{base}catalog</c>, its page.</summary>
    public Iri Catalog => new(Base + "catalog");

    public const string CatalogName = "PHD registry: persistent hardware descriptors of light microscopes";

    /// <summary>Whether <paramref name="iri"/> is a record graph's name.</summary>
    public bool IsRecordGraph(string iri) => iri.StartsWith(Base + "record/", StringComparison.Ordinal);
}

/// <summary>
/// Builds the record graph of each kind of record from the in-memory registry. Every triple a
/// record asserts lives in its own graph, including the inverse links to its parents (an
/// instance's graph says <c>facility nboq:holds instance</c>), so a write rewrites only the graphs
/// of the records it changed: O(1) graphs per registration or move, O(versions of one instance)
/// per version submitted or withdrawn. Deterministic: the same record gives the same triples
/// (blank nodes are labelled by role), so a rewrite of an unchanged record changes nothing.
/// </summary>
internal sealed class RecordGraphs(RecordIris iris, Func<RegistryState> state, Func<DescriptorVersion, IReadOnlyList<Iri>> instrumentNodes,
    Func<DescriptorVersion, IReadOnlyList<string>> keywordsOf, FacilityRecord? pendingFacility = null, ModelRecord? pendingModel = null)
{
    public RecordIris Iris => iris;

    /// <summary>Asked on every use: inside a batch the writing thread sees the batch's staged records.</summary>
    private RegistryState s => state();

    /// <summary>
    /// The same builder seeing <paramref name="facility"/> or <paramref name="model"/> as they will be after
    /// a write (an edit rewrites the graphs that name them before the registry publishes the new record).
    /// </summary>
    public RecordGraphs With(FacilityRecord? facility, ModelRecord? model) =>
        new(iris, state, instrumentNodes, keywordsOf, facility ?? pendingFacility, model ?? pendingModel);

    private FacilityRecord? FacilityOf(Pid pid) => pendingFacility?.Pid == pid ? pendingFacility : s.Facilities.GetValueOrDefault(pid.ToString());
    private ModelRecord? ModelOf(Pid pid) => pendingModel?.Pid == pid ? pendingModel : s.Models.GetValueOrDefault(pid.ToString());

    /// <summary>
    /// The registry as a schema:DataCatalog (<c>{base}catalog</c>, its DCAT page): every descriptor is
    /// <c>schema:includedInDataCatalog</c> it. Its two triples sit in each version's graph so a
    /// harvester reading one record sees the catalogue's type and name (the union graph holds them once).
    /// </summary>
    public Iri Catalog => iris.Catalog;

    public const string CatalogName = RecordIris.CatalogName;

    public List<Quad> Facility(FacilityRecord f)
    {
        var g = iris.RecordGraph(f.Pid);
        var self = iris.Record(f.Pid);
        var q = new List<Quad>(24);
        void Add(Term subj, Iri p, Term o) => q.Add(new Quad(subj, p, o, g));
        Add(self, RdfType, RecordVocab.Facility);
        Add(self, RdfType, SchemaOrganization);
        Add(self, RdfType, ProvOrganization);
        Add(self, Name, new Literal(f.Name));
        Add(self, SchemaName, new Literal(f.Name));
        Identifiers(q, g, self, f.Pid, f.Rrid, f.Ror);
        External(q, g, self, f.Identifiers, f.Revision);
        People(q, g, self, f.People, SchemaEmployee);
        Add(self, LandingPage, new Literal(self.Value, Vocab.Xsd.AnyUri));
        if (Http(f.Homepage) is { } hp) Add(self, SchemaUrl, hp);
        if (!string.IsNullOrWhiteSpace(f.Contact)) Add(self, SchemaEmail, new Literal(f.Contact));
        if (f.City is not null || f.Country is not null)
        {
            var addr = new BlankNode("address");
            Add(self, SchemaAddress, addr);
            Add(addr, RdfType, SchemaPostalAddress);
            if (!string.IsNullOrWhiteSpace(f.City)) Add(addr, SchemaLocality, new Literal(f.City));
            if (!string.IsNullOrWhiteSpace(f.Country)) Add(addr, SchemaCountry, new Literal(f.Country));
        }
        Common(q, g, self, f.Provenance, f.Tombstone, Later(f.Provenance.Created, f.Modified));
        return q;
    }

    public List<Quad> Model(ModelRecord m)
    {
        var g = iris.RecordGraph(m.Pid);
        var self = iris.Record(m.Pid);
        var q = new List<Quad>(20);
        void Add(Term subj, Iri p, Term o) => q.Add(new Quad(subj, p, o, g));
        Add(self, RdfType, InstrumentModel);
        Add(self, RdfType, SchemaProductModel);
        Add(self, Name, new Literal(m.Name));
        Add(self, SchemaName, new Literal(m.Name));
        Add(self, RecordVocab.Model, new Literal(m.Name));
        Add(self, Manufacturer, new Literal(m.Manufacturer));
        Identifiers(q, g, self, m.Pid, m.Pid.Scheme == PidScheme.Rrid ? m.Pid : null, null);
        External(q, g, self, m.Identifiers, m.Revision);
        if (m.Pid.Scheme == PidScheme.Rrid) Add(self, ModelIdentifier, new Literal(m.Pid.ToString()));
        Add(self, LandingPage, new Literal(self.Value, Vocab.Xsd.AnyUri));
        if (!string.IsNullOrWhiteSpace(m.Modality))
        {
            Add(self, InstrumentType, new Literal(m.Modality));
            Add(self, SchemaCategory, new Literal(m.Modality));
        }
        Common(q, g, self, m.Provenance, m.Tombstone, Later(m.Provenance.Created, m.Modified));
        return q;
    }

    /// <param name="versions">The instance's versions as they will be after the write (default: as published).</param>
    /// <param name="pending">A version not yet in the store, whose instrument nodes are <paramref name="pendingNodes"/>.</param>
    public List<Quad> Instance(InstanceRecord i, DescriptorVersion[]? versions = null, DescriptorVersion? pending = null, IReadOnlyList<Iri>? pendingNodes = null)
    {
        var g = iris.RecordGraph(i.Pid);
        var self = iris.Record(i.Pid);
        var q = new List<Quad>(40);
        void Add(Term subj, Iri p, Term o) => q.Add(new Quad(subj, p, o, g));
        var f = FacilityOf(i.Facility);
        var owner = FacilityOf(i.Owner);
        var m = ModelOf(i.Model);
        var facility = iris.Record(i.Facility);
        var ownerIri = iris.Record(i.Owner);
        var model = iris.Record(i.Model);
        Add(self, RdfType, InstrumentInstance);
        Add(self, RdfType, SchemaIndividualProduct);
        Add(self, Name, new Literal(i.Name));
        Add(self, SchemaName, new Literal(i.Name));
        Identifiers(q, g, self, i.Pid, null, null);
        External(q, g, self, i.Identifiers, i.Revision);
        People(q, g, self, i.People, SchemaMaintainer);
        Add(self, IdentifierType, new Literal(i.Pid.Scheme switch { PidScheme.Doi => "DOI", PidScheme.Handle => "Handle", _ => "PHD" }));
        Add(self, SchemaVersion, new Literal("1.0")); // PIDINST schema version
        Add(self, LandingPage, new Literal(self.Value, Vocab.Xsd.AnyUri));
        // Location and ownership, both ways (the facility's side lives here: see the class comment).
        Add(self, HeldBy, facility);
        Add(self, SchemaLocation, facility);
        Add(facility, Holds, self);
        Add(self, Owner, ownerIri);
        Add(ownerIri, SchemaOwns, self);
        if (owner is not null) Add(self, OwnerName, new Literal(owner.Name));
        Add(self, InstanceOf, model);
        Add(self, SchemaModel, model);
        Add(model, HasInstance, self);
        if (m is not null)
        {
            Add(self, RecordVocab.Model, new Literal(m.Name));
            if (!string.IsNullOrWhiteSpace(m.Modality)) Add(self, InstrumentType, new Literal(m.Modality));
        }
        Add(self, Manufacturer, new Literal(i.Manufacturer));
        if (!string.IsNullOrWhiteSpace(i.Description))
        {
            Add(self, Description, new Literal(i.Description));
            Add(self, SchemaDescription, new Literal(i.Description));
        }
        if (i.Commissioned is { } c) Add(self, SchemaPurchaseDate, new Literal(c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Vocab.Xsd.Date));
        for (int k = 0; k < i.Moves.Count; k++)
        {
            var mv = i.Moves[k];
            var node = new BlankNode("move" + (k + 1).ToString(CultureInfo.InvariantCulture));
            Add(self, MovedFrom, iris.Record(mv.From));
            Add(self, Move, node);
            Add(node, RdfType, ProvActivity);
            Add(node, MovedFrom, iris.Record(mv.From));
            Add(node, HeldBy, iris.Record(mv.To));
            Add(node, AtTime, Time(mv.At));
        }
        versions ??= s.VersionsOf(i.Pid);
        var modified = Later(i.Provenance.Created, i.Modified);
        foreach (var v in versions)
        {
            Add(self, HasVersion, new Iri(v.GraphIri));
            // schema.org's view of the same link: the descriptors are parts of the instrument's record and about it.
            Add(self, SchemaHasPart, new Iri(v.GraphIri));
            Add(self, SchemaSubjectOf, new Iri(v.GraphIri));
            if (v.Provenance.Created > modified) modified = v.Provenance.Created;
        }
        foreach (var mv in i.Moves) if (mv.At > modified) modified = mv.At;
        if (i.Tombstone is null && Current(versions) is { } cur)
        {
            Add(self, CurrentVersion, new Iri(cur.GraphIri));
            foreach (var n in cur.Accession == pending?.Accession ? pendingNodes ?? [] : instrumentNodes(cur)) Add(self, CurrentConfiguration, n);
        }
        Common(q, g, self, i.Provenance, i.Tombstone, modified);
        return q;
    }

    /// <summary>The current version of an instance: its newest version that is not withdrawn.</summary>
    public static DescriptorVersion? Current(DescriptorVersion[] versions)
    {
        for (int k = versions.Length - 1; k >= 0; k--)
            if (versions[k].Tombstone is null) return versions[k];
        return null;
    }

    /// <param name="versions">The instance's versions as they will be after the write (default: as published).</param>
    /// <param name="nodes">The instrument nodes when the hardware graph is not in the store yet.</param>
    /// <param name="instance">The instance as it will be after the write (default: as published).</param>
    /// <param name="keywords">The component type labels when the hardware graph is not in the store yet.</param>
    /// <param name="related">The version's related works as they will be after the write (default: as published).</param>
    /// <param name="settings">The version's settings records as they will be after the write (default: as published).</param>
    public List<Quad> Version(DescriptorVersion v, DescriptorVersion[]? versions = null, IReadOnlyList<Iri>? nodes = null, IReadOnlyList<string>? keywords = null, InstanceRecord? instance = null,
        IReadOnlyList<RelatedWork>? related = null, IReadOnlyList<SettingsRecord>? settings = null)
    {
        var g = iris.RecordGraph(v);
        var self = new Iri(v.GraphIri);
        var q = new List<Quad>(24);
        void Add(Term subj, Iri p, Term o) => q.Add(new Quad(subj, p, o, g));
        var inst = iris.Record(v.Instance);
        versions ??= s.VersionsOf(v.Instance);
        Add(self, RdfType, HardwareDescriptor);
        Add(self, RdfType, ProvEntity);
        Add(self, RdfType, SchemaDataset);
        string label = "c" + v.Number.ToString(CultureInfo.InvariantCulture);
        // The caller passes the instance as it will be after the write (a move runs before the state changes).
        instance ??= s.Instances.GetValueOrDefault(v.Instance.ToString());
        Add(self, SchemaName, new Literal((instance?.Name ?? v.Instance.ToString()) + ", configuration " + label));
        Identifiers(q, g, self, v.Pid, null, null);
        Add(self, LandingPage, new Literal(self.Value, Vocab.Xsd.AnyUri));
        Add(self, DescriptorVersionNumber, new Literal(v.Number.ToString(CultureInfo.InvariantCulture), PositiveInteger));
        Add(self, SchemaVersion_, new Literal(label));
        Add(self, Describes, inst);
        Add(self, IsVersionOf, inst);
        Add(self, SchemaLicense, new Iri(RecordVocab.License));
        Add(self, SchemaIsAccessibleForFree, new Literal("true", Vocab.Xsd.Boolean));
        Add(self, GeneratedAtTime, Time(v.Provenance.Created));
        // schema.org Dataset facts for generic harvesters (Google Dataset Search): the description,
        // who made and publishes it (the facility holding the instrument: a move rewrites these graphs),
        // its place along the levels, the catalogue and keywords from its component types.
        var facilityRecord = instance is null ? null : FacilityOf(instance.Facility);
        var modelRecord = instance is null ? null : ModelOf(instance.Model);
        keywords ??= keywordsOf(v);
        Add(self, SchemaDescription, new Literal(RecordText.Version(v, instance, modelRecord, facilityRecord, keywords)));
        Add(self, SchemaUrl, self);
        if (instance is not null)
        {
            Add(self, SchemaCreator, iris.Record(instance.Facility));
            Add(self, SchemaPublisher, iris.Record(instance.Facility));
        }
        Add(self, SchemaIsPartOf, inst);
        Add(self, SchemaAbout, inst);
        Add(self, SchemaIncludedInDataCatalog, Catalog);
        Add(Catalog, RdfType, SchemaDataCatalog);
        Add(Catalog, SchemaName, new Literal(CatalogName));
        foreach (var k in RecordText.Keywords(modelRecord, keywords)) Add(self, SchemaKeywords, new Literal(k));
        // The declared tier, which every write path verifies against the shapes before submitting
        // (SubmitValidated refuses a descriptor that does not conform at it), and the SHOULD fields met there.
        Add(self, TierMet, new Literal(v.Tier.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Integer));
        if (v.ShouldMet is int met) Add(self, ShouldFieldsMet, new Literal(met.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Integer));
        foreach (var n in nodes ?? instrumentNodes(v))
        {
            Add(self, HasConfiguration, n);
            Add(n, ConfigurationOf, inst);
        }
        if (v.Number > 1 && versions.Length >= v.Number - 1)
        {
            var prev = new Iri(versions[v.Number - 2].GraphIri);
            Add(self, WasRevisionOf, prev);
            Add(self, Replaces, prev);
        }
        if (versions.Length > v.Number) Add(self, IsReplacedBy, new Iri(versions[v.Number].GraphIri));
        // Related works, both ways (README "The graph"): a dataset acquired on the configuration prov:used it
        // (nboq:usedBy back), a publication describing it is schema:about it (schema:subjectOf back); the work
        // is named, typed and dated as its submitter said.
        foreach (var w in related ?? s.RelatedOf(v))
        {
            var work = new Iri(w.Iri);
            if (w.Relation == RelatedWork.UsedBy)
            {
                Add(self, UsedBy, work);
                Add(work, ProvUsed, self);
            }
            else
            {
                Add(self, SchemaSubjectOf, work);
                Add(work, SchemaAbout, self);
            }
            Add(work, RdfType, w.Kind == RelatedWork.Dataset ? SchemaDataset : SchemaScholarlyArticle);
            Add(work, SchemaName, new Literal(w.Title));
            if (w.Year is int y) Add(work, SchemaDatePublished, new Literal(y.ToString("D4", CultureInfo.InvariantCulture), new Iri(Vocab.Xsd.Namespace + "gYear")));
            if (w.Identifier.StartsWith("doi:", StringComparison.Ordinal)) Add(work, SchemaIdentifier, new Literal(w.Identifier));
        }
        // Acquisition settings registered against it (live ones; a withdrawn one keeps its own link back).
        foreach (var st in settings ?? s.SettingsOf(v))
        {
            if (st.Tombstone is not null) continue;
            Add(self, HasAcquisitionSettings, new Iri(st.GraphIri));
            Add(self, IsReferencedBy, new Iri(st.GraphIri));
        }
        string status = v.Tombstone is not null ? "withdrawn" : Current(versions)?.Number == v.Number ? "current" : "superseded";
        Common(q, g, self, v.Provenance, v.Tombstone, v.Provenance.Created, status);
        return q;
    }

    /// <summary>
    /// The record graph of an acquisition settings record: typed nboq:AcquisitionSettings (a prov:Entity, a
    /// schema:CreativeWork), its identifier and landing page, its summary, and its configuration both ways
    /// (<c>nboq:settingsOf</c> / <c>dct:references</c> here; the version's graph says <c>nboq:acquisitionSettings</c> /
    /// <c>dct:isReferencedBy</c>). Its settings graph (<c>{base}phd:ACC</c>) holds what the file said.
    /// </summary>
    public List<Quad> Settings(SettingsRecord st, DescriptorVersion? version = null, InstanceRecord? instance = null)
    {
        var g = iris.RecordGraph(st.Pid);
        var self = new Iri(st.GraphIri);
        var q = new List<Quad>(24);
        void Add(Term subj, Iri p, Term o) => q.Add(new Quad(subj, p, o, g));
        version ??= s.Versions.GetValueOrDefault(st.Version.ToString());
        instance ??= version is null ? null : s.Instances.GetValueOrDefault(version.Instance.ToString());
        var config = version is null ? iris.Record(st.VersionPid) : new Iri(version.GraphIri);
        Add(self, RdfType, AcquisitionSettings);
        Add(self, RdfType, ProvEntity);
        // A schema:CreativeWork, not a schema:Dataset: its configuration's page embeds the types of the records it links
        // to, and dataset harvesters must find one Dataset there (the configuration), not its settings too.
        Add(self, RdfType, SchemaCreativeWork);
        string on = instance is null || version is null ? st.VersionPid.ToString() : $"{instance.Name}, configuration c{version.Number.ToString(CultureInfo.InvariantCulture)}";
        Add(self, SchemaName, new Literal($"{st.Name} (acquisition settings on {on})"));
        Add(self, Name, new Literal(st.Name));
        Identifiers(q, g, self, st.Pid, null, null);
        Add(self, LandingPage, new Literal(self.Value, Vocab.Xsd.AnyUri));
        Add(self, SchemaUrl, self);
        Add(self, SettingsOf, config);
        Add(self, References, config);
        Add(self, SchemaIsPartOf, config);
        if (st.Summary is { } summary) Add(self, SchemaDescription, new Literal(summary));
        if (instance is not null)
        {
            Add(self, SchemaCreator, iris.Record(instance.Facility));
            Add(self, SchemaPublisher, iris.Record(instance.Facility));
        }
        Add(self, SchemaLicense, new Iri(RecordVocab.License));
        Add(self, SchemaIsAccessibleForFree, new Literal("true", Vocab.Xsd.Boolean));
        Add(self, GeneratedAtTime, Time(st.Provenance.Created));
        Add(self, SchemaIncludedInDataCatalog, Catalog);
        Common(q, g, self, st.Provenance, st.Tombstone, st.Provenance.Created);
        return q;
    }

    private void Identifiers(List<Quad> q, Iri g, Iri self, Pid pid, Pid? rrid, Pid? ror)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in new[] { (Pid?)pid, rrid, ror })
        {
            if (p is not { } id || !seen.Add(id.ToString())) continue;
            string text = id.ToString();
            q.Add(new Quad(self, Identifier, new Literal(text), g));
            var node = new BlankNode("id-" + Pid.PrefixOf(id.Scheme).TrimEnd(':', '_').ToLowerInvariant());
            q.Add(new Quad(self, SchemaIdentifier, node, g));
            q.Add(new Quad(node, RdfType, SchemaPropertyValue, g));
            q.Add(new Quad(node, SchemaPropertyId, new Literal(SchemeName(id.Scheme)), g));
            q.Add(new Quad(node, SchemaValue, new Literal(text), g));
            if (id.ResolverUrl is { } url)
            {
                q.Add(new Quad(node, SchemaUrl, new Iri(url), g));
                q.Add(new Quad(self, SameAs, new Iri(url), g));
                q.Add(new Quad(self, SchemaSameAs, new Iri(url), g));
            }
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset? b) => b is { } x && x > a ? x : a;

    /// <summary>
    /// The record's external identifiers (README "The graph"): each a <c>schema:identifier</c>
    /// PropertyValue (propertyID the scheme, its resolver as <c>schema:url</c>); global ones also as
    /// <c>nboq:identifier</c> and <c>owl:sameAs</c>/<c>schema:sameAs</c> their resolver, a serial number as
    /// <c>schema:serialNumber</c>. And the record's metadata revision.
    /// </summary>
    private static void External(List<Quad> q, Iri g, Iri self, IReadOnlyList<ExternalId> ids, int revision)
    {
        q.Add(new Quad(self, RecordRevision, new Literal(revision.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Integer), g));
        for (int k = 0; k < ids.Count; k++)
        {
            var id = ids[k];
            var node = new BlankNode("xid" + k.ToString(CultureInfo.InvariantCulture));
            q.Add(new Quad(self, SchemaIdentifier, node, g));
            q.Add(new Quad(node, RdfType, SchemaPropertyValue, g));
            q.Add(new Quad(node, SchemaPropertyId, new Literal(id.Scheme switch { ExternalId.Serial => "serial number", ExternalId.Inventory => "inventory number", _ => id.Scheme }), g));
            q.Add(new Quad(node, SchemaValue, new Literal(id.Value), g));
            if (id.Scheme == ExternalId.Serial) q.Add(new Quad(self, SchemaSerialNumber, new Literal(id.Value), g));
            if (id.IsGlobal) q.Add(new Quad(self, Identifier, new Literal(id.Scheme == ExternalId.Wikidata ? "wikidata:" + id.Value : id.Value), g));
            if (id.Url is { } url)
            {
                q.Add(new Quad(node, SchemaUrl, new Iri(url), g));
                q.Add(new Quad(self, SameAs, new Iri(url), g));
                q.Add(new Quad(self, SchemaSameAs, new Iri(url), g));
            }
        }
    }

    /// <summary>
    /// People (README "The graph"): contacts as <c>schema:contactPoint</c>, managers and staff as
    /// <paramref name="staff"/> (a facility's <c>schema:employee</c>, an instrument's <c>schema:maintainer</c>),
    /// each a <c>schema:Person</c> node with its name, role as <c>schema:jobTitle</c>, ORCID iD as
    /// <c>schema:identifier</c>/<c>schema:sameAs</c> and an email address only when made public. Blank nodes,
    /// so the record's description (and its JSON-LD) carries the whole person.
    /// </summary>
    private static void People(List<Quad> q, Iri g, Iri self, IReadOnlyList<Person> people, Iri staff)
    {
        for (int k = 0; k < people.Count; k++)
        {
            var p = people[k];
            var node = new BlankNode("person" + k.ToString(CultureInfo.InvariantCulture));
            q.Add(new Quad(self, p.Role == Person.Contact ? SchemaContactPoint : staff, node, g));
            q.Add(new Quad(node, RdfType, SchemaPerson, g));
            q.Add(new Quad(node, RdfType, ProvPerson, g));
            q.Add(new Quad(node, SchemaName, new Literal(p.Name), g));
            q.Add(new Quad(node, SchemaJobTitle, new Literal(p.Role), g));
            if (p.OrcidUrl is { } orcid)
            {
                q.Add(new Quad(node, SchemaIdentifier, new Literal(orcid), g));
                q.Add(new Quad(node, SchemaSameAs, new Iri(orcid), g));
            }
            if (p.PublicEmail is { } email) q.Add(new Quad(node, SchemaEmail, new Literal(email), g));
        }
    }

    public static string SchemeName(PidScheme scheme) => scheme switch
    {
        PidScheme.Rrid => "RRID",
        PidScheme.Ror => "ROR",
        PidScheme.Doi => "DOI",
        PidScheme.Handle => "Handle",
        _ => "PHD",
    };

    private static void Common(List<Quad> q, Iri g, Iri self, Provenance p, Tombstone? t, DateTimeOffset modified, string? status = null)
    {
        q.Add(new Quad(self, Created, Time(p.Created), g));
        if (t is not null && t.WithdrawnAt > modified) modified = t.WithdrawnAt;
        q.Add(new Quad(self, Modified, Time(modified), g));
        // The same dates for schema.org readers; a record is published when it is registered.
        q.Add(new Quad(self, SchemaDateCreated, Time(p.Created), g));
        q.Add(new Quad(self, SchemaDatePublished, Time(p.Created), g));
        q.Add(new Quad(self, SchemaDateModified, Time(modified), g));
        q.Add(new Quad(self, Status, new Literal(status ?? (t is null ? "active" : "withdrawn")), g));
        if (t is not null)
        {
            q.Add(new Quad(self, WithdrawalReason, new Literal(t.Reason), g));
            q.Add(new Quad(self, InvalidatedAtTime, Time(t.WithdrawnAt), g));
        }
    }

    private static readonly Iri PositiveInteger = new(Vocab.Xsd.Namespace + "positiveInteger");

    private static Literal Time(DateTimeOffset t) =>
        new(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Vocab.Xsd.DateTime);

    private static Iri? Http(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? new Iri(u.AbsoluteUri) : null;
}
