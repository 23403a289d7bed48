using PhdResolver.Rdf;
using PhdResolver.Rdf.Xsd;

namespace PhdResolver.Rdf.Tests.Core;

public class LiteralCanonicalizerTests
{
    private const string X = Vocab.Xsd.Namespace;

    [Theory]
    [InlineData("integer", "+0012", "12")]
    [InlineData("integer", "-0", "0")]
    [InlineData("integer", "123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("decimal", "+01.500", "1.5")]
    [InlineData("decimal", "1", "1.0")]
    [InlineData("decimal", ".5", "0.5")]
    [InlineData("decimal", "-0.0", "0.0")]
    [InlineData("double", "1.1", "1.1E0")]
    [InlineData("double", "100", "1.0E2")]
    [InlineData("double", "0.00012", "1.2E-4")]
    [InlineData("double", "-1e10", "-1.0E10")]
    [InlineData("double", "INF", "INF")]
    [InlineData("double", "0", "0.0E0")]
    [InlineData("boolean", "1", "true")]
    [InlineData("boolean", "false", "false")]
    [InlineData("dateTime", "2024-02-29T23:30:00.500+01:00", "2024-02-29T22:30:00.5Z")]
    [InlineData("dateTime", "2024-12-31T24:00:00Z", "2025-01-01T00:00:00Z")]
    [InlineData("dateTime", "2024-01-01T10:00:00", "2024-01-01T10:00:00")]
    public void CanonicalForms(string type, string lexical, string expected) =>
        Assert.Equal(expected, LiteralCanonicalizer.Canonicalize(new Literal(lexical, new Iri(X + type))).Lexical);

    [Theory]
    [InlineData("integer", "1.5")]
    [InlineData("boolean", "yes")]
    [InlineData("dateTime", "2023-02-29T00:00:00Z")]
    [InlineData("double", "one")]
    public void IllTypedLiteralsAreLeftAlone(string type, string lexical) =>
        Assert.Equal(lexical, LiteralCanonicalizer.Canonicalize(new Literal(lexical, new Iri(X + type))).Lexical);

    [Fact]
    public void OtherDatatypesAndLanguageStringsAreUntouched()
    {
        var l = new Literal(" x ", "en");
        Assert.Same(l, LiteralCanonicalizer.Canonicalize(l));
    }
}
