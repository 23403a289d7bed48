using PhdResolver.Rdf;

namespace PhdResolver.Rdf.Tests.Core;

public class TermTests
{
    [Fact]
    public void LiteralsCompareLanguageTagsCaseInsensitively()
    {
        var a = new Literal("chat", "en-GB");
        var b = new Literal("chat", "en-gb");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new Literal("chat", "fr"));
    }

    [Fact]
    public void SimpleLiteralIsXsdString()
    {
        Assert.Equal(new Literal("x"), new Literal("x", Vocab.Xsd.String));
        Assert.True(new Literal("x").IsSimple);
        Assert.False(new Literal("x", "en").IsSimple);
    }

    [Fact]
    public void BlankNodeScopesAreFreshPerDocument()
    {
        var s1 = new BlankNodeScope();
        var s2 = new BlankNodeScope();
        Assert.Equal(s1.Get("a"), s1.Get("a"));
        Assert.NotEqual(s1.Get("a"), s2.Get("a"));
    }

    [Theory]
    [InlineData("a\"b\\c\nd\re\tf", "\"a\\\"b\\\\c\\nd\\re\\tf\"")]
    [InlineData("\u0001\u007F", "\"\\u0001\\u007F\"")]
    [InlineData("é😀", "\"é😀\"")]
    public void NTriplesEscapesOnlyWhatItMust(string lexical, string expected) =>
        Assert.Equal(expected, new Literal(lexical).ToString());

    [Fact]
    public void NTriplesFormatsAllTermKinds()
    {
        var q = new Quad(new Iri("http://ex/s"), new Iri("http://ex/p"), new Literal("1", Vocab.Xsd.Integer), new BlankNode("g1"));
        Assert.Equal("<http://ex/s> <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g1 .", q.ToString());
        Assert.Equal("\"hi\"@en", new Literal("hi", "en").ToString());
        Assert.Equal("<http://ex/a\\u0020b>", new Iri("http://ex/a b").ToString());
    }
}
