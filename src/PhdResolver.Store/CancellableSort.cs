namespace PhdResolver.Store;

/// <summary>
/// In-place introsort that checks a <see cref="StopSignal"/> once per partition step of a large
/// range. <see cref="Array.Sort{T}(T[], int, int)"/> cannot be interrupted, and sorting the
/// millions of changes of a large update takes hundreds of milliseconds: with this, a commit that
/// runs past its deadline stops within a few milliseconds (the largest uninterrupted step is one
/// partition pass). Same algorithm as the runtime's (median-of-three quicksort, insertion sort
/// for short ranges, heapsort when the recursion gets too deep), so the same O(n log n) bound.
/// With a signal that can never stop it is <see cref="Array.Sort{T}(T[], int, int)"/>.
/// </summary>
internal static class CancellableSort
{
    private const int InsertionSortMax = 16;
    private const int CheckAbove = 1 << 14; // a partition pass over 16 K keys takes ~0.1 ms

    public static void Sort<T>(T[] a, int count, StopSignal stop) where T : struct, IComparable<T>
    {
        if (!stop.CanStop)
        {
            Array.Sort(a, 0, count);
            return;
        }
        stop.ThrowIfStopped();
        if (count < 2) return;
        IntroSort(a, 0, count - 1, 2 * (System.Numerics.BitOperations.Log2((uint)count) + 1), stop);
    }

    private static void IntroSort<T>(T[] a, int lo, int hi, int depth, StopSignal stop) where T : struct, IComparable<T>
    {
        while (hi - lo >= InsertionSortMax)
        {
            if (hi - lo >= CheckAbove) stop.ThrowIfStopped();
            if (depth-- == 0)
            {
                HeapSort(a, lo, hi);
                return;
            }
            int p = Partition(a, lo, hi);
            // Recurse into the smaller side and loop on the larger: stack depth stays O(log n).
            if (p - lo < hi - p)
            {
                IntroSort(a, lo, p - 1, depth, stop);
                lo = p + 1;
            }
            else
            {
                IntroSort(a, p + 1, hi, depth, stop);
                hi = p - 1;
            }
        }
        InsertionSort(a, lo, hi);
    }

    private static int Partition<T>(T[] a, int lo, int hi) where T : struct, IComparable<T>
    {
        int mid = lo + ((hi - lo) >> 1);
        SwapIfGreater(a, lo, mid);
        SwapIfGreater(a, lo, hi);
        SwapIfGreater(a, mid, hi);
        T pivot = a[mid];
        Swap(a, mid, hi - 1);
        int i = lo, j = hi - 1;
        // Both scans stop at keys equal to the pivot, so runs of equal keys split evenly.
        while (i < j)
        {
            while (a[++i].CompareTo(pivot) < 0) { }
            while (pivot.CompareTo(a[--j]) < 0) { }
            if (i >= j) break;
            Swap(a, i, j);
        }
        if (i != hi - 1) Swap(a, i, hi - 1);
        return i;
    }

    private static void InsertionSort<T>(T[] a, int lo, int hi) where T : struct, IComparable<T>
    {
        for (int i = lo; i < hi; i++)
        {
            int j = i;
            T t = a[i + 1];
            while (j >= lo && t.CompareTo(a[j]) < 0)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = t;
        }
    }

    internal static void HeapSort<T>(T[] a, int lo, int hi) where T : struct, IComparable<T>
    {
        int n = hi - lo + 1;
        for (int i = n >> 1; i >= 1; i--) DownHeap(a, i, n, lo);
        for (int i = n; i > 1; i--)
        {
            Swap(a, lo, lo + i - 1);
            DownHeap(a, 1, i - 1, lo);
        }
    }

    private static void DownHeap<T>(T[] a, int i, int n, int lo) where T : struct, IComparable<T>
    {
        T d = a[lo + i - 1];
        while (i <= n >> 1)
        {
            int child = 2 * i;
            if (child < n && a[lo + child - 1].CompareTo(a[lo + child]) < 0) child++;
            if (!(d.CompareTo(a[lo + child - 1]) < 0)) break;
            a[lo + i - 1] = a[lo + child - 1];
            i = child;
        }
        a[lo + i - 1] = d;
    }

    private static void SwapIfGreater<T>(T[] a, int i, int j) where T : struct, IComparable<T>
    {
        if (a[i].CompareTo(a[j]) > 0) Swap(a, i, j);
    }

    private static void Swap<T>(T[] a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);
}
