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

    public OrderedIndex(IndexOrder order, Key[] @base, Key[] adds, Key[] dels)
    {
        Order = order;
        Base = @base;
        Adds = adds;
        Dels = dels;
    }

    public bool Contains(Key k) =>
        SortedKeys.Contains(Adds, k) || (SortedKeys.Contains(Base, k) && !SortedKeys.Contains(Dels, k));

    /// <summary>A new version with <paramref name="added"/> (absent before) and <paramref name="deleted"/>
    /// (present before) applied; both sorted and distinct in this order.</summary>
    public OrderedIndex Apply(Key[] added, Key[] deleted)
    {
        // Re-adding a deleted base quad cancels its tombstone; deleting a recent add drops it.
        var adds = SortedKeys.Union(SortedKeys.Except(Adds, deleted), SortedKeys.Except(added, Dels));
        var dels = SortedKeys.Union(SortedKeys.Except(Dels, added), SortedKeys.Except(deleted, Adds));
        long overlay = (long)adds.Length + dels.Length;
        if (overlay > Math.Max(4096, Base.Length / 16))
            return new OrderedIndex(Order, SortedKeys.Union(SortedKeys.Except(Base, dels), adds), SortedKeys.Empty, SortedKeys.Empty);
        return new OrderedIndex(Order, Base, adds, dels);
    }

    public long LiveCount => (long)Base.Length + Adds.Length - Dels.Length;
}
