using System.Text;
using System.Text.Encodings.Web;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// HTML built as strings, for the staff forms until they move to Razor slices (every public page is a
/// slice: <see cref="Slices"/>, <c>Pages/Layout.cshtml</c>, which this layout matches byte for byte).
/// Everything that did not come from a string literal goes through <see cref="E"/>. <see cref="Describe"/>
/// is shared by both (the meta description).
/// </summary>
internal static class Html
{
    /// <summary>Encodes text for element content and quoted attribute values.</summary>
    public static string E(string? text) => text is null ? "" : HtmlEncoder.Default.Encode(text);

    /// <summary>Encodes a value for a query string parameter inside an href.</summary>
    public static string Q(string? text) => text is null ? "" : E(Uri.EscapeDataString(text));

    /// <summary>A complete page: shared header/footer, one stylesheet, no inline script or style.</summary>
    /// <param name="description">The meta description (search engines' snippet); a generic one naming the title when null.</param>
    public static string Page(string title, Action<StringBuilder> body, Action<StringBuilder>? head = null, string? description = null)
    {
        var sb = new StringBuilder(4096);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E(title)).Append(" — PHD resolver</title>\n")
          .Append("<meta name=\"description\" content=\"").Append(E(Describe(title, description))).Append("\">\n")
          .Append("<link rel=\"stylesheet\" href=\"/static/site.css\">\n");
        head?.Invoke(sb);
        sb.Append("</head>\n<body>\n<header class=\"site\"><a class=\"brand\" href=\"/\">PHD resolver</a>")
          .Append("<nav><a href=\"/search\">Search</a> <a href=\"/sparql\">SPARQL</a> <a href=\"/ontology\">Ontology</a></nav></header>\n<main>\n");
        body(sb);
        sb.Append("\n</main>\n<footer class=\"site\">Persistent hardware descriptors for light microscopes · ")
          .Append("<a href=\"/sparql\">SPARQL endpoint</a> · <a href=\"/sitemap.xml\">sitemap</a></footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Search engines show about 160 characters; longer summaries are cut at a word.</summary>
    internal const int MaxDescription = 300;

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
