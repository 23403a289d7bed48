using PhdResolver.Rdf;

namespace PhdResolver.Nboq;

/// <summary>The NBO-Q namespace and the handful of terms the code names directly.</summary>
public static class Nboq
{
    public const string Namespace = "https://w3id.org/nbo-q/";
    public const string ShapesNamespace = "https://w3id.org/nbo-q/shapes/";
    /// <summary>The ontology's owl:versionInfo; bumped whenever the generated ontology or shapes change meaning.</summary>
    public const string Version = "2.2.0";
    /// <summary>The ontology's owl:versionIRI: what a descriptor's dcterms:conformsTo names (<see cref="ConformsTo"/>).</summary>
    public const string VersionIri = "https://w3id.org/nbo-q/" + Version + "/";
    /// <summary>The NBO model version the ontology and shapes were generated from (nboq:sourceModelVersion).</summary>
    public const string SourceModelVersion = "NBO v02-01";

    /// <summary>The statement "<paramref name="descriptor"/> dcterms:conformsTo the NBO-Q version it was validated against".</summary>
    public static Quad ConformsTo(Term descriptor, Term? graph = null) =>
        new(descriptor, new Iri(Vocabs.Dcterms + "conformsTo"), new Iri(VersionIri), graph);

    public static Iri Term(string localName) => new(Namespace + localName);

    public static readonly Iri Instrument = Term("Instrument");
    public static readonly Iri InstrumentComponent = Term("InstrumentComponent");
    public static readonly Iri KeyValue = Term("KeyValue");
    public static readonly Iri HasComponent = Term("hasComponent");
    public static readonly Iri HasPart = Term("hasPart");
    public static readonly Iri RefersTo = Term("refersTo");
    public static readonly Iri UnmappedField = Term("unmappedField");
    public static readonly Iri LayoutField = Term("layoutField");
    public static readonly Iri Key = Term("key");
    public static readonly Iri Value = Term("value");
    public static readonly Iri JsonPath = Term("jsonPath");
    public static readonly Iri Id = Term("id");
    public static readonly Iri Tier = Term("tier");
    public static readonly Iri Extension = Term("extension");
    public static readonly Iri SourceModelVersionProperty = Term("sourceModelVersion");
    public static readonly Iri NboName = Term("nboName");
    public static readonly Iri ValueScheme = Term("valueScheme");
    public static readonly Iri UnitProperty = Term("unitProperty");
}

/// <summary>Other vocabularies the Nboq code writes.</summary>
public static class Vocabs
{
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Sh = "http://www.w3.org/ns/shacl#";
    public const string Prov = "http://www.w3.org/ns/prov#";
    public const string Qudt = "http://qudt.org/schema/qudt/";
    public const string Unit = "http://qudt.org/vocab/unit/";
    public const string Dcterms = "http://purl.org/dc/terms/";
}
