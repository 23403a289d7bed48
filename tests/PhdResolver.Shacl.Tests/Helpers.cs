using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Shacl.Tests;

internal static class Helpers
{
    public const string Prefixes = """
        @prefix ex: <http://example.org/> .
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

        """;

    public static Dataset Parse(string turtle) => Dataset.Parse(Prefixes + turtle, RdfFormat.Turtle);

    /// <summary>Validates a document that holds both the data and the shapes.</summary>
    public static ValidationReport Validate(string turtle)
    {
        var ds = Parse(turtle);
        return ShaclValidator.Validate(ds, ds);
    }

    public static Iri Ex(string local) => new("http://example.org/" + local);
}
