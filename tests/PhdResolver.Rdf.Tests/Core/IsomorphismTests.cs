using PhdResolver.Rdf;

namespace PhdResolver.Rdf.Tests.Core;

public class IsomorphismTests
{
    private static readonly Iri P = new("http://ex/p");
    private static readonly Iri Q = new("http://ex/q");

    [Fact]
    public void RenamedBlankNodesAreIsomorphic()
    {
        BlankNode a = new("a"), b = new("b"), x = new("x"), y = new("y");
        var g1 = new[] { new Quad(a, P, b), new Quad(b, Q, new Literal("1")) };
        var g2 = new[] { new Quad(x, P, y), new Quad(y, Q, new Literal("1")) };
        Assert.True(Isomorphism.AreIsomorphic(g1, g2));
    }

    [Fact]
    public void StructureMatters()
    {
        BlankNode a = new("a"), b = new("b");
        var g1 = new[] { new Quad(a, P, b), new Quad(b, P, a) };
        var g2 = new[] { new Quad(a, P, b), new Quad(a, P, a) };
        Assert.False(Isomorphism.AreIsomorphic(g1, g2));
    }

    [Fact]
    public void SymmetricGraphsNeedBacktracking()
    {
        // Two 3-cycles vs one 6-cycle: every node looks alike locally (in/out degree 1).
        BlankNode[] n = Enumerable.Range(0, 6).Select(i => new BlankNode("n" + i)).ToArray();
        var twoCycles = new[]
        {
            new Quad(n[0], P, n[1]), new Quad(n[1], P, n[2]), new Quad(n[2], P, n[0]),
            new Quad(n[3], P, n[4]), new Quad(n[4], P, n[5]), new Quad(n[5], P, n[3]),
        };
        var sixCycle = Enumerable.Range(0, 6).Select(i => new Quad(n[i], P, n[(i + 1) % 6])).ToArray();
        Assert.False(Isomorphism.AreIsomorphic(twoCycles, sixCycle));
        var shuffled = new[]
        {
            new Quad(n[5], P, n[3]), new Quad(n[3], P, n[4]), new Quad(n[4], P, n[5]),
            new Quad(n[1], P, n[2]), new Quad(n[0], P, n[1]), new Quad(n[2], P, n[0]),
        };
        Assert.True(Isomorphism.AreIsomorphic(twoCycles, shuffled));
    }

    [Fact]
    public void GraphNamesCount()
    {
        var s = new Iri("http://ex/s");
        var g1 = new[] { new Quad(s, P, s, new BlankNode("g")) };
        var g2 = new[] { new Quad(s, P, s) };
        Assert.False(Isomorphism.AreIsomorphic(g1, g2));
        Assert.True(Isomorphism.AreIsomorphic(g1, new[] { new Quad(s, P, s, new BlankNode("h")) }));
    }

    [Fact]
    public void GroundTriplesMustMatchExactly()
    {
        var s = new Iri("http://ex/s");
        Assert.False(Isomorphism.AreIsomorphic(new[] { new Quad(s, P, new Literal("1")) }, new[] { new Quad(s, P, new Literal("2")) }));
    }
}
