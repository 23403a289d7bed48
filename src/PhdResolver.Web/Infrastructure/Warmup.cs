using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// A replica warms itself before it listens (<see cref="WebOptions.Warmup"/>, <c>phd serve --no-warmup</c> turns it
/// off). A restarted process is cold: every method runs for the first time (JIT), Razor slices, the SPARQL parser,
/// the search index's readers and the serialisers load their types and fill their memos on the first request that
/// needs them. Under load that made a restarted replica's first answers take 3-4 s (bench/replicas), and nginx sends
/// a replica traffic as soon as it accepts connections: open-source nginx has no active health check or slow start,
/// it never asks /readyz. So the warm-up must be over before the socket is bound, which is why it sits in front of
/// the server (<see cref="WarmingServer"/>): the host hands the server its finished request pipeline, the warm-up
/// sends requests through that very pipeline in memory (the same middleware instances, the same output cache, rate
/// limiter and exception handler; no socket), then the real server starts listening.
/// <para>
/// The requests: the home page, one landing page of each PID level taken from the registry's own records (when
/// there are any), the configuration version as JSON-LD and Turtle, /search, the /sparql page and a small query,
/// and /ontology. Record pages carry <c>?nocache=1</c> so they are rendered even when a shared cache
/// (Redis) already holds them. The list is sent in rounds until <see cref="WebOptions.WarmupTime"/> is spent or
/// <see cref="Rounds"/> rounds are done. Never longer than the time limit (a request still running
/// then is left to finish on its own, and the phase line says so), and never failing the start: errors and 4xx/5xx
/// answers of the first round are one warning line.
/// </para>
/// </summary>
internal static class Warmup
{
    /// <summary>Rounds at most. The first pays for the JIT and the type loading; the second and third take the paths a
    /// repeated request takes (the home page from the output cache, memos already filled). Optimised (tier-1) code
    /// needs about 30 calls of a method, more with PGO, which a few rounds do not reach; more rounds were not measured.
    /// With 3, six first answers after the warm-up took 0.08-0.12 s in all, against 1.3-1.9 s without it
    /// (bench/replicas/README.md, "Warm-up").</summary>
    internal const int Rounds = 3;

    private const string Category = "PhdResolver.Web.Startup";

    /// <summary>Puts <see cref="WarmingServer"/> in front of the registered server (Kestrel, or a test's server).</summary>
    public static void Add(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IServer) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("warm-up: no server is registered to start after it");
        services.Remove(inner);
        // The server itself stays a container singleton under a key, so the container builds and disposes it as before.
        const string key = "phd.warmup.inner";
        if (inner.ImplementationInstance is { } instance) services.AddKeyedSingleton(typeof(IServer), key, instance);
        else if (inner.ImplementationFactory is { } factory) services.AddKeyedSingleton(typeof(IServer), key, (sp, _) => factory(sp));
        else services.AddKeyedSingleton(typeof(IServer), key, inner.ImplementationType!);
        services.AddSingleton<IServer>(sp => new WarmingServer(sp.GetRequiredKeyedService<IServer>(key), sp));
    }

    /// <summary>One warm-up request: a path (with its query) and what it asks for.</summary>
    internal readonly record struct Request(string Path, string Query, string Accept)
    {
        public override string ToString() => Accept == "text/html" ? Path + Query : Path + Query + " (" + Accept + ")";
    }

    /// <summary>What to ask for, from the registry's records (none: the fixed pages only). <paramref name="sparql"/> false:
    /// no SPARQL query (<see cref="StoreHost.AnswersSparql"/>: lean without a remote store answers it 501, there is no
    /// engine to warm, and the warning would cry wolf at every start).</summary>
    internal static List<Request> Requests(RegistryHost host, bool sparql)
    {
        const string html = "text/html", fresh = "?nocache=1";
        // Not /readyz: 503 is its right answer while a replica catches up, and it costs nothing cold.
        var list = new List<Request> { new("/", "", html) };
        var reg = host.Registry;
        if (reg.Facilities.FirstOrDefault(f => f.Tombstone is null) is { } facility) list.Add(new(Paths.Of(facility), fresh, html));
        if (reg.Models.FirstOrDefault(m => m.Tombstone is null) is { } model) list.Add(new(Paths.Of(model), fresh, html));
        // The first live instrument with a live configuration (bounded: a registry of withdrawn records is not searched through).
        foreach (var instance in reg.Instances.Where(i => i.Tombstone is null).Take(100))
        {
            var version = reg.GetVersions(instance.Pid).LastOrDefault(v => v.Tombstone is null);
            if (version is null) continue;
            list.Add(new(Paths.Of(instance), fresh, html));
            string path = Paths.Of(instance, version.Number);
            list.Add(new(path, fresh, html));
            list.Add(new(path, fresh, "application/ld+json"));
            list.Add(new(path, fresh, "text/turtle"));
            break;
        }
        list.Add(new("/search", "?q=microscope", html));
        list.Add(new("/sparql", "", html));
        if (sparql) list.Add(new("/sparql", "?query=" + Uri.EscapeDataString("SELECT * WHERE { ?s ?p ?o } LIMIT 5"), "application/sparql-results+json"));
        list.Add(new("/ontology", "", html));
        return list;
    }

    /// <summary>Sends <see cref="Requests"/> through <paramref name="app"/> in rounds, within the time limit; logs one
    /// start-up phase line, and one warning line if anything failed. Never throws but for <paramref name="stopping"/>.</summary>
    public static async Task RunAsync<TContext>(IHttpApplication<TContext> app, IServiceProvider services, CancellationToken stopping)
        where TContext : notnull
    {
        var options = services.GetRequiredService<WebOptions>();
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        int answered = 0, pages = 0, rounds = 0;
        bool outOfTime = false;
        string? unanswered = null;
        // RequestAborted of every warm-up request: cancelled at the limit (disposed at the end unless a request was left running).
        var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(options.WarmupTime);
        try
        {
            var requests = Requests(services.GetRequiredService<RegistryHost>(), services.GetRequiredService<StoreHost>().AnswersSparql);
            pages = requests.Count;
            string host = options.BaseUri.Authority;
            for (; rounds < Rounds && !outOfTime; rounds++)
            {
                foreach (var r in requests)
                {
                    var left = options.WarmupTime - clock.Elapsed;
                    if (left <= TimeSpan.Zero) { outOfTime = true; break; }
                    try
                    {
                        // WaitAsync bounds the wait even for code that ignores RequestAborted; such a request is left running.
                        int status = await Send(app, r, host, limit.Token).WaitAsync(left, stopping).ConfigureAwait(false);
                        answered++;
                        if (limit.IsCancellationRequested) { outOfTime = true; break; } // cut short by the limit: not the page's fault
                        if (status >= 400 && rounds == 0) failures.Add($"{r}: {status}");
                    }
                    catch (TimeoutException)
                    {
                        // Slow is not an error (a loaded machine): the request goes on warming in the background.
                        unanswered = r.ToString();
                        outOfTime = true;
                        break;
                    }
                    catch (Exception e) when (!stopping.IsCancellationRequested)
                    {
                        if (limit.IsCancellationRequested) { outOfTime = true; break; } // the limit cancelled it
                        if (rounds == 0) failures.Add($"{r}: {e.GetType().Name}: {OneLine(e.Message)}");
                    }
                }
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            failures.Add($"{e.GetType().Name}: {OneLine(e.Message)}"); // choosing the pages failed: the service starts cold
        }
        if (unanswered is null) limit.Dispose();
        options.StartupLog?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"warmed up: {answered} requests ({pages} pages, {rounds} round{(rounds == 1 ? "" : "s")}) in {clock.Elapsed.TotalSeconds:F1} s{(outOfTime ? $", stopped at the {Seconds(options.WarmupTime)} s limit" : "")}{(unanswered is null ? "" : $" ({unanswered} still running)")}"));
        if (failures.Count > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger(Category).LogWarning(
                "warm-up: {Count} request(s) failed; the service starts anyway, its first requests may be slow: {Failures}",
                failures.Count, string.Join("; ", failures));
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    /// <summary>One request through the host's pipeline, as a server would send it: context created from features,
    /// OnStarting callbacks before the first byte, OnCompleted after the end, context disposed. Returns the status.</summary>
    private static async Task<int> Send<TContext>(IHttpApplication<TContext> app, Request r, string host, CancellationToken aborted)
        where TContext : notnull
    {
        var request = new HttpRequestFeature
        {
            Protocol = "HTTP/1.1", Method = HttpMethods.Get, Scheme = "http", PathBase = "",
            Path = r.Path, QueryString = r.Query, RawTarget = r.Path + r.Query, Body = Stream.Null,
        };
        request.Headers.Host = host;
        request.Headers.Accept = r.Accept;
        var response = new Response();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response.BodyFeature);
        // No remote address: the rate limiter counts these under "local", never under a real client's address.
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature { ConnectionId = "warm-up" });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = aborted });
        var context = app.CreateContext(features);
        Exception? error = null;
        try
        {
            await app.ProcessRequestAsync(context).ConfigureAwait(false);
            await response.BodyFeature.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            await response.CompletedAsync().ConfigureAwait(false);
            app.DisposeContext(context, error);
        }
        return response.StatusCode;
    }

    /// <summary>The response side of a warm-up request: headers and status kept, the body counted and dropped.</summary>
    private sealed class Response : HttpResponseFeature
    {
        private List<(Func<object, Task> Callback, object State)>? _starting, _completed;
        private bool _started;

        public Response() => BodyFeature = new Body(this);

        public Body BodyFeature { get; }

        public override bool HasStarted => _started;

        public override void OnStarting(Func<object, Task> callback, object state)
        {
            if (_started) throw new InvalidOperationException("the response has started");
            (_starting ??= []).Add((callback, state));
        }

        public override void OnCompleted(Func<object, Task> callback, object state) => (_completed ??= []).Add((callback, state));

        /// <summary>Runs the OnStarting callbacks once, the last registered first (as Kestrel does).</summary>
        public async Task StartAsync()
        {
            if (_started) return;
            if (_starting is { } list)
                for (int i = list.Count - 1; i >= 0; i--) await list[i].Callback(list[i].State).ConfigureAwait(false);
            _started = true;
        }

        public async Task CompletedAsync()
        {
            if (_completed is { } list)
                for (int i = list.Count - 1; i >= 0; i--) await list[i].Callback(list[i].State).ConfigureAwait(false);
        }
    }

    /// <summary>The response body: the first write starts the response; the bytes go nowhere.</summary>
    private sealed class Body : PhdResolver.Rdf.WriteOnlyStream, IHttpResponseBodyFeature
    {
        private readonly Response _response;
        private PipeWriter? _writer;

        public Body(Response response) => _response = response;

        public Stream Stream => this;
        public PipeWriter Writer => _writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));
        public void DisableBuffering() { }
        public Task StartAsync(CancellationToken cancellationToken = default) => _response.StartAsync();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            SendFileFallback.SendFileAsync(this, path, offset, count, cancellationToken);

        public async Task CompleteAsync()
        {
            if (_writer is not null) await _writer.FlushAsync().ConfigureAwait(false);
            await _response.StartAsync().ConfigureAwait(false);
        }

        public override void Flush() => _response.StartAsync().GetAwaiter().GetResult();
        public override Task FlushAsync(CancellationToken cancellationToken) => _response.StartAsync();
        public override void Write(byte[] buffer, int offset, int count) => _response.StartAsync().GetAwaiter().GetResult();
        public override void Write(ReadOnlySpan<byte> buffer) => _response.StartAsync().GetAwaiter().GetResult();
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _response.StartAsync();
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => new(_response.StartAsync());
    }
}

/// <summary>
/// The registered server, started after the warm-up: the host calls <see cref="StartAsync{TContext}"/> with its
/// finished pipeline, which is what the warm-up needs and the earliest moment it exists.
/// </summary>
internal sealed class WarmingServer(IServer inner, IServiceProvider services) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
    {
        await Warmup.RunAsync(application, services, cancellationToken).ConfigureAwait(false);
        await inner.StartAsync(application, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    /// <summary>Nothing: the inner server is the container's singleton, disposed by it.</summary>
    public void Dispose() { }
}
