namespace PhdResolver.Store;

/// <summary>Options for <see cref="IndexSet.Match"/>.</summary>
[Flags]
public enum MatchFlags : byte
{
    None = 0,
    /// <summary>Each (s, p, o) once, whatever graphs hold it (the union default graph). Needs g unbound.</summary>
    DistinctTriples = 1,
    /// <summary>Skip the default graph (g = 0); for <c>GRAPH ?g { }</c> with g unbound.</summary>
    NamedGraphsOnly = 2,
}

/// <summary>
/// An immutable version of the five quad orders. Pattern shapes and the order that serves each
/// (a bound component not in the order's prefix is checked per quad):
/// <code>
///  g free: -    SPOG | s SPOG | p POSG | o OSPG | sp SPOG | so OSPG | po POSG | spo SPOG
///  g bound: g   GSPO | sg GSPO | pg POSG+g | og OSPG+g | spg GSPO | sog OSPG+g | pog POSG+g | spog GSPO
/// </code>
/// Two more orders (GPOS, GOSP) would remove the four filtered shapes at +32 bytes per quad;
/// they only matter for large named graphs queried by predicate/object, not the common case here.
/// The fifth order, PSOG, serves no pattern shape better than these; it exists for
/// <see cref="OpenBySubject"/>: a predicate's quads in subject order, the input of merge joins.
/// </summary>
public sealed class IndexSet
{
    private static readonly int[][] OrderComponents =
    [
        [0, 1, 2, 3], // SPOG
        [1, 2, 0, 3], // POSG
        [2, 0, 1, 3], // OSPG
        [3, 0, 1, 2], // GSPO
        [1, 0, 2, 3], // PSOG
    ];

    internal const int OrderCount = 5;

    internal readonly OrderedIndex[] Orders;

    internal IndexSet(OrderedIndex[] orders) => Orders = orders;

    public static readonly IndexSet Empty = new(
    [
        new(IndexOrder.Spog, SortedKeys.Empty, SortedKeys.Empty, SortedKeys.Empty),
        new(IndexOrder.Posg, SortedKeys.Empty, SortedKeys.Empty, SortedKeys.Empty),
        new(IndexOrder.Ospg, SortedKeys.Empty, SortedKeys.Empty, SortedKeys.Empty),
        new(IndexOrder.Gspo, SortedKeys.Empty, SortedKeys.Empty, SortedKeys.Empty),
        new(IndexOrder.Psog, SortedKeys.Empty, SortedKeys.Empty, SortedKeys.Empty),
    ]);

    /// <summary>Number of quads.</summary>
    public long QuadCount => Orders[0].LiveCount;

    /// <summary>Bytes of index arrays.</summary>
    public long MemoryBytes
    {
        get
        {
            long b = 0;
            foreach (var o in Orders) b += 16L * (o.Base.Length + o.Adds.Length + o.Dels.Length);
            return b;
        }
    }

    public bool Contains(in IdQuad q) => ContainsSpog(Key.From(IndexOrder.Spog, q));

    /// <summary><see cref="Contains"/> for a quad already in its SPOG key form (a transaction's log).</summary>
    internal bool ContainsSpog(Key spog) => Orders[0].Contains(spog);

    /// <summary>Builds from SPOG keys (any order, duplicates allowed); takes ownership of the
    /// array (it becomes the SPOG order unless duplicates must be dropped) and sorts the other
    /// orders from it in parallel.</summary>
    internal static IndexSet Build(Key[] spog)
    {
        if (!SortedKeys.IsSortedDistinct(spog))
        {
            int n = SortedKeys.SortDistinct(spog, spog.Length);
            if (n != spog.Length) Array.Resize(ref spog, n);
        }
        var keys = ReorderAll(spog, default);
        var orders = new OrderedIndex[OrderCount];
        for (int i = 0; i < OrderCount; i++) orders[i] = new OrderedIndex((IndexOrder)i, keys[i], SortedKeys.Empty, SortedKeys.Empty);
        return new IndexSet(orders);
    }

    /// <summary>A new version with changes applied: <paramref name="added"/> absent before,
    /// <paramref name="deleted"/> present before, both SPOG keys, distinct and sorted. Takes
    /// ownership of both arrays: into an empty store the added keys become the SPOG order as they
    /// are, so a bulk load holds one copy of its quads less at its peak.</summary>
    internal IndexSet Apply(Key[] added, Key[] deleted, StopSignal stop = default)
    {
        if (added.Length == 0 && deleted.Length == 0) return this;
        var orders = new OrderedIndex[OrderCount];
        try
        {
            var a = ReorderAll(added, stop);
            var d = ReorderAll(deleted, stop);
            Parallel.For(0, OrderCount, i => orders[i] = Orders[i].Apply(a[i], d[i], stop));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException or TimeoutException))
        {
            // Every worker stops on the same signal: report it as the one exception it is.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return new IndexSet(orders);
    }

    /// <summary>
    /// Sorted distinct SPOG keys in every order (index <c>(int)IndexOrder</c>; SPOG is the array itself), in parallel.
    /// With enough keys for their ids, by <see cref="StableReorder"/>'s linear passes: GSPO, OSPG and PSOG each from SPOG,
    /// then POSG from OSPG (so no intermediate array is made and dropped at the peak of a big load). Otherwise each
    /// order is permuted and sorted by comparison.
    /// </summary>
    private static Key[][] ReorderAll(Key[] spog, StopSignal stop)
    {
        var keys = new Key[OrderCount][];
        keys[(int)IndexOrder.Spog] = spog;
        if (spog.Length < 1 << 12)
        {
            // A small commit: sorting is microseconds, less than handing work to the thread pool.
            for (int i = 1; i < OrderCount; i++) keys[i] = spog.Length == 0 ? spog : Sorted((IndexOrder)i, spog, stop);
            return keys;
        }
        try
        {
            if (StableReorder.MaxId(spog) is var maxId && StableReorder.Worthwhile(spog.Length, maxId))
            {
                Parallel.Invoke(
                    () => keys[(int)IndexOrder.Gspo] = StableReorder.ByFirst(spog, IndexOrder.Spog, IndexOrder.Gspo, maxId, stop),
                    () => keys[(int)IndexOrder.Psog] = StableReorder.ByFirst(spog, IndexOrder.Spog, IndexOrder.Psog, maxId, stop),
                    () =>
                    {
                        var ospg = keys[(int)IndexOrder.Ospg] = StableReorder.ByFirst(spog, IndexOrder.Spog, IndexOrder.Ospg, maxId, stop);
                        keys[(int)IndexOrder.Posg] = StableReorder.ByFirst(ospg, IndexOrder.Ospg, IndexOrder.Posg, maxId, stop);
                    });
            }
            else
            {
                Parallel.For(1, OrderCount, i => keys[i] = Sorted((IndexOrder)i, spog, stop));
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException or TimeoutException))
        {
            // Every worker stops on the same signal: report it as the one exception it is.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return keys;
    }

    /// <summary>SPOG keys permuted into another order and sorted by comparison.</summary>
    private static Key[] Sorted(IndexOrder order, Key[] spog, StopSignal stop)
    {
        var keys = new Key[spog.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = Key.From(order, spog[i].ToQuad(IndexOrder.Spog));
        CancellableSort.Sort(keys, keys.Length, stop);
        return keys;
    }

    /// <summary>Quads matching a pattern (null = any). Allocation-free: a struct enumerator over the arrays.</summary>
    public QuadEnumerator Match(uint? s, uint? p, uint? o, uint? g, MatchFlags flags = MatchFlags.None)
    {
        var e = default(QuadEnumerator);
        Open(ref e, s ?? 0, p ?? 0, o ?? 0, g, flags); // 0 is never a term id: the same as unbound
        return e;
    }

    /// <summary>
    /// <see cref="Match"/> into an existing enumerator, for the hot path of index nested-loop
    /// joins (one lookup per outer row): <paramref name="s"/>, <paramref name="p"/>,
    /// <paramref name="o"/> are term ids or 0 for "any" (0 is never a term id).
    /// </summary>
    public void Open(ref QuadEnumerator e, uint s, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None)
    {
        RequireGraphUnboundForDistinct(g, flags);
        int mask = (s == 0 ? 0 : 1) | (p == 0 ? 0 : 2) | (o == 0 ? 0 : 4) | (g is null ? 0 : 8);
        if (mask is 9 or 11 or 15 && SubjectRunIsShorter(s, g!.Value))
        {
            // Subject and graph bound, object not (or everything): the plan table's GSPO searches the graph's run,
            // which for one big graph (a client's default-graph-uri over a loaded file) is the whole store, ~20
            // cache misses per nested-loop lookup. The subject's run in SPOG is usually a handful of keys: read
            // it and check the graph per quad (all four bound: the exact SPOG key).
            var spog = Orders[(int)IndexOrder.Spog];
            var lo = new Key(s, mask == 9 ? 0 : p, mask == 15 ? o : 0, mask == 15 ? g.Value : 0);
            var hi = new Key(s, mask == 9 ? uint.MaxValue : p, mask == 15 ? o : uint.MaxValue, mask == 15 ? g.Value : uint.MaxValue);
            e.Init(spog, lo, hi, s, p, o, g.Value, mask == 15 ? (byte)0 : (byte)8, flags);
            return;
        }
        var plan = Plan(mask, s, p, o, g ?? 0);
        e.Init(Orders[(int)plan.Order], plan.Lo, plan.Hi, s, p, o, g ?? 0, plan.Filtered ? (byte)mask : (byte)0, flags);
    }

    /// <summary>Whether the subject's SPOG run is no longer than the graph's GSPO run (both O(1) from the
    /// directories): the shorter one is where a lookup with both bound should search.</summary>
    private bool SubjectRunIsShorter(uint s, uint g)
    {
        var spog = Orders[(int)IndexOrder.Spog];
        return spog.Dir is not null && spog.RunLength(s) <= Orders[(int)IndexOrder.Gspo].RunLength(g);
    }

    /// <summary>Size of the index range serving the pattern: exact when no component is filtered per
    /// quad (see the table above) and no flags apply, otherwise an upper bound.</summary>
    public long Estimate(uint? s, uint? p, uint? o, uint? g)
    {
        var plan = Plan(s, p, o, g);
        var idx = Orders[(int)plan.Order];
        if (plan.Lo.Hi == 0 && plan.Lo.Lo == 0 && plan.Hi.Hi == ulong.MaxValue && plan.Hi.Lo == ulong.MaxValue) return idx.LiveCount;
        idx.BaseRange(plan.Lo, plan.Hi, out int b, out int e);
        return e - b + RangeSize(idx.Adds, plan.Lo, plan.Hi) - RangeSize(idx.Dels, plan.Lo, plan.Hi);
    }

    /// <summary>Exact number of matches (counts by enumeration only where the range is not exact).</summary>
    public long Count(uint? s, uint? p, uint? o, uint? g, MatchFlags flags = MatchFlags.None)
    {
        var plan = Plan(s, p, o, g);
        if (!plan.Filtered && flags == MatchFlags.None) return Estimate(s, p, o, g);
        long n = 0;
        foreach (var _ in Match(s, p, o, g, flags)) n++;
        return n;
    }

    /// <summary>True when every quad is in one graph (or there are none). O(1): compares the first
    /// and last graph ids of GSPO's base and overlay (deletions can only remove graphs).</summary>
    public bool HoldsOneGraphAtMost()
    {
        var gspo = Orders[(int)IndexOrder.Gspo];
        Key[] b = gspo.Base, a = gspo.Adds;
        if (b.Length == 0 && a.Length == 0) return true;
        uint first = b.Length == 0 ? a[0].A : a.Length == 0 ? b[0].A : Math.Min(b[0].A, a[0].A);
        uint last = b.Length == 0 ? a[^1].A : a.Length == 0 ? b[^1].A : Math.Max(b[^1].A, a[^1].A);
        return first == last;
    }

    /// <summary>Graph ids in use, ascending (0, the default graph, first if it has quads). Skips
    /// whole graphs with one binary search each.</summary>
    public List<uint> GraphIds()
    {
        var result = new List<uint>();
        uint next = 0;
        while (true)
        {
            var e = new QuadEnumerator(Orders[(int)IndexOrder.Gspo], new Key(next, 0, 0, 0), new Key(uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue), null, null, null, null, false, MatchFlags.None);
            if (!e.MoveNext()) return result;
            uint g = e.Current.G;
            result.Add(g);
            if (g == uint.MaxValue) return result;
            next = g + 1;
        }
    }

    /// <summary>All quads in one order.</summary>
    public QuadEnumerator Scan(IndexOrder order) =>
        new(Orders[(int)order], new Key(0, 0, 0, 0), new Key(uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue), null, null, null, null, false, MatchFlags.None);

    private static long RangeSize(Key[] a, Key lo, Key hi) =>
        a.Length == 0 ? 0 : SortedKeys.UpperBound(a, hi) - SortedKeys.LowerBound(a, lo);

    private readonly record struct MatchPlan(IndexOrder Order, Key Lo, Key Hi, bool Filtered);

    /// <summary>Per bound-component mask (1 s, 2 p, 4 o, 8 g): the order serving it, how many
    /// leading components of that order are bound (the range prefix), and whether a bound
    /// component lies outside the prefix (checked per quad). Precomputed: Plan runs once per
    /// index lookup, i.e. per row of every nested-loop join.</summary>
    private static readonly (IndexOrder Order, int Prefix, bool Filtered)[] Plans = BuildPlans();

    private static (IndexOrder, int, bool)[] BuildPlans()
    {
        var plans = new (IndexOrder, int, bool)[16];
        for (int mask = 0; mask < 16; mask++)
        {
            IndexOrder order = mask switch
            {
                0 or 1 or 3 or 7 => IndexOrder.Spog,
                2 or 6 or 10 or 14 => IndexOrder.Posg,
                4 or 5 or 12 or 13 => IndexOrder.Ospg,
                _ => IndexOrder.Gspo, // 8, 9, 11, 15
            };
            var comps = OrderComponents[(int)order];
            int prefix = 0, prefixMask = 0;
            while (prefix < 4 && (mask & (1 << comps[prefix])) != 0) prefixMask |= 1 << comps[prefix++];
            plans[mask] = (order, prefix, prefixMask != mask);
        }
        return plans;
    }

    /// <summary>
    /// Opens <paramref name="e"/> on the quads with predicate <paramref name="p"/> (and object
    /// <paramref name="o"/> unless 0) in ascending subject order: POSG's (p, o) range, or PSOG's
    /// p range. <paramref name="g"/> null: every graph (with <paramref name="flags"/>).
    /// </summary>
    public void OpenBySubject(ref QuadEnumerator e, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None)
    {
        RequireGraphUnboundForDistinct(g, flags);
        var order = o == 0 ? IndexOrder.Psog : IndexOrder.Posg;
        var lo = o == 0 ? new Key(p, 0, 0, 0) : new Key(p, o, 0, 0);
        var hi = o == 0 ? new Key(p, uint.MaxValue, uint.MaxValue, uint.MaxValue) : new Key(p, o, uint.MaxValue, uint.MaxValue);
        byte check = g is null ? (byte)0 : (byte)8;
        e.Init(Orders[(int)order], lo, hi, 0, p, o, g ?? 0, check, flags);
    }

    private static void RequireGraphUnboundForDistinct(uint? g, MatchFlags flags)
    {
        if ((flags & MatchFlags.DistinctTriples) != 0 && g is not null)
            throw new ArgumentException("DistinctTriples needs the graph unbound", nameof(flags));
    }

    private static MatchPlan Plan(uint? s, uint? p, uint? o, uint? g) =>
        Plan((s is null ? 0 : 1) | (p is null ? 0 : 2) | (o is null ? 0 : 4) | (g is null ? 0 : 8), s ?? 0, p ?? 0, o ?? 0, g ?? 0);

    private static MatchPlan Plan(int mask, uint vs, uint vp, uint vo, uint vg)
    {
        var (order, prefix, filtered) = Plans[mask];
        uint c0, c1, c2, c3;
        switch (order)
        {
            case IndexOrder.Spog: c0 = vs; c1 = vp; c2 = vo; c3 = vg; break;
            case IndexOrder.Posg: c0 = vp; c1 = vo; c2 = vs; c3 = vg; break;
            case IndexOrder.Ospg: c0 = vo; c1 = vs; c2 = vp; c3 = vg; break;
            default: c0 = vg; c1 = vs; c2 = vp; c3 = vo; break;
        }
        var lo = new Key(prefix > 0 ? c0 : 0, prefix > 1 ? c1 : 0, prefix > 2 ? c2 : 0, prefix > 3 ? c3 : 0);
        var hi = new Key(prefix > 0 ? c0 : uint.MaxValue, prefix > 1 ? c1 : uint.MaxValue, prefix > 2 ? c2 : uint.MaxValue, prefix > 3 ? c3 : uint.MaxValue);
        return new MatchPlan(order, lo, hi, filtered);
    }
}
