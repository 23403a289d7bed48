using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Ontology;

/// <summary>HTML for /ontology (the term index, <c>Pages/OntologyIndex.cshtml</c>) and /ontology/{term} (<c>Pages/TermPage.cshtml</c>).</summary>
internal static class OntologyPages
{
    /// <summary>The term index; <paramref name="filter"/> keeps the terms whose local name or label contains it.</summary>
    public static RazorSlices.RazorSlice Index(OntologyCatalog cat, string? filter) => Pages.OntologyIndex.Create(new OntologyIndexModel
    {
        Catalog = cat,
        Filter = filter,
        Terms = [.. cat.Terms.Where(t => string.IsNullOrWhiteSpace(filter)
            || t.LocalName.Contains(filter, StringComparison.OrdinalIgnoreCase)
            || t.Label.Contains(filter, StringComparison.OrdinalIgnoreCase))],
    });

    public static RazorSlices.RazorSlice Term(OntologyCatalog cat, OntologyTerm t) => Pages.TermPage.Create(new OntologyTermModel { Catalog = cat, Term = t });

    internal static int KindOrder(string kind) => kind switch
    {
        "Class" => 0, "Object property" => 1, "Datatype property" => 2, "Annotation property" => 3, "Concept scheme" => 4, "Concept" => 5, _ => 6,
    };

    internal static string FormatLabel(string mt) => mt switch
    {
        Conneg.JsonLd => "JSON-LD", Conneg.Turtle => "Turtle", Conneg.NTriples => "N-Triples", Conneg.NQuads => "N-Quads",
        Conneg.TriG => "TriG", Conneg.RdfXml => "RDF/XML", Conneg.BibTex => "BibTeX", Conneg.Ris => "RIS", Conneg.CslJson => "CSL-JSON",
        Conneg.DataCite => "DataCite XML", _ => mt,
    };
}

/// <summary>The model of <c>Pages/OntologyIndex.cshtml</c>.</summary>
public sealed class OntologyIndexModel
{
    internal OntologyCatalog Catalog { get; init; } = null!;
    internal string? Filter { get; init; }
    internal List<OntologyTerm> Terms { get; init; } = [];
}

/// <summary>The model of <c>Pages/TermPage.cshtml</c>.</summary>
public sealed class OntologyTermModel
{
    internal OntologyCatalog Catalog { get; init; } = null!;
    internal OntologyTerm Term { get; init; } = null!;
}
