using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhdResolver.Registry;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests.Operations;

/// <summary>
/// <c>--redis</c>: two app instances (each its own data directory, registry and cache store object, as two
/// replicas are) share one real redis-server. A page one of them cached is served from Redis by the other,
/// and a write on one evicts it for both. The same steps without Redis show each keeping its own copy, so the
/// eviction test can fail for the reason it names.
/// </summary>
public sealed class SharedCacheTests(RedisServer redis) : IClassFixture<RedisServer>
{
    /// <summary>Cached responses carry <c>Age</c> (the output cache adds it when it serves a stored entry).</summary>
    private static async Task<bool> FromCache(TestHost h, string url)
    {
        using var r = await h.Client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        return r.Headers.Age is not null;
    }

    /// <summary>
    /// The output cache stores a response after sending it, so the next request can arrive before the page is in
    /// Redis (on a loaded machine it does): ask again until it is served from the cache, a bounded number of times.
    /// The outcome asserted is still "served from the shared cache", never a duration.
    /// </summary>
    private static async Task<bool> FromCacheOnceStored(TestHost h, string url)
    {
        for (int i = 0; i < 50; i++)
        {
            if (await FromCache(h, url)) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private static Registry.Records.FacilityRecord Write(TestHost h, string rrid) =>
        h.App.Services.GetRequiredService<RegistryHost>().Registry.RegisterFacility(new NewFacility { Rrid = rrid, Name = "Facility " + rrid }, "test");

    [Fact]
    public async Task A_write_on_one_replica_evicts_the_page_for_every_replica()
    {
        if (!redis.Require()) return;
        using var a = TestHost.Start(o => o with { Redis = redis.Endpoint });
        using var b = TestHost.Start(o => o with { Redis = redis.Endpoint });
        Assert.False(await FromCache(b, "/ontology"));
        Assert.True(await FromCacheOnceStored(b, "/ontology"));
        Assert.True(await FromCache(a, "/ontology")); // stored by b, served to a: one shared cache
        Write(a, "RRID:SCR_000101");
        Assert.False(await FromCache(b, "/ontology")); // a's eviction reached b
        Assert.True(await FromCacheOnceStored(b, "/ontology"));
    }

    [Fact]
    public async Task Without_redis_each_process_keeps_its_own_copy()
    {
        using var a = TestHost.Start();
        using var b = TestHost.Start();
        Assert.False(await FromCache(b, "/ontology"));
        Assert.True(await FromCache(b, "/ontology"));
        Assert.False(await FromCache(a, "/ontology"));
        Write(a, "RRID:SCR_000102");
        Assert.True(await FromCache(b, "/ontology")); // a's eviction cannot reach b's memory
    }

    [Fact]
    public async Task Redis_down_at_start_serves_with_the_local_cache_and_says_so_in_one_line()
    {
        var log = new ListLogger();
        int closed = RedisServer.FreePort();
        using var h = TestHost.Start(o => o with { Redis = "127.0.0.1:" + closed }, b => b.Logging.AddProvider(log));
        var warning = Assert.Single(log.Lines, l => l.Contains("Redis", StringComparison.Ordinal));
        Assert.Contains("127.0.0.1:" + closed, warning, StringComparison.Ordinal);
        Assert.Contains("unreachable", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning);
        Assert.False(await FromCache(h, "/ontology"));
        Assert.True(await FromCache(h, "/ontology")); // the in-process cache works
    }

    [Fact]
    public async Task Redis_stopping_while_serving_costs_the_cache_not_the_pages()
    {
        using var own = new RedisServer();
        if (!own.Require()) return;
        var log = new ListLogger();
        using var h = TestHost.Start(o => o with { Redis = own.Endpoint }, b => b.Logging.AddProvider(log));
        Assert.False(await FromCache(h, "/ontology"));
        Assert.True(await FromCache(h, "/ontology"));
        own.Dispose();
        using var r = await h.Client.GetAsync("/ontology");
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        // One warning, written inside the request: it carries the request's trace id.
        var (line, scopes) = Assert.Single(log.Entries, e => e.Line.Contains("output cache read failed", StringComparison.Ordinal));
        Assert.Matches("^[0-9a-f]{32}$", scopes.GetValueOrDefault("TraceId") ?? "");
        var written = Write(h, "RRID:SCR_000103"); // the eviction fails quietly; the write stands
        Assert.Contains(h.App.Services.GetRequiredService<RegistryHost>().Registry.Facilities, f => f.Pid == written.Pid);
    }

    [Theory]
    [InlineData("127.0.0.1:6379", true)]
    [InlineData("redis", true)]
    [InlineData("redis:0", false)]
    [InlineData("redis:70000", false)]
    [InlineData("redis:x", false)]
    [InlineData(":6379", false)]
    [InlineData("http://redis:6379", false)]
    public void Redis_endpoints_are_checked_before_start(string text, bool ok)
    {
        Assert.Equal(ok, WebApp.IsRedisEndpoint(text, out string? error));
        Assert.Equal(ok, error is null);
    }
}

/// <summary>Collects formatted log lines (message and exception text as a logger would print them) and the
/// scope values in force (the trace id the host adds to each request's entries).</summary>
internal sealed class ListLogger : ILoggerProvider, ILogger, ISupportExternalScope
{
    private readonly List<(string Line, Dictionary<string, string?> Scopes)> _entries = [];
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<string> Lines { get { lock (_entries) return [.. _entries.Select(e => e.Line)]; } }
    public IReadOnlyList<(string Line, Dictionary<string, string?> Scopes)> Entries { get { lock (_entries) return [.. _entries]; } }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => this;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var scopes = new Dictionary<string, string?>(StringComparer.Ordinal);
        _scopes?.ForEachScope((scope, d) =>
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                foreach (var (k, v) in pairs) d[k] = v?.ToString();
        }, scopes);
        lock (_entries) _entries.Add((formatter(state, exception) + (exception is null ? "" : " " + exception), scopes));
    }

    public void Dispose() { }
}
