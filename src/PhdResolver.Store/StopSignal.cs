using System.Diagnostics;

namespace PhdResolver.Store;

/// <summary>
/// When a long store operation (a commit) should stop: a cancellation token, a wall-clock
/// deadline, or both. The deadline is read from the clock at each check, not set on a timer: a
/// timer callback can fire hundreds of milliseconds late while the index sorts keep every core
/// busy, which is exactly when a commit runs long.
/// </summary>
public readonly struct StopSignal
{
    private readonly CancellationToken _token;
    private readonly long _deadline; // Stopwatch timestamp; 0 = none
    private readonly TimeSpan _timeout;

    public StopSignal(CancellationToken token, TimeSpan? timeout = null)
    {
        _token = token;
        if (timeout is { } t)
        {
            _timeout = t;
            _deadline = Stopwatch.GetTimestamp() + Math.Max(1, (long)(t.TotalSeconds * Stopwatch.Frequency));
        }
    }

    /// <summary>Never stops.</summary>
    public static StopSignal None => default;

    /// <summary>Whether checks can ever throw (if not, callers may take uninterruptible fast paths).</summary>
    public bool CanStop => _token.CanBeCanceled || _deadline != 0;

    /// <summary>Throws <see cref="OperationCanceledException"/> if the token fired, or
    /// <see cref="TimeoutException"/> if the deadline has passed.</summary>
    public void ThrowIfStopped()
    {
        _token.ThrowIfCancellationRequested();
        if (_deadline != 0 && Stopwatch.GetTimestamp() > _deadline)
            throw new TimeoutException($"the operation ran longer than its timeout of {_timeout.TotalSeconds:0.###} s");
    }
}
