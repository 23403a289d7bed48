namespace PhdResolver.Sparql.Evaluation;

/// <summary>Helpers for solution rows: arrays of term ids, one per variable slot, 0 = unbound.</summary>
internal static class Rows
{
    public static bool Compatible(uint[] a, uint[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            uint x = a[i], y = b[i];
            if (x != 0 && y != 0 && x != y) return false;
        }
        return true;
    }

    /// <summary>True when the rows share at least one bound variable (MINUS needs it).</summary>
    public static bool SharesBound(uint[] a, uint[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] != 0 && b[i] != 0) return true;
        return false;
    }

    public static uint[] Merge(uint[] a, uint[] b)
    {
        var r = new uint[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] != 0 ? a[i] : b[i];
        return r;
    }

    /// <summary>A copy of a row; cheaper than <c>Array.Clone</c> (no generic object clone path) on the per-result hot path.</summary>
    public static uint[] Copy(uint[] a)
    {
        var r = new uint[a.Length];
        a.AsSpan().CopyTo(r);
        return r;
    }

    public static bool IsEmpty(uint[] a)
    {
        foreach (uint x in a) if (x != 0) return false;
        return true;
    }

    public static ulong HashOf(uint[] row, int[] slots)
    {
        ulong h = 14695981039346656037UL;
        foreach (int s in slots) h = (h ^ row[s]) * 1099511628211UL;
        return h;
    }
}

/// <summary>Whole-row equality for DISTINCT and group keys.</summary>
internal sealed class RowComparer : IEqualityComparer<uint[]>
{
    public static readonly RowComparer Instance = new();

    public bool Equals(uint[]? x, uint[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(uint[] row)
    {
        uint h = 2166136261;
        foreach (uint x in row) h = (h ^ x) * 16777619;
        return (int)h;
    }
}

/// <summary>Equality for ulong keys that pack two term ids (a &lt;&lt; 32 | b). The default hash is
/// a ^ b, the same for every pair with equal XOR: ids of terms loaded together are close, so
/// nearly all pairs of a sort fell into a few buckets and every lookup scanned thousands of
/// entries (ORDER BY DESC(?i) LIMIT 10 over 50 k rows took 26 s). Fibonacci hashing mixes all 64 bits.</summary>
internal sealed class PackedPairComparer : IEqualityComparer<ulong>
{
    public static readonly PackedPairComparer Instance = new();

    public bool Equals(ulong x, ulong y) => x == y;

    public int GetHashCode(ulong x) => (int)((x * 0x9E3779B97F4A7C15UL) >> 32);
}
