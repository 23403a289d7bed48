namespace PhdResolver.Rdf.Tests;

[Trait("Category", "Conformance")]
public class TurtleW3cTests
{
    public static TheoryData<string> TurtleTests => W3cManifest.Names("rdf-turtle");
    public static TheoryData<string> TrigTests => W3cManifest.Names("rdf-trig");

    [Theory]
    [MemberData(nameof(TurtleTests))]
    public void Turtle(string name) => Run(W3cManifest.Get("rdf-turtle", name), trig: false);

    [Theory]
    [MemberData(nameof(TrigTests))]
    public void TriG(string name) => Run(W3cManifest.Get("rdf-trig", name), trig: true);

    [Fact]
    public void ManifestsAreFound()
    {
        Assert.True(W3cManifest.Load("rdf-turtle").Count >= 290);
        Assert.True(W3cManifest.Load("rdf-trig").Count >= 330);
    }

    internal static Dataset ParseAction(W3cTest t, bool trig, bool viaStream = true)
    {
        var ds = new Dataset();
        var options = new ParserOptions { BaseIri = t.BaseIri };
        if (viaStream)
        {
            using var s = File.OpenRead(t.Action);
            new TurtleParser(trig).Parse(s, ds, options);
        }
        else
        {
            new TurtleParser(trig).Parse(new StringReader(File.ReadAllText(t.Action)), ds, options);
        }
        return ds;
    }

    internal static Dataset ParseResult(W3cTest t, bool trig)
    {
        var ds = new Dataset();
        using var s = File.OpenRead(t.Result!);
        new NTriplesParser(quads: trig).Parse(s, ds);
        return ds;
    }

    private static void Run(W3cTest t, bool trig)
    {
        if (t.IsNegative)
        {
            Assert.Throws<RdfSyntaxException>(() => ParseAction(t, trig));
            Assert.Throws<RdfSyntaxException>(() => ParseAction(t, trig, viaStream: false));
            return;
        }
        var actual = ParseAction(t, trig);
        var viaText = ParseAction(t, trig, viaStream: false);
        Assert.True(Isomorphism.AreIsomorphic(actual, viaText), "byte and text paths disagree");
        if (t.IsEval && t.Result is not null)
        {
            var expected = ParseResult(t, trig);
            Assert.True(Isomorphism.AreIsomorphic(actual, expected),
                $"not isomorphic.\nexpected:\n{string.Join("\n", expected.Select(q => q.ToString()))}\nactual:\n{string.Join("\n", actual.Select(q => q.ToString()))}");
        }
    }
}
