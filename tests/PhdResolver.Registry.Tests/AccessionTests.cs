using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Tests;

public class AccessionTests
{
    [Fact]
    public void Renders_grouped_and_round_trips()
    {
        for (int k = 0; k < 1000; k++)
        {
            var a = PhdAccession.NewRandom();
            string s = a.ToString();
            Assert.Matches("^phd:[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$", s);
            Assert.Equal(a, PhdAccession.Parse(s));
            Assert.Equal(a, PhdAccession.Parse(s.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Has_at_least_40_random_bits()
    {
        Assert.True(PhdAccession.Bits >= 40);
        var seen = new HashSet<ulong>();
        for (int k = 0; k < 10_000; k++) Assert.True(seen.Add(PhdAccession.NewRandom().Value));
    }

    [Fact]
    public void Reads_I_L_as_1_and_O_as_0_and_rejects_U_in_data()
    {
        var a = new PhdAccession(0b00001_00000_00001_00000_00001_00000_00001_00000_00001UL);
        string s = a.ToString(); // phd:1010-1010-1?
        Assert.StartsWith("phd:1010-1010-1", s, StringComparison.Ordinal);
        Assert.Equal(a, PhdAccession.Parse(s.Replace('1', 'I').Replace('0', 'O')));
        Assert.Equal(a, PhdAccession.Parse(s.Replace('1', 'l').Replace('0', 'o')));
        Assert.False(PhdAccession.TryParse("phd:U010-1010-1" + s[^1], out _, out var error));
        Assert.Contains("U", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("phd:")]
    [InlineData("phd:1234")]
    [InlineData("phd:1234-5678-9012")]
    [InlineData("phd:12#4-5678-90")]
    public void Garbage_is_rejected_with_a_reason(string input)
    {
        Assert.False(PhdAccession.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    /// <summary>
    /// Exhaustive over every single-symbol substitution (every other symbol of the data or check
    /// alphabet at every position) and every adjacent transposition of 2,000 random accessions.
    /// </summary>
    [Fact]
    public void Check_symbol_catches_every_substitution_and_adjacent_transposition()
    {
        var rng = new Random(4242);
        int checkedVariants = 0;
        for (int k = 0; k < 2000; k++)
        {
            // Random values including ones whose check symbol is one of *~$=U (we never mint those, but the scheme covers them).
            var a = new PhdAccession((ulong)rng.NextInt64(0, (long)PhdAccession.MaxValue + 1));
            char[] sym = a.ToString()[4..].Replace("-", "", StringComparison.Ordinal).ToCharArray();
            Assert.Equal(10, sym.Length);
            for (int pos = 0; pos < sym.Length; pos++)
            {
                string alphabet = pos < 9 ? Crockford.Alphabet : Crockford.CheckAlphabet;
                foreach (char c in alphabet)
                {
                    if (c == sym[pos]) continue;
                    var v = (char[])sym.Clone();
                    v[pos] = c;
                    Assert.False(PhdAccession.TryParse(new string(v), out _, out _), $"{a}: substitution at {pos} by {c} not caught");
                    checkedVariants++;
                }
            }
            for (int pos = 0; pos + 1 < sym.Length; pos++)
            {
                if (sym[pos] == sym[pos + 1]) continue;
                var v = (char[])sym.Clone();
                (v[pos], v[pos + 1]) = (v[pos + 1], v[pos]);
                Assert.False(PhdAccession.TryParse(new string(v), out _, out _), $"{a}: transposition at {pos} not caught");
                checkedVariants++;
            }
        }
        Assert.True(checkedVariants > 600_000);
    }

    [Fact]
    public void Minted_accessions_use_only_plain_symbols()
    {
        for (int k = 0; k < 2000; k++) Assert.True(PhdAccession.NewRandom().CheckValue < 32);
    }
}
