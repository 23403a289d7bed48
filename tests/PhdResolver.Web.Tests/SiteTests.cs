using System.Net;
using System.Xml.Linq;

namespace PhdResolver.Web.Tests;

public sealed class SiteTests(SharedHost fixture) : IClassFixture<SharedHost>
{
    private readonly HttpClient _c = fixture.Host.Client;

    [Fact]
    public async Task Healthz_answers_ok_and_is_not_cached()
    {
        var r = await _c.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("\"ok\"", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("no-store", r.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Robots_points_at_the_sitemap_and_keeps_crawlers_off_the_api()
    {
        var text = await _c.GetStringAsync("/robots.txt");
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", text, StringComparison.Ordinal);
        Assert.Contains("Disallow: /api/", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sitemap_is_a_urlset_with_the_ontology_pages()
    {
        var r = await _c.GetAsync("/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = XDocument.Parse(await r.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        Assert.Equal(ns + "urlset", doc.Root!.Name);
        var locs = doc.Descendants(ns + "loc").Select(e => e.Value).ToList();
        Assert.Contains("http://localhost/ontology/Objective", locs);
        Assert.Contains("http://localhost/sparql", locs);
    }

    [Fact]
    public async Task Sitemap_becomes_an_index_past_the_page_size()
    {
        await using var host = TestHost.Start(o => o with { SitemapPageSize = 100 });
        var doc = XDocument.Parse(await host.Client.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        Assert.Equal(ns + "sitemapindex", doc.Root!.Name);
        var pages = doc.Descendants(ns + "loc").Select(e => e.Value).ToList();
        Assert.True(pages.Count > 1);
        int total = 0;
        foreach (var p in pages)
        {
            var page = XDocument.Parse(await host.Client.GetStringAsync(new Uri(p).PathAndQuery));
            int n = page.Descendants(ns + "url").Count();
            Assert.InRange(n, 1, 100);
            total += n;
        }
        Assert.True(total > 100);
        (await host.Client.GetAsync("/sitemap-999.xml")).Dispose();
        var missing = await host.Client.GetAsync("/sitemap-999.xml");
        await missing.AssertProblem(404);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        foreach (var url in new[] { "/", "/ontology", "/sparql", "/no-such-page", "/static/site.css" })
        {
            var r = await _c.GetWithAccept(url, "text/html");
            var csp = r.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("http", csp, StringComparison.Ordinal); // no third-party origins
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(r.Headers.Contains("Referrer-Policy"));
        }
    }

    [Fact]
    public async Task Pages_have_no_inline_scripts_or_styles_and_no_third_party_assets()
    {
        foreach (var url in new[] { "/", "/ontology", "/ontology/Laser", "/sparql" })
        {
            var html = await (await _c.GetWithAccept(url, "text/html")).Content.ReadAsStringAsync();
            var doc = TestHost.ParseHtml(html);
            foreach (var s in doc.Scripts)
                Assert.True(s.Type == "application/ld+json" || (!string.IsNullOrEmpty(s.Source) && s.Source.StartsWith('/')), url);
            Assert.Empty(doc.QuerySelectorAll("style"));
            Assert.Empty(doc.QuerySelectorAll("[style]"));
            foreach (var l in doc.QuerySelectorAll("link[rel=stylesheet]"))
                Assert.StartsWith("/static/", l.GetAttribute("href"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Static_css_is_served_with_validators()
    {
        var r = await _c.GetAsync("/static/site.css");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/css", r.MediaType());
        Assert.NotNull(r.Headers.ETag);
        var again = await _c.Send(HttpMethod.Get, "/static/site.css", m => m.Headers.TryAddWithoutValidation("If-None-Match", r.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Theory]
    [InlineData("/..%2F..%2Fetc/passwd")]
    [InlineData("/static/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/static/../../etc/passwd")]
    [InlineData("/ontology/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/static/%2e%2e%2fPhdResolver.Web.dll")]
    public async Task Path_tricks_never_reach_the_file_system(string path)
    {
        var r = await _c.GetAsync(path);
        Assert.True((int)r.StatusCode is 404 or 400, $"{path}: {(int)r.StatusCode}");
        var body = await r.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", r.MediaType());
    }

    [Fact]
    public async Task Unknown_paths_are_404_problem_details_and_html_for_browsers()
    {
        await (await _c.GetAsync("/definitely/not/here/at/all/x")).AssertProblem(404);
        var html = await _c.GetWithAccept("/nothing-here", "text/html,application/xhtml+xml,*/*;q=0.8");
        Assert.Equal(HttpStatusCode.NotFound, html.StatusCode);
        Assert.Equal("text/html", html.MediaType());
    }

    [Fact]
    public async Task Wrong_method_is_405_problem_details()
    {
        var r = await _c.Send(HttpMethod.Delete, "/sparql");
        await r.AssertProblem(405);
        var put = await _c.Send(HttpMethod.Put, "/ontology");
        await put.AssertProblem(405);
    }

    [Fact]
    public async Task Head_works_like_get_without_a_body()
    {
        foreach (var url in new[] { "/", "/ontology/Laser", "/sparql", "/healthz", "/robots.txt", "/sitemap.xml" })
        {
            var get = await _c.GetAsync(url);
            var head = await _c.Send(HttpMethod.Head, url);
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString());
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        }
    }

    [Fact]
    public async Task Home_page_is_html_with_the_search_form()
    {
        var doc = TestHost.ParseHtml(await _c.GetStringAsync("/"));
        Assert.NotNull(doc.QuerySelector("form[action='/search'] input[name=q]"));
        Assert.NotNull(doc.QuerySelector("form[action='/resolve'] input[name=pid]"));
    }
}
