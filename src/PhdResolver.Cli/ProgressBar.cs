using System.Diagnostics;
using System.Globalization;

namespace PhdResolver.Cli;

/// <summary>
/// Progress of a long command on standard error: on a terminal one line redrawn in place (a bar, count,
/// rate and ETA of the current stage, at most ten times a second); otherwise (a log, a pipe) a plain line
/// every few seconds and at the end of each stage, so logs stay readable. Thread-safe (stages may report
/// from worker threads).
/// </summary>
internal sealed class ProgressBar
{
    private const int Width = 30;
    private static readonly TimeSpan TerminalEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);

    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _stage;
    private TimeSpan _stageStart;
    private TimeSpan? _lastDraw; // null: nothing drawn in this stage yet
    private int _lastLength;

    public ProgressBar(TextWriter output, bool terminal)
    {
        _out = output;
        _terminal = terminal;
    }

    /// <summary>For standard error: a bar when it is a terminal.</summary>
    public static ProgressBar ForStandardError() => new(Console.Error, !Console.IsErrorRedirected);

    public void Report(string stage, int done, int total)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            if (stage != _stage)
            {
                if (_stage is not null && _terminal && _lastLength > 0) _out.WriteLine();
                _stage = stage;
                _stageStart = now;
                _lastDraw = null;
                _lastLength = 0;
            }
            bool last = done >= total;
            if (!last && _lastDraw is { } drawn && now - drawn < (_terminal ? TerminalEvery : LogEvery)) return;
            _lastDraw = now;
            string line = Line(stage, done, total, now - _stageStart);
            if (_terminal)
            {
                // \r and padding: the line is redrawn in place, shorter text leaves nothing behind.
                _out.Write("\r" + line.PadRight(_lastLength));
                _lastLength = line.Length;
                if (last)
                {
                    _out.WriteLine();
                    _lastLength = 0;
                }
            }
            else _out.WriteLine("phd: " + line);
            _out.Flush();
        }
    }

    /// <summary>Ends a bar left open (an error interrupted it), so the next message starts on its own line.</summary>
    public void Interrupt()
    {
        lock (_lock)
        {
            if (_terminal && _lastLength > 0) _out.WriteLine();
            _lastLength = 0;
        }
    }

    internal static string Line(string stage, int done, int total, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        double fraction = total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        int filled = (int)Math.Round(fraction * Width);
        double seconds = elapsed.TotalSeconds;
        double rate = seconds > 0 ? done / seconds : 0;
        string eta = done >= total ? $"{seconds.ToString("F1", c)} s" : rate > 0 ? "ETA " + Duration((total - done) / rate) : "ETA --";
        return string.Create(c, $"{stage,-11} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:F0}% {done:N0}/{total:N0}  {rate:N0}/s  {eta}");
    }

    private static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Ceiling(Math.Min(seconds, 359_999)));
        return t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}") : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }
}
