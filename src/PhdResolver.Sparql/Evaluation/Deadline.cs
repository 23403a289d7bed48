using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>
/// The wall-clock deadline and cancellation of one query or update request, checked from the
/// evaluator's inner loops. <see cref="Tick"/> is a decrement and a compare; the clock is read
/// only when the countdown runs out, and the countdown adapts so that this happens about every
/// <see cref="CheckPeriodMs"/> ms whatever a tick costs: up to <see cref="MaxInterval"/> ticks
/// apart in hot scans (one clock read per ~10-20 us of work, as the fixed 1024 before), down to
/// every tick when each one is slow (an expensive FILTER per row, a slow caller), so the time
/// from the deadline to the exception stays around a millisecond instead of 1024 slow rows.
/// </summary>
internal sealed class Deadline
{
    /// <summary>Longest countdown: bounds the delay when a loop turns from cheap to expensive
    /// ticks (the first check after the change comes at most this many ticks later).</summary>
    public const int MaxInterval = 1024;

    public const int CheckPeriodMs = 1;

    private static readonly long s_period = Stopwatch.Frequency * CheckPeriodMs / 1000;

    private readonly CancellationToken _ct;
    private readonly long _at; // Stopwatch ticks; long.MaxValue = none
    private readonly bool _idle; // neither a deadline nor a cancellable token: nothing to check
    private int _countdown = 1;
    private int _interval = 1;
    private long _last;

    public Deadline(TimeSpan? timeout, CancellationToken ct)
    {
        _ct = ct;
        _last = Stopwatch.GetTimestamp();
        Timeout = timeout ?? TimeSpan.Zero;
        _at = timeout is { } t ? _last + (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        _idle = timeout is null && !ct.CanBeCanceled;
    }

    public TimeSpan Timeout { get; }

    public CancellationToken Cancellation => _ct;

    /// <summary>Cheap check for inner loops: one call per unit of work (a candidate quad, a row,
    /// a comparison).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tick()
    {
        if (--_countdown == 0) Check();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Check()
    {
        if (_idle) { _countdown = int.MaxValue; return; }
        long now = Stopwatch.GetTimestamp();
        Throw(now);
        long elapsed = now - _last;
        _last = now;
        if (elapsed < s_period / 2) { if (_interval < MaxInterval) _interval <<= 1; }
        else if (elapsed > s_period) _interval = (int)Math.Max(1, _interval * s_period / elapsed);
        _countdown = _interval;
    }

    public void CheckNow() => Throw(Stopwatch.GetTimestamp());

    /// <summary>The time left (null: no deadline); throws if the deadline has passed or the request was cancelled.</summary>
    public TimeSpan? Remaining()
    {
        long now = Stopwatch.GetTimestamp();
        Throw(now);
        return _at == long.MaxValue ? null : Stopwatch.GetElapsedTime(now, _at);
    }

    private void Throw(long now)
    {
        _ct.ThrowIfCancellationRequested();
        if (now > _at) throw new SparqlTimeoutException(Timeout);
    }
}
