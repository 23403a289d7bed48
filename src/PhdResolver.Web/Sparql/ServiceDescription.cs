using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Sparql;

/// <summary>
/// The SPARQL 1.1 Service Description of /sparql: what the endpoint speaks (query only, the
/// result syntaxes), its default dataset (the union of all graphs), its size and its row limit.
/// SPARQL 1.1 Service Description has no term for a row limit, so the limit is the property
/// <c>{endpoint}#maxResultRows</c>, described in the same document (the endpoint's IRI dereferences
/// to it), and the same number is sent with every SELECT answer (<see cref="SparqlProtocol.RowLimitHeader"/>).
/// </summary>
internal static class ServiceDescription
{
    public static Dataset Build(string endpoint, long quads, int namedGraphs, long maxResultRows)
    {
        string ttl = $$"""
            @prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
            @prefix formats: <http://www.w3.org/ns/formats/> .
            @prefix void: <http://rdfs.org/ns/void#> .
            @prefix dcterms: <http://purl.org/dc/terms/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

            <{{endpoint}}> a sd:Service ;
                rdfs:label "PHD resolver SPARQL endpoint" ;
                dcterms:description "Read-only SPARQL 1.1 Query over the whole registry: each configuration version's hardware is a named graph named by its PHD; each facility, model, instance and version has a record graph {base}record/{PID}; the NBO-Q ontology is the graph https://w3id.org/nbo-q/; the default graph is the union of all graphs. SERVICE and updates are not available. A SELECT result has at most {{maxResultRows.ToString(CultureInfo.InvariantCulture)}} rows: a longer one is cut there, with a warning in JSON results (XML, CSV and TSV results cannot carry one, so for them it is an error); page with ORDER BY, LIMIT and OFFSET." ;
                <{{endpoint}}#maxResultRows> {{maxResultRows.ToString(CultureInfo.InvariantCulture)}} ;
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

            <{{endpoint}}#maxResultRows> a rdf:Property ;
                rdfs:label "maximum result rows" ;
                rdfs:comment "The most rows a SELECT query answers at this endpoint. Each SELECT answer repeats it in the HTTP header SPARQL-Row-Limit; a result cut there carries a warning (JSON) or fails (XML, CSV, TSV)." ;
                rdfs:domain sd:Service ;
                rdfs:range xsd:integer .
            """;
        return Dataset.Parse(ttl, RdfFormat.Turtle);
    }
}
