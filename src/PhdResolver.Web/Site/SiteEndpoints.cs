using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Site;

/// <summary>Home page, /healthz, /robots.txt and the sitemap.</summary>
internal static class SiteEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (StoreHost host) =>
        {
            // Touches the store, so a broken data directory shows up here rather than on a landing page.
            using var snap = host.Store.OpenQuadSnapshot();
            var body = "{\"status\":\"ok\",\"quads\":" + snap.QuadCount.ToString(CultureInfo.InvariantCulture) + "}\n";
            return Representation.Send(body, "application/json; charset=utf-8", varyAccept: false,
                headers: r => r.Headers.CacheControl = "no-store");
        });

        app.MapGet("/robots.txt", (WebOptions o) => Representation.Send(
            "User-agent: *\nDisallow: /api/\nDisallow: /sparql?\nDisallow: /search?\nSitemap: " + o.Origin + "/sitemap.xml\n",
            "text/plain; charset=utf-8", varyAccept: false));

        app.MapGet("/sitemap.xml", (WebOptions o, IEnumerable<ISitemapSource> sources) =>
        {
            var all = Sitemap.Collect(sources);
            string xml = all.Count <= o.SitemapPageSize
                ? Sitemap.UrlSet(o.Origin, all)
                : Sitemap.Index(o.Origin, (all.Count + o.SitemapPageSize - 1) / o.SitemapPageSize);
            return Representation.Send(xml, "application/xml; charset=utf-8", varyAccept: false);
        }).CacheOutput(LandingPageCachePolicy.Name);

        app.MapGet("/sitemap-{page:int}.xml", (int page, WebOptions o, IEnumerable<ISitemapSource> sources) =>
        {
            var all = Sitemap.Collect(sources);
            int pages = (all.Count + o.SitemapPageSize - 1) / o.SitemapPageSize;
            if (page < 1 || page > pages || all.Count <= o.SitemapPageSize) return Problems.Result(404, "no such sitemap page");
            return Representation.Send(Sitemap.UrlSet(o.Origin, all.Skip((page - 1) * o.SitemapPageSize).Take(o.SitemapPageSize)),
                "application/xml; charset=utf-8", varyAccept: false);
        }).CacheOutput(LandingPageCachePolicy.Name);

        app.MapGet("/", (IEnumerable<IHomeSection> sections, WebOptions o, Records.RegistryHost host) =>
                Slices.Send(HomePage.Create(sections, o.Origin, host.Registry.Iris.Catalog.Value)))
            .CacheOutput(LandingPageCachePolicy.Name);
    }
}

/// <summary>A block of the home page contributed by another area (e.g. the registry's facility list).</summary>
public interface IHomeSection
{
    int Order { get; }

    /// <summary>The block as a slice (rendered inside the home page, so it encodes like every page).</summary>
    RazorSlices.RazorSlice Create();
}

/// <summary>The home page's model: the contributed blocks in order and the site's JSON-LD.</summary>
public sealed record HomeModel(IReadOnlyList<RazorSlices.RazorSlice> Sections, string JsonLd);

internal static class HomePage
{
    public const string Description = "Persistent identifiers (PHDs) for light microscopes, their models, facilities and "
        + "configuration versions: landing pages, RDF (JSON-LD, Turtle), a SPARQL endpoint and the NBO-Q ontology.";

    public static RazorSlices.RazorSlice Create(IEnumerable<IHomeSection> sections, string origin, string catalogIri) =>
        Pages.Home.Create(new HomeModel([.. sections.OrderBy(s => s.Order).Select(s => s.Create())], JsonLd(origin, catalogIri)));

    /// <summary>
    /// The site for search engines: a schema.org WebSite whose SearchAction is /search, and the
    /// registry as a DataCatalog (the catalogue every descriptor's includedInDataCatalog names).
    /// </summary>
    internal static string JsonLd(string origin, string catalogIri)
    {
        var doc = new JsonObject
        {
            ["@context"] = new JsonObject { ["@vocab"] = "https://schema.org/" },
            ["@graph"] = new JsonArray(
                new JsonObject
                {
                    ["@id"] = origin + "/#website",
                    ["@type"] = "WebSite",
                    ["name"] = "PHD resolver",
                    ["url"] = new JsonObject { ["@id"] = origin + "/" },
                    ["description"] = Description,
                    ["potentialAction"] = new JsonObject
                    {
                        ["@type"] = "SearchAction",
                        ["target"] = new JsonObject { ["@type"] = "EntryPoint", ["urlTemplate"] = origin + "/search?q={search_term_string}" },
                        ["query-input"] = "required name=search_term_string",
                    },
                },
                new JsonObject
                {
                    ["@id"] = catalogIri,
                    ["@type"] = "DataCatalog",
                    ["name"] = PhdResolver.Registry.Knowledge.RecordIris.CatalogName,
                    ["description"] = Description,
                    ["url"] = new JsonObject { ["@id"] = origin + "/catalog" },
                    ["license"] = new JsonObject { ["@id"] = PhdResolver.Registry.Knowledge.RecordVocab.License },
                    ["isAccessibleForFree"] = true,
                }),
        };
        return doc.ToJsonString();
    }
}
