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
            using var snap = host.Store.OpenSnapshot();
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
                Representation.Send(HomePage.Render(sections, o.Origin, host.Registry.Iris.Catalog.Value), "text/html; charset=utf-8"))
            .CacheOutput(LandingPageCachePolicy.Name);
    }
}

/// <summary>A block of the home page contributed by another area (e.g. the registry's facility list).</summary>
public interface IHomeSection
{
    int Order { get; }
    void Render(System.Text.StringBuilder html);
}

internal static class HomePage
{
    public const string Description = "Persistent identifiers (PHDs) for light microscopes, their models, facilities and "
        + "configuration versions: landing pages, RDF (JSON-LD, Turtle), a SPARQL endpoint and the NBO-Q ontology.";

    public static string Render(IEnumerable<IHomeSection> sections, string origin, string catalogIri) => Html.Page("Home", sb =>
    {
        sb.Append("<h1>Persistent hardware descriptors</h1>\n")
          .Append("<p>This resolver gives light microscopes and their configurations persistent identifiers (PHDs). ")
          .Append("Every facility, instrument model, instrument and configuration version has a landing page for people ")
          .Append("and machine-readable RDF (JSON-LD, Turtle, N-Triples, N-Quads, TriG, RDF/XML) for software, described with the ")
          .Append("<a href=\"/ontology\">NBO-Q ontology</a>.</p>\n")
          .Append("<form class=\"search\" method=\"get\" action=\"/search\"><label>Search instruments <input type=\"search\" name=\"q\" placeholder=\"e.g. 561 nm laser, 63x oil\"></label> <button>Search</button></form>\n")
          .Append("<form class=\"search\" method=\"get\" action=\"/resolve\"><label>Resolve a PID <input type=\"text\" name=\"pid\" placeholder=\"RRID:SCR_…, doi:10.…, phd:…\"></label> <button>Resolve</button></form>\n");
        foreach (var s in sections.OrderBy(s => s.Order)) s.Render(sb);
        sb.Append("<p>Query everything with <a href=\"/sparql\">SPARQL</a>, or harvest the <a href=\"/catalog\">catalogue</a>.</p>\n");
    }, head => JsonLdScript.Append(head, JsonLd(origin, catalogIri)), Description);

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
