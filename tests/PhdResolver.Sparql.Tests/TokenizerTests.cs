using PhdResolver.Sparql.Syntax;

namespace PhdResolver.Sparql.Tests;

public class TokenizerTests
{
    private static List<Token> Tok(string s) => Tokenizer.Tokenize(s, out _);

    private static string Kinds(string s) =>
        string.Join(" ", Tok(s).Where(t => t.Kind != TokenKind.Eof).Select(t => t.Kind + ":" + t.Text + (t.Local is null ? "" : "|" + t.Local)));

    [Fact]
    public void LessThanIsAnIriOnlyWhenItCloses()
    {
        Assert.Equal("Var:x Punct:< Var:y", Kinds("?x<?y"));
        Assert.Equal("Var:x Punct:<= Integer:3", Kinds("?x <= 3"));
        // Without spaces this is an IRI, which is why syn-bad-26 is a negative test.
        Assert.Equal("Var:x IriRef:?a&&?b Var:y", Kinds("?x<?a&&?b>?y"));
    }

    [Fact]
    public void PrefixedNamesKeepInnerDotsButNotTrailingOnes()
    {
        Assert.Equal("PName:|12.3 Punct:.", Kinds(":12.3."));
        Assert.Equal("PName:ex.a|b.c Punct:.", Kinds("ex.a:b.c."));
        Assert.Equal("PName:|c:d?", Kinds(@":c:d\?"));
        Assert.Equal("PName:|b%3D", Kinds(":b%3D"));
        Assert.Equal("PName:z|", Kinds("z:"));
    }

    [Fact]
    public void NumbersFollowTheGrammar()
    {
        Assert.Equal("Integer:1 Punct:.", Kinds("1."));
        Assert.Equal("Decimal:.5", Kinds(".5"));
        Assert.Equal("Double:1.e5", Kinds("1.e5"));
        Assert.Equal("Double:1E-7", Kinds("1E-7"));
        Assert.Equal("Decimal:1.5 Punct:.", Kinds("1.5."));
    }

    [Fact]
    public void AnonAndNilMayContainWhitespace()
    {
        Assert.Equal("Anon:[] Nil:()", Kinds("[ \n ] (\t)"));
        Assert.Equal("Punct:[ Punct:]", Kinds("[ # comment\n ]"));
    }

    [Fact]
    public void StringsAndEscapes()
    {
        Assert.Equal("String:a'b\"c", Kinds("'''a'b\"c'''"));
        Assert.Equal("String:tab\there", Kinds("\"tab\\there\""));
        Assert.Equal("String:x LangTag:en-GB", Kinds("'x'@en-GB"));
        Assert.Equal("String:\U0001f46a", Kinds("\"\\U0001f46a\""));
        Assert.Throws<SparqlSyntaxException>(() => Tok("'line\nbreak'"));
        Assert.Throws<SparqlSyntaxException>(() => Tok("'\\uD800'"));
    }

    [Fact]
    public void CodepointEscapesAreProcessedOnce()
    {
        // \u005c is a backslash; the \U00000031 after it must not be unescaped again.
        Assert.Equal(@"\U00000031", Tokenizer.UnescapeCodepoints(@"\u005cU00000031"));
    }

    [Fact]
    public void VariablesAndKeywords()
    {
        Assert.Equal("Var:x Var:y Punct:? Word:a Word:SELECT", Kinds("?x $y ? a SELECT"));
        Assert.Equal("BlankNodeLabel:1_2_3_", Kinds("_:1_2_3_"));
    }
}
