using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Output caching for landing pages: GET/HEAD only, never with credentials, only 200 answers,
/// varied by Accept and ?format=, tagged so a record change evicts exactly what it affects
/// (the "records" tag covers lists such as facility pages and the sitemap).
/// </summary>
internal sealed class LandingPageCachePolicy(TimeSpan duration) : IOutputCachePolicy
{
    public const string Name = "landing";
    public const string RecordsTag = "records";

    public static string TagFor(string canonicalPid) => "pid:" + canonicalPid;

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var req = context.HttpContext.Request;
        bool cacheable = (HttpMethods.IsGet(req.Method) || HttpMethods.IsHead(req.Method))
            && StringValues.IsNullOrEmpty(req.Headers.Authorization)
            && OnlyKnownParameters(req.Query);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = duration;
        context.CacheVaryByRules.HeaderNames = new StringValues(["Accept"]);
        // ?format= is the only parameter of a cached request (see OnlyKnownParameters).
        context.CacheVaryByRules.QueryKeys = new StringValues("format");
        context.Tags.Add(RecordsTag);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Only a bare URL or one with a short ?format= is cached. The cache has a size limit, and
    /// every distinct query string is a distinct entry: if arbitrary parameters were cached, a
    /// client varying ?x=1, ?x=2, ... would fill it and evict the real pages. Anything else
    /// (?q= filters, unknown parameters, ?nocache) is answered fresh, uncached.
    /// </summary>
    internal static bool OnlyKnownParameters(IQueryCollection query)
    {
        foreach (var (key, value) in query)
            if (key != "format" || value.Count != 1 || (value[0]?.Length ?? 0) > 40) return false;
        return true;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var res = context.HttpContext.Response;
        // Errors, redirects and anything with a cookie are never stored. 304s are answered per request.
        if (res.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(res.Headers.SetCookie))
            context.AllowCacheStorage = false;
        if (context.HttpContext.Items.TryGetValue(TagItem, out var tags) && tags is List<string> list)
            foreach (var t in list) context.Tags.Add(t);
        return ValueTask.CompletedTask;
    }

    /// <summary>Endpoints add record tags (known only after resolving) through HttpContext.Items.</summary>
    public const string TagItem = "phd.cache-tags";

    public static void AddTag(HttpContext ctx, string tag)
    {
        if (!ctx.Items.TryGetValue(TagItem, out var o) || o is not List<string> list)
            ctx.Items[TagItem] = list = [];
        list.Add(tag);
    }
}
