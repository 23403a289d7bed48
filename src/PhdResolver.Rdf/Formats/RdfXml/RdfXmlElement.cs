namespace PhdResolver.Rdf;

/// <summary>
/// What the RDF/XML grammar needs to know about one element: its name, the rdf: attributes it
/// carries, its property attributes and its xml:base / xml:lang scope. Instances are pooled by
/// XML depth (an element's record stays valid while its descendants are read, since they use
/// deeper slots), so a document of any length allocates only as many as it is deep.
/// </summary>
internal sealed class RdfXmlElement
{
    public Iri Name = null!; // set by RdfXmlGrammar.ReadElement before any use
    public string Iri = "";
    public string QName = "";
    public bool IsEmpty;
    public int Line;
    public int Column;

    public string? Id;
    public string? NodeId;
    public string? About;
    public string? Resource;
    public string? Datatype;
    public string? ParseType;

    /// <summary>In-scope base IRI (after this element's xml:base).</summary>
    public string? Base;

    /// <summary>In-scope language ("" for none, also after <c>xml:lang=""</c>).</summary>
    public string Lang = "";

    /// <summary>Property attributes as (predicate IRI, value), in document order.</summary>
    public readonly List<(string Iri, string Value)> PropertyAttrs = [];

    public void Reset()
    {
        Id = NodeId = About = Resource = Datatype = ParseType = null;
        PropertyAttrs.Clear();
    }

    /// <summary>True if the element has attributes beyond rdf:ID (the empty property element test).</summary>
    public bool HasObjectAttributes => Resource is not null || NodeId is not null || PropertyAttrs.Count > 0;
}
