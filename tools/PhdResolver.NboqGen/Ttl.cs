using System.Globalization;
using System.Text;

namespace PhdResolver.NboqGen;

/// <summary>Small helpers for writing readable Turtle by hand.</summary>
public static class Ttl
{
    public const string Namespace = "https://w3id.org/nbo-q/";
    public const string ShapesNamespace = "https://w3id.org/nbo-q/shapes/";
    public const string Version = "2.2.0";
    public const string SourceModel = "NBO v02-01";

    public static readonly (string Prefix, string Iri)[] Prefixes =
    [
        ("nboq", Namespace),
        ("nboqsh", ShapesNamespace),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("owl", "http://www.w3.org/2002/07/owl#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("dcterms", "http://purl.org/dc/terms/"),
        ("sh", "http://www.w3.org/ns/shacl#"),
        ("qudt", "http://qudt.org/schema/qudt/"),
        ("unit", "http://qudt.org/vocab/unit/"),
        ("schema", "https://schema.org/"),
        ("sosa", "http://www.w3.org/ns/sosa/"),
        ("ssn", "http://www.w3.org/ns/ssn/"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("ome", Alignments.OmeNamespace),
    ];

    public static void WritePrefixes(StringBuilder sb, params string[] only)
    {
        foreach (var (p, iri) in Prefixes)
            if (only.Length == 0 || only.Contains(p)) sb.Append("@prefix ").Append(p).Append(": <").Append(iri).Append("> .\n");
        sb.Append('\n');
    }

    public static string Str(string s)
    {
        var sb = new StringBuilder("\"");
        PhdResolver.Rdf.NTriplesFormatter.AppendStringEscaped(sb, s);
        return sb.Append('"').ToString();
    }

    public static string En(string s) => Str(s) + "@en";
    public static string Int(int i) => i.ToString(CultureInfo.InvariantCulture);
}
