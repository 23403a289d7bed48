using PhdResolver.Rdf;

namespace PhdResolver.Web.Infrastructure;

/// <summary>Writes quads in an RDF syntax named by media type, with prefixes for readability.</summary>
internal static class RdfOutput
{
    public static readonly IReadOnlyDictionary<string, string> Prefixes = new Dictionary<string, string>
    {
        ["nboq"] = "https://w3id.org/nbo-q/",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["skos"] = "http://www.w3.org/2004/02/skos/core#",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["schema"] = "https://schema.org/",
        ["prov"] = "http://www.w3.org/ns/prov#",
        ["qudt"] = "http://qudt.org/schema/qudt/",
        ["unit"] = "http://qudt.org/vocab/unit/",
        ["sd"] = "http://www.w3.org/ns/sparql-service-description#",
        ["void"] = "http://rdfs.org/ns/void#",
    };

    public static string Write(IEnumerable<Quad> quads, string mediaType, string? baseIri = null)
    {
        if (!RdfFormats.TryParse(mediaType, out var f))
            throw new ArgumentException($"'{mediaType}' is not an RDF syntax", nameof(mediaType));
        var sw = new StringWriter();
        var w = RdfFormats.CreateWriter(f, sw, new WriterOptions { Prefixes = Prefixes, BaseIri = baseIri });
        foreach (var q in quads)
        {
            // Triple-only syntaxes carry the default graph; named graph quads are flattened into it.
            if (!RdfFormats.SupportsDatasets(f) && q.Graph is not null) w.OnQuad(q.WithGraph(null));
            else w.OnQuad(q);
        }
        w.Finish();
        return sw.ToString();
    }
}
