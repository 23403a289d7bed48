using PhdResolver.Rdf;
using static PhdResolver.Shacl.Tests.Helpers;

namespace PhdResolver.Shacl.Tests;

public class PathTests
{
    private static readonly ShaclGraph s_data = new(Parse("""
        ex:a ex:p ex:b . ex:b ex:p ex:c . ex:c ex:p ex:a .
        ex:b ex:q "x" . ex:c ex:q "y" .
        ex:d ex:p ex:a .
        """));

    private static ShaclPath PathOf(string pathTurtle)
    {
        var g = new ShaclGraph(Parse($"ex:s sh:path {pathTurtle} ."));
        return ShaclPath.Parse(g, g.Object(Ex("s"), Sh.Path)!) ?? throw new InvalidOperationException("ill-formed path");
    }

    private static string[] Eval(string path, string focus) =>
        [.. PathOf(path).Values(s_data, Ex(focus)).Select(t => t is Literal l ? l.Lexical : ShaclPath.LocalName(t)).Order()];

    [Fact] public void Predicate() => Assert.Equal(["b"], Eval("ex:p", "a"));
    [Fact] public void Inverse() => Assert.Equal(["c", "d"], Eval("[ sh:inversePath ex:p ]", "a"));
    [Fact] public void Sequence() => Assert.Equal(["x"], Eval("( ex:p ex:q )", "a"));
    [Fact] public void Alternative() => Assert.Equal(["a", "y"], Eval("[ sh:alternativePath ( ex:p ex:q ) ]", "c"));
    [Fact] public void ZeroOrMoreTerminatesOnCycles() => Assert.Equal(["a", "b", "c"], Eval("[ sh:zeroOrMorePath ex:p ]", "a"));
    [Fact] public void OneOrMoreIncludesStartOnlyWhenReachable() => Assert.Equal(["a", "b", "c"], Eval("[ sh:oneOrMorePath ex:p ]", "a"));
    [Fact] public void OneOrMoreWithoutCycle() => Assert.Equal(["a", "b", "c"], Eval("[ sh:oneOrMorePath ex:p ]", "d"));
    [Fact] public void ZeroOrOne() => Assert.Equal(["d"], Eval("[ sh:zeroOrOnePath ex:q ]", "d"));
    [Fact]
    public void InverseOfSequenceWalksBackwards()
    {
        // ^(p/q) from "x": "x" is reached from b by q, and b from a by p.
        var path = PathOf("[ sh:inversePath ( ex:p ex:q ) ]");
        Assert.Equal(["a"], path.Values(s_data, new Literal("x")).Select(ShaclPath.LocalName));
    }

    [Fact]
    public void SingleElementListIsNotAPath()
    {
        var g = new ShaclGraph(Parse("ex:s sh:path ( ex:p ) ."));
        Assert.Null(ShaclPath.Parse(g, g.Object(Ex("s"), Sh.Path)!));
    }

    [Fact]
    public void CyclicPathIsRejected()
    {
        var g = new ShaclGraph(Parse("ex:s sh:path _:p . _:p sh:inversePath _:p ."));
        Assert.Null(ShaclPath.Parse(g, g.Object(Ex("s"), Sh.Path)!));
    }

    [Fact]
    public void ToRdfRoundTrips()
    {
        var path = PathOf("( ex:p [ sh:alternativePath ( ex:q [ sh:inversePath ex:p ] ) ] [ sh:zeroOrMorePath ex:p ] )");
        var triples = new List<Triple>();
        var head = path.ToRdf(triples);
        var back = ShaclPath.Parse(new ShaclGraph(triples.Select(t => t.InGraph(null))), head);
        Assert.NotNull(back);
        Assert.Equal(path.Display, back.Display);
        Assert.Equal("p/(q|^p)/p*", path.Display);
    }
}
