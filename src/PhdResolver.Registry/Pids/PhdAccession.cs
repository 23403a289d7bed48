using System.Security.Cryptography;

namespace PhdResolver.Registry.Pids;

/// <summary>
/// A PHD accession: 45 random bits written as nine Crockford base32 symbols plus Crockford's
/// mod-37 check symbol, grouped 4-4-2: <c>phd:7QK2-9XMC-4T</c>.
/// <para>
/// Why the check catches every single-symbol error and every adjacent transposition: the data
/// value is N = Σ d_i·32^(8-i) and the check is c = N mod 37; write the codeword condition as
/// Σ d_i·w_i − c ≡ 0 (mod 37) with weights w = 32^8..32, 1, and −1 for the check. A substitution
/// at position i changes the sum by δ·w_i with 0 &lt; |δ| &lt; 37 and w_i a unit mod 37 (37 is
/// prime and divides neither 32 nor 1): never 0. Swapping positions i, i+1 changes it by
/// (v_i − v_{i+1})(w_{i+1} − w_i); w_{i+1} − w_i is 32^k·(1 − 32) = −31·32^k for data pairs and
/// −2 for the last data symbol and the check, units mod 37 both: never 0 unless the symbols are
/// equal. An exhaustive test confirms it on many random accessions.
/// </para>
/// <para>
/// We only mint accessions whose check value is below 32, so minted accessions use only the 32
/// plain symbols (no <c>*~$=U</c> in URLs); the parser still accepts the whole check alphabet.
/// </para>
/// </summary>
public readonly record struct PhdAccession : IComparable<PhdAccession>
{
    public const int DataSymbols = 9;
    public const int Bits = DataSymbols * 5;
    public const ulong MaxValue = (1UL << Bits) - 1;
    public const string Prefix = "phd:";

    public PhdAccession(ulong value)
    {
        if (value > MaxValue) throw new ArgumentOutOfRangeException(nameof(value));
        Value = value;
    }

    /// <summary>The 45-bit number (what the uniqueness table stores).</summary>
    public ulong Value { get; }

    public int CheckValue => (int)(Value % 37);

    /// <summary>A fresh random accession from the OS CSPRNG (uniqueness is the registry's job).</summary>
    public static PhdAccession NewRandom()
    {
        Span<byte> b = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(b);
            ulong v = BitConverter.ToUInt64(b) & MaxValue;
            if (v % 37 < 32) return new PhdAccession(v);
        }
    }

    /// <summary>The canonical form, <c>phd:XXXX-XXXX-XX</c>.</summary>
    public override string ToString() => string.Create(Prefix.Length + 12, Value, static (span, v) =>
    {
        Prefix.AsSpan().CopyTo(span);
        var body = span[Prefix.Length..];
        body[11] = Crockford.CheckAlphabet[(int)(v % 37)];
        // Fill data symbols right to left, skipping the hyphens at 4 and 9.
        for (int i = 10; i >= 0; i--)
        {
            if (i is 4 or 9) { body[i] = '-'; continue; }
            body[i] = Crockford.Alphabet[(int)(v & 31)];
            v >>= 5;
        }
    });

    /// <summary>The ten symbols without prefix or hyphens (for compact keys and file names).</summary>
    public string Symbols => ToString()[Prefix.Length..].Replace("-", "", StringComparison.Ordinal);

    public int CompareTo(PhdAccession other) => Value.CompareTo(other.Value);

    /// <summary>
    /// Parses an accession with or without the <c>phd:</c> prefix (any case), ignoring hyphens and
    /// case, reading I/L as 1 and O as 0; rejects U in data positions and a wrong check symbol.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PhdAccession accession, out string? error)
    {
        accession = default;
        text = text.Trim();
        if (text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) text = text[Prefix.Length..];
        Span<int> sym = stackalloc int[DataSymbols + 1];
        int n = 0;
        foreach (char c in text)
        {
            if (c == '-') continue;
            if (n == sym.Length) { error = $"a PHD accession has {DataSymbols + 1} symbols; found more"; return false; }
            int v = n < DataSymbols ? Crockford.DecodeSymbol(c) : Crockford.DecodeCheckSymbol(c);
            if (v < 0) { error = $"'{c}' is not a Crockford base32 symbol" + (n < DataSymbols && char.ToUpperInvariant(c) == 'U' ? " (U only appears as a check symbol)" : ""); return false; }
            sym[n++] = v;
        }
        if (n != sym.Length) { error = $"a PHD accession has {DataSymbols + 1} symbols; found {n}"; return false; }
        ulong value = 0;
        for (int i = 0; i < DataSymbols; i++) value = (value << 5) | (uint)sym[i];
        if ((int)(value % 37) != sym[DataSymbols]) { error = "the check symbol does not match: a symbol is mistyped or two are swapped"; return false; }
        accession = new PhdAccession(value);
        error = null;
        return true;
    }

    public static PhdAccession Parse(string text) =>
        TryParse(text, out var a, out var error) ? a : throw new FormatException($"'{text}': {error}");
}
