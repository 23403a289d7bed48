using System.Diagnostics;
using System.Text;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>The real `phd` executable (phd.dll built next to the tests) as a child process; killed on dispose.</summary>
internal sealed class PhdChild : IDisposable
{
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();

    private PhdChild(Process p) => Process = p;

    public Process Process { get; }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    /// <summary>
    /// Waits until `phd serve` answers /healthz (90 s at most: a loaded CI machine starts slowly); fails at once if the
    /// process ended. In the remote mode (<see cref="RemoteMode"/>) it waits for /readyz instead: the store's copy must
    /// be confirmed (the initial sync, or the repair after writes made with the server stopped) before /sparql answers
    /// the record's state, and a proxy would route no traffic before that either.
    /// </summary>
    public async Task WaitHealthy(HttpClient http)
    {
        string probe = RemoteMode.On ? "readyz" : "healthz";
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (Process.HasExited) Assert.Fail($"phd serve exited with {Process.ExitCode}: {Stderr}");
            try
            {
                using var r = await http.GetAsync(probe);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { } // one slow probe while the server starts: ask again
            if (DateTime.UtcNow > deadline) Assert.Fail($"phd serve did not answer /{probe} in 90 s: " + Stderr);
            await Task.Delay(200);
        }
    }

    /// <summary>`phd serve --no-demo` on <paramref name="dir"/> at a free 127.0.0.1 port, healthy, with a client for it.</summary>
    public static async Task<(PhdChild Server, HttpClient Http)> Serve(string dir, TimeSpan requestTimeout)
    {
        string origin = "http://127.0.0.1:" + Paths.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var server = Start("serve", "--data", dir, "--urls", origin, "--no-demo");
        var http = new HttpClient { BaseAddress = new Uri(origin + "/"), Timeout = requestTimeout };
        await server.WaitHealthy(http);
        return (server, http);
    }

    /// <summary>`phd ARGS...`; in the remote mode `phd serve` also gets its directory's store (<see cref="RemoteMode.ServeArguments"/>).</summary>
    public static PhdChild Start(params string[] args)
    {
        var given = args;
        args = RemoteMode.ServeArguments(args);
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "phd.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (!ReferenceEquals(args, given)) psi.Environment[PhdResolver.Sparql.Remote.RemoteStoreOptions.CredentialsVariable] = RemoteMode.Credentials;
        var p = Process.Start(psi) ?? throw new InvalidOperationException("phd did not start");
        var c = new PhdChild(p);
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (c._stderr) c._stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (c._stdout) c._stdout.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return c;
    }

    /// <summary>SIGKILL: no shutdown code runs (Process.Kill sends SIGKILL on Unix).</summary>
    public void KillHard()
    {
        try { if (!Process.HasExited) Process.Kill(entireProcessTree: false); } catch (InvalidOperationException) { }
        Process.WaitForExit(30_000);
    }

    public void Dispose()
    {
        KillHard();
        Process.Dispose();
    }
}
