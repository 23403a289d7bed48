using System.Net;
using PhdResolver.Rdf;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Sparql;

namespace PhdResolver.Web.Tests;

/// <summary>The one content negotiation (<see cref="Conneg"/>) and the format registry it reads (<see cref="MediaFormats"/>).</summary>
public sealed class ConnegTests
{
    private static readonly IReadOnlyList<MediaFormat> Select = SparqlProtocol.OfferFor(PhdResolver.Sparql.QueryForm.Select);
    private static readonly IReadOnlyList<MediaFormat> Construct = SparqlProtocol.OfferFor(PhdResolver.Sparql.QueryForm.Construct);
    private static readonly IReadOnlyList<MediaFormat> Record = WebFormats.Record;

    private static string? Pick(string? accept, IReadOnlyList<MediaFormat> offer, string? format = null) =>
        Conneg.Choose(format, accept, offer)?.Name;

    [Theory]
    [InlineData(null, "json")]                                                    // no header: the server's first
    [InlineData("", "json")]
    [InlineData("*/*", "json")]                                                   // wildcard: the server's first
    [InlineData("application/sparql-results+xml", "xml")]
    [InlineData("text/csv;q=0.5, text/tab-separated-values;q=0.9", "tsv")]       // q-values
    [InlineData("text/*;q=0.8, application/sparql-results+json;q=0.1", "tsv")]   // a tie under text/*: TSV is preferred to CSV
    [InlineData("text/csv", "csv")]                                               // csv-safe is never chosen by Accept
    [InlineData("application/json", "json")]                                      // generic JSON means SPARQL JSON results
    [InlineData("application/xml", "xml")]
    [InlineData("application/sparql-results+json;q=0, */*", "xml")]               // q=0 refuses a type
    [InlineData("text/html, */*;q=0.1", "html")]
    [InlineData("text/turtle", null)]                                             // nothing acceptable: 406
    [InlineData("image/png, application/sparql-results+json;q=0", null)]
    public void Select_results(string? accept, string? expected) => Assert.Equal(expected, Pick(accept, Select));

    [Theory]
    [InlineData(null, "ttl")]
    [InlineData("application/n-triples, text/turtle;q=0.5", "nt")]
    [InlineData("application/ld+json", "jsonld")]
    [InlineData("application/json", "jsonld")]                                    // generic JSON means JSON-LD for a graph
    [InlineData("application/xml", "rdf")]
    [InlineData("application/*", "jsonld")]                                       // type wildcard: the first application/ type offered
    [InlineData("application/sparql-results+json", null)]
    public void Construct_results(string? accept, string? expected) => Assert.Equal(expected, Pick(accept, Construct));

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html")] // a browser
    [InlineData("application/json, */*;q=0.1", "jsonld")]                     // an alias named exactly beats the wildcard
    [InlineData("text/turtle;q=0.9, application/ld+json;q=0.9", "jsonld")]    // equal q: the server's order
    [InlineData("TEXT/TURTLE", "ttl")]                                          // media types are case-insensitive
    [InlineData("application/x-turtle", "ttl")]
    [InlineData("text/plain", "nt")]
    [InlineData("application/ld+json;q=0, application/json", null)]            // refused by name: the generic alias does not bring it back
    public void Records(string accept, string? expected) => Assert.Equal(expected, Pick(accept, Record));

    [Theory]
    [InlineData("ttl", "ttl")]
    [InlineData("turtle", "ttl")]
    [InlineData("text/turtle", "ttl")]
    [InlineData("text/turtle; charset=utf-8", "ttl")]
    [InlineData(".nq", "nq")]
    [InlineData("json", "jsonld")]   // json means JSON-LD among a record's formats
    [InlineData("xml", "rdf")]
    [InlineData("HTML", "html")]
    [InlineData("docx", null)]       // not offered: 406, Accept is not consulted
    [InlineData("sparql-results+json", null)]
    public void Format_parameter_overrides_accept(string format, string? expected) =>
        Assert.Equal(expected, Pick("text/html", Record, format));

    [Fact]
    public void Format_parameter_is_read_within_the_offer()
    {
        Assert.Equal("json", Pick(null, Select, "json"));                          // SPARQL JSON for a SELECT
        Assert.Equal("jsonld", Pick(null, Construct, "json"));                     // JSON-LD for a CONSTRUCT
        Assert.Equal("csv-safe", Pick(null, Select, "csv-safe"));
        Assert.Null(Pick(null, Construct, "csv-safe"));
        Assert.Equal("csv", Pick(null, Select, "text/csv"));                       // the plain one comes first
    }

    [Fact]
    public void Registry_names_round_trip()
    {
        foreach (var f in MediaFormats.All)
        {
            Assert.True(MediaFormats.TryFind(f.Name, f.Family, out var byName) && byName == f, f.Name);
            Assert.True(MediaFormats.TryFind(f.MediaType + "; charset=utf-8", f.Family, out var byType) && byType == f, f.MediaType);
            foreach (var e in f.Extensions)
                Assert.True(MediaFormats.TryFindByFileName("x" + e, f.Family, out var byExt) && byExt == f, e);
            Assert.Equal(f.MediaType + "; charset=utf-8", f.ContentType);
        }
        // The generic names are read per family: one word, the format a client of that family means.
        Assert.True(MediaFormats.TryFind("json", FormatFamily.Rdf, out var j) && j == MediaFormats.JsonLd);
        Assert.True(MediaFormats.TryFind("json", FormatFamily.SparqlResults, out var s) && s == MediaFormats.SparqlJson);
        Assert.False(MediaFormats.TryFind("text/csv", FormatFamily.Rdf, out _));
        foreach (var f in RdfFormats.All) Assert.Equal(f, RdfFormats.Of(RdfFormats.Format(f)));
    }

    [Fact]
    public void Names_are_unique_within_a_family()
    {
        foreach (var family in MediaFormats.All.GroupBy(f => f.Family))
        {
            var names = family.SelectMany(f => new[] { f.Name, f.MediaType }.Concat(f.Aliases).Concat(f.Extensions)).Select(n => n.ToLowerInvariant()).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
        }
    }
}

/// <summary>The negotiation over HTTP on each endpoint that offers more than one format.</summary>
public sealed class ConnegHttpTests(SparqlHost fixture) : IClassFixture<SparqlHost>
{
    private readonly HttpClient _c = fixture.Host.Client;

    [Theory]
    [InlineData("/ontology", "text/turtle;q=0.5, application/n-triples", "application/n-triples")]
    [InlineData("/ontology/Laser", "application/json", "application/ld+json")]
    [InlineData("/catalog", "application/rdf+xml", "application/rdf+xml")]
    [InlineData("/search?q=laser", "application/json", "application/json")]
    [InlineData("/search?q=laser", "text/html", "text/html")]
    [InlineData("/sparql?query=ASK%7B%7D", "text/tab-separated-values", "text/tab-separated-values")]
    [InlineData("/sparql", "text/turtle", "text/turtle")]
    public async Task Each_endpoint_negotiates_and_says_vary_accept(string url, string accept, string expected)
    {
        var r = await _c.GetWithAccept(url, accept);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(expected, r.MediaType());
        Assert.Equal("utf-8", r.Content.Headers.ContentType?.CharSet);
        Assert.Contains("Accept", r.Headers.Vary);
    }

    [Theory]
    [InlineData("/ontology/Laser", "image/png")]
    [InlineData("/catalog", "application/sparql-results+json")]
    [InlineData("/search?q=laser", "text/turtle")]
    [InlineData("/sparql?query=ASK%7B%7D", "text/turtle")]
    [InlineData("/sparql?query=CONSTRUCT%7B%7DWHERE%7B%7D", "text/csv")]
    public async Task Unknown_types_are_406_problems_listing_the_offer(string url, string accept)
    {
        var p = await (await _c.GetWithAccept(url, accept)).AssertProblem(406);
        Assert.NotEmpty(p.GetProperty("alternatives").EnumerateArray());
    }

    [Theory]
    [InlineData("/ontology/Laser?format=ttl", "text/turtle")]
    [InlineData("/search?q=laser&format=json", "application/json")]
    [InlineData("/sparql?query=ASK%7B%7D&format=xml", "application/sparql-results+xml")]
    [InlineData("/sparql?query=CONSTRUCT%7B%7DWHERE%7B%7D&format=xml", "application/rdf+xml")]
    public async Task Format_parameter_overrides_accept(string url, string expected)
    {
        var r = await _c.GetWithAccept(url, "text/html");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(expected, r.MediaType());
    }

    [Fact]
    public async Task Unknown_format_parameter_is_406()
    {
        var p = await (await _c.GetAsync("/search?q=laser&format=docx")).AssertProblem(406);
        Assert.Contains("application/json", p.GetProperty("alternatives").EnumerateArray().Select(e => e.GetString()));
    }
}
