using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using PhdResolver.Sparql;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Metrics on a Prometheus scrape endpoint (<see cref="MetricsPath"/>) and the log format. The metric list
/// (names as Prometheus shows them) is in src/PhdResolver.Web/README.md, "Metrics"; a test scrapes each.
/// <para>
/// Request rate and latency are ASP.NET Core's own histogram (<c>http.server.request.duration</c>: its count
/// is the rate), so no middleware of ours sits on the request path for them; ours are the output cache
/// lookups (<see cref="WebMetrics"/>), SPARQL timeouts (<see cref="SparqlMetrics"/>), /sparql outcomes and rows
/// (<see cref="Sparql.SparqlEndpointMetrics"/>) and the replica lag.
/// </para>
/// </summary>
internal static class Observability
{
    public const string MetricsPath = "/metrics";

    /// <summary>Meters exported: ASP.NET Core's hosting (request duration, active requests), Kestrel's
    /// (connections), rate limiting (rejections), ours and the engine's.</summary>
    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        WebMetrics.MeterName, SparqlMetrics.MeterName, Sparql.SparqlEndpointMetrics.MeterName,
    ];

    public static void Add(WebApplicationBuilder builder, WebOptions options)
    {
        builder.Services.AddSingleton<WebMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(Meters)
            // Every scrape sees the counts as they are (the exporter's default keeps a scrape's text for 300 ms).
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        builder.Logging.ClearProviders();
        // Every entry written inside a request carries its trace and span ids (W3C trace context, so a
        // traceparent from the proxy continues the trace): the JSON form puts them in its scopes.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (options.JsonLogs)
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        else
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            });
    }

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath);
}

/// <summary>The web service's own instruments, from the host's meter factory (one meter per app, so two test
/// servers in one process never add to each other's counts).</summary>
internal sealed class WebMetrics
{
    public const string MeterName = "PhdResolver.Web";

    private readonly Counter<long> _cacheLookups;

    public WebMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _cacheLookups = meter.CreateCounter<long>("phd.output_cache.lookups", unit: "{lookup}",
            description: "Output cache lookups, by result: hit, miss, or error (the shared cache failed; answered fresh)");
        // The embedded store is its own system of record, so it never lags. A replica reading a shared change log
        // reports how far behind it is here (seconds from a change's commit to its application).
        meter.CreateObservableGauge("phd.replica.lag", () => 0.0, unit: "s",
            description: "Seconds this process's indexes trail the system of record (0: embedded store)");
    }

    public void CacheLookup(string result) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", result));
}
