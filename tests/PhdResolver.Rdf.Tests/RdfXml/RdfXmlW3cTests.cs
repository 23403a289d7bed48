namespace PhdResolver.Rdf.Tests;

/// <summary>
/// The W3C RDF 1.1 RDF/XML suite, one theory case per manifest entry: negative tests must be
/// rejected, eval tests must give a graph isomorphic to the expected N-Triples, and that
/// expected graph must survive a trip through <see cref="RdfXmlWriter"/> and back.
/// </summary>
[Trait("Category", "Conformance")]
public class RdfXmlW3cTests
{
    private const string Suite = "rdf-xml";

    public static TheoryData<string> Tests => W3cManifest.Names(Suite);

    [Fact]
    public void Manifest_is_found()
    {
        if (W3cManifest.Rdf11Root() is null) return; // suites not available outside CI
        var tests = W3cManifest.Load(Suite);
        Assert.Equal(126, tests.Count(t => t.IsEval));
        Assert.Equal(40, tests.Count(t => t.IsNegative));
    }

    [Theory]
    [MemberData(nameof(Tests))]
    public void Conforms(string name)
    {
        var t = W3cManifest.Get(Suite, name);
        var options = new ParserOptions { BaseIri = t.BaseIri };
        var parser = new RdfXmlParser();
        if (t.IsNegative)
        {
            using var s = File.OpenRead(t.Action);
            var ex = Assert.Throws<RdfSyntaxException>(() => parser.Parse(s, new CountingSink(), options));
            Assert.True(ex.Line > 0, "syntax errors carry a position");
            return;
        }

        var actual = new Dataset();
        using (var s = File.OpenRead(t.Action)) parser.Parse(s, actual, options);
        var expected = new Dataset();
        using (var r = File.OpenRead(t.Result!)) new NTriplesParser().Parse(r, expected);
        Assert.True(Isomorphism.AreIsomorphic(actual, expected), $"{name}: got\n{string.Join("\n", actual)}");

        // Round trip of the expected result: write RDF/XML, read it back.
        var xml = new StringWriter();
        var writer = new RdfXmlWriter(xml, new WriterOptions { Prefixes = actual.Prefixes });
        foreach (var q in expected) writer.OnQuad(q);
        writer.Finish();
        var back = new Dataset();
        parser.Parse(new StringReader(xml.ToString()), back);
        Assert.True(Isomorphism.AreIsomorphic(expected, back), $"{name}: round trip differs; written:\n{xml}");
    }
}
