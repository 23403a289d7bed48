using PhdResolver.Registry.Resolution;
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

    public RazorSlices.RazorSlice Create() => Pages.FacilityList.Create(
        [.. host.Registry.Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new FacilityListItem(f.Name, Paths.Of(f), host.Registry.Instances.Count(i => i.Facility == f.Pid && i.Tombstone is null)))]);
}

/// <summary>A facility on the home page: its name, landing page and number of live instruments.</summary>
public sealed record FacilityListItem(string Name, string Path, int Instruments);
