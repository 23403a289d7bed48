using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf.Tests.JsonLd;

public class WriterTests
{
    private static List<Quad> SampleDataset()
    {
        var scope = new BlankNode("lens");
        var ex = "http://example.org/";
        return
        [
            new Quad(new Iri(ex + "microscope/1"), Vocab.Rdf.Type, new Iri(ex + "Microscope")),
            new Quad(new Iri(ex + "microscope/1"), new Iri(ex + "name"), new Literal("Confocal A", "en")),
            new Quad(new Iri(ex + "microscope/1"), new Iri(ex + "objective"), scope),
            new Quad(scope, new Iri(ex + "magnification"), new Literal("63", Vocab.Xsd.Integer)),
            new Quad(new Iri(ex + "microscope/1"), new Iri(ex + "modified"), new Literal("2024-05-01", Vocab.Xsd.Date), new Iri(ex + "graph/meta")),
        ];
    }

    private static string Write(IEnumerable<Quad> quads, WriterOptions options)
    {
        var sw = new StringWriter();
        var writer = new JsonLdWriter(sw, options);
        foreach (var q in quads) writer.OnQuad(q);
        writer.Finish();
        return sw.ToString();
    }

    private static Dataset ReadBack(string json)
    {
        var ds = new Dataset();
        new JsonLdParser().Parse(new StringReader(json), ds);
        return ds;
    }

    [Fact]
    public void CompactsWithTheGivenContextAndRoundTrips()
    {
        var context = JsonNode.Parse("""{"@vocab":"http://example.org/","ex":"http://example.org/","name":{"@id":"http://example.org/name","@language":"en"}}""");
        string json = Write(SampleDataset(), new WriterOptions { FormatOptions = context });
        var doc = JsonNode.Parse(json)!.AsObject();
        Assert.True(doc.ContainsKey("@context"));
        Assert.Contains("\"name\": \"Confocal A\"", json, StringComparison.Ordinal);
        Assert.True(Isomorphism.AreIsomorphic(SampleDataset(), ReadBack(json)));
    }

    [Fact]
    public void PrefixesBecomeAContext()
    {
        var prefixes = new Dictionary<string, string> { ["ex"] = "http://example.org/", ["xsd"] = "http://www.w3.org/2001/XMLSchema#" };
        string json = Write(SampleDataset(), new WriterOptions { Prefixes = prefixes });
        Assert.Contains("\"ex:name\"", json, StringComparison.Ordinal);
        Assert.Contains("\"xsd:date\"", json, StringComparison.Ordinal);
        Assert.True(Isomorphism.AreIsomorphic(SampleDataset(), ReadBack(json)));
    }

    [Fact]
    public void WithoutContextWritesExpandedJsonLd()
    {
        string json = Write(SampleDataset(), new WriterOptions());
        Assert.IsType<JsonArray>(JsonNode.Parse(json));
        Assert.True(Isomorphism.AreIsomorphic(SampleDataset(), ReadBack(json)));
    }
}
