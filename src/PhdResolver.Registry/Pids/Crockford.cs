namespace PhdResolver.Registry.Pids;

/// <summary>
/// Crockford's base32: digits and letters without I, L, O, U (no confusion with 1, 0, V and no
/// accidental obscenity). Decoding ignores case and reads I/L as 1 and O as 0, as the spec asks.
/// The check symbol alphabet appends <c>*~$=U</c> so that it has 37 symbols (37 is prime).
/// </summary>
public static class Crockford
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const string CheckAlphabet = Alphabet + "*~$=U";

    /// <summary>The value of a data symbol (0..31), or -1 (U, punctuation, anything else).</summary>
    public static int DecodeSymbol(char c)
    {
        if (c is >= '0' and <= '9') return c - '0';
        c = char.ToUpperInvariant(c);
        return c switch
        {
            'I' or 'L' => 1,
            'O' => 0,
            'U' => -1,
            >= 'A' and <= 'Z' => Alphabet.IndexOf(c, StringComparison.Ordinal),
            _ => -1,
        };
    }

    /// <summary>The value of a check symbol (0..36), or -1.</summary>
    public static int DecodeCheckSymbol(char c)
    {
        int v = DecodeSymbol(c);
        if (v >= 0) return v;
        int i = "*~$=U".IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
        return i < 0 ? -1 : 32 + i;
    }
}
