using System.Diagnostics;
using System.Text;

namespace PhdResolver.Store.Tests;

/// <summary>
/// <c>phd load</c> is one transaction: a kill -9 at any moment leaves all of the load or none.
/// Runs the real phd as a child process and kills it (SIGKILL) at several points.
/// </summary>
[Trait("Category", "EndToEnd")]
public class KillDuringLoadTests
{
    private const int Triples = 300_000;

    private static string WriteBigFile(string dir)
    {
        var path = Path.Combine(dir, "big.nt");
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        for (int i = 0; i < Triples; i++)
        {
            if (i % 10 == 0) w.WriteLine($"_:n{i / 10} <http://example.org/p{i % 7}> \"v{i}\"@en .");
            else w.WriteLine($"<http://example.org/s{i / 5}> <http://example.org/p{i % 7}> \"{i}\"^^<http://www.w3.org/2001/XMLSchema#integer> .");
        }
        return path;
    }

    private static Process StartLoad(string file, string data, Action<string> onStderr)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "phd.dll"));
        foreach (var a in new[] { "load", file, "--data", data }) psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) onStderr(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.Start();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    private static long CountAfterReopen(string data)
    {
        if (!File.Exists(Path.Combine(data, QuadStore.DatabaseFileName))) return 0;
        using var store = QuadStore.Open(data);
        return store.OpenSnapshot().QuadCount;
    }

    /// <summary>
    /// Kills the load at a moment picked from its own progress (a log line, then optionally the WAL file reaching a
    /// size, i.e. part of the inserts written), never from a clock. What survives is then decided by what the log had
    /// said at the kill: before "sqlite: committing" nothing may survive (COMMIT had not started); once "done" was
    /// printed everything must; in between (COMMIT under way) either, but never part.
    /// </summary>
    [Theory]
    [InlineData("parsed", 0)]                       // after parsing, before SQLite
    [InlineData("sqlite: writing", 0)]              // as the SQLite transaction starts
    [InlineData("sqlite: writing", 1 << 20)]        // in the middle of the inserts: 1 MiB of them in the WAL
    [InlineData("sqlite: writing", 4 << 20)]        // later in the inserts (or the next phase, if the WAL stays smaller)
    [InlineData("index: building", 0)]              // quads written, the new index version being built
    [InlineData("sqlite: committing", 0)]           // around COMMIT itself
    [InlineData("done", 0)]                         // committed (the process may still be running)
    public void Kill_minus_9_leaves_all_or_nothing(string trigger, long walBytes)
    {
        using var tmp = new TempDir();
        var file = WriteBigFile(tmp.Path);
        var data = Path.Combine(tmp.Path, "data");
        using var seen = new ManualResetEventSlim();
        using var nextPhase = new ManualResetEventSlim();
        var log = new StringBuilder();
        using var p = StartLoad(file, data, line =>
        {
            lock (log) log.AppendLine(line);
            if (line.Contains(trigger, StringComparison.Ordinal)) seen.Set();
            if (line.Contains("index: building", StringComparison.Ordinal) || line.Contains("sqlite: committing", StringComparison.Ordinal)) nextPhase.Set();
        });
        bool triggered = seen.Wait(TimeSpan.FromSeconds(120));
        if (walBytes > 0)
        {
            var wal = Path.Combine(data, QuadStore.DatabaseFileName + "-wal");
            var spin = new SpinWait();
            while (!p.HasExited && !nextPhase.IsSet && (!File.Exists(wal) || new FileInfo(wal).Length < walBytes)) spin.SpinOnce();
        }
        bool killed = false;
        string said;
        lock (log)
        {
            if (!p.HasExited)
            {
                p.Kill(); // SIGKILL: no finally blocks, no flush, no SQLite rollback
                killed = true;
            }
            said = log.ToString(); // what the writer had reported when it was killed
        }
        p.WaitForExit();
        Assert.True(triggered, $"never saw '{trigger}'; stderr:\n{log}");

        long n = CountAfterReopen(data);
        Assert.True(n == 0 || n == Triples, $"half a load survived: {n} of {Triples} quads (killed: {killed})\n{log}");
        if (!killed || said.Contains("phd load: done", StringComparison.Ordinal))
            Assert.True(n == Triples, $"an acknowledged load is missing: {n} of {Triples} quads\n{said}");
        else if (!said.Contains("sqlite: committing", StringComparison.Ordinal))
            Assert.True(n == 0, $"killed before COMMIT began, yet {n} quads survived\n{said}");
    }

    [Fact]
    public void An_unkilled_load_loads_everything_and_a_second_load_adds_nothing()
    {
        using var tmp = new TempDir();
        var file = WriteBigFile(tmp.Path);
        var data = Path.Combine(tmp.Path, "data");
        for (int round = 0; round < 2; round++)
        {
            var log = new StringBuilder();
            using var p = StartLoad(file, data, line => { lock (log) log.AppendLine(line); });
            Assert.True(p.WaitForExit(180_000));
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, log.ToString());
        }
        // Blank nodes get fresh labels per load, so their quads are loaded twice; everything else once.
        Assert.Equal(Triples + Triples / 10, CountAfterReopen(data));
    }
}
