namespace PhdResolver.Web.Sparql;

/// <summary>One example on the query page.</summary>
internal sealed record SparqlExample(string Title, string Description, string Query);

/// <summary>
/// Example queries over the descriptors, written against the NBO-Q terms of ontology/nbo-q.ttl.
/// Each configuration version is one named graph (named by its PHD), so GRAPH ?phd tells which
/// configuration a match comes from.
/// </summary>
internal static class SparqlExamples
{
    private const string Prefixes =
        "PREFIX nboq: <https://w3id.org/nbo-q/>\n" +
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" +
        "PREFIX schema: <https://schema.org/>\n";

    public static readonly IReadOnlyList<SparqlExample> All =
    [
        new("Oil objectives with NA 1.4 and a 561 nm laser",
            "Which instrument configurations have a 1.4 NA oil-immersion objective and a 561 nm laser, and at which facility are they?",
            Prefixes + """
            SELECT DISTINCT ?phd ?instrument ?facility ?magnification WHERE {
              GRAPH ?phd {
                ?instr nboq:hasComponent ?objective, ?laser .
                OPTIONAL { ?instr schema:name ?instrument }
                OPTIONAL { ?instr schema:location/schema:name ?facility }
                ?objective a nboq:Objective ;
                           nboq:lensNA ?na ;
                           nboq:immersionType ?immersion .
                OPTIONAL { ?objective nboq:magnification ?magnification }
                ?laser a nboq:Laser ;
                       nboq:wavelength ?wl .
                FILTER (?na >= 1.4 && ?immersion IN (nboq:ImmersionTypeList-Mineral_Oil, nboq:ImmersionTypeList-Silicone_Oil))
                FILTER (?wl >= 560 && ?wl <= 562)
              }
            }
            ORDER BY ?facility ?instrument
            """),
        new("Light sources by wavelength",
            "Every laser and LED with its wavelength, across all configurations.",
            Prefixes + """
            SELECT ?phd ?source ?type ?wavelength WHERE {
              GRAPH ?phd {
                ?source a ?type ; nboq:wavelength ?wavelength .
                VALUES ?type { nboq:Laser nboq:LightEmittingDiode }
              }
            }
            ORDER BY ?wavelength
            """),
        new("Objectives per immersion medium",
            "How many objectives use each immersion medium?",
            Prefixes + """
            SELECT ?medium (COUNT(DISTINCT ?objective) AS ?objectives) WHERE {
              GRAPH ?phd {
                ?objective a nboq:Objective ; nboq:immersionType ?m .
              }
              BIND (STRAFTER(STR(?m), "ImmersionTypeList-") AS ?medium)
            }
            GROUP BY ?medium
            ORDER BY DESC(?objectives)
            """),
        new("Detectors",
            "Cameras and photomultipliers with their manufacturer and model.",
            Prefixes + """
            SELECT ?phd ?detector ?type ?manufacturer ?model WHERE {
              GRAPH ?phd {
                ?detector a ?type .
                VALUES ?type { nboq:Camera nboq:PhotoMultiplier nboq:Detector }
                OPTIONAL { ?detector nboq:manufacturer ?manufacturer }
                OPTIONAL { ?detector nboq:model ?model }
              }
            }
            """),
        new("Component types in use",
            "How often each NBO-Q class occurs across all configurations.",
            Prefixes + """
            SELECT ?type (COUNT(?s) AS ?count) WHERE {
              GRAPH ?phd { ?s a ?type . }
            }
            GROUP BY ?type
            ORDER BY DESC(?count)
            LIMIT 25
            """),
        new("Does any configuration use a water-dipping objective?",
            "An ASK query: true or false.",
            Prefixes + """
            ASK {
              GRAPH ?phd {
                ?o a nboq:Objective ; nboq:immersionType ?m .
                FILTER (?m IN (nboq:ImmersionTypeList-Water, nboq:ImmersionTypeList-Dipping))
              }
            }
            """),
        new("One configuration as a graph",
            "A CONSTRUCT query: the objectives of every configuration, as RDF (Turtle, JSON-LD or N-Triples by content negotiation).",
            Prefixes + """
            CONSTRUCT { ?o ?p ?v } WHERE {
              GRAPH ?phd { ?o a nboq:Objective ; ?p ?v . }
            }
            LIMIT 200
            """),
    ];
}
