namespace PhdResolver.Store.Tests;

/// <summary>
/// The linear-time reordering (<see cref="StableReorder"/>) against a comparison sort: every order of an index built
/// from enough keys to take the counting path must be the same array a sort of the permuted keys gives.
/// </summary>
public class StableReorderTests
{
    private static Key[] RandomSpog(int n, uint ids, int seed)
    {
        var rnd = new Random(seed);
        var keys = new Key[n];
        // Few graphs and predicates, many subjects and objects: the shape of real data, with duplicates on purpose.
        for (int i = 0; i < n; i++)
            keys[i] = new Key((uint)rnd.Next(1, (int)ids), (uint)rnd.Next(1, 40), (uint)rnd.Next(1, (int)ids), (uint)rnd.Next(1, 6));
        return keys;
    }

    private static Key[] Sorted(IndexOrder order, Key[] spog)
    {
        var keys = spog.Select(k => Key.From(order, k.ToQuad(IndexOrder.Spog))).Distinct().ToArray();
        Array.Sort(keys);
        return keys;
    }

    [Theory]
    [InlineData(200_000, 50_000u)]   // ids well under the key count: the counting path
    [InlineData(70_000, 280_000u)]   // at the threshold
    [InlineData(70_000, 5_000_000u)] // ids far beyond the keys: the comparison sort
    public void Every_order_built_equals_a_comparison_sort(int n, uint ids)
    {
        var spog = RandomSpog(n, ids, seed: n ^ (int)ids);
        var expected = Enumerable.Range(0, IndexSet.OrderCount).Select(i => Sorted((IndexOrder)i, spog)).ToArray();
        var built = IndexSet.Build((Key[])spog.Clone());
        for (int i = 0; i < IndexSet.OrderCount; i++)
            Assert.True(expected[i].AsSpan().SequenceEqual(built.Orders[i].Base), $"{(IndexOrder)i} differs");
    }

    [Fact]
    public void A_load_into_an_empty_store_applies_the_same_orders()
    {
        var spog = Sorted(IndexOrder.Spog, RandomSpog(150_000, 30_000, seed: 7));
        var applied = IndexSet.Empty.Apply((Key[])spog.Clone(), []);
        for (int i = 0; i < IndexSet.OrderCount; i++)
            Assert.True(Sorted((IndexOrder)i, spog).AsSpan().SequenceEqual(applied.Orders[i].Base), $"{(IndexOrder)i} differs");
    }

    [Fact]
    public void A_stop_signal_stops_the_counting_pass()
    {
        var spog = Sorted(IndexOrder.Spog, RandomSpog(150_000, 30_000, seed: 11));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.True(StableReorder.Worthwhile(spog.Length, StableReorder.MaxId(spog)));
        Assert.ThrowsAny<OperationCanceledException>(() => StableReorder.ByFirst(spog, IndexOrder.Spog, IndexOrder.Gspo, StableReorder.MaxId(spog), new StopSignal(cts.Token)));
    }
}
