namespace PhdResolver.Rdf.Tests;

[Trait("Category", "Conformance")]
public class NTriplesW3cTests
{
    public static TheoryData<string> NTriplesTests => W3cManifest.Names("rdf-n-triples");
    public static TheoryData<string> NQuadsTests => W3cManifest.Names("rdf-n-quads");

    [Theory]
    [MemberData(nameof(NTriplesTests))]
    public void NTriples(string name) => Run(W3cManifest.Get("rdf-n-triples", name), quads: false);

    [Theory]
    [MemberData(nameof(NQuadsTests))]
    public void NQuads(string name) => Run(W3cManifest.Get("rdf-n-quads", name), quads: true);

    [Fact]
    public void ManifestsAreFound()
    {
        Assert.True(W3cManifest.Load("rdf-n-triples").Count >= 60);
        Assert.True(W3cManifest.Load("rdf-n-quads").Count >= 70);
    }

    private static void Run(W3cTest t, bool quads)
    {
        var parser = new NTriplesParser(quads);
        var options = new ParserOptions { BaseIri = t.BaseIri };
        if (t.IsNegative)
        {
            using var s = File.OpenRead(t.Action);
            Assert.Throws<RdfSyntaxException>(() => parser.Parse(s, new CountingSink(), options));
            // The text path must agree with the byte path.
            Assert.Throws<RdfSyntaxException>(() => parser.Parse(new StringReader(File.ReadAllText(t.Action)), new CountingSink(), options));
            return;
        }
        var fromBytes = new Dataset();
        using (var s = File.OpenRead(t.Action)) parser.Parse(s, fromBytes, options);
        var fromText = new Dataset();
        parser.Parse(new StringReader(File.ReadAllText(t.Action)), fromText, options);
        Assert.True(Isomorphism.AreIsomorphic(fromBytes, fromText));
        if (t.Result is not null)
        {
            var expected = new Dataset();
            using var r = File.OpenRead(t.Result);
            parser.Parse(r, expected, options);
            Assert.True(Isomorphism.AreIsomorphic(fromBytes, expected));
        }
    }
}
