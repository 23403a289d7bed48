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
/// "caught up with the change log" here. 503 with Retry-After and the reason while not ready.
/// </summary>
internal static class Readiness
{
    public const string Path = "/readyz";

    public static void Map(WebApplication app) => app.MapGet(Path, (RegistryHost host, HttpContext ctx) =>
    {
        string? why = NotReady(host);
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
        if (!reg.SearchIndexReady.IsCompleted) return "the search index is being rebuilt";
        var (committed, indexed) = reg.SearchGenerations;
        return committed == indexed ? null
            : string.Create(CultureInfo.InvariantCulture, $"the search index is at generation {indexed} of {committed}");
    }
}
