namespace PhdResolver.Store;

/// <summary>
/// One sort order of the quads: an immutable sorted base array plus a small sorted overlay of
/// recent writes (<see cref="Adds"/>: not in base; <see cref="Dels"/>: in base, deleted). A commit
/// copies only the overlay (O(overlay)); when the overlay outgrows a fraction of the base it is
/// merged into a new base (O(n), amortised). Old versions stay intact for readers holding them.
/// </summary>
internal sealed class OrderedIndex
{
    public readonly IndexOrder Order;
    public readonly Key[] Base;
    public readonly Key[] Adds;
    public readonly Key[] Dels;

    /// <summary>
    /// Directory of <see cref="Base"/> by first key component: keys whose first component is
    /// <c>a</c> are <c>Base[Dir[a] .. Dir[a + 1])</c>. A lookup with the first component bound (the
    /// common case: every pattern picks the order whose prefix it binds) then binary-searches a
    /// few entries instead of the whole array, i.e. ~2 cache misses instead of ~20. Costs 4 bytes
    /// per term id per order; built once per base array (overlay-only commits share it).
    /// Null when the base is empty or ids are too sparse for it to pay.
    /// </summary>
    public readonly int[]? Dir;

    public OrderedIndex(IndexOrder order, Key[] @base, Key[] adds, Key[] dels)
        : this(order, @base, adds, dels, BuildDir(@base))
    {
    }

    private OrderedIndex(IndexOrder order, Key[] @base, Key[] adds, Key[] dels, int[]? dir)
    {
        Order = order;
        Base = @base;
        Adds = adds;
        Dels = dels;
        Dir = dir;
    }

    private static int[]? BuildDir(Key[] keys)
    {
        if (keys.Length == 0) return null;
        uint max = keys[^1].A;
        if (max >= int.MaxValue - 2 || max > 4L * keys.Length + 1024) return null; // sparse (e.g. a few graph ids): not worth it
        var dir = new int[max + 2];
        int i = 0;
        for (uint a = 0; a <= max + 1; a++)
        {
            while (i < keys.Length && keys[i].A < a) i++;
            dir[a] = i;
        }
        return dir;
    }

    /// <summary>Base keys whose first component is <paramref name="a"/>, from the directory in O(1); without a
    /// directory the whole base (what a lookup there would search).</summary>
    public int RunLength(uint a)
    {
        if (Dir is not { } d) return Base.Length;
        return a + 1 >= (uint)d.Length ? 0 : d[a + 1] - d[a];
    }

    /// <summary>The range of <see cref="Base"/> between <paramref name="lo"/> and <paramref name="hi"/> (inclusive).</summary>
    public void BaseRange(Key lo, Key hi, out int begin, out int end)
    {
        int from = 0, to = Base.Length;
        if (Dir is { } d && lo.A == hi.A)
        {
            uint a = lo.A;
            if (a + 1 >= (uint)d.Length) { begin = end = to; return; } // no key starts with a
            from = d[a]; to = d[a + 1];
            // Only the first component bound: the directory entry is the range.
            if (lo.B == 0 && lo.Lo == 0 && hi.B == uint.MaxValue && hi.Lo == ulong.MaxValue) { begin = from; end = to; return; }
            // A subject's or object's run is usually a handful of keys: a forward scan there has
            // predictable branches, where a binary search mispredicts about every other step
            // (measured: ~3x faster per nested-loop lookup at 10 M quads).
            if (to - from <= 16)
            {
                var b = Base;
                int i = from;
                if (lo.Hi == hi.Hi && lo.Lo == 0 && hi.Lo == ulong.MaxValue)
                {
                    // Two components bound (s+p, p+o, o+s): the range is the run of equal Hi halves.
                    ulong h = lo.Hi;
                    while (i < to && b[i].Hi < h) i++;
                    begin = i;
                    while (i < to && b[i].Hi == h) i++;
                }
                else
                {
                    while (i < to && b[i] < lo) i++;
                    begin = i;
                    while (i < to && b[i] <= hi) i++;
                }
                end = i;
                return;
            }
        }
        begin = SortedKeys.LowerBound(Base, lo, from, to);
        end = SortedKeys.UpperBound(Base, hi, begin, to);
    }

    public bool Contains(Key k) =>
        SortedKeys.Contains(Adds, k) || (SortedKeys.Contains(Base, k) && !SortedKeys.Contains(Dels, k));

    /// <summary>A new version with <paramref name="added"/> (absent before) and <paramref name="deleted"/>
    /// (present before) applied; both sorted and distinct in this order.</summary>
    public OrderedIndex Apply(Key[] added, Key[] deleted, StopSignal stop = default)
    {
        // Re-adding a deleted base quad cancels its tombstone; deleting a recent add drops it.
        var adds = SortedKeys.Union(SortedKeys.Except(Adds, deleted), SortedKeys.Except(added, Dels));
        var dels = SortedKeys.Union(SortedKeys.Except(Dels, added), SortedKeys.Except(deleted, Adds));
        long overlay = (long)adds.Length + dels.Length;
        if (overlay > Math.Max(4096, Base.Length / 16))
            return new OrderedIndex(Order, SortedKeys.Union(SortedKeys.Except(Base, dels, stop), adds, stop), SortedKeys.Empty, SortedKeys.Empty);
        return new OrderedIndex(Order, Base, adds, dels, Dir);
    }

    public long LiveCount => (long)Base.Length + Adds.Length - Dels.Length;
}
