using System.Text;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Site;

namespace PhdResolver.Web.Records;

/// <summary>
/// The home page and every live record's canonical landing page, for the sitemap, each with the
/// registry's date of the last change anything on that page shows (the page's Last-Modified).
/// </summary>
internal sealed class RegistrySitemapSource(RegistryHost host, Catalog.DumpService dumps) : ISitemapSource
{
    public IEnumerable<SitemapEntry> Entries()
    {
        var pages = host.Registry.Pages();
        var latest = SiteDates.Built;
        foreach (var p in pages) if (p.LastModified > latest) latest = p.LastModified;
        yield return new("/", latest);
        yield return new("/catalog", latest);
        if (dumps.Current is { } dump) yield return new(Catalog.DumpService.UrlPath, dump.Made);
        foreach (var p in pages) yield return new(p.Path, p.LastModified);
    }
}

/// <summary>The facility list on the home page.</summary>
internal sealed class FacilitiesHomeSection(RegistryHost host) : IHomeSection
{
    public int Order => 0;

    public void Render(StringBuilder html)
    {
        var facilities = host.Registry.Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        html.Append("<h2>Facilities</h2>\n");
        if (facilities.Count == 0) { html.Append("<p class=\"muted\">No facility is registered yet.</p>\n"); return; }
        html.Append("<ul class=\"items\">\n");
        foreach (var f in facilities)
        {
            int n = host.Registry.Instances.Count(i => i.Facility == f.Pid && i.Tombstone is null);
            html.Append("<li><a href=\"").Append(Html.E(Paths.Of(f))).Append("\">").Append(Html.E(f.Name)).Append("</a> <span class=\"muted\">")
                .Append(n).Append(n == 1 ? " instrument" : " instruments").Append("</span></li>\n");
        }
        html.Append("</ul>\n");
    }
}
