using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf.Tests.JsonLd;

/// <summary>Context processing and IRI expansion (JSON-LD 1.1 API §4.1–4.4).</summary>
public class ExpansionContextTests
{
    private static ActiveContext Ctx(string json, string? baseIri = "http://example.org/doc") =>
        ActiveContext.Create(new JsonLdOptions(), baseIri).Process(JsonNode.Parse(json), baseIri);

    [Fact]
    public void ExpandsTermsCompactIrisAndVocab()
    {
        var ctx = Ctx("""{"@vocab": "http://v/", "ex": "http://ex/", "name": "ex:name"}""");
        Assert.Equal("http://ex/name", ctx.ExpandIri("name", vocab: true));
        Assert.Equal("http://ex/age", ctx.ExpandIri("ex:age", vocab: true));
        Assert.Equal("http://v/other", ctx.ExpandIri("other", vocab: true));
        Assert.Equal("http://example.org/other", ctx.ExpandIri("other", documentRelative: true));
        Assert.Equal("_:b", ctx.ExpandIri("_:b", vocab: true));
        // "scheme://" is never a compact IRI, even when the prefix is a term.
        Assert.Equal("ex://x", ctx.ExpandIri("ex://x", vocab: true));
    }

    [Fact]
    public void KeywordFormAndNullMappedTermsExpandToNull()
    {
        var ctx = Ctx("""{"@vocab": "http://v/", "gone": null}""");
        Assert.Null(ctx.ExpandIri("@future", vocab: true));
        Assert.Null(ctx.ExpandIri("gone", vocab: true));
        Assert.Equal("@type", ctx.ExpandIri("@type", vocab: true));
    }

    [Fact]
    public void KeywordAliasesExpandToTheKeyword()
    {
        var ctx = Ctx("""{"id": "@id", "type": "@type"}""");
        Assert.Equal("@id", ctx.ExpandIri("id", vocab: true));
        Assert.Equal("@type", ctx.GetTerm("type")!.IriMapping);
        var expanded = JsonLdProcessor.Expand(JsonNode.Parse(
            """{"@context": {"id": "@id", "type": "@type"}, "id": "http://s", "type": "http://T"}"""));
        Assert.Equal("""[{"@id":"http://s","@type":["http://T"]}]""", expanded.ToJsonString());
    }

    [Fact]
    public void PrefixFlagFollowsGenDelimiters()
    {
        var ctx = Ctx("""{"a": "http://ex/", "b": "http://ex/x", "c": {"@id": "http://ex/y", "@prefix": true}}""");
        Assert.True(ctx.GetTerm("a")!.Prefix);
        Assert.False(ctx.GetTerm("b")!.Prefix);
        Assert.True(ctx.GetTerm("c")!.Prefix);
        Assert.Equal("http://ex/yz", ctx.ExpandIri("c:z", vocab: true));
        Assert.Equal("b:z", ctx.ExpandIri("b:z", vocab: true));
    }

    [Fact]
    public void TermDefinitionRecordsLanguagePresence()
    {
        var ctx = Ctx("""{"a": {"@id": "http://a", "@language": null}, "b": "http://b", "c": {"@id": "http://c", "@language": "EN"}}""");
        Assert.True(ctx.GetTerm("a")!.HasLanguage);
        Assert.Null(ctx.GetTerm("a")!.Language);
        Assert.False(ctx.GetTerm("b")!.HasLanguage);
        Assert.Equal("en", ctx.GetTerm("c")!.Language);
    }

    [Fact]
    public void ProcessingDoesNotChangeTheOriginalContext()
    {
        var a = Ctx("""{"x": "http://x"}""");
        var b = a.Process(JsonNode.Parse("""{"y": "http://y"}"""), null);
        Assert.Null(a.GetTerm("y"));
        Assert.NotNull(b.GetTerm("x"));
        Assert.NotNull(b.GetTerm("y"));
    }

    [Theory]
    [InlineData("""{"a": "b:c", "b": "a:d"}""", "cyclic IRI mapping")]
    [InlineData("""{"@id": "http://x"}""", "keyword redefinition")]
    [InlineData("""{"x": {"@id": "@context"}}""", "invalid keyword alias")]
    [InlineData("""{"x": {"@id": 5}}""", "invalid IRI mapping")]
    [InlineData("""{"x": "relative"}""", "invalid IRI mapping")]
    [InlineData("""{"x": {"@id": "http://x", "@container": "@foo"}}""", "invalid container mapping")]
    [InlineData("""{"x": {"@id": "http://x", "@type": "_:b"}}""", "invalid type mapping")]
    [InlineData("""{"x": {"@id": "http://x", "@reverse": "http://y"}}""", "invalid reverse property")]
    [InlineData("""{"x": {"@id": "http://x", "@foo": 1}}""", "invalid term definition")]
    [InlineData("""{"@language": 5}""", "invalid default language")]
    [InlineData("""{"@direction": "up"}""", "invalid base direction")]
    [InlineData("""{"@version": 1.0}""", "invalid @version value")]
    [InlineData("""[{"@protected": true, "x": "http://x"}, {"x": "http://y"}]""", "protected term redefinition")]
    [InlineData("""[{"@protected": true, "x": "http://x"}, null]""", "invalid context nullification")]
    [InlineData("""5""", "invalid local context")]
    [InlineData("""{"@import": "http://nowhere.invalid/ctx"}""", "loading remote context failed")]
    [InlineData("""["http://nowhere.invalid/ctx"]""", "loading remote context failed")]
    public void ContextErrorsCarryTheSpecErrorCode(string context, string code)
    {
        var e = Assert.Throws<RdfSyntaxException>(() => Ctx(context));
        Assert.Equal(code, e.ErrorCode);
    }

    [Fact]
    public void ProtectedTermMayBeRedefinedIdentically()
    {
        var ctx = Ctx("""[{"@protected": true, "x": "http://x"}, {"x": "http://x"}]""");
        Assert.True(ctx.GetTerm("x")!.Protected);
    }

    [Fact]
    public void RemoteContextsLoadThroughTheDocumentLoaderAndCycleIsOverflow()
    {
        var loader = new LocalDocumentLoader()
            .Add("http://ctx/a", """{"@context": {"name": "http://schema.org/name"}}""")
            .Add("http://ctx/loop", """{"@context": "http://ctx/loop"}""");
        var options = new JsonLdOptions { DocumentLoader = loader };
        var ctx = ActiveContext.Create(options, null).Process(JsonValue.Create("http://ctx/a"), null);
        Assert.Equal("http://schema.org/name", ctx.ExpandIri("name", vocab: true));
        var e = Assert.Throws<RdfSyntaxException>(() => ActiveContext.Create(options, null).Process(JsonValue.Create("http://ctx/loop"), null));
        Assert.Equal("context overflow", e.ErrorCode);
    }

    [Fact]
    public void JsonLd10ModeRejects11Features()
    {
        var options = new JsonLdOptions { ProcessingMode = "json-ld-1.0" };
        var e = Assert.Throws<RdfSyntaxException>(() =>
            ActiveContext.Create(options, null).Process(JsonNode.Parse("""{"@version": 1.1}"""), null));
        Assert.Equal("processing mode conflict", e.ErrorCode);
    }

    [Fact]
    public void LongPrefixChainsFailCleanly()
    {
        // Listed last-first, so defining the first term recurses through the whole chain.
        var context = new JsonObject();
        for (int i = 4999; i >= 1; i--) context["p" + i] = $"p{i - 1}:x";
        context["p0"] = "http://example.org/";
        var e = Assert.Throws<RdfSyntaxException>(() => ActiveContext.Create().Process(context, null));
        Assert.Equal("invalid term definition", e.ErrorCode);
        // A modest chain is fine.
        var ok = new JsonObject();
        for (int i = 49; i >= 1; i--) ok["p" + i] = $"p{i - 1}:x";
        ok["p0"] = "http://example.org/";
        Assert.NotNull(ActiveContext.Create().Process(ok, null).GetTerm("p49"));
    }
}
