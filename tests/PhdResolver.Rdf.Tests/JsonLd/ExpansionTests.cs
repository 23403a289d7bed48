using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf.Tests.JsonLd;

/// <summary>The expansion algorithm (JSON-LD 1.1 API §5).</summary>
public class ExpansionTests
{
    private static string Expand(string json, JsonLdOptions? options = null) =>
        JsonLdProcessor.Expand(JsonNode.Parse(json), options).ToJsonString();

    [Fact]
    public void ValuesGetLanguageTypeAndIdFromTheirTerm()
    {
        var actual = Expand("""
            {"@context": {"@language": "de", "n": "http://n", "t": {"@id": "http://t", "@type": "http://dt"},
                          "r": {"@id": "http://r", "@type": "@id"}, "e": {"@id": "http://e", "@language": null}},
             "@id": "http://s", "n": "Hallo", "t": "5", "r": "rel", "e": "plain", "http://num": 5}
            """, new JsonLdOptions { Base = "http://base/" });
        Assert.Equal(
            """[{"@id":"http://s","http://e":[{"@value":"plain"}],"http://num":[{"@value":5}],"http://n":[{"@value":"Hallo","@language":"de"}],"http://r":[{"@id":"http://base/rel"}],"http://t":[{"@value":"5","@type":"http://dt"}]}]""",
            actual);
    }

    [Fact]
    public void ListsSetsAndFreeFloatingValues()
    {
        Assert.Equal("""[{"http://p":[{"@list":[{"@value":1},{"@value":2}]}]}]""",
            Expand("""{"@context": {"p": {"@id": "http://p", "@container": "@list"}}, "p": [1, 2]}"""));
        Assert.Equal("""[{"http://p":[{"@value":1}]}]""", Expand("""{"http://p": {"@set": [1]}}"""));
        Assert.Equal("[]", Expand("""{"@value": "dropped"}"""));
        Assert.Equal("[]", Expand("""{"@id": "http://only-id"}"""));
    }

    [Fact]
    public void JsonLiteralsKeepTheirValue()
    {
        Assert.Equal("""[{"http://p":[{"@value":{"b":[1,2]},"@type":"@json"}]}]""",
            Expand("""{"@context": {"p": {"@id": "http://p", "@type": "@json"}}, "p": {"b": [1, 2]}}"""));
    }

    [Fact]
    public void TypeScopedContextsDoNotPropagateIntoNodeValues()
    {
        var actual = Expand("""
            {"@context": {"@vocab": "http://v/", "T": {"@context": {"p": "http://scoped/p"}}},
             "@type": "T", "p": {"p": "inner"}}
            """);
        Assert.Equal("""[{"@type":["http://v/T"],"http://scoped/p":[{"http://v/p":[{"@value":"inner"}]}]}]""", actual);
    }

    [Fact]
    public void ReverseAndIndexMaps()
    {
        Assert.Equal("""[{"@id":"http://a","@reverse":{"http://knows":[{"@id":"http://b"}]}}]""",
            Expand("""{"@context": {"knownBy": {"@reverse": "http://knows", "@type": "@id"}}, "@id": "http://a", "knownBy": "http://b"}"""));
        Assert.Equal("""[{"http://p":[{"@value":"x","@index":"k"}]}]""",
            Expand("""{"@context": {"p": {"@id": "http://p", "@container": "@index"}}, "p": {"k": "x"}}"""));
    }

    [Theory]
    [InlineData("""{"@id": 5}""", "invalid @id value")]
    [InlineData("""{"@type": 5}""", "invalid type value")]
    [InlineData("""{"http://p": {"@value": "x", "@language": 5}}""", "invalid language-tagged string")]
    [InlineData("""{"http://p": {"@value": 5, "@language": "en"}}""", "invalid language-tagged value")]
    [InlineData("""{"http://p": {"@value": "x", "@type": "rel"}}""", "invalid typed value")]
    [InlineData("""{"http://p": {"@value": "x", "@foo": 1, "http://q": 2}}""", "invalid value object")]
    [InlineData("""{"http://p": {"@list": [], "@id": "http://x"}}""", "invalid set or list object")]
    [InlineData("""{"@reverse": 5}""", "invalid @reverse value")]
    [InlineData("""{"@context": {"id": "@id"}, "@id": "http://a", "id": "http://b"}""", "colliding keywords")]
    public void ExpansionErrorsCarryTheSpecErrorCode(string json, string code)
    {
        var e = Assert.Throws<RdfSyntaxException>(() => Expand(json));
        Assert.Equal(code, e.ErrorCode);
    }

    [Fact]
    public void ErrorsSayWhereInTheDocument()
    {
        var e = Assert.Throws<RdfSyntaxException>(() =>
            Expand("""{"@graph": [{"@id": "http://a"}, {"http://p": {"@value": 5, "@language": "en"}}]}"""));
        Assert.Equal("invalid language-tagged value", e.ErrorCode);
        Assert.Equal("""$["@graph"][1]["http://p"]""", e.JsonPath);
        var c = Assert.Throws<RdfSyntaxException>(() => Expand("""{"http://q": {"@context": {"x": {"@id": 5}}}}"""));
        Assert.Equal("""$["http://q"]["@context"]""", c.JsonPath);
    }

    [Fact]
    public void AcceptsNodesBuiltInCode()
    {
        var doc = new JsonObject { ["@id"] = "http://s", ["http://p"] = 5, ["http://q"] = 2.5m, ["http://r"] = true };
        Assert.Equal("""[{"@id":"http://s","http://p":[{"@value":5}],"http://q":[{"@value":2.5}],"http://r":[{"@value":true}]}]""",
            JsonLdProcessor.Expand(doc).ToJsonString());
        var quads = new List<Quad>();
        JsonLdProcessor.ToRdf(doc, new DelegateSink(quads.Add));
        Assert.Contains(quads, q => q.Object is Literal { Lexical: "2.5E0" });
        Assert.Contains(quads, q => q.Object is Literal { Lexical: "5" });
    }
}
