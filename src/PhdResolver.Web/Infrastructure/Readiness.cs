using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// <c>/readyz</c>: whether this process should get traffic now (a proxy or orchestrator routes by it), unlike
/// <c>/healthz</c>, which says only that it lives. Ready means the store's indexes are loaded (they are before
/// the server listens) and the search index holds every committed write: a rebuild after a crash or an upgrade
/// runs in the background, and until it ends searches would miss records. A replica on a shared database adds
/// "caught up with the change log" (RegistryService.NotInStep), and one with an external SPARQL store "the store's copy is
/// confirmed" (GraphStoreMirror.NotInStep). 503 with Retry-After and the reason while not ready.
/// </summary>
internal static class Readiness
{
    public const string Path = "/readyz";

    public static void Map(WebApplication app) => app.MapGet(Path, (RegistryHost host, StoreHost store, HttpContext ctx) =>
    {
        // An external SPARQL store (phd serve --sparql-store) that is not yet confirmed equal to the record (an initial
        // sync, a repair after a failed write) would answer /sparql from an older state.
        string? why = store.Mirror?.NotInStep ?? NotReady(host);
        if (why is not null)
        {
            ctx.Response.Headers.RetryAfter = "1";
            return Problems.Result(503, why, "Not ready");
        }
        return Representation.Send("{\"status\":\"ready\"}\n", "application/json; charset=utf-8", varyAccept: false,
            headers: r => r.Headers.CacheControl = "no-store");
    });

    /// <summary>Null when ready, else why not (for people: it is the problem's detail).</summary>
    public static string? NotReady(RegistryHost host)
    {
        var reg = host.Registry;
        if (reg.NotInStep is { } behind) return behind; // a replica not (yet) caught up with the change log
        return reg.SearchIndexReady.IsCompleted ? NotReady(rebuilding: false, reg.SearchGenerations) : NotReady(rebuilding: true, default);
    }

    /// <summary>The decision itself: a rebuild in progress, or an index behind the registry's committed generation.</summary>
    internal static string? NotReady(bool rebuilding, (long Committed, long Indexed) search) =>
        rebuilding ? "the search index is being rebuilt"
        : search.Committed == search.Indexed ? null
        : string.Create(CultureInfo.InvariantCulture, $"the search index is at generation {search.Indexed} of {search.Committed}");
}
