namespace PhdResolver.Web.Sparql;

/// <summary>One example on the query page.</summary>
internal sealed record SparqlExample(string Title, string Description, string Query);

/// <summary>
/// Example queries, written against the NBO-Q terms of ontology/nbo-q.ttl and the record graphs
/// (README "The graph"). The first five answer the mission's questions over records and
/// descriptors together; each has a test that pins its rows on the demo data. Each configuration
/// version is one named graph (named by its PHD), so GRAPH ?phd tells which configuration a match
/// comes from; <c>?instrument nboq:currentConfiguration ?config</c> (or <c>nboq:currentVersion ?phd</c>
/// with GRAPH ?phd) restricts a query to current configurations.
/// </summary>
internal static class SparqlExamples
{
    private const string Prefixes =
        "PREFIX nboq: <https://w3id.org/nbo-q/>\n" +
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" +
        "PREFIX schema: <https://schema.org/>\n" +
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n";

    /// <summary>(a) The mission's question: facilities in a country with a confocal whose CURRENT configuration has a 561 nm laser and an NA >= 1.4 oil objective.</summary>
    public static readonly SparqlExample FacilitiesWith561AndOil = new("Facilities in Germany with a current 561 nm / NA 1.4 oil confocal",
        "Which facilities in Germany (DE) have a confocal whose current configuration has a 561 nm laser and an oil objective of NA 1.4 or more, with the facility's RRID and ROR?",
        Prefixes + """
        SELECT DISTINCT ?facility ?name ?rrid ?ror ?instrument WHERE {
          ?facility a nboq:Facility ; schema:name ?name ;
                    schema:address/schema:addressCountry "DE" ;
                    nboq:holds ?instrument .
          ?instrument nboq:instrumentType "confocal" ;
                      nboq:currentConfiguration ?config .
          ?config nboq:hasComponent ?laser, ?objective .
          ?laser a nboq:Laser ; nboq:wavelength ?wl .
          ?objective a nboq:Objective ; nboq:lensNA ?na ; nboq:immersionType ?immersion .
          FILTER (?wl >= 560 && ?wl <= 562 && ?na >= 1.4)
          FILTER (?immersion IN (nboq:ImmersionTypeList-Mineral_Oil, nboq:ImmersionTypeList-Silicone_Oil))
          OPTIONAL { ?facility schema:identifier [ schema:propertyID "RRID" ; schema:value ?rrid ] }
          OPTIONAL { ?facility schema:identifier [ schema:propertyID "ROR" ; schema:value ?ror ] }
        }
        ORDER BY ?name ?instrument
        """);

    /// <summary>(b) Instruments per facility and modality.</summary>
    public static readonly SparqlExample InstrumentsPerFacility = new("Instruments per facility and modality",
        "How many active instruments each facility operates, by modality (from the instrument model).",
        Prefixes + """
        SELECT ?facility ?modality (COUNT(DISTINCT ?instrument) AS ?instruments) WHERE {
          ?instrument a nboq:InstrumentInstance ; nboq:status "active" ;
                      nboq:heldBy/schema:name ?facility .
          OPTIONAL { ?instrument nboq:instrumentType ?modality }
        }
        GROUP BY ?facility ?modality
        ORDER BY ?facility ?modality
        """);

    /// <summary>(c) What changed between two versions of one instrument (component nodes match by their #slug).</summary>
    public static readonly SparqlExample ChangesBetweenVersions = new("What changed between two versions",
        "Statements added or removed from one configuration of \"Confocal 1\" to the next; components are matched by the #slug of their IRI (blank-node values are left out).",
        Prefixes + """
        SELECT ?change ?component ?property ?value WHERE {
          ?new prov:wasRevisionOf ?old ; nboq:describes/schema:name "Confocal 1 (room B2.114)" .
          VALUES ?change { "added" "removed" }
          BIND (IF(?change = "added", ?new, ?old) AS ?this)
          BIND (IF(?change = "added", ?old, ?new) AS ?other)
          GRAPH ?this { ?c ?property ?value }
          FILTER (isIRI(?c) && !isBlank(?value))
          # Nodes are {PHD}#slug: the twin of a statement in the other version has the same slugs.
          BIND (STRAFTER(STR(?c), "#") AS ?component)
          BIND (IRI(CONCAT(STR(?other), "#", ?component)) AS ?twin)
          BIND (IF(isIRI(?value) && STRSTARTS(STR(?value), CONCAT(STR(?this), "#")),
                   IRI(CONCAT(STR(?other), "#", STRAFTER(STR(?value), "#"))), ?value) AS ?twinValue)
          FILTER NOT EXISTS { GRAPH ?other { ?twin ?property ?twinValue } }
        }
        ORDER BY ?component ?property ?change
        """);

    /// <summary>(d) Every detector of any subclass (via the ontology graph), by manufacturer, in current configurations.</summary>
    public static readonly SparqlExample DetectorsByManufacturer = new("Detectors of any kind, by manufacturer",
        "Cameras, PMTs and every other subclass of nboq:Detector (the ontology is the graph nboq:), counted by manufacturer over current configurations.",
        Prefixes + """
        SELECT ?manufacturer ?type (COUNT(DISTINCT ?detector) AS ?detectors) WHERE {
          GRAPH nboq: { ?type rdfs:subClassOf* nboq:Detector }
          ?instrument nboq:currentVersion ?phd .
          GRAPH ?phd { ?detector a ?type . OPTIONAL { ?detector nboq:manufacturer ?manufacturer } }
        }
        GROUP BY ?manufacturer ?type
        ORDER BY ?manufacturer ?type
        """);

    /// <summary>(e) Instruments whose current configuration does not meet tier 2.</summary>
    public static readonly SparqlExample BelowTier2 = new("Instruments below tier 2",
        "Instruments whose current configuration does not meet the MUST constraints of tier 2.",
        Prefixes + """
        SELECT ?instrument ?name ?tier WHERE {
          ?instrument a nboq:InstrumentInstance ; schema:name ?name ;
                      nboq:currentVersion ?phd .
          ?phd nboq:tierMet ?tier .
          FILTER (?tier < 2)
        }
        ORDER BY ?name
        """);

    /// <summary>(f) Full text joined with graph patterns: <c>text:query</c> (jena-text style, answered by the registry's search index).</summary>
    public static readonly SparqlExample TextSearchCurrent = new("Full text: \"561 laser\" in current configurations",
        "text:query finds records by the /search syntax (here: configurations mentioning a 561 nm laser) and binds each record IRI with its score; the graph pattern keeps the current configurations and names their instrument.",
        Prefixes + """
        PREFIX text: <http://jena.apache.org/text#>
        SELECT ?phd ?score ?name WHERE {
          (?phd ?score) text:query ("561 laser" 50) .
          ?instrument nboq:currentVersion ?phd ; schema:name ?name .
        }
        ORDER BY DESC(?score) ?name
        """);

    public static readonly IReadOnlyList<SparqlExample> All =
    [
        FacilitiesWith561AndOil,
        InstrumentsPerFacility,
        ChangesBetweenVersions,
        DetectorsByManufacturer,
        BelowTier2,
        TextSearchCurrent,
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
            "How often each NBO-Q class occurs across all configurations (descriptor graphs only: not the record or ontology graphs).",
            Prefixes + """
            SELECT ?type (COUNT(?s) AS ?count) WHERE {
              ?phd a nboq:HardwareDescriptor .
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
