using PhdResolver.Rdf;

namespace PhdResolver.Registry.ReadModels;

/// <summary>One NBO-Q term as its page shows it.</summary>
public sealed record OntologyTerm(
    string LocalName,
    Iri Iri,
    string Kind,
    string Label,
    string? Definition,
    int? Tier,
    string? Extension,
    IReadOnlyList<Iri> SuperClasses,
    IReadOnlyList<Iri> SubClasses,
    IReadOnlyList<Iri> Domains,
    IReadOnlyList<Iri> Ranges,
    IReadOnlyList<Quad> Description);

/// <summary>
/// The NBO-Q ontology (embedded in PhdResolver.Nboq) indexed by term local name, built once: the
/// domain facts about terms (kind, label, definition, tier, class hierarchy) that pages, component
/// lists and the Methods paragraph read. Only IRIs directly under the namespace are terms; the
/// ontology IRI itself is the index page. No markup here: the web layer renders it.
/// </summary>
public sealed class OntologyCatalog
{
    public const string Namespace = PhdResolver.Nboq.Nboq.Namespace;

    private static readonly Lazy<OntologyCatalog> Instance = new(() => new OntologyCatalog(PhdResolver.Nboq.EmbeddedFiles.Ontology()));
    public static OntologyCatalog Default => Instance.Value;

    private static readonly Iri OwlClass = new("http://www.w3.org/2002/07/owl#Class");
    private static readonly Iri OwlObjectProperty = new("http://www.w3.org/2002/07/owl#ObjectProperty");
    private static readonly Iri OwlDatatypeProperty = new("http://www.w3.org/2002/07/owl#DatatypeProperty");
    private static readonly Iri OwlAnnotationProperty = new("http://www.w3.org/2002/07/owl#AnnotationProperty");
    private static readonly Iri SkosConcept = new("http://www.w3.org/2004/02/skos/core#Concept");
    private static readonly Iri SkosConceptScheme = new("http://www.w3.org/2004/02/skos/core#ConceptScheme");
    public static readonly Iri SkosDefinition = new("http://www.w3.org/2004/02/skos/core#definition");
    private static readonly Iri RdfsDomain = new("http://www.w3.org/2000/01/rdf-schema#domain");
    private static readonly Iri RdfsRange = new("http://www.w3.org/2000/01/rdf-schema#range");
    private static readonly Iri Tier = PhdResolver.Nboq.Nboq.Tier;
    private static readonly Iri Extension = PhdResolver.Nboq.Nboq.Extension;

    private readonly Dictionary<string, OntologyTerm> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<Term, List<Quad>> _bySubject = [];
    private readonly Dictionary<Iri, string> _labels = [];

    public OntologyCatalog(Dataset ontology)
    {
        All = [.. ontology];
        foreach (var q in All)
        {
            if (!_bySubject.TryGetValue(q.Subject, out var l)) _bySubject[q.Subject] = l = [];
            l.Add(q);
            if (q.Subject is Iri si && q.Predicate == Vocab.Rdfs.Label && q.Object is Literal lbl) _labels.TryAdd(si, lbl.Lexical);
        }
        var subs = new Dictionary<Iri, List<Iri>>();
        foreach (var q in All)
            if (q.Predicate == Vocab.Rdfs.SubClassOf && q.Subject is Iri s && q.Object is Iri o)
            {
                if (!subs.TryGetValue(o, out var l)) subs[o] = l = [];
                l.Add(s);
            }
        foreach (var (subject, quads) in _bySubject)
        {
            if (subject is not Iri iri || !iri.Value.StartsWith(Namespace, StringComparison.Ordinal)) continue;
            var local = iri.Value[Namespace.Length..];
            if (local.Length == 0 || local.Contains('/', StringComparison.Ordinal)) continue;
            List<Iri> Objs(Iri p) => [.. quads.Where(q => q.Predicate == p).Select(q => q.Object).OfType<Iri>()];
            string? Lit(Iri p) => quads.Where(q => q.Predicate == p).Select(q => q.Object).OfType<Literal>().FirstOrDefault()?.Lexical;
            var types = Objs(Vocab.Rdf.Type);
            string kind = types.Contains(OwlClass) ? "Class"
                : types.Contains(OwlObjectProperty) ? "Object property"
                : types.Contains(OwlDatatypeProperty) ? "Datatype property"
                : types.Contains(OwlAnnotationProperty) ? "Annotation property"
                : types.Contains(SkosConceptScheme) ? "Concept scheme"
                : types.Contains(SkosConcept) ? "Concept"
                : "Term";
            int? tier = int.TryParse(Lit(Tier), out var t) ? t : null;
            _terms[local] = new OntologyTerm(local, iri, kind, Lit(Vocab.Rdfs.Label) ?? local, Lit(SkosDefinition), tier, Lit(Extension),
                Objs(Vocab.Rdfs.SubClassOf), subs.GetValueOrDefault(iri) ?? [], Objs(RdfsDomain), Objs(RdfsRange), quads);
        }
        var info = _bySubject.GetValueOrDefault(new Iri(Namespace)) ?? [];
        Version = info.Where(q => q.Predicate.ToString().Contains("versionInfo", StringComparison.Ordinal)).Select(q => q.Object).OfType<Literal>().FirstOrDefault()?.Lexical ?? "";
        SourceModelVersion = info.Where(q => q.Predicate.ToString().Contains("sourceModelVersion", StringComparison.Ordinal)).Select(q => q.Object).OfType<Literal>().FirstOrDefault()?.Lexical ?? "";
        Title = info.Where(q => q.Predicate == Vocab.Rdfs.Label).Select(q => q.Object).OfType<Literal>().FirstOrDefault()?.Lexical ?? "NBO-Q";
    }

    public IReadOnlyList<Quad> All { get; }
    public string Version { get; }
    /// <summary>The NBO model version the ontology was generated from ("NBO v02-01").</summary>
    public string SourceModelVersion { get; }
    public string Title { get; }
    public IEnumerable<OntologyTerm> Terms => _terms.Values.OrderBy(t => t.LocalName, StringComparer.Ordinal);
    public int Count => _terms.Count;

    public OntologyTerm? Find(string localName) => _terms.GetValueOrDefault(localName);

    /// <summary>Finds a term by local name ignoring case, to redirect misspelt-case requests.</summary>
    public OntologyTerm? FindIgnoreCase(string localName) =>
        _terms.Values.FirstOrDefault(t => string.Equals(t.LocalName, localName, StringComparison.OrdinalIgnoreCase));

    public string LabelOf(Iri iri) => _labels.GetValueOrDefault(iri) ?? Compact(iri);

    /// <summary>Short display form of an IRI (nboq:, xsd:, skos: ...).</summary>
    public static string Compact(Iri iri)
    {
        foreach (var (p, ns) in KnownPrefixes.All)
            if (iri.Value.StartsWith(ns, StringComparison.Ordinal) && iri.Value.Length > ns.Length) return p + ":" + iri.Value[ns.Length..];
        return iri.Value;
    }

    /// <summary>Local name when the IRI is an NBO-Q term (its page is /ontology/{name}).</summary>
    public string? LocalNameOf(Iri iri) =>
        iri.Value.StartsWith(Namespace, StringComparison.Ordinal) && _terms.ContainsKey(iri.Value[Namespace.Length..]) ? iri.Value[Namespace.Length..] : null;
}
