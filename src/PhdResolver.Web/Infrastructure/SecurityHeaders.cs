using Microsoft.AspNetCore.Http;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Headers on every response. The CSP allows only our own origin: no inline script or style, no
/// third-party hosts, no framing. JSON-LD data blocks need no allowance because they never run.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Header values built once: this runs on every response, cached ones included, where a
    // per-request closure and string conversions are a visible part of the cost.
    private static readonly Microsoft.Extensions.Primitives.StringValues Csp = ContentSecurityPolicy;
    private static readonly Microsoft.Extensions.Primitives.StringValues NoSniff = "nosniff";
    private static readonly Microsoft.Extensions.Primitives.StringValues Deny = "DENY";
    private static readonly Microsoft.Extensions.Primitives.StringValues Referrer = "strict-origin-when-cross-origin";
    private static readonly Microsoft.Extensions.Primitives.StringValues SameOrigin = "same-origin";
    private static readonly Microsoft.Extensions.Primitives.StringValues Permissions = "camera=(), microphone=(), geolocation=()";
    private static readonly Func<object, Task> OnStarting = static state =>
    {
        var h = ((HttpResponse)state).Headers;
        h.ContentSecurityPolicy = Csp;
        h.XContentTypeOptions = NoSniff;
        h.XFrameOptions = Deny;
        h["Referrer-Policy"] = Referrer;
        h["Cross-Origin-Opener-Policy"] = SameOrigin;
        h["Permissions-Policy"] = Permissions;
        return Task.CompletedTask;
    };

    public static Task Apply(HttpContext ctx, Func<Task> next)
    {
        ctx.Response.OnStarting(OnStarting, ctx.Response);
        return next();
    }
}

/// <summary>
/// HEAD works wherever GET does: the request is routed as a GET and the body the endpoint writes
/// is thrown away, so headers (Content-Type, Content-Length, ETag, Link) are exactly GET's.
/// </summary>
internal static class HeadRequests
{
    public static async Task Apply(HttpContext ctx, Func<Task> next)
    {
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await next();
            return;
        }
        ctx.Request.Method = HttpMethods.Get;
        var body = ctx.Response.Body;
        ctx.Response.Body = Stream.Null;
        try { await next(); }
        finally
        {
            ctx.Response.Body = body;
            ctx.Request.Method = HttpMethods.Head;
        }
    }
}

/// <summary>
/// Request size limit: a declared Content-Length over the limit is refused before anything is
/// read; bodies without one are cut off while read (Kestrel's limit, and <see cref="RequestBody"/>).
/// </summary>
internal static class BodyLimit
{
    public static Task Apply(HttpContext ctx, Func<Task> next, long limit)
    {
        if (ctx.Request.ContentLength is long n && n > limit)
            return Problems.WriteAsync(ctx, 413, $"the request body ({n} bytes) is larger than the limit of {limit} bytes");
        if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } f)
            f.MaxRequestBodySize = limit;
        return next();
    }
}

/// <summary>Reads request bodies with a hard size limit, whatever the server enforces.</summary>
internal static class RequestBody
{
    public static async Task<string> ReadTextAsync(HttpContext ctx, long limit)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) throw new PayloadTooLargeException(limit);
            buffer.Write(chunk, 0, read);
        }
        // UTF-8 per the media types we accept; a BOM is tolerated. Invalid bytes are refused with
        // their offset (InvalidUtf8Exception, a 400 by the error table), never replaced by U+FFFD (that would
        // store data the client did not send).
        return PhdResolver.Rdf.StrictUtf8.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
