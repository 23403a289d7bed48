using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Search;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Records;

/// <summary>/search: full-text search over the registry (HTML or JSON), with facets, snippets and paging.</summary>
internal static class SearchEndpoints
{
    private const int PageSize = 20;
    private static readonly string[] Types = [Conneg.Html, "application/json"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/search", (HttpRequest req, RegistryHost host) =>
        {
            var q = req.Query;
            string? text = q["q"].ToString() is { Length: > 0 } s ? s : null;
            if (text is { Length: > 500 }) return Problems.Result(400, "the search text is longer than 500 characters");
            int page = int.TryParse(q["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 1000) : 1;
            var filter = new SearchFilter
            {
                ComponentType = Nz(q["type"]),
                Manufacturer = Nz(q["manufacturer"]),
                Facility = Nz(q["facility"]),
                Tier = int.TryParse(q["tier"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null,
                Level = Enum.TryParse<PidLevel>(q["level"], ignoreCase: true, out var l) && Enum.IsDefined(l) ? l : null,
            };
            var mt = q["format"].ToString() is "json" ? "application/json" : q["format"].ToString() is "html" ? Conneg.Html
                : PhdResolver.Sparql.Results.AcceptHeader.Choose(req.Headers.Accept.ToString(), Types);
            if (mt is null) return Conneg.NotAcceptable(Types);
            var results = host.Registry.Search(text, filter, page, PageSize);
            return mt == Conneg.Html
                ? Representation.Send(SearchPage.Render(results, req), "text/html; charset=utf-8", headers: r => r.Headers.CacheControl = "no-cache")
                : Representation.Send(Json(results), "application/json; charset=utf-8", headers: r => r.Headers.CacheControl = "no-cache");
        }).RequireRateLimiting(WebApp.ExpensivePolicy).RequireCors(WebApp.CorsReads);
    }

    private static string? Nz(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Json(SearchResults r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("query", r.Query);
            w.WriteNumber("page", r.Page);
            w.WriteNumber("pageSize", r.PageSize);
            w.WriteNumber("total", r.Total);
            w.WriteStartArray("hits");
            foreach (var h in r.Hits)
            {
                w.WriteStartObject();
                w.WriteString("pid", h.Pid);
                w.WriteString("level", h.Level.ToString().ToLowerInvariant());
                w.WriteString("title", h.Title);
                w.WriteString("path", h.Path);
                w.WriteString("snippet", SearchPage.SnippetHtml(h.Snippet));
                // The same runs as data, for clients that render (and escape) them themselves.
                w.WriteStartArray("snippetParts");
                foreach (var p in h.Snippet)
                {
                    w.WriteStartObject();
                    w.WriteString("text", p.Text);
                    w.WriteBoolean("highlight", p.Highlight);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (h.Tier is int tier) w.WriteNumber("tier", tier);
                if (h.Manufacturer is not null) w.WriteString("manufacturer", h.Manufacturer);
                if (h.Facility is not null) w.WriteString("facility", h.Facility);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("facets");
            Facet(w, "type", r.Facets.ComponentType);
            Facet(w, "manufacturer", r.Facets.Manufacturer);
            Facet(w, "facility", r.Facets.Facility);
            Facet(w, "tier", r.Facets.Tier);
            Facet(w, "level", r.Facets.Level);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Facet(Utf8JsonWriter w, string name, IReadOnlyList<FacetCount> counts)
    {
        w.WriteStartArray(name);
        foreach (var c in counts)
        {
            w.WriteStartObject();
            w.WriteString("value", c.Value);
            w.WriteNumber("count", c.Count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}

internal static class SearchPage
{
    public static string Render(SearchResults r, HttpRequest req) => Html.Page(r.Query is null ? "Search" : "Search: " + r.Query, sb =>
    {
        sb.Append("<h1>Search</h1>\n<form class=\"search\" method=\"get\" action=\"/search\"><label>Search <input type=\"search\" name=\"q\" value=\"")
          .Append(Html.E(r.Query)).Append("\"></label> <button>Search</button></form>\n");
        sb.Append("<aside class=\"facets\">\n");
        Facet(sb, req, "Component type", "type", r.Facets.ComponentType);
        Facet(sb, req, "Manufacturer", "manufacturer", r.Facets.Manufacturer);
        Facet(sb, req, "Facility", "facility", r.Facets.Facility);
        Facet(sb, req, "Tier", "tier", r.Facets.Tier);
        Facet(sb, req, "Level", "level", r.Facets.Level);
        sb.Append("</aside>\n<p>").Append(r.Total).Append(r.Total == 1 ? " result" : " results").Append(".</p>\n<ol class=\"hits\">\n");
        foreach (var h in r.Hits)
        {
            sb.Append("<li><a href=\"").Append(Html.E(h.Path)).Append("\">").Append(Html.E(h.Title)).Append("</a> <span class=\"badge\">")
              .Append(Html.E(RecordPages.LevelName(h.Level))).Append("</span> <code>").Append(Html.E(h.Pid)).Append("</code>")
              .Append("<p class=\"snippet\">").Append(SnippetHtml(h.Snippet)).Append("</p></li>\n");
        }
        sb.Append("</ol>\n<nav class=\"pager\">");
        long pages = (r.Total + r.PageSize - 1) / Math.Max(1, r.PageSize);
        if (r.Page > 1) sb.Append("<a rel=\"prev\" href=\"").Append(Html.E(With(req, "page", (r.Page - 1).ToString(CultureInfo.InvariantCulture)))).Append("\">previous</a>");
        if (r.Page < pages) sb.Append("<a rel=\"next\" href=\"").Append(Html.E(With(req, "page", (r.Page + 1).ToString(CultureInfo.InvariantCulture)))).Append("\">next</a>");
        sb.Append("</nav>\n");
    });

    /// <summary>The snippet as HTML: every run escaped, matched runs in <c>&lt;mark&gt;</c> (the only markup added).</summary>
    internal static string SnippetHtml(IReadOnlyList<SnippetPart> parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts)
        {
            if (p.Highlight) sb.Append("<mark>").Append(WebUtility.HtmlEncode(p.Text)).Append("</mark>");
            else sb.Append(WebUtility.HtmlEncode(p.Text));
        }
        return sb.ToString();
    }

    private static void Facet(StringBuilder sb, HttpRequest req, string title, string key, IReadOnlyList<FacetCount> counts)
    {
        if (counts.Count == 0) return;
        sb.Append("<h3>").Append(Html.E(title)).Append("</h3><ul>\n");
        foreach (var c in counts.Take(20))
            sb.Append("<li><a href=\"").Append(Html.E(With(req, key, c.Value))).Append("\">").Append(Html.E(c.Value)).Append("</a> (").Append(c.Count).Append(")</li>\n");
        sb.Append("</ul>\n");
    }

    /// <summary>The current search URL with one parameter set (and paging reset unless it is the page).</summary>
    private static string With(HttpRequest req, string key, string value)
    {
        var d = req.Query.Where(kv => kv.Key != key && (key == "page" || kv.Key != "page")).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        d[key] = value;
        return "/search?" + string.Join("&", d.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
    }
}
