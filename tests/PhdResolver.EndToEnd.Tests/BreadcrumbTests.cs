using System.Net;
using AngleSharp.Html.Parser;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// Every link in the breadcrumb of every demo landing page answers 200 over a real socket, after
/// following redirects the way a browser does (DESIGN §2: every prefix of a concatenated path
/// resolves, /{facility}/{model} included, also when both are minted phd: accessions).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BreadcrumbTests : IAsyncLifetime
{
    private KestrelHost? _host;

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public async Task Every_breadcrumb_link_on_every_demo_landing_page_answers_200()
    {
        var c = _host!.Client; // HttpClient follows redirects by default
        int links = 0;
        foreach (var page in DemoRecords.All(_host.Services))
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Origin + page.Path));
            req.Headers.TryAddWithoutValidation("Accept", "text/html");
            using var r = await c.SendAsync(req);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{page.Level} page {page.Path}: {(int)r.StatusCode}");
            var doc = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
            var anchors = doc.QuerySelectorAll("nav.breadcrumb a");
            foreach (var a in anchors)
            {
                string href = a.GetAttribute("href")!;
                using var lr = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(_host.Origin + page.Path), href));
                lr.Headers.TryAddWithoutValidation("Accept", "text/html");
                using var resp = await c.SendAsync(lr);
                Assert.True(resp.StatusCode == HttpStatusCode.OK, $"breadcrumb link {href} on {page.Path} answers {(int)resp.StatusCode}");
                links++;
            }
        }
        Assert.True(links >= 4, $"expected breadcrumb links on the demo pages, found {links}");
    }
}
