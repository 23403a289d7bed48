namespace PhdResolver.Rdf.Tests.Core;

/// <summary>RFC 3987 absolute IRIs: <see cref="IriSyntax"/> is the one check for IRIs from outside (issue 12, item 3).</summary>
public class IriSyntaxTests
{
    [Theory]
    [InlineData("http://example.org/")]
    [InlineData("https://example.org")]
    [InlineData("https://user:pw@example.org:8080/a/b;c?d=e&f=%20#frag")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("http://[::1]:80/x")]
    [InlineData("http://[2001:db8::7]/c=GB?objectClass?one")]
    [InlineData("http://[v7.fe80::a+en1]/")]
    [InlineData("https://bücher.example/straße?q=ü#ä")]
    [InlineData("https://example.org/𝄞")]
    [InlineData("urn:isbn:0451450523")]
    [InlineData("mailto:core@example.org")]
    [InlineData("tag:example.org,2026:x")]
    [InlineData("file:///tmp/x.ttl")]
    [InlineData("http://example.org/?query/with?marks")]
    [InlineData("https://example.org/a#b/c?d")]
    [InlineData("https://example.org:/empty-port")]
    public void Absolute_iris_pass(string iri) => Assert.Null(IriSyntax.CheckAbsolute(iri));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("example.org/x", "no scheme")]
    [InlineData("/relative", "no scheme")]
    [InlineData("1http://x/", "scheme")]
    [InlineData("ht tp://x/", "scheme")]
    [InlineData("http://exa mple.org/", "space")]
    [InlineData("http://example.org/a b", "space")]
    [InlineData("http://example.org/<x>", "'<'")]
    [InlineData("http://example.org/\"", "'\"'")]
    [InlineData("http://example.org/a\\b", "'\\'")]
    [InlineData("http://example.org/{x}", "'{'")]
    [InlineData("http://example.org/%", "'%'")]
    [InlineData("http://example.org/%g1", "'%'")]
    [InlineData("http://example.org/\u0001", "control")]
    [InlineData("http://example.org/\u007f", "control")]
    [InlineData("http://example.org/\u0085", "U+0085")]
    [InlineData("http://example.org/\ufffe", "U+FFFE")]
    [InlineData("http://example.org/a#b#c", "'#'")]
    [InlineData("http://example.org:80x/", "port")]
    [InlineData("http://example.org:65536/", "65535")]
    [InlineData("http://[::1/", "not closed")]
    [InlineData("http://[zz::1]/", "IPv6")]
    [InlineData("http://[::1]x/", "IP literal")]
    [InlineData("http://a@b@c/", "'@'")]
    public void Malformed_iris_fail_with_a_reason(string iri, string reason)
    {
        var why = IriSyntax.CheckAbsolute(iri);
        Assert.NotNull(why);
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_not_a_character()
    {
        // Built here, not as theory data: xUnit's serialisation of test cases replaces lone surrogates.
        Assert.Contains("surrogate", IriSyntax.CheckAbsolute("http://example.org/" + (char)0xD800), StringComparison.Ordinal);
        Assert.Contains("surrogate", IriSyntax.CheckAbsolute("http://example.org/" + (char)0xDC00 + "x"), StringComparison.Ordinal);
        Assert.Null(IriSyntax.CheckAbsolute("http://example.org/" + char.ConvertFromUtf32(0x1D11E)));
    }

    [Fact]
    public void A_reason_names_the_position()
    {
        Assert.Equal("a space is not allowed (write %20) (character 21)", IriSyntax.CheckAbsolute("http://example.org/a b"));
    }

    [Theory]
    [InlineData("https://example.org/", true)]
    [InlineData("HTTP://example.org/", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("ftp://example.org/", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("http:example.org", false)] // no authority: not a web address
    [InlineData("https:///path", false)] // empty host
    [InlineData("https://", false)]
    public void Web_iris_need_http_or_https_and_a_host(string iri, bool ok) =>
        Assert.Equal(ok, IriSyntax.IsAbsolute(iri, IriSyntax.Web));

    [Fact]
    public void Very_long_iris_are_refused() =>
        Assert.Contains("longer than", IriSyntax.CheckAbsolute("http://example.org/" + new string('a', IriSyntax.MaxLength)), StringComparison.Ordinal);
}
