namespace PhdResolver.Registry.ReadModels;

/// <summary>
/// The prefixes the registry's outputs use, in one place: RDF writers declare them and display
/// forms (<see cref="OntologyCatalog.Compact"/>) abbreviate with them, so the two always agree.
/// </summary>
public static class KnownPrefixes
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
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
}
