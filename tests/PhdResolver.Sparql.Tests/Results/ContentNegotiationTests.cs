using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Results;

public class ContentNegotiationTests
{
    private static readonly QueryResult Select = new BindingsResult(["x"], [[new Iri("http://e/")]]);
    private static readonly QueryResult Ask = new BooleanResult(true);
    private static readonly QueryResult Construct = new GraphResult([new Triple(new Iri("http://s"), new Iri("http://p"), new Literal("o"))]);

    [Theory]
    [InlineData(null, "application/sparql-results+json")]
    [InlineData("", "application/sparql-results+json")]
    [InlineData("*/*", "application/sparql-results+json")]
    [InlineData("application/sparql-results+xml", "application/sparql-results+xml")]
    [InlineData("text/csv;q=0.5, text/tab-separated-values;q=0.9", "text/tab-separated-values")]
    [InlineData("text/*;q=0.8, application/sparql-results+json;q=0.1", "text/tab-separated-values")]
    [InlineData("application/json", "application/json")]
    [InlineData("text/html, */*;q=0.1", "application/sparql-results+json")]
    [InlineData("application/sparql-results+json;q=0, */*", "application/sparql-results+xml")]
    [InlineData("text/turtle", null)]
    public void SelectNegotiation(string? accept, string? expected) =>
        Assert.Equal(expected, SparqlResultFormats.Negotiate(accept, Select));

    [Theory]
    [InlineData(null, "text/turtle")]
    [InlineData("application/n-triples, text/turtle;q=0.5", "application/n-triples")]
    [InlineData("application/ld+json", "application/ld+json")]
    [InlineData("application/sparql-results+json", null)]
    public void ConstructNegotiation(string? accept, string? expected) =>
        Assert.Equal(expected, SparqlResultFormats.Negotiate(accept, Construct));

    [Fact]
    public void WriteDispatchesByMediaType()
    {
        var sw = new StringWriter();
        SparqlResultFormats.Write(Construct, "application/n-triples", sw);
        Assert.Equal("<http://s> <http://p> \"o\" .", sw.ToString().Trim());

        sw = new StringWriter();
        SparqlResultFormats.Write(Select, "application/json", sw);
        Assert.Contains("\"vars\"", sw.ToString(), StringComparison.Ordinal);

        sw = new StringWriter();
        SparqlResultFormats.Write(Ask, "tsv", sw);
        Assert.Equal("?_askResult\ntrue\n", sw.ToString());

        Assert.Throws<NotSupportedException>(() => SparqlResultFormats.Write(Construct, "text/csv", new StringWriter()));
        Assert.Throws<NotSupportedException>(() => SparqlResultFormats.Write(Select, "text/turtle", new StringWriter()));
    }

    [Fact]
    public void RegistryNames()
    {
        foreach (var f in SparqlResultFormats.All)
        {
            Assert.True(SparqlResultFormats.TryParse(SparqlResultFormats.ShortName(f), out var a) && a == f);
            Assert.True(SparqlResultFormats.TryParse(SparqlResultFormats.MediaType(f) + "; charset=utf-8", out var b) && b == f);
            Assert.True(SparqlResultFormats.TryFromFileName("x" + SparqlResultFormats.Extension(f), out var c) && c == f);
        }
    }
}
