using System.Text;
using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf.Tests.JsonLd;

/// <summary>JSON-LD to RDF (§7–8) and the JSON-LD parser.</summary>
public class ToRdfTests
{
    private static List<Quad> ToRdf(string json, JsonLdOptions? options = null)
    {
        var quads = new List<Quad>();
        JsonLdProcessor.ToRdf(JsonNode.Parse(json), new DelegateSink(quads.Add), options);
        return quads;
    }

    private static Literal Object(string json, JsonLdOptions? options = null) =>
        (Literal)Assert.Single(ToRdf(json, options)).Object;

    [Theory]
    [InlineData(1.1, "1.1E0")]
    [InlineData(1.0E21, "1.0E21")]
    [InlineData(-0.5, "-5.0E-1")]
    [InlineData(123.456, "1.23456E2")]
    [InlineData(0.1, "1.0E-1")]
    [InlineData(5.0, "5.0E0")]
    public void CanonicalDoubles(double value, string expected) =>
        Assert.Equal(expected, RdfEmitter.CanonicalDouble(value));

    [Fact]
    public void NumbersBecomeIntegersOrDoubles()
    {
        var i = Object("""{"@id": "http://s", "http://p": 5}""");
        Assert.Equal(("5", Vocab.Xsd.Namespace + "integer"), (i.Lexical, i.Datatype.Value));
        // Integral values written with a fraction are integers to JSON-LD (JavaScript has one number type).
        Assert.Equal("5", Object("""{"@id": "http://s", "http://p": 5.0}""").Lexical);
        var d = Object("""{"@id": "http://s", "http://p": 5.5}""");
        Assert.Equal(("5.5E0", Vocab.Xsd.Namespace + "double"), (d.Lexical, d.Datatype.Value));
        Assert.Equal("1.0E21", Object("""{"@id": "http://s", "http://p": 1e21}""").Lexical);
        var typed = Object("""{"@id": "http://s", "http://p": {"@value": 5, "@type": "http://www.w3.org/2001/XMLSchema#double"}}""");
        Assert.Equal("5.0E0", typed.Lexical);
        Assert.Equal("true", Object("""{"@id": "http://s", "http://p": true}""").Lexical);
    }

    [Fact]
    public void JsonLiteralsAreCanonicalised()
    {
        var l = Object("""{"@context": {"p": {"@id": "http://p", "@type": "@json"}}, "@id": "http://s", "p": {"b": 1.0, "a": [1e30, "x\u0001"]}}""");
        Assert.Equal(Vocab.Rdf.Json, l.Datatype);
        Assert.Equal("""{"a":[1e+30,"x\u0001"],"b":1}""", l.Lexical);
    }

    [Theory]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(-4.5, "-4.5")]
    public void JcsNumbersFollowEcmaScript(double value, string expected) =>
        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));

    [Fact]
    public void RelativeIrisAndBadLanguageTagsAreDropped()
    {
        Assert.Empty(ToRdf("""{"@id": "relative", "http://p": "x"}"""));
        Assert.Empty(ToRdf("""{"@id": "http://s", "http://p": {"@value": "x", "@language": "not a tag"}}"""));
        Assert.Single(ToRdf("""{"@id": "http://s", "http://p": "x"}"""));
    }

    [Fact]
    public void ListsBecomeFirstRestChains()
    {
        var quads = ToRdf("""{"@id": "http://s", "http://p": {"@list": ["a", "b"]}}""");
        Assert.Equal(5, quads.Count);
        Assert.Equal(2, quads.Count(q => q.Predicate.Equals(Vocab.Rdf.First)));
        Assert.Contains(quads, q => q.Predicate.Equals(Vocab.Rdf.Rest) && q.Object.Equals(Vocab.Rdf.Nil));
        Assert.Equal(Vocab.Rdf.Nil, Assert.Single(ToRdf("""{"@id": "http://s", "http://p": {"@list": []}}""")).Object);
    }

    [Fact]
    public void NamedGraphsAndBlankNodes()
    {
        var quads = ToRdf("""{"@id": "http://g", "@graph": [{"@id": "_:x", "http://p": {"@id": "_:x"}}]}""");
        var q = Assert.Single(quads);
        Assert.Equal(new Iri("http://g"), q.Graph);
        Assert.True(q.Subject.IsBlankNode);
        Assert.Equal(q.Subject, q.Object);
    }

    [Fact]
    public void RdfDirectionModes()
    {
        const string doc = """{"@id": "http://s", "http://p": {"@value": "x", "@language": "ar-EG", "@direction": "rtl"}}""";
        Assert.Equal("https://www.w3.org/ns/i18n#ar-eg_rtl",
            Object(doc, new JsonLdOptions { RdfDirection = "i18n-datatype" }).Datatype.Value);
        var compound = ToRdf(doc, new JsonLdOptions { RdfDirection = "compound-literal" });
        Assert.Equal(4, compound.Count);
        Assert.Contains(compound, q => q.Predicate.Equals(Vocab.Rdf.Direction) && ((Literal)q.Object).Lexical == "rtl");
        // Expansion normalises language tags to lower case (the spec allows it; tags compare case-insensitively).
        Assert.Equal("ar-eg", Object(doc).Language);
    }

    [Fact]
    public void ParserReportsJsonErrorsWithLineAndColumn()
    {
        var e = Assert.Throws<RdfSyntaxException>(() =>
            new JsonLdParser().Parse(new StringReader("{\n  \"a\": ,\n}"), new CountingSink()));
        Assert.Equal(2, e.Line);
        Assert.True(e.Column > 1);
    }

    [Fact]
    public void ParserUsesBaseIriAndFormatOptions()
    {
        var quads = new List<Quad>();
        var options = new ParserOptions
        {
            BaseIri = "http://example.org/doc",
            FormatOptions = new JsonLdOptions { RdfDirection = "i18n-datatype" },
        };
        ((IRdfParser)new JsonLdParser()).Parse(new MemoryStream(Encoding.UTF8.GetBytes(
            """{"@id": "#me", "http://p": {"@value": "x", "@direction": "ltr"}}""")), new DelegateSink(quads.Add), options);
        var q = Assert.Single(quads);
        Assert.Equal(new Iri("http://example.org/doc#me"), q.Subject);
        Assert.Equal("https://www.w3.org/ns/i18n#_ltr", ((Literal)q.Object).Datatype.Value);
    }

    private sealed class PrefixSink : IRdfSink
    {
        public Dictionary<string, string> Prefixes { get; } = [];
        public void OnQuad(in Quad quad) { }
        public void OnPrefix(string prefix, string namespaceIri) => Prefixes[prefix] = namespaceIri;
    }

    [Fact]
    public void ParserReportsContextPrefixes()
    {
        var sink = new PrefixSink();
        new JsonLdParser().Parse(new StringReader(
            """{"@context": {"ex": "http://example.org/", "name": "http://schema.org/name"}, "@id": "ex:a", "name": "x"}"""), sink);
        Assert.Equal("http://example.org/", Assert.Single(sink.Prefixes).Value);
    }
}
