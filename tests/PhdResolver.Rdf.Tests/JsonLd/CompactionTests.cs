using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf.Tests.JsonLd;

public class CompactionTests
{
    private static JsonObject Compact(string expanded, string context, JsonLdOptions? options = null) =>
        JsonLdProcessor.CompactExpanded(JsonNode.Parse(expanded), JsonNode.Parse(context), options);

    [Fact]
    public void TermSelectionPrefersMatchingLanguage()
    {
        var result = Compact(
            """[{"http://ex.org/p":[{"@value":"a","@language":"de"},{"@value":"b","@language":"en"},{"@value":"c"}]}]""",
            """{"p_de":{"@id":"http://ex.org/p","@language":"de"},"p_en":{"@id":"http://ex.org/p","@language":"en"},"p":"http://ex.org/p"}""");
        Assert.Equal("a", (string?)result["p_de"]);
        Assert.Equal("b", (string?)result["p_en"]);
        Assert.Equal("c", (string?)result["p"]);
    }

    [Fact]
    public void TermSelectionPrefersMatchingDatatype()
    {
        var result = Compact(
            """[{"http://ex.org/d":[{"@value":"2020-01-01","@type":"http://www.w3.org/2001/XMLSchema#date"},{"@value":"x"}]}]""",
            """{"date":{"@id":"http://ex.org/d","@type":"http://www.w3.org/2001/XMLSchema#date"},"d":"http://ex.org/d"}""");
        Assert.Equal("2020-01-01", (string?)result["date"]);
        Assert.Equal("x", (string?)result["d"]);
    }

    [Fact]
    public void ShortestThenLeastTermWins()
    {
        var result = Compact("""[{"http://ex.org/p":[{"@value":"v"}]}]""", """{"bb":"http://ex.org/p","ab":"http://ex.org/p","long":"http://ex.org/p"}""");
        Assert.Equal("v", (string?)result["ab"]);
    }

    [Fact]
    public void CompactIriUsesPrefixAndVocabSuffix()
    {
        var result = Compact(
            """[{"@id":"http://ex.org/thing/1","http://ex.org/ns#name":[{"@value":"n"}],"http://other.org/q":[{"@value":"q"}]}]""",
            """{"@vocab":"http://ex.org/ns#","o":"http://other.org/"}""");
        Assert.Equal("n", (string?)result["name"]);
        Assert.Equal("q", (string?)result["o:q"]);
        Assert.Equal("http://ex.org/thing/1", (string?)result["@id"]);
    }

    [Fact]
    public void IdsBecomeRelativeToTheBase()
    {
        var options = new JsonLdOptions { Base = "http://ex.org/a/b/c" };
        var result = Compact("""[{"@id":"http://ex.org/a/x","http://ex.org/p":[{"@id":"http://ex.org/a/b/c"}]}]""", """{"p":{"@id":"http://ex.org/p","@type":"@id"}}""", options);
        Assert.Equal("../x", (string?)result["@id"]);
        Assert.Equal("c", (string?)result["p"]);
        var absolute = Compact("""[{"@id":"http://ex.org/a/x"}]""", """{"p":"http://ex.org/p"}""", options with { CompactToRelative = false });
        Assert.Equal("http://ex.org/a/x", (string?)absolute["@id"]);
    }

    [Fact]
    public void IriConfusedWithPrefixIsAnError()
    {
        var ex = Assert.Throws<RdfSyntaxException>(() =>
            Compact("""[{"@id":"ex:abc","http://ex.org/p":[{"@value":"v"}]}]""", """{"ex":"http://ex.org/"}"""));
        Assert.Equal("IRI confused with prefix", ex.ErrorCode);
    }

    [Fact]
    public void NativeValuesAndTypedIdsCompactToScalars()
    {
        var result = Compact(
            """[{"http://ex.org/n":[{"@value":5}],"http://ex.org/r":[{"@id":"http://ex.org/target"}]}]""",
            """{"n":"http://ex.org/n","r":{"@id":"http://ex.org/r","@type":"@vocab"},"target":"http://ex.org/target"}""");
        Assert.Equal(5, (int)result["n"]!);
        Assert.Equal("target", (string?)result["r"]);
    }

    [Fact]
    public void MultipleTopLevelNodesAreWrappedInGraph()
    {
        var result = Compact("""[{"@id":"http://ex.org/a"},{"@id":"http://ex.org/b","http://ex.org/p":[{"@value":1}]}]""", """{"p":"http://ex.org/p"}""");
        Assert.True(result.ContainsKey("@context"));
        Assert.IsType<JsonArray>(result["@graph"]);
    }

    [Fact]
    public void LanguageMapsGroupValuesByLanguage()
    {
        var result = Compact(
            """[{"http://ex.org/label":[{"@value":"Hallo","@language":"de"},{"@value":"Hello","@language":"en"}]}]""",
            """{"label":{"@id":"http://ex.org/label","@container":"@language"}}""");
        Assert.Equal("Hallo", (string?)result["label"]!["de"]);
        Assert.Equal("Hello", (string?)result["label"]!["en"]);
    }
}
