using System.Globalization;
using System.Text;
using System.Xml;

namespace PhdResolver.Web.Site;

/// <summary>One URL of the sitemap (a path under the base URI).</summary>
public readonly record struct SitemapEntry(string Path, DateTimeOffset? LastModified = null);

/// <summary>Something that has pages to list in the sitemap (the ontology, the registry).</summary>
public interface ISitemapSource
{
    IEnumerable<SitemapEntry> Entries();
}

/// <summary>
/// sitemaps.org protocol: one urlset while the URLs fit in one file, otherwise /sitemap.xml is
/// a sitemap index over /sitemap-1.xml, /sitemap-2.xml ... each holding at most PageSize URLs.
/// </summary>
internal static class Sitemap
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static List<SitemapEntry> Collect(IEnumerable<ISitemapSource> sources) =>
        [.. sources.SelectMany(s => s.Entries())];

    public static string UrlSet(string origin, IEnumerable<SitemapEntry> entries) => Xml(w =>
    {
        w.WriteStartElement("urlset", Ns);
        foreach (var e in entries)
        {
            w.WriteStartElement("url", Ns);
            w.WriteElementString("loc", Ns, origin + e.Path);
            if (e.LastModified is { } lm) w.WriteElementString("lastmod", Ns, lm.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    public static string Index(string origin, int pages) => Xml(w =>
    {
        w.WriteStartElement("sitemapindex", Ns);
        for (int i = 1; i <= pages; i++)
        {
            w.WriteStartElement("sitemap", Ns);
            w.WriteElementString("loc", Ns, origin + "/sitemap-" + i.ToString(CultureInfo.InvariantCulture) + ".xml");
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    private static string Xml(Action<XmlWriter> body)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(new StringWriter(sb), new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
            body(w);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb + "\n";
    }
}

/// <summary>The fixed pages and every ontology term page: they change only with a new build.</summary>
internal sealed class StaticSitemapSource(OntologyCatalog catalog) : ISitemapSource
{
    public IEnumerable<SitemapEntry> Entries()
    {
        var built = SiteDates.Built;
        yield return new("/search", built);
        yield return new("/sparql", built);
        yield return new("/ontology", built);
        foreach (var t in catalog.Terms) yield return new("/ontology/" + Uri.EscapeDataString(t.LocalName), built);
    }
}

/// <summary>Dates of what ships with the build (the ontology, the fixed pages).</summary>
internal static class SiteDates
{
    /// <summary>When this build was made: the web assembly's file time (the process start if it has no file).</summary>
    public static readonly DateTimeOffset Built = Read();

    private static DateTimeOffset Read()
    {
        try
        {
            string location = typeof(SiteDates).Assembly.Location;
            if (location.Length > 0 && File.Exists(location)) return new DateTimeOffset(File.GetLastWriteTimeUtc(location), TimeSpan.Zero);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return DateTimeOffset.UtcNow;
    }
}
