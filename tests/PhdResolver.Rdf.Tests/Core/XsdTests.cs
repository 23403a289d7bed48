using PhdResolver.Rdf;
using PhdResolver.Rdf.Xsd;

namespace PhdResolver.Rdf.Tests.Core;

/// <summary>Issue 18: the XSD library that SPARQL, SHACL and canonicalisation share.</summary>
public class XsdTests
{
    private static Literal L(string lexical, string type) => new(lexical, new Iri(Vocab.Xsd.Namespace + type));

    [Theory]
    [InlineData("1", "integer", true)]
    [InlineData("+0012", "integer", true)]
    [InlineData("123456789012345678901234567890123456789", "integer", true)] // beyond decimal: still an integer
    [InlineData("123456789012345678901234567890123456789", "nonNegativeInteger", true)] // unbounded above
    [InlineData("-123456789012345678901234567890123456789", "negativeInteger", true)]
    [InlineData("1.0", "integer", false)]
    [InlineData("256", "unsignedByte", false)]
    [InlineData("-1", "nonNegativeInteger", false)]
    [InlineData("18446744073709551615", "unsignedLong", true)]
    [InlineData("18446744073709551616", "unsignedLong", false)]
    [InlineData("1.", "decimal", true)]
    [InlineData(".5", "decimal", true)]
    [InlineData(".", "decimal", false)]
    [InlineData("1e5", "double", true)]
    [InlineData("-INF", "float", true)]
    [InlineData("1e", "double", false)]
    [InlineData("2002-10-10T12:00:00", "dateTime", true)]
    [InlineData("2002-10-10T12:00:00", "dateTimeStamp", false)] // a dateTimeStamp needs its timezone
    [InlineData("2002-10-10T12:00:00Z", "dateTimeStamp", true)]
    [InlineData("2002-02-30", "date", false)]
    [InlineData("24:00:00", "time", true)]
    [InlineData("24:00:01", "time", false)]
    [InlineData("0000-01-01T00:00:00", "dateTime", false)] // XSD 1.0: no year zero
    [InlineData("yes", "boolean", false)]
    public void Lexical_spaces(string lexical, string type, bool valid) => Assert.Equal(valid, XsdTypes.IsWellTyped(L(lexical, type)));

    [Fact]
    public void The_operators_order_is_one_order_for_every_caller()
    {
        Assert.Equal(XsdOrder.Order.Less, XsdOrder.Compare(L("1", "integer"), L("1.5", "double")));
        Assert.Equal(XsdOrder.Order.Unordered, XsdOrder.Compare(L("NaN", "double"), L("1", "integer")));
        Assert.Equal(XsdOrder.Order.Error, XsdOrder.Compare(L("1", "integer"), new Literal("1")));
        Assert.Equal(XsdOrder.Order.Error, XsdOrder.Compare(L("x", "integer"), L("1", "integer"))); // ill-typed
        Assert.Equal(XsdOrder.Order.Greater, XsdOrder.Compare(L("10:00:00Z", "time"), L("09:00:00Z", "time")));
        Assert.Equal(XsdOrder.Order.Equal, XsdOrder.Compare(L("2002-10-10T12:00:00Z", "dateTimeStamp"), L("2002-10-10T13:00:00+01:00", "dateTime")));
        // Code points: U+10000 (a surrogate pair) sorts after U+FFFD, unlike UTF-16 ordinal order.
        Assert.True(XsdOrder.CompareCodePoints("\U00010000", "\uFFFD") > 0);
        Assert.True(string.CompareOrdinal("\U00010000", "\uFFFD") < 0);
    }

    [Fact]
    public void Canonical_forms_use_the_same_lexical_checks()
    {
        Assert.Equal("1.0E5", LiteralCanonicalizer.Canonicalize(L("1e5", "double")).Lexical);
        Assert.Equal("1e", LiteralCanonicalizer.Canonicalize(L("1e", "double")).Lexical); // ill-typed: unchanged
        Assert.Equal("1.0", LiteralCanonicalizer.Canonicalize(L("1.", "decimal")).Lexical);
        Assert.Equal("12", LiteralCanonicalizer.Canonicalize(L("+0012", "integer")).Lexical);
    }
}
