using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Records;
using PhdResolver.Web.Site;

namespace PhdResolver.Web.Catalog;

/// <summary>
/// Keeps the full N-Quads dump current: built at start and again a few seconds after the registry
/// changes (changes in a burst give one build), on a background thread, never on a request. The
/// registry writes it from one store snapshot to a temporary file renamed over the old one.
/// </summary>
internal sealed class DumpService : IHostedService, IDisposable
{
    public const string FileName = "phd-registry.nq.gz";
    public const string UrlPath = "/dumps/" + FileName;

    private readonly RegistryHost _host;
    private readonly string _path;
    private readonly TimeSpan _debounce;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private volatile DumpInfo? _current;

    public DumpService(RegistryHost host, WebOptions options)
    {
        _host = host;
        _debounce = options.DumpDelay;
        var dir = Path.Combine(options.DataDirectory, "dumps");
        Directory.CreateDirectory(dir);
        _path = Path.Combine(dir, FileName);
        // A file from an earlier run is not served: the store may have changed while stopped (rebuilt at start).
    }

    /// <summary>The dump as last written; null until the first build finished.</summary>
    public DumpInfo? Current => _current;

    /// <summary>Builds done so far (tests wait on it).</summary>
    public int Builds { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _host.Registry.Changed += OnChanged;
        _signal.Release();
        _loop = Task.Run(Loop, CancellationToken.None);
        return Task.CompletedTask;
    }

    private void OnChanged(RegistryChange change) => _signal.Release();

    private async Task Loop()
    {
        var ct = _stop.Token;
        try
        {
            while (true)
            {
                await _signal.WaitAsync(ct).ConfigureAwait(false);
                await Task.Delay(_debounce, ct).ConfigureAwait(false);
                while (_signal.CurrentCount > 0) await _signal.WaitAsync(ct).ConfigureAwait(false); // one build for the burst
                try
                {
                    _current = _host.Registry.WriteDump(_path);
                    Builds++;
                }
                catch (IOException) { /* disk trouble: keep serving the previous file, try on the next change */ }
                catch (UnauthorizedAccessException) { }
                catch (ObjectDisposedException) { return; }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _host.Registry.Changed -= OnChanged;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _signal.Dispose();
    }
}

/// <summary>/catalog (DCAT-3: HTML, Turtle, JSON-LD and the other RDF syntaxes) and the dump download.</summary>
internal static class CatalogEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/catalog", (HttpContext ctx, RegistryHost host, DumpService dumps, WebOptions o) =>
        {
            var mt = Conneg.Choose(ctx.Request, WebFormats.Record)?.MediaType;
            if (mt is null) return Conneg.NotAcceptable(WebFormats.Record);
            var dump = dumps.Current;
            var triples = host.Registry.CatalogGraph(dump, o.Origin + DumpService.UrlPath, o.Origin + "/sparql");
            if (mt == Conneg.Html) return Slices.Send(Page(host, dump));
            string body = mt == Conneg.JsonLd ? RdfOutput.WriteRecordJsonLd(triples.Select(t => new Quad(t.Subject, t.Predicate, t.Object)))
                : RdfOutput.Write(triples.Select(t => new Quad(t.Subject, t.Predicate, t.Object)), mt);
            return Representation.Send(Encoding.UTF8.GetBytes(body), Conneg.ContentType(mt));
        }).CacheOutput(LandingPageCachePolicy.Name).RequireCors(WebApp.CorsReads);

        app.MapGet(DumpService.UrlPath, (HttpContext ctx, DumpService dumps) =>
        {
            if (dumps.Current is not { } d)
            {
                ctx.Response.Headers.RetryAfter = "10";
                return Problems.Result(503, "the dump is being written; try again in a few seconds");
            }
            // Open first, then describe what was opened: a rebuild renames a new file over the path,
            // and this handle keeps reading the old one to its end (ETag and length stay consistent).
            var stream = new FileStream(d.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
            var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero);
            var etag = new EntityTagHeaderValue("\"" + stream.Length.ToString("x", CultureInfo.InvariantCulture) + "-" + modified.UtcTicks.ToString("x", CultureInfo.InvariantCulture) + "\"");
            ctx.Response.Headers.CacheControl = "public, max-age=300, must-revalidate";
            return Results.File(stream, "application/gzip", DumpService.FileName, modified, etag, enableRangeProcessing: true);
        }).RequireCors(WebApp.CorsReads);
    }

    /// <summary>The catalogue page (<c>Pages/CatalogPage.cshtml</c>): the dump, and one dataset per live facility.</summary>
    private static RazorSlices.RazorSlice Page(RegistryHost host, DumpInfo? dump) => Pages.CatalogPage.Create(new CatalogPageModel(dump,
        [.. host.Registry.Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new CatalogPageModel.Dataset(f.Name, Registry.Resolution.Paths.Of(f)))]));
}

/// <summary>The model of <c>Pages/CatalogPage.cshtml</c>.</summary>
public sealed record CatalogPageModel(DumpInfo? Dump, IReadOnlyList<CatalogPageModel.Dataset> Facilities)
{
    /// <summary>A facility's dataset: its name and landing page.</summary>
    public sealed record Dataset(string Name, string Path);

}
