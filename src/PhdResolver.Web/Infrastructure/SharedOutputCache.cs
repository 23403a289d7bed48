using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Where the output cache lives. With <see cref="WebOptions.Redis"/> it is one Redis shared by every replica
/// (<c>Microsoft.AspNetCore.OutputCaching.StackExchangeRedis</c>): entries and their tags are Redis keys, so a
/// write's <c>EvictByTagAsync</c> on any replica removes the page for all of them. Without it, or when Redis
/// does not answer at start, each process keeps its own in-memory cache, as before.
/// <para>
/// Either store sits behind <see cref="MeteredCacheStore"/>, which counts hits and misses and turns a failing
/// shared cache into a miss: a Redis outage costs speed, never an error page.
/// </para>
/// </summary>
internal static class SharedOutputCache
{
    /// <summary>How long the start-up check waits for Redis before serving without it.</summary>
    private const int ConnectTimeoutMs = 2000;

    /// <summary>Registers the cache store; returns a warning to log once the app is built, or null.</summary>
    public static string? Add(IServiceCollection services, WebOptions options)
    {
        string? warning = null;
        if (options.Redis is { } endpoint)
        {
            var mux = TryConnect(endpoint, out string? why);
            if (mux is null)
                warning = $"Redis at {endpoint} is unreachable ({why}): serving with this process's own output cache; other replicas will not see this one's evictions";
            else
            {
                services.AddSingleton<IConnectionMultiplexer>(mux); // disposed with the host
                services.AddStackExchangeRedisOutputCache(o =>
                {
                    o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(mux);
                    o.InstanceName = "phd:";
                });
            }
        }
        Decorate(services);
        return warning;
    }

    /// <summary>Parses HOST:PORT (a bare host means Redis's port 6379); the message says what is wrong.</summary>
    public static bool TryParseEndpoint(string text, out string? error)
    {
        error = null;
        int colon = text.LastIndexOf(':');
        string host = colon < 0 ? text : text[..colon];
        if (host.Length == 0 || host.Any(char.IsWhiteSpace) || host.Contains('/'))
            error = $"not HOST:PORT: '{text}'";
        else if (colon >= 0 && (!int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535))
            error = $"the port of '{text}' is not a number from 1 to 65535";
        return error is null;
    }

    private static ConnectionMultiplexer? TryConnect(string endpoint, out string? why)
    {
        why = null;
        var config = new ConfigurationOptions
        {
            ConnectTimeout = ConnectTimeoutMs,
            SyncTimeout = ConnectTimeoutMs,
            AsyncTimeout = ConnectTimeoutMs,
            // Fail the start-up check instead of connecting in the background; once connected, a lost
            // connection is re-established by the multiplexer on its own.
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            ClientName = "phd",
        };
        config.EndPoints.Add(endpoint.Contains(':') ? endpoint : endpoint + ":6379");
        try
        {
            var mux = ConnectionMultiplexer.Connect(config, TextWriter.Null);
            mux.GetDatabase().Ping();
            return mux;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
        {
            why = e is RedisConnectionException ? "no connection" : e.GetType().Name;
            return null;
        }
    }

    /// <summary>Wraps whichever <see cref="IOutputCacheStore"/> is registered (the last registration wins).</summary>
    private static void Decorate(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IOutputCacheStore))
            ?? throw new InvalidOperationException("AddOutputCache must run before the cache store is decorated");
        services.RemoveAll<IOutputCacheStore>();
        services.AddSingleton<IOutputCacheStore>(sp => new MeteredCacheStore(Create(sp, inner), sp.GetRequiredService<WebMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("PhdResolver.Web.OutputCache")));
    }

    private static IOutputCacheStore Create(IServiceProvider sp, ServiceDescriptor d) =>
        (IOutputCacheStore)(d.ImplementationInstance
            ?? d.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));
}

/// <summary>
/// Counts every lookup (hit, miss, error) and absorbs the shared cache's failures: a failed read is a miss, a
/// failed write or eviction is logged (at most once a minute) and the request goes on. An eviction that fails
/// leaves other replicas' copies until they expire (<see cref="WebOptions.OutputCacheDuration"/>).
/// </summary>
internal sealed class MeteredCacheStore(IOutputCacheStore inner, WebMetrics metrics, ILogger logger) : IOutputCacheBufferStore
{
    private long _lastWarning = long.MinValue;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var value = await inner.GetAsync(key, cancellationToken);
            metrics.CacheLookup(value is null ? "miss" : "hit");
            return value;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed("read", e);
            metrics.CacheLookup("error");
            return null;
        }
    }

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (inner is not IOutputCacheBufferStore buffered)
        {
            var bytes = await GetAsync(key, cancellationToken);
            if (bytes is null) return false;
            await destination.WriteAsync(bytes, cancellationToken);
            return true;
        }
        try
        {
            bool hit = await buffered.TryGetAsync(key, destination, cancellationToken);
            metrics.CacheLookup(hit ? "hit" : "miss");
            return hit;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed("read", e);
            metrics.CacheLookup("error");
            return false;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try { await inner.SetAsync(key, value, tags, validFor, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { Failed("write", e); }
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try
        {
            if (inner is IOutputCacheBufferStore buffered) await buffered.SetAsync(key, value, tags, validFor, cancellationToken);
            else await inner.SetAsync(key, value.ToArray(), tags.ToArray(), validFor, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException) { Failed("write", e); }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        try { await inner.EvictByTagAsync(tag, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { Failed("evict", e); }
    }

    private void Failed(string what, Exception e)
    {
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref _lastWarning);
        if ((last != long.MinValue && now - last < 60_000) || Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        logger.LogWarning("output cache {Operation} failed ({Error}): answering without the cache", what, e.GetType().Name + ": " + e.Message);
    }
}
