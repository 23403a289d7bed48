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

    // Resolve appends a plain relative path to the base's directory without splitting either (MergePrefix); every
    // pair of these bases and references must give what the general algorithm over the split components gives,
    // and the grid includes each case the shortcut must refuse (dot segments on either side, an authority with an
    // empty path, a base with no '/', query and fragment on either side, references that look like a scheme).
    [Fact]
    public void TheAppendingShortcutAgreesWithTheGeneralAlgorithm()
    {
        string[] bases =
        [
            "http://a/b/c/d;p?q", "https://phd.example.org/", "https://phd.example.org", "http://a/b/c/d#f", "http://a/b/./c/d",
            "http://a/b/../c/", "http://a/./", "http://a/..", "urn:isbn:123", "urn:a/b", "file:///x/y", "http://a?q/b", "http://a#f/b",
            "http://a/b.c/d..e/f", "tag:x,2024:/a/", "http://u@h:80/p/q/", "mailto:a@b", "x:", "x:/", "x://",
        ];
        string[] references =
        [
            "g", "g/", "g/h", "instrument/000001/config/2", "g?y", "g#s", "g?y#s", "g?y/../x", "g#s/./t", ";x", "g.", ".g", "g..", "..g",
            "g/.h", "g/..h/i", "g/.", "g/..", "g/./h", "g/../h", ".", "..", "./g", "../g", "a:b", "a:b/c", "a/b:c", "1a:b", "+g",
            "g//h", "g/", "%2E%2E/g", "?y", "#s", "/g", "//g", "", "é/ü",
        ];
        foreach (var b in bases)
        {
            foreach (var r in references)
                Assert.True(IriResolver.ResolveBySplitting(b, r) == IriResolver.Resolve(b, r), $"<{r}> against <{b}>: {IriResolver.ResolveBySplitting(b, r)} (general) vs {IriResolver.Resolve(b, r)}");
        }
        // The shortcut is taken for the common case (otherwise this test would compare the general path with itself).
        Assert.Equal("https://phd.example.org/".Length, IriResolver.MergePrefix("https://phd.example.org/", "instrument/000001/config/2"));
        Assert.Equal(-1, IriResolver.MergePrefix("https://phd.example.org/", "instrument/../x"));
        Assert.Equal(-1, IriResolver.MergePrefix("https://phd.example.org", "x"));
    }
}
