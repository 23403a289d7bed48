namespace PhdResolver.Store;

/// <summary>
/// The other index orders from sorted distinct SPOG keys in linear time, by stable counting sorts on one component.
/// <para>
/// Why it is correct: sorting a list ordered by (s, p, o, g) <em>stably</em> by one component x gives the order
/// (x, then the rest as before). By g that is (g, s, p, o) = GSPO; by o, (o, s, p, g) = OSPG; by p, (p, s, o, g) =
/// PSOG; and OSPG stably by p is (p, o, s, g) = POSG. In each case the component sorted on is the target key's first
/// one, and the rest keep SPOG's relative order, which is the target's tail: the result is sorted in the target order
/// with no comparison at all. Distinct keys stay distinct (a permutation).
/// </para>
/// <para>
/// Why it matters: opening a store of 10^8 quads spent most of its index time in comparison sorts (n log n, about 27
/// compares per key per order); a counting pass reads and writes each key once and costs one int per term id for
/// the counts. For few keys over many term ids (a small commit into a big store) the counts would dominate, so the
/// comparison sort stays there (<see cref="Worthwhile"/>).
/// </para>
/// </summary>
internal static class StableReorder
{
    private const int CheckEvery = 1 << 20; // keys between stop checks: a few ms

    /// <summary>Whether counting beats a comparison sort: the counts array (one int per id up to the largest) is no
    /// bigger than a few times the keys, and there are enough keys for the difference to matter.</summary>
    public static bool Worthwhile(int keys, uint maxId) => keys >= 1 << 16 && maxId <= 4L * keys;

    /// <summary>The largest term id in any component of <paramref name="keys"/>.</summary>
    public static uint MaxId(Key[] keys)
    {
        ulong max = 0;
        foreach (var k in keys) max = Math.Max(max, Math.Max(Math.Max(k.Hi >> 32, k.Hi & uint.MaxValue), Math.Max(k.Lo >> 32, k.Lo & uint.MaxValue)));
        return (uint)max;
    }

    /// <summary><paramref name="src"/> (sorted distinct in <paramref name="from"/>) as <paramref name="to"/> keys, stably
    /// sorted by their first component: sorted in <paramref name="to"/> when <paramref name="to"/>'s tail is
    /// <paramref name="from"/>'s order without that component (the pairs above). A new array.</summary>
    public static Key[] ByFirst(Key[] src, IndexOrder from, IndexOrder to, uint maxId, StopSignal stop)
    {
        var starts = new int[(long)maxId + 2];
        for (int i = 0; i < src.Length; i++)
        {
            if ((i & (CheckEvery - 1)) == 0) stop.ThrowIfStopped();
            starts[Key.From(to, src[i].ToQuad(from)).A + 1]++;
        }
        for (long id = 1; id < starts.Length; id++) starts[id] += starts[id - 1];
        var dst = new Key[src.Length];
        for (int i = 0; i < src.Length; i++)
        {
            if ((i & (CheckEvery - 1)) == 0) stop.ThrowIfStopped();
            var k = Key.From(to, src[i].ToQuad(from));
            dst[starts[k.A]++] = k;
        }
        return dst;
    }
}
