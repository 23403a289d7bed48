using System.Net;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Tests;

public sealed class OntologyTests(SharedHost fixture) : IClassFixture<SharedHost>
{
    private readonly HttpClient _c = fixture.Host.Client;

    [Fact]
    public async Task Term_page_shows_label_definition_tier_extension_and_hierarchy()
    {
        var r = await _c.GetWithAccept("/ontology/Laser", "text/html");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
        Assert.Equal("laser", doc.QuerySelector("h1")!.TextContent);
        Assert.Contains("https://w3id.org/nbo-q/Laser", doc.QuerySelector(".iri")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("coherent", doc.QuerySelector(".definition")!.TextContent, StringComparison.Ordinal);
        var facts = doc.QuerySelectorAll("dl.facts dt").Select(e => e.TextContent).ToList();
        Assert.Contains("Tier", facts);
        Assert.Contains("Extension", facts);
        Assert.Contains("Superclasses", facts);
        Assert.Contains(doc.QuerySelectorAll("dl.facts a"), a => a.GetAttribute("href") == "/ontology/LightSource");
        // Every representation is linked.
        var alternates = doc.QuerySelectorAll("link[rel=alternate]").Select(l => l.GetAttribute("type")).ToList();
        Assert.Contains("text/turtle", alternates);
        Assert.Contains("application/ld+json", alternates);
    }

    [Fact]
    public async Task Superclass_page_lists_subclasses_and_property_shows_domain_and_range()
    {
        var doc = TestHost.ParseHtml(await (await _c.GetWithAccept("/ontology/LightSource", "text/html")).Content.ReadAsStringAsync());
        Assert.Contains(doc.QuerySelectorAll("dl.facts a"), a => a.GetAttribute("href") == "/ontology/Laser");
        var prop = TestHost.ParseHtml(await (await _c.GetWithAccept("/ontology/immersionType", "text/html")).Content.ReadAsStringAsync());
        var dts = prop.QuerySelectorAll("dl.facts dt").Select(e => e.TextContent).ToList();
        Assert.Contains("Domain", dts);
        Assert.Contains("Range", dts);
    }

    [Theory]
    [InlineData("text/turtle", RdfFormat.Turtle)]
    [InlineData("application/ld+json", RdfFormat.JsonLd)]
    [InlineData("application/n-triples", RdfFormat.NTriples)]
    [InlineData("application/rdf+xml", RdfFormat.RdfXml)]
    [InlineData("application/trig", RdfFormat.TriG)]
    [InlineData("application/n-quads", RdfFormat.NQuads)]
    public async Task Term_dereferences_to_rdf(string accept, RdfFormat format)
    {
        var r = await _c.GetWithAccept("/ontology/Objective", accept);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(accept, r.MediaType());
        var ds = Dataset.Parse(await r.Content.ReadAsStringAsync(), format);
        Assert.Contains(ds, q => q.Subject == new Iri("https://w3id.org/nbo-q/Objective") && q.Predicate == Vocab.Rdfs.SubClassOf);
        Assert.Contains("Accept", r.Headers.Vary);
    }

    [Fact]
    public async Task Format_parameter_overrides_accept()
    {
        var r = await _c.GetWithAccept("/ontology/Objective?format=ttl", "text/html");
        Assert.Equal("text/turtle", r.MediaType());
    }

    [Fact]
    public async Task Unsupported_type_is_406_with_alternatives()
    {
        var r = await _c.GetWithAccept("/ontology/Objective", "image/png");
        var p = await r.AssertProblem(406);
        Assert.Contains("text/turtle", p.GetProperty("alternatives").EnumerateArray().Select(e => e.GetString()));
        await (await _c.GetAsync("/ontology/Objective?format=docx")).AssertProblem(406);
    }

    [Fact]
    public async Task Conditional_get_answers_304()
    {
        var r = await _c.GetWithAccept("/ontology/Objective", "text/turtle");
        var etag = r.Headers.ETag!.ToString();
        var again = await _c.Send(HttpMethod.Get, "/ontology/Objective", m =>
        {
            m.Headers.TryAddWithoutValidation("Accept", "text/turtle");
            m.Headers.TryAddWithoutValidation("If-None-Match", etag);
        });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        // A different representation has a different tag.
        var html = await _c.GetWithAccept("/ontology/Objective", "text/html");
        Assert.NotEqual(etag, html.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Index_lists_every_term_and_filters()
    {
        var doc = TestHost.ParseHtml(await (await _c.GetWithAccept("/ontology", "text/html")).Content.ReadAsStringAsync());
        var links = doc.QuerySelectorAll("ul.terms a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/ontology/Objective", links);
        Assert.Contains("/ontology/lensNA", links);
        Assert.True(links.Count > 500);
        var filtered = TestHost.ParseHtml(await (await _c.GetWithAccept("/ontology?q=laser", "text/html")).Content.ReadAsStringAsync());
        Assert.InRange(filtered.QuerySelectorAll("ul.terms a").Length, 1, 200);
        var ttl = await _c.GetWithAccept("/ontology", "text/turtle");
        Assert.Equal("text/turtle", ttl.MediaType());
    }

    [Fact]
    public async Task Unknown_term_is_404_and_wrong_case_redirects()
    {
        await (await _c.GetAsync("/ontology/NoSuchThing")).AssertProblem(404);
        var r = await _c.GetAsync("/ontology/laser");
        Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode);
        Assert.Equal("/ontology/Laser", r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Every_term_in_the_index_resolves()
    {
        var doc = TestHost.ParseHtml(await (await _c.GetWithAccept("/ontology", "text/html")).Content.ReadAsStringAsync());
        foreach (var href in doc.QuerySelectorAll("ul.terms a").Select(a => a.GetAttribute("href")!).Take(2000))
        {
            var r = await _c.GetWithAccept(href, "text/turtle");
            Assert.True(r.StatusCode == HttpStatusCode.OK, href);
        }
    }
}
