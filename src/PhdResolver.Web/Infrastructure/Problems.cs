using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Search;
using PhdResolver.Shacl;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

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
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => "Error",
    };

    /// <summary>
    /// THE table from the typed errors of every library to what the client is told: status, title, detail and
    /// extensions. Endpoints let these errors reach the exception handler (<see cref="WebApp"/>), or, where they
    /// must answer themselves (the SPARQL protocol counts outcomes), ask this table; none maps a type of its own.
    /// Null for anything else: a fault of ours, answered 500 without its message (it may carry paths or data).
    /// Decided by type and kind only, never by message text.
    /// </summary>
    public static Problem? Of(Exception error) => error switch
    {
        // Syntax, with the position a person needs to fix it.
        SparqlSyntaxException e => new(400, "Malformed query", "SPARQL syntax error: " + e.Message, Position(e)),
        SyntaxException e => new(400, "Syntax error", "the document could not be parsed: " + e.Message, Position(e)),
        // Request bodies are the only JSON we read (System.Text.Json's message ends in its own path notation).
        JsonException e => new(400, "Malformed JSON", "malformed JSON: " + e.Message.Split(" Path:", 2)[0] + (e.LineNumber is long l ? $" (line {l + 1})" : "")),
        InvalidUtf8Exception e => new(400, "Bad request", "the request body is not valid UTF-8: " + e.Message),
        PidFormatException e => new(400, "Malformed identifier", e.Message),
        SearchQueryException e => new(400, "Search not understood", e.Message),
        // SPARQL evaluation: timeout, operator limits, features refused by policy, results a syntax cannot carry.
        SparqlTimeoutException e => new(503, "Query timeout", e.Message + "; simplify the query or add a LIMIT"),
        ResultSyntaxException e => new(406, "Result not representable", e.Message),
        SparqlLimitException e => new(422, "Result limit exceeded", e.Message + "; add a LIMIT or narrow the query"),
        Sparql.RowLimitException e => new(422, "Result limit exceeded", e.Message, new Dictionary<string, object?> { ["rowLimit"] = e.Cap }),
        // SERVICE and LOAD end here: the public endpoint calls no other hosts and reads no files.
        SparqlRefusedException e => new(403, "Query refused", e.Message),
        // phd serve --sparql-store: the external store is down (503, come back) or answered badly (502); the message names it.
        PhdResolver.Sparql.Remote.RemoteStoreException e => new(e.Status, e.Status == 503 ? "SPARQL store unavailable" : TitleFor(e.Status), e.Message,
            RetryAfter: e.Status == 503 ? TimeSpan.FromSeconds(5) : null),
        SparqlEvaluationException e => new(400, "Query refused", e.Message),
        // Registry refusals, by kind.
        BatchRecordException e => BatchRefused(e),
        RegistryException { Subjects.Count: > 0 } e => new(422, "Descriptor rejected", e.Message + ": " + string.Join(", ", e.Subjects),
            new Dictionary<string, object?> { ["subjects"] = e.Subjects }),
        RegistryException e => new(StatusOf(e.Kind), TitleFor(StatusOf(e.Kind)), e.Message, e.Field is null ? null : new Dictionary<string, object?> { ["field"] = e.Field }),
        MmaImportException e => new(422, "Unprocessable content", "the Micro-Meta App file could not be imported: " + e.Message),
        // Data nested beyond the validator's limits (ShaclLimits): a property of the input, not a server fault.
        ShaclException e => new(422, "Unprocessable content", "the descriptor cannot be validated: " + e.Message),
        // Storage: the message names files, so it is not passed on; the kind says whether to come back.
        // A store without query indexes (phd serve --lean) has no SPARQL of its own: a fact of the deployment, not a fault.
        StoreException { Kind: StoreErrorKind.NoQueryIndexes } e => new(501, "Not implemented", e.Message),
        StoreException { IsTransient: true } => new(503, "Storage unavailable", "the data store is busy or unavailable; nothing was changed. Try again shortly", RetryAfter: TimeSpan.FromSeconds(5)),
        StoreException e => new(503, "Storage unavailable", e.Kind == StoreErrorKind.Full
            ? "the data store is full; nothing was changed. The operator has been told in the server log"
            : "the data store cannot be used now; nothing was changed. The operator has been told in the server log"),
        // The web layer's own.
        WorkQueueFullException e => new(503, "Server busy", e.Message, RetryAfter: e.RetryAfter),
        PayloadTooLargeException e => new(413, TitleFor(413), e.Message),
        Api.ApiException e => new(e.Status, TitleFor(e.Status), e.Message),
        Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => new(400, "CSRF check failed", "the form's CSRF token is missing or invalid; reload the page and submit it again. Nothing was done"),
        BadHttpRequestException e => new(e.StatusCode, TitleFor(e.StatusCode), e.StatusCode == 413 ? "the request body is too large" : "the request could not be read"),
        InvalidDataException => new(400, "Bad request", "the request body could not be read (malformed or too large form data)"),
        OperationCanceledException => new(503, TitleFor(503), "the request was cancelled"),
        _ => null,
    };

    /// <summary>The status of a registry refusal.</summary>
    public static int StatusOf(RegistryErrorKind kind) => kind switch
    {
        RegistryErrorKind.NotFound => 404,
        RegistryErrorKind.Conflict => 409,
        RegistryErrorKind.Gone => 410,
        _ => 422,
    };

    private static Dictionary<string, object?>? Position(SyntaxException e)
    {
        if (e.Line > 0) return new() { ["line"] = e.Line, ["column"] = e.Column };
        if (e.JsonPath is not null) return new() { ["jsonPath"] = e.JsonPath };
        return null;
    }

    /// <summary>A refused batch: the record's position (and line), its reason, and what the single write API would add (field, subjects, SHACL report).</summary>
    private static Problem BatchRefused(BatchRecordException e)
    {
        var ext = new Dictionary<string, object?> { ["position"] = e.Position, ["index"] = e.Index };
        // An NDJSON batch names its records "line N" (a folder or archive by file name): the line as a number too.
        if (e.Position.StartsWith("line ", StringComparison.Ordinal) && int.TryParse(e.Position.AsSpan(5), out int line)) ext["line"] = line;
        if (e.Field is not null) ext["field"] = e.Field;
        if (e.Subjects.Count > 0) ext["subjects"] = e.Subjects;
        if (e.Report is { } r)
        {
            ext["conformsAt"] = r.ConformsAt;
            ext["report"] = Api.ApiEndpoints.Report(r.Violations);
        }
        int status = e.InnerException is SyntaxException or JsonException ? 400 : StatusOf(e.Kind);
        return new(status, "Batch refused", e.Message, ext);
    }

    /// <summary>The problem for <paramref name="error"/> from <see cref="Of"/>, or a 500 that says nothing of it.</summary>
    public static Problem For(Exception error) =>
        Of(error) ?? new(500, TitleFor(500), "an unexpected error occurred; the trace id identifies it in the server log");

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
            return WritePage(ctx, Pages.Problem.Create(new ProblemPage(status, title, detail, json)));
        }
        r.ContentType = MediaType;
        return WriteBody(ctx, json);
    }

    private static async Task WritePage(HttpContext ctx, RazorSlices.RazorSlice page)
    {
        byte[] bytes;
        using (page) bytes = await Slices.RenderAsync(page, ctx.RequestAborted);
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
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

/// <summary>The HTML form of a problem (<c>Pages/Problem.cshtml</c>): the same fields, and the JSON itself.</summary>
public sealed record ProblemPage(int Status, string Title, string? Detail, string Json);

/// <summary>One answer of the error table (<see cref="Problems.Of"/>).</summary>
internal sealed record Problem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, object?>? Extensions = null, TimeSpan? RetryAfter = null)
{
    public IResult ToResult() => new Answer(this);

    public Task WriteAsync(HttpContext ctx)
    {
        if (RetryAfter is { } wait && !ctx.Response.HasStarted)
            ctx.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(ctx, Status, Detail, Title, Extensions);
    }

    private sealed record Answer(Problem Problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Problem.WriteAsync(httpContext);
    }
}

/// <summary>Thrown by body readers when a request body is larger than allowed; answered with 413.</summary>
internal sealed class PayloadTooLargeException(long limit)
    : Exception($"the request body is larger than the limit of {limit} bytes")
{
    public long Limit { get; } = limit;
}
