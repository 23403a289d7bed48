using System.Security.Cryptography;
using System.Text;
using System.Data.Common;
using PhdResolver.Rdf;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Storage;
using PhdResolver.Store;

namespace PhdResolver.Registry;

/// <summary>
/// The records as RDF (README "The graph"): each facility, model, instance and descriptor version
/// has a record graph <c>{base}record/{PID}</c>, written in the same store transaction as its rows;
/// the NBO-Q ontology is the graph named by its own IRI, replaced when the embedded file changes.
/// </summary>
public sealed partial class RegistryService
{
    private const string MetaBase = "base";
    private const string MetaRecordGraphs = "record-graphs";
    private const string MetaOntology = "ontology-sha256";

    /// <summary>Bumped when the shape of the record graphs changes: the next open rewrites them all.</summary>
    private const string RecordGraphsVersion = "3"; // 2: schema.org dates, descriptions, keywords, parts, catalogue; 3: record revisions, external identifiers

    private RecordGraphs _graphs = null!;

    /// <summary>The stable IRIs of records and the names of their graphs.</summary>
    public RecordIris Iris => _graphs.Iris;

    /// <summary>The IRI that names a record (<c>{base}{own PID}</c>); it does not change when the record moves.</summary>
    public Iri RecordIri(Pid pid) => Iris.Record(pid);

    /// <summary>
    /// The triples about a record, exactly as SPARQL sees them: its concise bounded description in
    /// the union of all graphs (every triple whose subject is the record IRI, and recursively those
    /// of blank-node objects). <c>DESCRIBE &lt;record IRI&gt;</c> over /sparql returns the same set.
    /// </summary>
    public List<Triple> Describe(Iri subject)
    {
        var result = new List<Triple>();
        using var snap = _store.OpenQuadSnapshot();
        var done = new HashSet<Term>();
        var queue = new Queue<Term>();
        queue.Enqueue(subject);
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            if (!done.Add(s)) continue;
            foreach (var q in snap.Match(s, null, null, GraphFilter.Any))
            {
                var t = q.Triple;
                result.Add(t);
                if (t.Object is BlankNode) queue.Enqueue(t.Object);
            }
        }
        // One triple may sit in several graphs; the union default graph holds it once.
        return result.Distinct().ToList();
    }

    /// <summary>
    /// What a record's representations carry: its <see cref="Describe"/> plus, for every record (and
    /// the catalogue) it links to, that record's types, names and identifiers, so one document names
    /// the facility that created a descriptor, the instrument it is part of, and so on, without a
    /// second request (a harvester reading one page sees who the creator is).
    /// </summary>
    public List<Triple> DescribeWithLinks(Iri subject)
    {
        var result = Describe(subject);
        var seen = new HashSet<Triple>(result);
        var linked = result.Select(t => t.Object).OfType<Iri>().Where(o => o != subject).Distinct()
            .Select(o => (Iri: o, Level: LevelOfRecordIri(o))).Where(x => x.Level is not null).ToList();
        if (linked.Count == 0) return result;
        using var snap = _store.OpenQuadSnapshot();
        foreach (var (o, level) in linked)
        {
            // A linked record's facts are read from its own record graph only. Its name and type are repeated in
            // other graphs (every version's graph names the catalogue and its creator): reading them from all
            // graphs made a version's page cost O(registry size) (bench/http: 16x slower at 10,000 instruments).
            if (o == Iris.Catalog)
            {
                foreach (var t in (Triple[])[new(o, Vocab.Rdf.Type, RecordVocab.SchemaDataCatalog), new(o, RecordVocab.SchemaName, new Literal(RecordIris.CatalogName))])
                    if (seen.Add(t)) result.Add(t);
                continue;
            }
            var own = GraphFilter.Named(Iris.RecordGraph(Pid.Parse(o.Value[Iris.Base.Length..])));
            foreach (var p in LinkedFacts)
            {
                // Other versions are named, not typed: a schema:Dataset node without its description
                // would read as an incomplete Dataset to harvesters (Google's Dataset checks).
                if (level == PidLevel.Descriptor && p == Vocab.Rdf.Type) continue;
                foreach (var q in snap.Match(o, p, null, own))
                {
                    if (seen.Add(q.Triple)) result.Add(q.Triple);
                    if (q.Object is BlankNode b)
                        foreach (var bq in snap.Match(b, null, null, GraphFilter.Any))
                            if (seen.Add(bq.Triple)) result.Add(bq.Triple);
                }
            }
        }
        return result;
    }

    private static readonly Iri[] LinkedFacts = [Vocab.Rdf.Type, RecordVocab.SchemaName, RecordVocab.SchemaIdentifier];

    /// <summary>The level of the record <paramref name="iri"/> names (the catalogue counts as a facility-like record), or null.</summary>
    private PidLevel? LevelOfRecordIri(Iri iri)
    {
        string b = Iris.Base;
        if (!iri.Value.StartsWith(b, StringComparison.Ordinal)) return null;
        string rest = iri.Value[b.Length..];
        if (rest == "catalog") return PidLevel.Facility;
        return _s.Pids.TryGetValue(rest, out var e) ? e.Level : null;
    }

    /// <summary>The quads of one record graph (empty if the record has none).</summary>
    public List<Quad> GetRecordGraph(Pid pid)
    {
        var g = Iris.RecordGraph(pid);
        using var snap = _store.OpenQuadSnapshot();
        return [.. snap.Match(null, null, null, GraphFilter.Named(g))];
    }

    // ------------------------------------------------------------ writing

    /// <summary>
    /// Replaces one record graph inside <paramref name="tx"/>: clear, then insert (blank nodes fresh). Inside a
    /// batch the graph is kept until the batch's end, where the last version of each graph is written once
    /// (a clear only sees committed quads, so a graph written twice in one transaction would keep both).
    /// </summary>
    private void PutGraph(WriteTransaction tx, List<Quad> quads)
    {
        if (quads.Count == 0) return;
        var g = quads[0].Graph!;
        if (_batch is { } b && ReferenceEquals(b.Tx, tx))
        {
            b.RecordGraphs[g] = quads;
            return;
        }
        WriteGraph(tx, g, quads);
    }

    private static void WriteGraph(WriteTransaction tx, Term g, List<Quad> quads)
    {
        tx.ClearGraph(g);
        var sink = tx.CreateLoadSink(g);
        foreach (var q in quads) sink.OnQuad(q);
    }

    /// <summary>
    /// Rewrites an instance's graph and those of all its versions (a version was added or withdrawn,
    /// or the instance changed): statuses, current version and successor links follow.
    /// </summary>
    /// <param name="only">The version numbers whose graphs changed (null: all).</param>
    /// <param name="graphs">The builder to use (<see cref="RecordGraphs.With"/> for a facility or model not yet published).</param>
    private void PutInstanceAndVersions(WriteTransaction tx, InstanceRecord i, DescriptorVersion[] versions, DescriptorVersion? pending = null, IReadOnlyList<Iri>? pendingNodes = null, IReadOnlySet<int>? only = null, IReadOnlyList<string>? pendingKeywords = null, RecordGraphs? graphs = null)
    {
        graphs ??= _graphs;
        PutGraph(tx, graphs.Instance(i, versions, pending, pendingNodes));
        foreach (var v in versions)
            if (only is null || only.Contains(v.Number))
            {
                bool isPending = v.Accession == pending?.Accession;
                PutGraph(tx, graphs.Version(v, versions, isPending ? pendingNodes : null, isPending ? pendingKeywords : null, i));
                // A settings record's graph names its instrument and that instrument's facility (schema:name, creator,
                // publisher): a rename or a move rewrites it with the version's, as a rebuild from the rows would.
                foreach (var st in _s.SettingsOf(v)) PutGraph(tx, graphs.Settings(st, v, i));
            }
    }

    /// <summary>
    /// schema:keywords of a version: the labels of the NBO-Q classes its hardware graph uses (Laser,
    /// Objective, ...), sorted, at most <see cref="MaxKeywords"/>. Read from the store (the graph is
    /// immutable) and kept per accession.
    /// </summary>
    private IReadOnlyList<string> Keywords(DescriptorVersion v)
    {
        if (_keywords.TryGetValue(v.Accession.Value, out var cached)) return cached;
        using var snap = _store.OpenQuadSnapshot();
        var list = KeywordsOf(snap.Match(null, Vocab.Rdf.Type, null, GraphFilter.Named(new Iri(v.GraphIri))).Select(q => q.Triple));
        _keywords[v.Accession.Value] = list;
        return list;
    }

    internal const int MaxKeywords = 30;

    internal static IReadOnlyList<string> KeywordsOf(IEnumerable<Triple> graph)
    {
        var set = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in graph)
            if (t.Predicate == Vocab.Rdf.Type && t.Object is Iri c && c.Value.StartsWith(RecordVocab.Nboq, StringComparison.Ordinal))
                set.Add(Ontology.LabelOf(c));
        return [.. set.Take(MaxKeywords)];
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, IReadOnlyList<string>> _keywords = new();

    /// <summary>
    /// The instrument node(s) of a version's hardware graph: IRI subjects typed nboq:Instrument or a
    /// subclass. Read from the store (the graph is immutable) and kept per accession.
    /// </summary>
    private IReadOnlyList<Iri> InstrumentNodes(DescriptorVersion v)
    {
        if (_instrumentNodes.TryGetValue(v.Accession.Value, out var cached)) return cached;
        var list = new List<Iri>();
        using (var snap = _store.OpenQuadSnapshot())
            foreach (var q in snap.Match(null, Vocab.Rdf.Type, null, GraphFilter.Named(new Iri(v.GraphIri))))
                if (q.Subject is Iri s && q.Object is Iri t && IsInstrumentClass(t) && !list.Contains(s)) list.Add(s);
        list.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        _instrumentNodes[v.Accession.Value] = list;
        return list;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, IReadOnlyList<Iri>> _instrumentNodes = new();

    internal static bool IsInstrumentClass(Iri t) =>
        t == RecordVocab.Instrument || (t.Value.StartsWith(RecordVocab.Nboq, StringComparison.Ordinal) && Nboq.NboqVocabulary.Default.IsSubClassOf(t, RecordVocab.Instrument));

    /// <summary>Every record graph of <paramref name="state"/> (backfill, restore).</summary>
    private IEnumerable<List<Quad>> AllRecordGraphs(RegistryState state)
    {
        foreach (var f in state.Facilities.Values) yield return _graphs.Facility(f);
        foreach (var m in state.Models.Values) yield return _graphs.Model(m);
        foreach (var i in state.Instances.Values)
        {
            yield return _graphs.Instance(i);
            foreach (var v in state.VersionsOf(i.Pid)) yield return _graphs.Version(v);
        }
        foreach (var st in state.Settings.Values) yield return _graphs.Settings(st);
    }

    // ------------------------------------------------------------ open: migration, backfill, ontology

    /// <summary>
    /// Runs at open, in ONE store transaction: the schema migrations, the record graphs of a data
    /// directory made before they existed (or by an older shape), and the ontology graph when the
    /// embedded ontology changed. Nothing is written when all is up to date.
    /// </summary>
    private void EnsureGraphs(int schemaVersion)
    {
        var meta = schemaVersion >= 3 ? ReadMeta() : new Dictionary<string, string>(StringComparer.Ordinal);
        string baseIri = meta.GetValueOrDefault(MetaBase) ?? InferBase(_s) ?? Options.BaseUri.AbsoluteUri;
        _graphs = new RecordGraphs(new RecordIris(baseIri), () => _s, InstrumentNodes, Keywords);
        bool backfill = meta.GetValueOrDefault(MetaRecordGraphs) != RecordGraphsVersion;
        var (ontologyQuads, ontologyHash) = OntologySource.Value;
        bool ontology = meta.GetValueOrDefault(MetaOntology) != ontologyHash;
        bool migrate = schemaVersion < RegistrySchema.LatestVersion;
        if (!migrate && !backfill && !ontology && meta.ContainsKey(MetaBase)) return;

        using var tx = _store.BeginWrite();
        if (backfill)
            foreach (var g in AllRecordGraphs(_s)) PutGraph(tx, g);
        if (ontology)
        {
            tx.ClearGraph(RecordVocab.OntologyGraph);
            var sink = tx.CreateLoadSink(RecordVocab.OntologyGraph);
            foreach (var q in ontologyQuads) sink.OnQuad(q);
        }
        // A migration may change any row: followers reload everything; else no record changed.
        tx.Commit(Participant("open", migrate ? null : [], c =>
        {
            if (migrate) RegistrySchema.Migrate(c, Options.Clock.GetUtcNow());
            PutMeta(c, MetaBase, baseIri);
            PutMeta(c, MetaRecordGraphs, RecordGraphsVersion);
            PutMeta(c, MetaOntology, ontologyHash);
        }));
        OwnChangeCommitted();
    }

    /// <summary>The embedded ontology's triples and its SHA-256 (hex), read and parsed once per process.</summary>
    private static readonly Lazy<(Quad[] Quads, string Hash)> OntologySource = new(() =>
    {
        string text = Nboq.EmbeddedFiles.Read("nbo-q.ttl");
        var quads = Dataset.Parse(text, RdfFormat.Turtle).Select(q => q.WithGraph(null)).ToArray();
        return (quads, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    });

    /// <summary>
    /// The base the registry's IRIs were minted under, from its version graphs (<c>{base}phd:ACC</c>),
    /// so that a backfill run by a tool opened with another base (dump, restore) names records right.
    /// </summary>
    private static string? InferBase(RegistryState s)
    {
        foreach (var v in s.Versions.Values)
        {
            string acc = v.Accession.ToString();
            if (v.GraphIri.EndsWith(acc, StringComparison.Ordinal)) return v.GraphIri[..^acc.Length];
        }
        return null;
    }

    private Dictionary<string, string> ReadMeta()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        using var c = OpenRead();
        using var r = Sql.Command(c, "SELECT key, value FROM reg_meta").ExecuteReader();
        while (r.Read()) d[r.GetString(0)] = r.GetString(1);
        return d;
    }

    private static void PutMeta(DbConnection c, string key, string value) =>
        Sql.Exec(c, "INSERT INTO reg_meta(key, value) VALUES (@k, @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("@k", key), ("@v", value));

    /// <summary>
    /// After a restore: the base comes from the dump's meta rows (or the versions), and every record
    /// graph is rewritten (clear, then insert), so restoring quads that already hold them adds no duplicates.
    /// </summary>
    private void RebuildRecordGraphs(bool dumpHadBase)
    {
        var meta = ReadMeta();
        string baseIri = (dumpHadBase ? meta.GetValueOrDefault(MetaBase) : null) ?? InferBase(_s) ?? meta.GetValueOrDefault(MetaBase) ?? Options.BaseUri.AbsoluteUri;
        _graphs = new RecordGraphs(new RecordIris(baseIri), () => _s, InstrumentNodes, Keywords);
        Write("rebuild-record-graphs", () => new Plan<int>(0,
            c =>
            {
                PutMeta(c, MetaBase, baseIri);
                PutMeta(c, MetaRecordGraphs, RecordGraphsVersion);
            },
            () => { }, [],
            tx => { foreach (var g in AllRecordGraphs(_s)) PutGraph(tx, g); }));
    }
}
