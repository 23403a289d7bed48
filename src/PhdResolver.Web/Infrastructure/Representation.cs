using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Sends one representation with validators: a strong ETag from the bytes, Last-Modified when
/// the resource knows it, and conditional GET (If-None-Match first, then If-Modified-Since, as
/// RFC 9110 §13.2.2 orders them) answering 304.
/// </summary>
internal static class Representation
{
    public static IResult Send(string body, string contentType, DateTimeOffset? lastModified = null, bool varyAccept = true, Action<HttpResponse>? headers = null) =>
        new SendResult(Encoding.UTF8.GetBytes(body), contentType, lastModified, varyAccept, headers, 200);

    public static IResult Send(byte[] body, string contentType, DateTimeOffset? lastModified = null, bool varyAccept = true, Action<HttpResponse>? headers = null, int status = 200) =>
        new SendResult(body, contentType, lastModified, varyAccept, headers, status);

    /// <summary>Cache-Control of a representation whose endpoint sets none.</summary>
    public const string DefaultCacheControl = "public, max-age=60, must-revalidate";

    public static string ETagOf(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return "\"" + Convert.ToHexStringLower(hash[..12]) + "\"";
    }

    private sealed record SendResult(byte[] Body, string ContentType, DateTimeOffset? LastModified, bool VaryAccept, Action<HttpResponse>? Headers, int Status) : IResult
    {
        public Task ExecuteAsync(HttpContext ctx)
        {
            var res = ctx.Response;
            var req = ctx.Request;
            string etag = ETagOf(Body);
            if (VaryAccept) res.Headers.Vary = "Accept";
            Headers?.Invoke(res);
            // Every representation is cacheable unless the endpoint said otherwise: shared caches may keep
            // it briefly and must revalidate after (ETag/Last-Modified make that a 304), the same lifetime
            // order as the server's output cache, which a change evicts at once.
            if (string.IsNullOrEmpty(res.Headers.CacheControl)) res.Headers.CacheControl = DefaultCacheControl;
            if (Status == 200)
            {
                res.Headers.ETag = etag;
                if (LastModified is { } lm) res.Headers.LastModified = HeaderUtilities.FormatDate(Truncate(lm));
                if (NotModified(req, etag, LastModified))
                {
                    res.StatusCode = StatusCodes.Status304NotModified;
                    return Task.CompletedTask;
                }
            }
            res.StatusCode = Status;
            res.ContentType = ContentType;
            res.ContentLength = Body.Length;
            return res.Body.WriteAsync(Body, ctx.RequestAborted).AsTask();
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, TimeSpan.Zero);

    internal static bool NotModified(HttpRequest req, string etag, DateTimeOffset? lastModified)
    {
        if (!HttpMethods.IsGet(req.Method) && !HttpMethods.IsHead(req.Method)) return false;
        var inm = req.Headers.IfNoneMatch.ToString();
        if (!string.IsNullOrWhiteSpace(inm))
        {
            // Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
            foreach (var raw in inm.Split(','))
            {
                var t = raw.Trim();
                if (t == "*") return true;
                if (t.StartsWith("W/", StringComparison.Ordinal)) t = t[2..];
                if (t == etag) return true;
            }
            return false;
        }
        var ims = req.Headers.IfModifiedSince.ToString();
        if (lastModified is { } lm && !string.IsNullOrWhiteSpace(ims)
            && DateTimeOffset.TryParseExact(ims, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            return Truncate(lm) <= since;
        return false;
    }
}
