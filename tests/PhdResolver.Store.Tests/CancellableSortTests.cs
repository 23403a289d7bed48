namespace PhdResolver.Store.Tests;

public class CancellableSortTests
{
    public static TheoryData<string, int> Inputs()
    {
        var d = new TheoryData<string, int>();
        foreach (var shape in new[] { "random", "few distinct", "all equal", "sorted", "reversed", "organ pipe", "sawtooth" })
            foreach (int n in new[] { 0, 1, 2, 3, 15, 16, 17, 33, 1000, 100_000 })
                d.Add(shape, n);
        return d;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Sorts_like_Array_Sort(string shape, int n)
    {
        var rng = new Random(n * 31 + shape.Length);
        var keys = new Key[n];
        for (int i = 0; i < n; i++)
        {
            uint v = shape switch
            {
                "random" => (uint)rng.Next(),
                "few distinct" => (uint)rng.Next(4),
                "all equal" => 7,
                "sorted" => (uint)i,
                "reversed" => (uint)(n - i),
                "organ pipe" => (uint)Math.Min(i, n - i),
                _ => (uint)(i % 97),
            };
            // Vary every component, so that ties on the high half are broken by the low half.
            keys[i] = new Key(v, (uint)rng.Next(3), v ^ 0x5555u, (uint)rng.Next(2));
        }
        var expected = (Key[])keys.Clone();
        Array.Sort(expected);
        using var cts = new CancellationTokenSource(); // cancellable, so the introsort runs
        CancellableSort.Sort(keys, n, new StopSignal(cts.Token));
        Assert.Equal(expected, keys);
    }

    [Fact]
    public void Sorts_a_prefix_only()
    {
        var keys = new[] { new Key(3, 0, 0, 0), new Key(1, 0, 0, 0), new Key(2, 0, 0, 0), new Key(0, 0, 0, 0) };
        using var cts = new CancellationTokenSource();
        CancellableSort.Sort(keys, 3, new StopSignal(cts.Token));
        Assert.Equal([new Key(1, 0, 0, 0), new Key(2, 0, 0, 0), new Key(3, 0, 0, 0), new Key(0, 0, 0, 0)], keys);
    }

    [Fact]
    public void A_cancelled_token_stops_it()
    {
        var keys = Enumerable.Range(0, 100_000).Select(i => new Key((uint)(i * 7919 % 100_003), 0, 0, 0)).ToArray();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => CancellableSort.Sort(keys, keys.Length, new StopSignal(cts.Token)));
    }

    [Fact]
    public void A_passed_deadline_stops_it_with_a_timeout()
    {
        var keys = Enumerable.Range(0, 100_000).Select(i => new Key((uint)(i * 7919 % 100_003), 0, 0, 0)).ToArray();
        var stop = new StopSignal(CancellationToken.None, TimeSpan.FromTicks(1));
        Thread.Sleep(1);
        Assert.True(stop.CanStop);
        Assert.Throws<TimeoutException>(() => CancellableSort.Sort(keys, keys.Length, stop));
        Assert.False(StopSignal.None.CanStop);
        StopSignal.None.ThrowIfStopped(); // never throws
    }

    [Theory]
    [InlineData(0, 99)]
    [InlineData(5, 5)]
    [InlineData(3, 1000)]
    public void The_heapsort_fallback_sorts_its_range(int lo, int hi)
    {
        // Only reached when the quicksort recursion gets too deep (adversarial input), so it is
        // tested on its own: [lo, hi] sorted, the rest untouched.
        var rng = new Random(hi);
        var keys = Enumerable.Range(0, hi + 3).Select(_ => new Key((uint)rng.Next(50), (uint)rng.Next(3), 0, 0)).ToArray();
        var expected = (Key[])keys.Clone();
        Array.Sort(expected, lo, hi - lo + 1);
        CancellableSort.HeapSort(keys, lo, hi);
        Assert.Equal(expected, keys);
    }
}
