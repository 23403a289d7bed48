using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Rdf.Tests.Core;

/// <summary>Issue 18: one UCHAR decoder for N-Triples, Turtle (bytes) and SPARQL (chars).</summary>
public class RdfGrammarTests
{
    private static (int Cp, int Length, string? Error) Bytes(string s, bool inIri = false, bool pairs = true)
    {
        int cp = RdfGrammar.DecodeUchar<byte>(Encoding.UTF8.GetBytes(s), inIri, pairs, out int n, out string? e);
        return (cp, n, e);
    }

    private static (int Cp, int Length, string? Error) Chars(string s, bool inIri = false, bool pairs = true)
    {
        int cp = RdfGrammar.DecodeUchar<char>(s.AsSpan(), inIri, pairs, out int n, out string? e);
        return (cp, n, e);
    }

    [Theory]
    [InlineData(@"\u00E9rest", 0xE9, 6, null)]
    [InlineData(@"\U0001F600", 0x1F600, 10, null)]
    [InlineData(@"\uD83D\uDE00", 0x1F600, 12, null)] // a surrogate pair as two escapes: combined
    [InlineData(@"\uD83D", -1, 0, "escape \\uD83D is not a Unicode scalar value")]
    [InlineData(@"\U00110000", -1, 0, "escape \\U00110000 is not a Unicode scalar value")]
    [InlineData(@"\UFFFFFFFF", -1, 0, "escape \\UFFFFFFFF is not a Unicode scalar value")] // overflows int: still refused
    [InlineData(@"\u00G0", -1, 0, "bad numeric escape")]
    [InlineData(@"\u00", -1, 0, "bad numeric escape")]
    [InlineData(@"\x", -1, 0, "bad escape '\\x'")]
    public void Bytes_and_chars_decode_alike(string input, int cp, int length, string? error)
    {
        Assert.Equal((cp, length, error), Bytes(input));
        Assert.Equal((cp, length, error), Chars(input));
    }

    [Fact]
    public void SPARQL_does_not_combine_pairs_and_IRIs_refuse_forbidden_characters()
    {
        Assert.Equal(-1, Chars(@"\uD83D\uDE00", pairs: false).Cp);
        Assert.Equal("escaped character U+0020 is not allowed in an IRI", Bytes(@"\u0020", inIri: true).Error);
        Assert.Equal("only \\u and \\U escapes are allowed in IRIs", Bytes(@"\n", inIri: true).Error);
    }
}
