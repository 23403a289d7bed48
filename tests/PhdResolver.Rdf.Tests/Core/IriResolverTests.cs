using PhdResolver.Rdf;

namespace PhdResolver.Rdf.Tests.Core;

public class IriResolverTests
{
    private const string Base = "http://a/b/c/d;p?q";

    // RFC 3986 §5.4.1 normal examples and §5.4.2 abnormal examples.
    [Theory]
    [InlineData("g:h", "g:h")]
    [InlineData("g", "http://a/b/c/g")]
    [InlineData("./g", "http://a/b/c/g")]
    [InlineData("g/", "http://a/b/c/g/")]
    [InlineData("/g", "http://a/g")]
    [InlineData("//g", "http://g")]
    [InlineData("?y", "http://a/b/c/d;p?y")]
    [InlineData("g?y", "http://a/b/c/g?y")]
    [InlineData("#s", "http://a/b/c/d;p?q#s")]
    [InlineData("g#s", "http://a/b/c/g#s")]
    [InlineData("g?y#s", "http://a/b/c/g?y#s")]
    [InlineData(";x", "http://a/b/c/;x")]
    [InlineData("g;x", "http://a/b/c/g;x")]
    [InlineData("g;x?y#s", "http://a/b/c/g;x?y#s")]
    [InlineData("", "http://a/b/c/d;p?q")]
    [InlineData(".", "http://a/b/c/")]
    [InlineData("./", "http://a/b/c/")]
    [InlineData("..", "http://a/b/")]
    [InlineData("../", "http://a/b/")]
    [InlineData("../g", "http://a/b/g")]
    [InlineData("../..", "http://a/")]
    [InlineData("../../", "http://a/")]
    [InlineData("../../g", "http://a/g")]
    [InlineData("../../../g", "http://a/g")]
    [InlineData("../../../../g", "http://a/g")]
    [InlineData("/./g", "http://a/g")]
    [InlineData("/../g", "http://a/g")]
    [InlineData("g.", "http://a/b/c/g.")]
    [InlineData(".g", "http://a/b/c/.g")]
    [InlineData("g..", "http://a/b/c/g..")]
    [InlineData("..g", "http://a/b/c/..g")]
    [InlineData("./../g", "http://a/b/g")]
    [InlineData("./g/.", "http://a/b/c/g/")]
    [InlineData("g/./h", "http://a/b/c/g/h")]
    [InlineData("g/../h", "http://a/b/c/h")]
    [InlineData("g;x=1/./y", "http://a/b/c/g;x=1/y")]
    [InlineData("g;x=1/../y", "http://a/b/c/y")]
    [InlineData("g?y/./x", "http://a/b/c/g?y/./x")]
    [InlineData("g?y/../x", "http://a/b/c/g?y/../x")]
    [InlineData("g#s/./x", "http://a/b/c/g#s/./x")]
    [InlineData("g#s/../x", "http://a/b/c/g#s/../x")]
    [InlineData("http:g", "http:g")]
    public void ResolvesRfc3986Examples(string reference, string expected) =>
        Assert.Equal(expected, IriResolver.Resolve(Base, reference));

    [Fact]
    public void KeepsCaseAndEscapesAsWritten()
    {
        // System.Uri would lower-case the host and decode %7E; RDF compares IRIs as strings.
        Assert.Equal("HTTP://Example.ORG/%7efoo/x", IriResolver.Resolve("HTTP://Example.ORG/%7efoo/y", "x"));
    }

    [Fact]
    public void ResolvesAgainstBaseWithoutPath() =>
        Assert.Equal("http://example.org/x", IriResolver.Resolve("http://example.org", "x"));

    [Fact]
    public void KeepsFragmentOfReferenceOnly() =>
        Assert.Equal("http://a/b#f", IriResolver.Resolve("http://a/b#old", "#f"));

    [Theory]
    [InlineData("http://a/b/c/d", "http://a/b/c/e")]
    [InlineData("http://a/b/c/d", "http://a/b/c/d#frag")]
    [InlineData("http://a/b/c/d", "http://a/b/x/y")]
    [InlineData("http://a/b/c/d", "http://a/b/c/")]
    [InlineData("http://a/b/c/d?q", "http://a/b/c/d")]
    [InlineData("http://a/b/c/d", "http://a/b/c/d?x")]
    [InlineData("http://a/b/c/d", "http://other/x")]
    [InlineData("http://a/b/c/d", "https://a/b/c/d")]
    [InlineData("http://a/b/c/d", "http://a/b/c/d:e")]
    [InlineData("http://a/", "http://a/")]
    [InlineData("http://a/b/c/d", "http://a/b/c/d")]
    public void RelativizeRoundTrips(string baseIri, string iri)
    {
        string rel = IriResolver.Relativize(baseIri, iri);
        Assert.Equal(iri, IriResolver.Resolve(baseIri, rel));
        Assert.True(rel.Length <= iri.Length);
    }

    [Fact]
    public void RelativizeShortens()
    {
        Assert.Equal("e", IriResolver.Relativize("http://a/b/c/d", "http://a/b/c/e"));
        Assert.Equal("#frag", IriResolver.Relativize("http://a/b/c/d", "http://a/b/c/d#frag"));
    }
}
