using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PhdResolver.Registry.Tokens;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Ontology;
using PhdResolver.Web.Records;
using PhdResolver.Web.Site;
using PhdResolver.Web.Sparql;

namespace PhdResolver.Web;

/// <summary>
/// Builds the resolver web application. `phd serve` calls it with Kestrel; tests call it with a
/// configure hook that swaps in the in-memory test server. All wiring lives here; endpoints are
/// mapped by one static class per area.
/// </summary>
public static class WebApp
{
    /// <summary>/search.</summary>
    public const string ExpensivePolicy = "expensive";

    /// <summary>/sparql: queries draw on the SPARQL budget, the query page and service description on the read budget.</summary>
    public const string SparqlPolicy = "sparql";

    /// <summary>Cheap reads that need a limit at all.</summary>
    public const string ReadPolicy = "reads";

    /// <summary>/api/validate (anonymous validation).</summary>
    public const string ValidatePolicy = "validate";

    /// <summary>The write API: per token for valid tokens, per client address otherwise.</summary>
    public const string WritePolicy = "writes";
    public const string CorsReads = "reads";

    /// <summary>Staff pages: page views on the read budget, form posts (sign-in attempts included) on the client's write budget.</summary>
    public const string StaffPolicy = "staff";

    public static WebApplication Build(WebOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.EnvironmentName,
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestLineSize = 16 * 1024;
        });
        Observability.Add(builder, options);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The key ring lives unencrypted in the data directory on purpose (it is as private as the database); no warning about it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var s = builder.Services;
        s.AddSingleton(options);
        s.AddSingleton<StoreHost>();
        s.AddSingleton(OntologyCatalog.Default);
        s.AddSingleton<ISitemapSource, StaticSitemapSource>();
        s.AddSingleton<RegistryHost>();
        s.AddSingleton(_ => new WorkQueue(options.HeavyWorkers, options.HeavyBacklog, TimeSpan.FromSeconds(5)));
        s.AddSingleton<ISitemapSource, RegistrySitemapSource>();
        s.AddSingleton<IHomeSection, FacilitiesHomeSection>();
        s.AddSingleton<Catalog.DumpService>();
        s.AddHostedService(sp => sp.GetRequiredService<Catalog.DumpService>());
        s.Configure<FormOptions>(f =>
        {
            f.ValueLengthLimit = (int)Math.Min(int.MaxValue, options.MaxRequestBodyBytes);
            f.MultipartBodyLengthLimit = options.MaxRequestBodyBytes;
        });
        s.AddRouting();
        Infrastructure.Auth.PhdAuth.Add(s, options);
        s.AddAntiforgery(a =>
        {
            // Staff forms only: the cookie goes to /staff alone, and the field has a plain name.
            a.Cookie.Name = "phd_csrf";
            a.Cookie.Path = Infrastructure.Auth.PhdAuth.StaffPath;
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            a.FormFieldName = "csrf";
            a.HeaderName = null;
            a.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends DENY on every response
        });
        s.AddSingleton<Infrastructure.Auth.SignInLinks>();
        s.AddSingleton(_ => new Staff.PreviewStash(options.Clock));
        s.AddResponseCompression(o =>
        {
            // Compressed over HTTPS too: BREACH needs a secret reflected next to attacker-chosen text, and
            // no public response carries one (token secrets are printed by the CLI only). The staff pages carry
            // CSRF tokens next to user text, so they are never compressed (see NoCompression below).
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = CompressedTypes;
        });
        // Fastest: pages are compressed per request (the output cache keeps them uncompressed).
        s.Configure<BrotliCompressionProviderOptions>(b => b.Level = System.IO.Compression.CompressionLevel.Fastest);
        s.Configure<GzipCompressionProviderOptions>(g => g.Level = System.IO.Compression.CompressionLevel.Fastest);
        s.AddOutputCache(o =>
        {
            o.AddPolicy(LandingPageCachePolicy.Name, new LandingPageCachePolicy(options.OutputCacheDuration));
            o.MaximumBodySize = 8 * 1024 * 1024;
            o.SizeLimit = options.OutputCacheBytes;
            // PIDs differ by case only in spelling: a non-canonical spelling must reach the resolver (301), not the cache.
            o.UseCaseSensitivePaths = true;
        });
        string? cacheWarning = SharedOutputCache.Add(s, options);
        s.AddCors(o => o.AddPolicy(CorsReads, p => p
            .AllowAnyOrigin()
            .WithMethods("GET", "HEAD", "POST", "OPTIONS")
            .WithHeaders("Accept", "Content-Type", "If-None-Match", "If-Modified-Since")
            .WithExposedHeaders("Link", "ETag", "Last-Modified", "Location", "Vary")));
        s.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.RateLimitWindow.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new ValueTask(Problems.WriteAsync(ctx.HttpContext, 429, "too many requests from this client; try again later"));
            };
            // Partition keys carry the policy name: each policy is a bucket of its own.
            o.AddPolicy(ExpensivePolicy, ctx => PerClient(ctx, ExpensivePolicy, options.ExpensivePermitsPerWindow, options.RateLimitWindow));
            o.AddPolicy(ReadPolicy, ctx => PerClient(ctx, ReadPolicy, options.ReadPermitsPerWindow, options.RateLimitWindow));
            o.AddPolicy(SparqlPolicy, ctx => IsSparqlQuery(ctx.Request)
                ? PerClient(ctx, SparqlPolicy, options.SparqlPermitsPerWindow, options.RateLimitWindow)
                : PerClient(ctx, ReadPolicy, options.ReadPermitsPerWindow, options.RateLimitWindow));
            o.AddPolicy(ValidatePolicy, ctx => PerClient(ctx, ValidatePolicy, options.ValidatePermitsPerWindow, options.RateLimitWindow));
            o.AddPolicy(WritePolicy, ctx => PerTokenOrClient(ctx, options.WritePermitsPerWindow, options.RateLimitWindow));
            o.AddPolicy(StaffPolicy, ctx => HttpMethods.IsPost(ctx.Request.Method)
                ? PerClient(ctx, WritePolicy, options.WritePermitsPerWindow, options.RateLimitWindow)
                : PerClient(ctx, ReadPolicy, options.ReadPermitsPerWindow, options.RateLimitWindow));
        });
        configure?.Invoke(builder);
        // After configure: whatever server a caller registered (Kestrel, a test's), the warm-up runs before it starts.
        if (options.Warmup) Warmup.Add(s);

        var app = builder.Build();
        if (cacheWarning is not null) app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PhdResolver.Web.Startup").LogWarning("{Warning}", cacheWarning);
        // Open the store now, so a locked or unreadable data directory fails the start, not the first request.
        app.Services.GetRequiredService<StoreHost>();
        var registry = app.Services.GetRequiredService<RegistryHost>();
        options.StartupLog?.Invoke($"registry: {registry.Registry.FacilityCount:N0} facilities, {registry.Registry.InstanceCount:N0} instances opened (a changed search index rebuilds in the background)");
        if (options.SeedDemoData) Demo.DemoSeed.SeedIfEmpty(registry.Registry);

        if (options.KnownProxies.Count > 0)
        {
            // Only the configured proxies: the defaults would trust loopback, and with no proxy
            // configured the middleware is not installed at all, so X-Forwarded-For is ignored.
            var fh = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            fh.KnownProxies.Clear();
            fh.KnownIPNetworks.Clear();
            foreach (var p in options.KnownProxies) fh.KnownProxies.Add(System.Net.IPAddress.Parse(p));
            app.UseForwardedHeaders(fh);
        }
        app.Use(SecurityHeaders.Apply);
        // Every unexpected error is logged with its stack trace; a transient storage error (the database restarting, a
        // lock held too long) is an expected answer, 503 with Retry-After, and gets one warning line instead (HandleException):
        // a PostgreSQL restart under load was dozens of "unhandled exception" errors with stack traces.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = HandleException,
            SuppressDiagnosticsCallback = c => c.Exception is Store.StoreException { IsTransient: true },
        });
        app.UseStatusCodePages(async ctx =>
        {
            // Fills empty error answers (routing's 404/405, the cache's, Kestrel's) with problem details.
            var r = ctx.HttpContext.Response;
            if (r.ContentLength is null or 0 && string.IsNullOrEmpty(r.ContentType))
                await Problems.WriteAsync(ctx.HttpContext, r.StatusCode);
        });
        app.Use(Infrastructure.Auth.PhdAuth.NoCompression);
        app.UseResponseCompression();
        app.Use(HeadRequests.Apply);
        app.Use((ctx, next) => BodyLimit.Apply(ctx, next, Api.BatchEndpoints.Handles(ctx) ? options.MaxBatchBodyBytes : options.MaxRequestBodyBytes));
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        // After the rate limiter (refused tokens spend their client's budget, as before), before the endpoints.
        app.UseAuthorization();
        app.UseOutputCache();

        StaticAssets.Map(app);
        Readiness.Map(app);
        Observability.Map(app);
        SiteEndpoints.Map(app);
        SparqlEndpoints.Map(app);
        OntologyEndpoints.Map(app);
        SearchEndpoints.Map(app);
        Api.ApiEndpoints.Map(app);
        Staff.StaffEndpoints.Map(app);
        Api.LifecycleEndpoints.Map(app);
        Api.BatchEndpoints.Map(app);
        Harvest.OaiPmh.Map(app);
        Catalog.CatalogEndpoints.Map(app);
        // Last: the catch-all PID route has the lowest precedence of all.
        RecordEndpoints.Map(app);
        return app;
    }

    /// <summary>Whether <paramref name="text"/> is a Redis endpoint for <see cref="WebOptions.Redis"/> (HOST:PORT or HOST);
    /// <paramref name="error"/> says what is wrong, for a one-line usage error.</summary>
    public static bool IsRedisEndpoint(string text, out string? error) => SharedOutputCache.TryParseEndpoint(text, out error);

    /// <summary>Text types: every page, RDF syntax, result format and problem document (binary dumps are gzip already).</summary>
    internal static readonly string[] CompressedTypes =
    [
        "text/html", "text/plain", "text/css", "text/javascript", "text/turtle", "text/csv", "text/tab-separated-values",
        "application/json", "application/problem+json", "application/ld+json", "application/xml", "application/rdf+xml",
        "application/n-triples", "application/n-quads", "application/trig", "application/sparql-results+json",
        "application/sparql-results+xml", "application/linkset", "application/linkset+json", "application/x-bibtex",
        "application/x-research-info-systems", "application/vnd.citationstyles.csl+json", "application/vnd.datacite.datacite+xml",
        "image/svg+xml",
    ];

    private static RateLimitPartition<string> PerClient(HttpContext ctx, string policy, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            policy + ":ip:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "local"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });

    /// <summary>A valid bearer token is its own partition (by token id, never the secret); anything
    /// else, missing and invalid tokens included, draws on the client address's partition.</summary>
    private static RateLimitPartition<string> PerTokenOrClient(HttpContext ctx, int permits, TimeSpan window)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && ctx.RequestServices.GetRequiredService<RegistryHost>().Registry.Authenticate(auth["Bearer ".Length..].Trim()) is { Result: TokenCheckResult.Valid, Token: { } token })
            return RateLimitPartition.GetFixedWindowLimiter(WritePolicy + ":token:" + token.Id,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
        return PerClient(ctx, WritePolicy, permits, window);
    }

    /// <summary>A /sparql request that carries a query (GET ?query= or any POST) rather than asking for the page.</summary>
    private static bool IsSparqlQuery(HttpRequest req) =>
        HttpMethods.IsPost(req.Method) || (req.Query.ContainsKey("query") && !req.Query.ContainsKey("edit"));

    /// <summary>Every error an endpoint lets through, answered from the one table (<see cref="Problems.Of"/>).</summary>
    private static Task HandleException(HttpContext ctx)
    {
        if (ctx.Features.Get<IExceptionHandlerFeature>()?.Error is not { } error) return Problems.WriteAsync(ctx, 500);
        if (error is Store.StoreException { IsTransient: true } transient)
            ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PhdResolver.Web.Storage")
                .LogWarning("{Method} {Path}: 503, storage unavailable for now: {Error}", ctx.Request.Method, ctx.Request.Path.Value, transient.Message);
        return Problems.For(error).WriteAsync(ctx);
    }
}
