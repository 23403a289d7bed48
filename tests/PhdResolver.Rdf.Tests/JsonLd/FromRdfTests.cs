using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf.Tests.JsonLd;

public class FromRdfTests
{
    private static readonly Iri S = new("http://example.org/s");
    private static readonly Iri P = new("http://example.org/p");

    private static JsonObject Single(IEnumerable<Quad> quads, JsonLdOptions? options = null)
    {
        var result = JsonLdProcessor.FromRdf(quads, options);
        return Assert.IsType<JsonObject>(Assert.Single(result));
    }

    [Theory]
    [InlineData("1", "http://www.w3.org/2001/XMLSchema#integer", "1")]
    [InlineData("-007", "http://www.w3.org/2001/XMLSchema#integer", "-7")]
    [InlineData("1.1E-1", "http://www.w3.org/2001/XMLSchema#double", "0.11")]
    [InlineData("2.0E0", "http://www.w3.org/2001/XMLSchema#double", "2")]
    [InlineData("true", "http://www.w3.org/2001/XMLSchema#boolean", "true")]
    [InlineData("0", "http://www.w3.org/2001/XMLSchema#boolean", "false")]
    public void NativeTypesBecomeJsonScalars(string lexical, string datatype, string json)
    {
        var node = Single([new Quad(S, P, new Literal(lexical, new Iri(datatype)))], new JsonLdOptions { UseNativeTypes = true });
        var value = node[P.Value]![0]!.AsObject();
        Assert.Equal(json, value["@value"]!.ToJsonString());
        Assert.False(value.ContainsKey("@type"));
    }

    [Theory]
    [InlineData("INF", "http://www.w3.org/2001/XMLSchema#double")]
    [InlineData("1e999", "http://www.w3.org/2001/XMLSchema#double")]
    [InlineData("True", "http://www.w3.org/2001/XMLSchema#boolean")]
    [InlineData("1.5", "http://www.w3.org/2001/XMLSchema#integer")]
    public void ValuesWithoutAJsonFormKeepTheirDatatype(string lexical, string datatype)
    {
        var node = Single([new Quad(S, P, new Literal(lexical, new Iri(datatype)))], new JsonLdOptions { UseNativeTypes = true });
        var value = node[P.Value]![0]!.AsObject();
        Assert.Equal(lexical, (string?)value["@value"]);
        Assert.Equal(datatype, (string?)value["@type"]);
    }

    [Fact]
    public void WithoutNativeTypesNumbersStayTypedStrings()
    {
        var node = Single([new Quad(S, P, new Literal("1", Vocab.Xsd.Integer))]);
        var value = node[P.Value]![0]!.AsObject();
        Assert.Equal("1", (string?)value["@value"]);
        Assert.Equal(Vocab.Xsd.Integer.Value, (string?)value["@type"]);
    }

    [Fact]
    public void WellFormedListBecomesAtList()
    {
        var b0 = new BlankNode("l0");
        var b1 = new BlankNode("l1");
        var node = Single([
            new Quad(S, P, b0),
            new Quad(b0, Vocab.Rdf.First, new Literal("a")),
            new Quad(b0, Vocab.Rdf.Rest, b1),
            new Quad(b1, Vocab.Rdf.First, new Literal("b")),
            new Quad(b1, Vocab.Rdf.Rest, Vocab.Rdf.Nil),
        ]);
        Assert.Equal("""[{"@list":[{"@value":"a"},{"@value":"b"}]}]""", node[P.Value]!.ToJsonString());
    }

    [Fact]
    public void SharedListNodeIsNotFolded()
    {
        var b0 = new BlankNode("l0");
        var result = JsonLdProcessor.FromRdf([
            new Quad(S, P, b0),
            new Quad(new Iri("http://example.org/other"), P, b0),
            new Quad(b0, Vocab.Rdf.First, new Literal("a")),
            new Quad(b0, Vocab.Rdf.Rest, Vocab.Rdf.Nil),
        ]);
        Assert.Equal(3, result.Count);
        Assert.DoesNotContain("@list\":[{\"@value\":\"a\"", result.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RdfTypeBecomesAtTypeUnlessUseRdfType()
    {
        var quad = new Quad(S, Vocab.Rdf.Type, new Iri("http://example.org/C"));
        Assert.Equal("""["http://example.org/C"]""", Single([quad])["@type"]!.ToJsonString());
        Assert.True(Single([quad], new JsonLdOptions { UseRdfType = true }).ContainsKey(Vocab.Rdf.Type.Value));
    }

    [Fact]
    public void JsonLiteralBecomesAtJson()
    {
        var node = Single([new Quad(S, P, new Literal("""{"a":[1,true]}""", Vocab.Rdf.Json))]);
        Assert.Equal("""{"@value":{"a":[1,true]},"@type":"@json"}""", node[P.Value]![0]!.ToJsonString());
    }

    [Fact]
    public void InvalidJsonLiteralIsAnError()
    {
        var ex = Assert.Throws<RdfSyntaxException>(() => JsonLdProcessor.FromRdf([new Quad(S, P, new Literal("{nope", Vocab.Rdf.Json))]));
        Assert.Equal("invalid JSON literal", ex.ErrorCode);
    }

    [Fact]
    public void I18nDatatypeDecodesLanguageAndDirection()
    {
        var lit = new Literal("hi", new Iri("https://www.w3.org/ns/i18n#en-us_rtl"));
        var node = Single([new Quad(S, P, lit)], new JsonLdOptions { RdfDirection = "i18n-datatype" });
        Assert.Equal("""{"@language":"en-us","@direction":"rtl","@value":"hi"}""", node[P.Value]![0]!.ToJsonString());
    }

    [Fact]
    public void NamedGraphsNestUnderTheirNameInOrder()
    {
        var g = new Iri("http://example.org/g");
        var result = JsonLdProcessor.FromRdf([
            new Quad(new Iri("http://example.org/z"), P, new Literal("z"), g),
            new Quad(new Iri("http://example.org/a"), P, new Literal("a"), g),
        ], new JsonLdOptions { Ordered = true });
        var graph = Assert.IsType<JsonObject>(Assert.Single(result));
        Assert.Equal(g.Value, (string?)graph["@id"]);
        Assert.Equal("http://example.org/a", (string?)graph["@graph"]![0]!["@id"]);
    }
}
