using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Web.Tests.Operations;

/// <summary>
/// The warm-up (<see cref="Infrastructure.Warmup"/>) on the real server (Kestrel on a loopback port): it sends
/// one request of each hot page kind through the app before the port accepts connections, logs one start-up
/// phase line, and a warm-up that throws or hangs is one warning line (or a note in that line) while the
/// service starts all the same.
/// </summary>
public sealed class WarmupTests
{
    [Fact]
    public async Task Every_page_kind_is_answered_in_memory_before_the_port_listens()
    {
        var seen = new Recorder();
        await using var s = await Server.Start(seen, o => o with { SeedDemoData = true });
        var line = Assert.Single(s.Phases, l => l.StartsWith("warmed up: ", StringComparison.Ordinal));
        Assert.Matches(@"^warmed up: \d+ requests \(\d+ pages, [1-9]\d* rounds?\) in \d+\.\d s$", line);
        Assert.DoesNotContain(s.Log.Lines, l => l.Contains("warm-up", StringComparison.Ordinal)); // every warm-up page answered
        var warm = seen.Before;
        Assert.NotEmpty(warm);
        Assert.All(warm, r => Assert.True(r.Status is >= 200 and < 300, $"{r.Path} ({r.Accept}) answered {r.Status}"));
        Assert.All(warm, r => Assert.False(r.PortOpen, $"{r.Path}: the port accepted a connection during the warm-up"));
        // One of each kind: the home page, a landing page per PID level (the demo has them all), RDF by conneg,
        // search, the SPARQL page and a query.
        Assert.Contains(warm, r => r.Path == "/" && r.Accept == "text/html");
        var pages = warm.Where(r => r.Accept == "text/html" && r.Query == "?nocache=1").Select(r => r.Path).Distinct().ToList();
        var reg = s.Registry;
        bool Single(string p) => p.IndexOf('/', 1) < 0; // one PID, not a concatenated path
        Assert.Contains(pages, p => Single(p) && reg.GetFacility(Pid.Parse(p[1..])) is not null);
        Assert.Contains(pages, p => Single(p) && reg.GetModel(Pid.Parse(p[1..])) is not null);
        var version = warm.First(r => r.Accept == "text/turtle").Path;
        Assert.Matches("/c[0-9]+$", version);
        Assert.Contains(version, pages);
        Assert.Contains(version[..version.LastIndexOf('/')], pages); // its instance
        Assert.Contains(warm, r => r.Path == version && r.Accept == "application/ld+json");
        Assert.Contains(warm, r => r.Path == "/search");
        Assert.Contains(warm, r => r.Path == "/sparql" && r.Query.StartsWith("?query=", StringComparison.Ordinal));
        // And the real server answers afterwards.
        using var home = await s.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(seen.After, r => r.Path == "/" && r.PortOpen);
    }

    [Fact]
    public async Task Lean_without_a_remote_store_asks_no_query_and_warns_of_nothing()
    {
        // /sparql?query= would be a 501 there (nothing answers SPARQL): no engine to warm, and no false alarm at each start.
        var seen = new Recorder();
        await using var s = await Server.Start(seen, o => o with { SeedDemoData = true, Lean = true });
        var warm = seen.Before;
        Assert.NotEmpty(warm);
        Assert.All(warm, r => Assert.True(r.Status is >= 200 and < 300, $"{r.Path}{r.Query} ({r.Accept}) answered {r.Status}"));
        Assert.DoesNotContain(warm, r => r.Path == "/sparql" && r.Query.StartsWith("?query=", StringComparison.Ordinal));
        Assert.Contains(warm, r => r.Path == "/sparql" && r.Query.Length == 0); // the query page reads no quads: still warmed
        Assert.DoesNotContain(s.Log.Lines, l => l.Contains("warm-up", StringComparison.Ordinal));
        // With a SPARQL service (indexes, or a remote store: StoreHost.AnswersSparql, checked in RemoteStoreTests) the query is asked.
        var host = s.Services.GetRequiredService<PhdResolver.Web.Records.RegistryHost>();
        Assert.Contains(Infrastructure.Warmup.Requests(host, sparql: true), r => r.Query.StartsWith("?query=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_warm_up_nothing_is_sent_before_listening()
    {
        var seen = new Recorder();
        await using var s = await Server.Start(seen, o => o with { SeedDemoData = true, Warmup = false });
        Assert.DoesNotContain(s.Phases, l => l.StartsWith("warmed up", StringComparison.Ordinal));
        Assert.Empty(seen.Before);
    }

    [Fact]
    public async Task A_failing_warm_up_is_one_warning_and_the_service_starts()
    {
        var seen = new Recorder { Fail = r => throw new InvalidOperationException("warm-up test failure\nsecond line") };
        await using var s = await Server.Start(seen, o => o with { SeedDemoData = true });
        Assert.Single(s.Phases, l => l.StartsWith("warmed up: ", StringComparison.Ordinal));
        var warning = Assert.Single(s.Log.Lines, l => l.StartsWith("warm-up: ", StringComparison.Ordinal));
        Assert.Contains("InvalidOperationException: warm-up test failure second line", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning);
        Assert.DoesNotContain("   at ", warning, StringComparison.Ordinal); // no stack trace
        using var home = await s.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task An_error_answer_during_the_warm_up_is_named_in_the_warning()
    {
        var seen = new Recorder { Fail = r => r.Path == "/sparql" ? 500 : null };
        await using var s = await Server.Start(seen, o => o);
        var warning = Assert.Single(s.Log.Lines, l => l.StartsWith("warm-up: ", StringComparison.Ordinal));
        Assert.Matches(@"^warm-up: 2 request\(s\) failed; .*/sparql: 500; /sparql\?query=.*: 500$", warning);
        using var page = await s.Client.GetAsync("/sparql");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_warm_up_request_that_never_answers_is_left_behind_at_the_time_limit()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Ignores RequestAborted on purpose: the limit must hold even for code that never looks at it.
        var seen = new Recorder { Hang = r => r.Path == "/" ? never.Task : null };
        await using var s = await Server.Start(seen, o => o with { WarmupTime = TimeSpan.FromSeconds(1) });
        try
        {
            var line = Assert.Single(s.Phases, l => l.StartsWith("warmed up: ", StringComparison.Ordinal));
            Assert.StartsWith("warmed up: 0 requests", line, StringComparison.Ordinal);
            Assert.EndsWith(", stopped at the 1 s limit (/ still running)", line, StringComparison.Ordinal);
            using var ready = await s.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            // Let the abandoned request end before the app is disposed under it (bounded wait, not a timing assertion).
            never.TrySetResult();
            for (int i = 0; i < 100 && !seen.Before.Any(r => r.Path == "/"); i++) await Task.Delay(100);
        }
    }

    /// <summary>What reached the app: each request with its answer, and whether the port accepted a connection then.</summary>
    private sealed class Recorder
    {
        private readonly List<Seen> _seen = [];
        public int Port { get; set; }
        public bool Started { get; set; }

        /// <summary>Before the start: throw, or return a status to answer instead of the app (null: the app answers).</summary>
        public Func<Seen, int?>? Fail { get; init; }

        /// <summary>Before the start: a task to wait for first (null: none).</summary>
        public Func<Seen, Task?>? Hang { get; init; }

        public IReadOnlyList<Seen> Before { get { lock (_seen) return [.. _seen.Where(s => !s.AfterStart)]; } }
        public IReadOnlyList<Seen> After { get { lock (_seen) return [.. _seen.Where(s => s.AfterStart)]; } }

        public async Task Record(HttpContext ctx, RequestDelegate next)
        {
            var s = new Seen(ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "", ctx.Request.Headers.Accept.ToString(), Started, PortOpen());
            try
            {
                if (!Started && Hang?.Invoke(s) is { } wait) await wait;
                if (!Started && Fail?.Invoke(s) is int status) ctx.Response.StatusCode = status;
                else await next(ctx);
            }
            finally { lock (_seen) _seen.Add(s with { Status = ctx.Response.StatusCode }); }
        }

        private bool PortOpen()
        {
            using var c = new TcpClient();
            try { c.Connect(IPAddress.Loopback, Port); return true; }
            catch (SocketException) { return false; }
        }
    }

    private sealed record Seen(string Path, string Query, string Accept, bool AfterStart, bool PortOpen, int Status = 0);

    private sealed class Server : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _dir;
        private readonly List<string> _phases;

        private Server(WebApplication app, string dir, List<string> phases, ListLogger log, int port)
        {
            _app = app;
            _dir = dir;
            _phases = phases;
            Log = log;
            Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        }

        public HttpClient Client { get; }
        public ListLogger Log { get; }
        public IServiceProvider Services => _app.Services;
        public PhdResolver.Registry.RegistryService Registry => _app.Services.GetRequiredService<PhdResolver.Web.Records.RegistryHost>().Registry;
        public IReadOnlyList<string> Phases { get { lock (_phases) return [.. _phases]; } }

        public static async Task<Server> Start(Recorder seen, Func<WebOptions, WebOptions> tweak)
        {
            int port = FreePort();
            seen.Port = port;
            var dir = Path.Combine(Path.GetTempPath(), "phd-warmup-" + Guid.NewGuid().ToString("N"));
            var phases = new List<string>();
            var log = new ListLogger();
            var options = tweak(new WebOptions
            {
                DataDirectory = dir, Urls = [$"http://127.0.0.1:{port}"], BaseUri = new Uri($"http://127.0.0.1:{port}/"), Warmup = true,
                WarmupTime = TimeSpan.FromSeconds(60), // a loaded test machine must not cut the warm-up short (the limit has its own test)
                StartupLog = l => { lock (phases) phases.Add(l); },
            });
            var app = WebApp.Build(options, b =>
            {
                b.Logging.AddProvider(log);
                b.Services.AddSingleton<IStartupFilter>(new RecordingFilter(seen));
            });
            await app.StartAsync();
            seen.Started = true;
            return new Server(app, dir, phases, log, port);
        }

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The recorder outside everything the app adds, so it sees what a server would send and get.</summary>
    private sealed class RecordingFilter(Recorder seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(seen.Record);
            next(app);
        };
    }
}
