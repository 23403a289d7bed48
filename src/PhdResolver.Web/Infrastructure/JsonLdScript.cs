using System.Text;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Embeds JSON(-LD) in an HTML page as a data block. The HTML parser ends a script element at the
/// first "&lt;/script" whatever the JSON means, and "&lt;!--" changes how it scans, so every '&lt;',
/// '&gt;' and '&amp;' becomes a JSON \u escape. That is valid anywhere in JSON text: outside strings
/// those characters cannot occur at all. U+2028/U+2029 are escaped too, for old JS parsers.
/// </summary>
internal static class JsonLdScript
{
    public static string Escape(string json)
    {
        var sb = new StringBuilder(json.Length + 32);
        foreach (char c in json)
        {
            switch (c)
            {
                case '<': sb.Append("\\u003c"); break;
                case '>': sb.Append("\\u003e"); break;
                case '&': sb.Append("\\u0026"); break;
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The data block as markup for a page's head: the one way JSON reaches a Razor page unencoded.</summary>
    public static Microsoft.AspNetCore.Html.HtmlString Block(string json) => BlockEscaped(Escape(json));

    /// <summary><see cref="Block"/> for JSON that already went through <see cref="Escape"/>.</summary>
    public static Microsoft.AspNetCore.Html.HtmlString BlockEscaped(string escapedJson) =>
        new("<script type=\"application/ld+json\">" + escapedJson + "</script>\n");
}
