namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// What every page's head says about it beyond its title. The pages themselves are Razor slices
/// (<see cref="Slices"/>, <c>Pages/Layout.cshtml</c>): text is HTML-encoded by the templates, and there is no
/// string-built HTML left to escape by hand.
/// </summary>
internal static class Html
{
    /// <summary>Search engines show about 160 characters; longer summaries are cut at a word.</summary>
    internal const int MaxDescription = 300;

    /// <summary>The meta description: the page's own summary, or a generic one naming its title.</summary>
    internal static string Describe(string title, string? description)
    {
        string d = string.IsNullOrWhiteSpace(description)
            ? title + ": persistent hardware descriptors (PHDs) of light microscopes, with landing pages, RDF, SPARQL and the NBO-Q ontology."
            : description.Trim();
        if (d.Length <= MaxDescription) return d;
        int cut = d.LastIndexOf(' ', MaxDescription - 1);
        return d[..(cut > 100 ? cut : MaxDescription - 1)] + "…";
    }
}
