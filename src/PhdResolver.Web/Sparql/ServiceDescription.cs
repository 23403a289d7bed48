using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Sparql;

/// <summary>
/// The SPARQL 1.1 Service Description of /sparql: what the endpoint speaks (query only, the
/// result syntaxes), its default dataset (the union of all graphs) and its size.
/// </summary>
internal static class ServiceDescription
{
    public static Dataset Build(string endpoint, long quads, int namedGraphs)
    {
        string ttl = $$"""
            @prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
            @prefix formats: <http://www.w3.org/ns/formats/> .
            @prefix void: <http://rdfs.org/ns/void#> .
            @prefix dcterms: <http://purl.org/dc/terms/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

            <{{endpoint}}> a sd:Service ;
                rdfs:label "PHD resolver SPARQL endpoint" ;
                dcterms:description "Read-only SPARQL 1.1 Query over the whole registry: each configuration version's hardware is a named graph named by its PHD; each facility, model, instance and version has a record graph {base}record/{PID}; the NBO-Q ontology is the graph https://w3id.org/nbo-q/; the default graph is the union of all graphs. SERVICE and updates are not available." ;
                sd:endpoint <{{endpoint}}> ;
                sd:supportedLanguage sd:SPARQL11Query ;
                sd:feature sd:UnionDefaultGraph ;
                sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> ;
                sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
                    formats:SPARQL_Results_TSV, formats:Turtle, formats:JSON-LD, formats:N-Triples, formats:RDF_XML,
                    formats:TriG, formats:N-Quads ;
                sd:defaultDataset [
                    a sd:Dataset ;
                    sd:defaultGraph [ a sd:Graph ; void:triples {{quads.ToString(CultureInfo.InvariantCulture)}} ] ;
                    rdfs:comment "{{namedGraphs.ToString(CultureInfo.InvariantCulture)}} named graphs"
                ] .
            """;
        return Dataset.Parse(ttl, RdfFormat.Turtle);
    }
}
