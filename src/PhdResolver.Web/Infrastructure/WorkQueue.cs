using System.Collections.Concurrent;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Heavy request work (SPARQL queries, descriptor validation) runs here, on a few dedicated
/// threads, not on the request threads: before, eight concurrent heavy queries occupied the
/// thread pool and even output-cached landing pages waited 20-30 s behind them. The queue is
/// bounded: when every worker is busy and <see cref="Backlog"/> requests already wait, the next
/// is refused at once with <see cref="WorkQueueFullException"/> (503 with Retry-After), so a
/// flood costs the server nothing but the refusals.
/// <para>The workers have <see cref="StackBytes"/> of stack (reserved address space, committed
/// only as used) as a defence in depth: the parsers bound their nesting, but a stack overflow
/// cannot be caught in .NET, so the work that walks client-supplied trees gets far more room than
/// a pool thread's 1.5 MB.</para>
/// </summary>
public sealed class WorkQueue : IDisposable
{
    /// <summary>Stack of each worker thread: 256 MB.</summary>
    public const int StackBytes = 256 * 1024 * 1024;

    private readonly BlockingCollection<WorkItem> _items;
    private readonly Thread[] _threads;

    /// <param name="workers">Threads running work; at least 1.</param>
    /// <param name="backlog">Work items that may wait for a worker; at least 1.</param>
    /// <param name="retryAfter">What a refusal advises the client to wait.</param>
    public WorkQueue(int workers, int backlog, TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(backlog, 1);
        Workers = workers;
        Backlog = backlog;
        RetryAfter = retryAfter;
        _items = new BlockingCollection<WorkItem>(new ConcurrentQueue<WorkItem>(), backlog);
        _threads = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Loop, StackBytes) { IsBackground = true, Name = "phd-work-" + i };
            _threads[i].Start();
        }
    }

    public int Workers { get; }

    public int Backlog { get; }

    public TimeSpan RetryAfter { get; }

    /// <summary>
    /// Runs <paramref name="work"/> on a worker and completes with its result or exception.
    /// Throws <see cref="WorkQueueFullException"/> at once if the backlog is full. Work whose
    /// token is cancelled while it waits is not started (the task is cancelled).
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        ct.ThrowIfCancellationRequested();
        var item = new WorkItem<T>(work, ct);
        if (!_items.TryAdd(item)) throw new WorkQueueFullException(this);
        return item.Task;
    }

    /// <summary>The scheduler niceness of the workers on Linux (0 = as the process, 19 = lowest).</summary>
    public const int WorkerNice = 10;

    private void Loop()
    {
        LowerPriority();
        try
        {
            foreach (var item in _items.GetConsumingEnumerable()) item.Execute();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting: the host is stopping.
        }
    }

    /// <summary>
    /// Heavy work yields the CPU to request threads. Measured (bench/timeout/landing.sh, 2 cores): with the
    /// workers at the request threads' priority, two CPU-bound queries took both cores, and a cached landing
    /// page's p99 went from 102 ms (queue idle) to 315 ms (queue full), though no request thread was blocked:
    /// the page waited for a core. At nice 10 (CFS weight 110 against 1024) a runnable request thread gets a
    /// core almost at once, and the workers still use every cycle nothing else wants. On Linux the nice value
    /// is per thread (setpriority on the thread id); elsewhere Thread.Priority does the same.
    /// </summary>
    private static void LowerPriority()
    {
        try
        {
            if (OperatingSystem.IsLinux()) _ = setpriority(PrioProcess, gettid(), WorkerNice);
            else Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            // A libc without gettid (older than glibc 2.30): the workers keep normal priority.
        }
    }

    private const int PrioProcess = 0;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int gettid();

    public void Dispose()
    {
        _items.CompleteAdding();
        // The threads are background threads: a long query does not hold up shutdown.
    }

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class WorkItem<T> : WorkItem
    {
        private readonly Func<CancellationToken, T> _work;
        private readonly CancellationToken _ct;
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;

        public WorkItem(Func<CancellationToken, T> work, CancellationToken ct)
        {
            _work = work;
            _ct = ct;
            // A request that is cancelled (timed out, client gone) while waiting is answered now, not when a worker frees up.
            _registration = ct.Register(static s => ((WorkItem<T>)s!)._tcs.TrySetCanceled(((WorkItem<T>)s!)._ct), this);
        }

        public Task<T> Task => _tcs.Task;

        public override void Execute()
        {
            _registration.Dispose();
            if (_tcs.Task.IsCompleted || _ct.IsCancellationRequested) { _tcs.TrySetCanceled(_ct); return; }
            try
            {
                _tcs.TrySetResult(_work(_ct));
            }
            catch (Exception e)
            {
                _tcs.TrySetException(e);
            }
        }
    }
}

/// <summary>Every worker is busy and the backlog is full: answered 503 with Retry-After.</summary>
public sealed class WorkQueueFullException(WorkQueue queue)
    : Exception($"the server is busy with {queue.Workers + queue.Backlog} heavy requests; try again in {(int)Math.Ceiling(queue.RetryAfter.TotalSeconds)} s")
{
    public TimeSpan RetryAfter { get; } = queue.RetryAfter;
}
