namespace PhdResolver.Store;

/// <summary>Set operations and searches over sorted, duplicate-free key arrays.</summary>
internal static class SortedKeys
{
    public static readonly Key[] Empty = [];

    /// <summary>First index whose key is &gt;= <paramref name="k"/>.</summary>
    public static int LowerBound(Key[] a, Key k) => LowerBound(a, k, 0, a.Length);

    /// <summary>First index in [<paramref name="lo"/>, <paramref name="hi"/>) whose key is &gt;= <paramref name="k"/> (hi if none).</summary>
    public static int LowerBound(Key[] a, Key k, int lo, int hi)
    {
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (a[mid] < k) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>First index whose key is &gt; <paramref name="k"/>.</summary>
    public static int UpperBound(Key[] a, Key k) => UpperBound(a, k, 0, a.Length);

    /// <summary>First index in [<paramref name="lo"/>, <paramref name="hi"/>) whose key is &gt; <paramref name="k"/> (hi if none).</summary>
    public static int UpperBound(Key[] a, Key k, int lo, int hi)
    {
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (a[mid] <= k) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public static bool Contains(Key[] a, Key k)
    {
        int i = LowerBound(a, k);
        return i < a.Length && a[i] == k;
    }

    public static Key[] Union(Key[] a, Key[] b, StopSignal stop = default)
    {
        if (b.Length == 0) return a;
        if (a.Length == 0) return b;
        var r = new Key[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if ((n & 0xFFFF) == 0) stop.ThrowIfStopped(); // merging a large base: ~1 ms per check
            int c = a[i].CompareTo(b[j]);
            if (c < 0) r[n++] = a[i++];
            else if (c > 0) r[n++] = b[j++];
            else { r[n++] = a[i++]; j++; }
        }
        while (i < a.Length) r[n++] = a[i++];
        while (j < b.Length) r[n++] = b[j++];
        if (n != r.Length) Array.Resize(ref r, n);
        return r;
    }

    /// <summary>a minus b.</summary>
    public static Key[] Except(Key[] a, Key[] b, StopSignal stop = default)
    {
        if (a.Length == 0 || b.Length == 0) return a;
        var r = new Key[a.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length)
        {
            if ((i & 0xFFFF) == 0) stop.ThrowIfStopped();
            while (j < b.Length && b[j] < a[i]) j++;
            if (j < b.Length && b[j] == a[i]) { i++; continue; }
            r[n++] = a[i++];
        }
        if (n == a.Length) return a;
        Array.Resize(ref r, n);
        return r;
    }

    public static bool IsSortedDistinct(Key[] a)
    {
        for (int i = 1; i < a.Length; i++)
            if (!(a[i - 1] < a[i])) return false;
        return true;
    }

    /// <summary>Sorts in place and drops duplicates; returns the distinct count.</summary>
    public static int SortDistinct(Key[] a, int count, StopSignal stop = default)
    {
        if (count <= 1) return count;
        CancellableSort.Sort(a, count, stop);
        int n = 1;
        for (int i = 1; i < count; i++)
            if (a[i] != a[n - 1]) a[n++] = a[i];
        return n;
    }
}
