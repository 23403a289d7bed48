using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Search;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Records;

/// <summary>/search: full-text search over the registry (HTML or JSON), with facets, snippets and paging.</summary>
internal static class SearchEndpoints
{
    private const int PageSize = 20;
    private static readonly IReadOnlyList<MediaFormat> Offer = [WebFormats.Html, WebFormats.Json];

    /// <summary>The query parameters of the facet filters, with the facet each one selects.</summary>
    internal static readonly (string Key, string Title)[] FacetKeys =
    [
        ("type", "Component type"), ("cmanufacturer", "Component manufacturer"), ("manufacturer", "Instrument manufacturer"),
        ("facility", "Facility"), ("country", "Country"), ("modality", "Modality"), ("tier", "Tier"), ("level", "Level"),
    ];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/search", (HttpRequest req, RegistryHost host) =>
        {
            var q = req.Query;
            string? text = q["q"].ToString() is { Length: > 0 } s ? s : null;
            var mt = Conneg.Choose(req, Offer)?.MediaType;
            if (mt is null) return Conneg.NotAcceptable(Offer);
            if (text is { Length: > MaxQueryLength }) return Refuse(req, mt, text, $"the search text is longer than {MaxQueryLength} characters");
            int page = int.TryParse(q["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 1000) : 1;
            string? tierText = Nz(q["tier"]), levelText = Nz(q["level"]), versions = Nz(q["versions"]);
            int? tier = null;
            if (tierText is not null)
            {
                if (!int.TryParse(tierText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int t)) return Refuse(req, mt, text, $"tier '{tierText}' is not a number (1, 2 or 3)");
                tier = t;
            }
            PidLevel? level = null;
            if (levelText is not null)
            {
                if (!Enum.TryParse<PidLevel>(levelText, ignoreCase: true, out var l) || !Enum.IsDefined(l) || int.TryParse(levelText, out _))
                    return Refuse(req, mt, text, $"level '{levelText}' is not one of facility, model, instance, descriptor");
                level = l;
            }
            if (versions is not null and not ("current" or "all")) return Refuse(req, mt, text, $"versions '{versions}' is not 'current' or 'all'");
            var filter = new SearchFilter
            {
                ComponentType = Nz(q["type"]),
                ComponentManufacturer = Nz(q["cmanufacturer"]),
                Manufacturer = Nz(q["manufacturer"]),
                Facility = Nz(q["facility"]),
                Country = Nz(q["country"]),
                Modality = Nz(q["modality"]),
                Tier = tier,
                Level = level,
                CurrentOnly = versions == "current",
            };
            SearchResults results;
            try { results = host.Registry.Search(text, filter, page, PageSize); }
            catch (SearchQueryException e) { return Refuse(req, mt, text, e.Message); }
            return mt == Conneg.Html
                ? Slices.Send(SearchPage.Create(results, req, null), headers: r => r.Headers.CacheControl = "no-cache")
                : Representation.Send(Json(results), "application/json; charset=utf-8", headers: r => r.Headers.CacheControl = "no-cache");
        }).RequireRateLimiting(WebApp.ExpensivePolicy).RequireCors(WebApp.CorsReads);
    }

    private const int MaxQueryLength = 500;

    /// <summary>Search text or a filter that cannot mean anything: 400, as a problem (JSON) or the search page with the message (HTML).</summary>
    private static IResult Refuse(HttpRequest req, string mediaType, string? text, string message)
    {
        if (mediaType != Conneg.Html) return Problems.Result(400, message, "Search not understood");
        var empty = new SearchResults(text is { Length: > MaxQueryLength } ? text[..MaxQueryLength] : text, 1, PageSize, 0, [],
            new SearchFacets([], [], [], [], []));
        return Slices.Send(SearchPage.Create(empty, req, message), headers: r => r.Headers.CacheControl = "no-cache", status: 400);
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
                if (h.Level == PidLevel.Descriptor) w.WriteBoolean("current", h.Current);
                w.WriteNumber("score", h.Rank);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("facets");
            foreach (var (key, _) in FacetKeys) Facet(w, key, SearchPage.FacetOf(r.Facets, key));
            w.WriteEndObject();
            // The filters in force (the selected facets), as query parameters.
            w.WriteStartObject("selected");
            foreach (var (key, value) in SearchPage.Selected(r.Filter)) w.WriteString(key, value);
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
    /// <summary>The search page (<c>Pages/Search.cshtml</c>); <paramref name="error"/>: why the search was refused (400).</summary>
    public static RazorSlices.RazorSlice Create(SearchResults r, HttpRequest req, string? error) =>
        Pages.Search.Create(new SearchPageModel { Results = r, Query = req.Query, Error = error });

    internal static IReadOnlyList<FacetCount> FacetOf(SearchFacets f, string key) => key switch
    {
        "type" => f.ComponentType,
        "cmanufacturer" => f.ComponentManufacturer,
        "manufacturer" => f.Manufacturer,
        "facility" => f.Facility,
        "country" => f.Country,
        "modality" => f.Modality,
        "tier" => f.Tier,
        _ => f.Level,
    };

    internal static string TitleOf(string key) => key == "versions" ? "Versions" : SearchEndpoints.FacetKeys.First(k => k.Key == key).Title;

    /// <summary>The filters in force as (query parameter, value).</summary>
    internal static IEnumerable<(string Key, string Value)> Selected(SearchFilter f)
    {
        if (f.ComponentType is { } t) yield return ("type", t);
        if (f.ComponentManufacturer is { } cm) yield return ("cmanufacturer", cm);
        if (f.Manufacturer is { } m) yield return ("manufacturer", m);
        if (f.Facility is { } fa) yield return ("facility", fa);
        if (f.Country is { } c) yield return ("country", c);
        if (f.Modality is { } mo) yield return ("modality", mo);
        if (f.Tier is { } ti) yield return ("tier", ti.ToString(CultureInfo.InvariantCulture));
        if (f.Level is { } l) yield return ("level", l.ToString().ToLowerInvariant());
        if (f.CurrentOnly) yield return ("versions", "current");
    }

    /// <summary>The snippet as HTML for JSON clients (<c>snippet</c>): <c>Pages/Snippet.cshtml</c>, the markup the page shows.</summary>
    internal static string SnippetHtml(IReadOnlyList<SnippetPart> parts) => Slices.Fragment(Pages.Snippet.Create(parts)).Value!;

    /// <summary>The current search URL with one parameter set (and paging reset unless it is the page).</summary>
    internal static string With(IQueryCollection query, string key, string value)
    {
        var d = query.Where(kv => kv.Key != key && (key == "page" || kv.Key != "page")).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        d[key] = value;
        return Url(d);
    }

    /// <summary>The current search URL without one filter (paging reset).</summary>
    internal static string Without(IQueryCollection query, string key) =>
        Url(query.Where(kv => kv.Key != key && kv.Key != "page").ToDictionary(kv => kv.Key, kv => kv.Value.ToString()));

    private static string Url(Dictionary<string, string> d) =>
        "/search?" + string.Join("&", d.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
}

/// <summary>The model of <c>Pages/Search.cshtml</c>: the results, the request's query (for facet and paging links) and a refusal.</summary>
public sealed class SearchPageModel
{
    internal SearchResults Results { get; init; } = null!;
    internal IQueryCollection Query { get; init; } = null!;
    internal string? Error { get; init; }
}
