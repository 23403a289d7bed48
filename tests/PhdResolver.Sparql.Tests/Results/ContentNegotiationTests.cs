using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Results;

/// <summary>Writing a result in a format named by media type or short name (negotiation itself is HTTP: Web.Tests ConnegTests).</summary>
public class ContentNegotiationTests
{
    private static readonly QueryResult Select = new BindingsResult(["x"], [[new Iri("http://e/")]]);
    private static readonly QueryResult Ask = new BooleanResult(true);
    private static readonly QueryResult Construct = new GraphResult([new Triple(new Iri("http://s"), new Iri("http://p"), new Literal("o"))]);

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
            Assert.True(SparqlResultFormats.TryParse(SparqlResultFormats.Format(f).Name, out var a) && a == f);
            Assert.True(SparqlResultFormats.TryParse(SparqlResultFormats.Format(f).MediaType + "; charset=utf-8", out var b) && b == f);
            Assert.True(SparqlResultFormats.TryFromFileName("x" + SparqlResultFormats.Format(f).Extensions[0], out var c) && c == f);
        }
    }
}
