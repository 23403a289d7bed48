using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// RFC 9457 problem details, the one shape every error answer takes. Written by hand (not via
/// IProblemDetailsService) so that no code path can ever add exception details or stack traces.
/// Browsers asking for HTML get the same fields as a small page.
/// </summary>
internal static class Problems
{
    public const string MediaType = "application/problem+json";

    public static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Authentication required",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        406 => "Not acceptable",
        408 => "Request timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        500 => "Internal server error",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => "Error",
    };

    /// <summary>An IResult for endpoints.</summary>
    public static IResult Result(int status, string? detail = null, string? title = null, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new ProblemResult(status, title ?? TitleFor(status), detail, extensions);

    public static Task WriteAsync(HttpContext ctx, int status, string? detail = null, string? title = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var r = ctx.Response;
        if (r.HasStarted) return Task.CompletedTask; // too late to change the status; the connection will be aborted by the caller
        r.StatusCode = status;
        // Errors are never cached, by the output cache or anyone else.
        r.Headers.CacheControl = "no-store";
        title ??= TitleFor(status);
        var json = Json(ctx, status, title, detail, extensions);
        if (PrefersHtml(ctx.Request.Headers.Accept.ToString()))
        {
            r.ContentType = "text/html; charset=utf-8";
            var html = Html.Page($"{status} {title}", sb =>
            {
                sb.Append("<h1>").Append(status).Append(' ').Append(Html.E(title)).Append("</h1>");
                if (detail is not null) sb.Append("<p class=\"detail\">").Append(Html.E(detail)).Append("</p>");
                sb.Append("<details><summary>Problem details (RFC 9457)</summary><pre>").Append(Html.E(json)).Append("</pre></details>");
            });
            return WriteBody(ctx, html);
        }
        r.ContentType = MediaType;
        return WriteBody(ctx, json);
    }

    private static Task WriteBody(HttpContext ctx, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        ctx.Response.ContentLength = bytes.Length;
        return ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).AsTask();
    }

    private static readonly IReadOnlyList<PhdResolver.Rdf.MediaFormat> ProblemOffer = [WebFormats.Problem, WebFormats.Html];

    /// <summary>HTML only for clients that rank it above JSON (browsers); API clients and curl get JSON.</summary>
    private static bool PrefersHtml(string accept)
    {
        var header = AcceptHeader.Parse(accept);
        return !header.IsEmpty && header.Choose(ProblemOffer) == WebFormats.Html;
    }

    private static string Json(HttpContext ctx, int status, string title, string? detail, IReadOnlyDictionary<string, object?>? extensions)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("type", "about:blank");
            w.WriteString("title", title);
            w.WriteNumber("status", status);
            if (detail is not null) w.WriteString("detail", detail);
            w.WriteString("instance", ctx.Request.Path.Value ?? "/");
            w.WriteString("traceId", ctx.TraceIdentifier);
            if (extensions is not null)
                foreach (var (k, v) in extensions)
                {
                    w.WritePropertyName(k);
                    JsonSerializer.Serialize(w, v, v?.GetType() ?? typeof(object));
                }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private sealed record ProblemResult(int Status, string Title, string? Detail, IReadOnlyDictionary<string, object?>? Extensions) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, Status, Detail, Title, Extensions);
    }
}

/// <summary>Thrown by body readers when a request body is larger than allowed; answered with 413.</summary>
internal sealed class PayloadTooLargeException(long limit)
    : Exception($"the request body is larger than the limit of {limit} bytes")
{
    public long Limit { get; } = limit;
}
