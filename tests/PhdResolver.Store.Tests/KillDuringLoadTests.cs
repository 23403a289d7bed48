using System.Diagnostics;
using System.Text;

namespace PhdResolver.Store.Tests;

/// <summary>
/// <c>phd load</c> is one transaction: a kill -9 at any moment leaves all of the load or none.
/// Runs the real phd as a child process and kills it (SIGKILL) at several points.
/// </summary>
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

    [Theory]
    [InlineData("parsed", 0)]                 // after parsing, before SQLite
    [InlineData("sqlite: writing", 0)]        // as the SQLite transaction starts
    [InlineData("sqlite: writing", 150)]      // in the middle of the inserts
    [InlineData("sqlite: writing", 400)]
    [InlineData("index: building", 0)]        // quads written, the new index version being built
    [InlineData("sqlite: committing", 0)]     // around COMMIT itself
    [InlineData("done", 0)]                   // committed (the process may still be running)
    public void Kill_minus_9_leaves_all_or_nothing(string trigger, int delayMs)
    {
        using var tmp = new TempDir();
        var file = WriteBigFile(tmp.Path);
        var data = Path.Combine(tmp.Path, "data");
        using var seen = new ManualResetEventSlim();
        var log = new StringBuilder();
        using var p = StartLoad(file, data, line =>
        {
            lock (log) log.AppendLine(line);
            if (line.Contains(trigger, StringComparison.Ordinal)) seen.Set();
        });
        bool triggered = seen.Wait(TimeSpan.FromSeconds(120));
        if (delayMs > 0) Thread.Sleep(delayMs);
        bool killed = false;
        if (!p.HasExited)
        {
            p.Kill(); // SIGKILL: no finally blocks, no flush, no SQLite rollback
            killed = true;
        }
        p.WaitForExit();
        Assert.True(triggered, $"never saw '{trigger}'; stderr:\n{log}");

        long n = CountAfterReopen(data);
        Assert.True(n == 0 || n == Triples, $"half a load survived: {n} of {Triples} quads (killed: {killed})\n{log}");
        if (!killed) Assert.Equal(Triples, n);
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
