using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Tokens;
using PhdResolver.Registry.Validation;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Api;

/// <summary>
/// The write API. Every call needs a bearer token; a token acts for one facility. Descriptors
/// are validated against the declared tier's shapes before anything is stored: a rejection is
/// 422 problem details carrying the SHACL results, an acceptance is 201 with the new version's
/// canonical path in Location.
/// </summary>
internal static class ApiEndpoints
{
    private static JsonSerializerOptions Json => RecordInput.Json; // one binding for single records and batch lines

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(WebApp.WritePolicy);

        api.MapPost("/facilities", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            if (Authorize(ctx, host, out var token) is { } denied) return denied;
            if (!token!.IsAdmin) return Problems.Result(403, "only an administrator token may register facilities");
            var input = await ReadJson<NewFacility>(ctx, o);
            var f = host.Registry.RegisterFacility(input, Actor(token));
            return Created(Paths.Of(f), new { pid = f.Pid.ToString(), path = Paths.Of(f) });
        });

        api.MapPost("/models", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            if (Authorize(ctx, host, out var token) is { } denied) return denied;
            var input = await ReadJson<NewModel>(ctx, o);
            var m = host.Registry.RegisterModel(input, Actor(token!));
            return Created(Paths.Of(m), new { pid = m.Pid.ToString(), path = Paths.Of(m) });
        });

        api.MapPost("/instances", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            if (Authorize(ctx, host, out var token) is { } denied) return denied;
            var input = await ReadJson<NewInstance>(ctx, o);
            // Every facility the record names must be the token's: registering at A "owned by" B needs B's consent too.
            if (!host.Registry.MayActFor(token!, input.Facility)) return Problems.Result(403, "this token may not register instruments for that facility");
            if (input.Owner is not null && !host.Registry.MayActFor(token!, input.Owner))
                return Problems.Result(403, "this token may not name that facility as the owner; the owner's token (or an administrator's) is needed");
            var i = host.Registry.RegisterInstance(input, Actor(token!));
            return Created(Paths.Of(i), new { pid = i.Pid.ToString(), path = Paths.Of(i) });
        });

        // The instance PID may contain '/', so it is the rest of the path before /versions.
        api.MapPost("/instances/{**rest}", async (string rest, HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            if (!rest.EndsWith("/versions", StringComparison.Ordinal)) return Problems.Result(404, "POST descriptors to /api/instances/{instance PID}/versions");
            if (Authorize(ctx, host, out var token) is { } denied) return denied;
            var pid = rest[..^"/versions".Length];
            var instance = PidParser.TryParsePid(pid, out var p, out _, out _) ? host.Registry.GetInstance(p) : null;
            if (instance is null) return Problems.Result(404, "no instrument has this PID");
            if (!host.Registry.MayActFor(token!, instance.Facility.ToString())) return Problems.Result(403, "this token may not describe instruments of that facility");
            if (ParseTier(ctx) is not int tier) return Problems.Result(400, "declare the tier as ?tier=1, 2 or 3");
            var graph = await ReadDescriptor(ctx, o);
            if (graph.Result is not null) return graph.Result;
            Submission submission;
            // Validation (and the write it gates) runs off the request threads, in the bounded work queue (503 with Retry-After when full),
            // under the validation deadline; past it nothing is written (the registry stops before its write).
            using var deadline = ValidationDeadline(ctx, o);
            try { submission = await ctx.RequestServices.GetRequiredService<WorkQueue>().RunAsync(ct => host.Registry.SubmitValidated(instance.Pid.ToString(), graph.Data!, tier, Actor(token!), ct), deadline.Token); }
            catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested) { return ValidationTimedOut(o); }
            catch (RegistryException e) when (e.Subjects.Count > 0)
            {
                // The descriptor asserts something about another record (or an ontology term): nothing written.
                return Problems.Result(422, e.Message, "Descriptor rejected", new Dictionary<string, object?> { ["subjects"] = e.Subjects });
            }
            var report = submission.Report;
            if (submission.Version is not { } v)
                return Problems.Result(422, $"the descriptor does not meet the MUST constraints of tier {tier} ({report.ViolationCount} violations; it conforms at tier {report.ConformsAt})",
                    "Descriptor rejected", new Dictionary<string, object?> { ["tier"] = tier, ["conformsAt"] = report.ConformsAt, ["report"] = Report(report.Violations) });
            var path = Paths.Of(instance, v.Number);
            var body = new { pid = v.Pid.ToString(), path, version = v.Number, tier = v.Tier, warnings = report.WarningCount, shouldMet = report.ShouldMet, shouldTotal = report.ShouldTotal, created = submission.Created };
            // Identical to the current version: that version, not a new one.
            if (!submission.Created) return Results.Json(body, statusCode: 200, contentType: "application/json; charset=utf-8");
            return Created(path, body);
        });

        api.MapPost("/validate", async (HttpContext ctx, WebOptions o) =>
        {
            if (ParseTier(ctx) is not int tier) return Problems.Result(400, "declare the tier as ?tier=1, 2 or 3");
            // ?extensions=core,basic,... checks only those NBO extensions' shapes (default: all four).
            IReadOnlySet<string>? extensions = null;
            if (ctx.Request.Query["extensions"].ToString() is { Length: > 0 } list)
            {
                try { extensions = PhdResolver.Nboq.Validation.NboExtensions.Parse(list); }
                catch (ArgumentException e) { return Problems.Result(400, "extensions: " + e.Message.Split(" (Parameter", 2)[0]); }
            }
            var graph = await ReadDescriptor(ctx, o);
            if (graph.Result is not null) return graph.Result;
            // Off the request threads, in the bounded work queue (503 with Retry-After when full), under the validation deadline.
            using var deadline = ValidationDeadline(ctx, o);
            DescriptorReport report;
            try { report = await ctx.RequestServices.GetRequiredService<WorkQueue>().RunAsync(ct => RegistryService.Validate(graph.Data!, tier, extensions, ct), deadline.Token); }
            catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested) { return ValidationTimedOut(o); }
            var body = JsonSerializer.Serialize(new
            {
                tier,
                extensions = (extensions ?? PhdResolver.Nboq.Validation.NboExtensions.All.ToHashSet()).Order(StringComparer.Ordinal).ToArray(),
                conforms = report.Conforms,
                conformsAt = report.ConformsAt,
                shouldMet = report.ShouldMet,
                shouldTotal = report.ShouldTotal,
                violations = Report(report.Violations),
                warnings = Report(report.Warnings),
            });
            return Results.Text(body, "application/json; charset=utf-8", statusCode: 200);
        }).RequireRateLimiting(WebApp.ValidatePolicy);
    }

    private static string Actor(ApiToken t) => t.Actor;

    /// <summary>The request's stop signal for validation: the client going away, or <see cref="WebOptions.ValidationTimeout"/>
    /// after now (the request's arrival, near enough: only the body has been read). The SHACL validator checks it in its loops.</summary>
    private static CancellationTokenSource ValidationDeadline(HttpContext ctx, WebOptions o)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        cts.CancelAfter(o.ValidationTimeout);
        return cts;
    }

    /// <summary>
    /// 503, like a SPARQL query past its timeout: the limit is the server's time budget, not a fault of the
    /// descriptor (valid data can be slow when the server is busy, and the request's time includes waiting for
    /// a worker), so the same request may succeed later. Nothing was written.
    /// </summary>
    private static IResult ValidationTimedOut(WebOptions o) =>
        Problems.Result(503, $"validating the descriptor took longer than the limit of {o.ValidationTimeout.TotalSeconds:0.###} s; nothing was written. " +
            "Try again later, or split a very large descriptor", "Validation timeout");

    /// <summary>The request's token, checked by the registry; a problem (401) when it is missing, unknown, expired or revoked.</summary>
    internal static IResult? Authorize(HttpContext ctx, RegistryHost host, out ApiToken? token)
    {
        token = null;
        ctx.Response.Headers.CacheControl = "no-store";
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"phd\"";
            return Problems.Result(401, "send a bearer token (Authorization: Bearer ...); `phd token create --facility PID` makes one");
        }
        var check = host.Registry.Authenticate(auth["Bearer ".Length..].Trim());
        if (check.IsValid)
        {
            token = check.Token;
            return null;
        }
        string detail = check.Result switch
        {
            TokenCheckResult.Expired => $"the token {check.Token!.Id} expired on {check.Token.Expires!.Value.UtcDateTime:yyyy-MM-dd HH:mm}Z; ask for a new one (`phd token create`)",
            TokenCheckResult.Revoked => $"the token {check.Token!.Id} was revoked on {check.Token.Revoked!.Value.UtcDateTime:yyyy-MM-dd HH:mm}Z",
            _ => "the token is not valid",
        };
        string error = check.Result == TokenCheckResult.Unknown ? "the token is not valid" : check.Result == TokenCheckResult.Expired ? "the token expired" : "the token was revoked";
        ctx.Response.Headers.WWWAuthenticate = $"Bearer realm=\"phd\", error=\"invalid_token\", error_description=\"{error}\"";
        return Problems.Result(401, detail);
    }

    private static int? ParseTier(HttpContext ctx) =>
        int.TryParse(ctx.Request.Query["tier"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && t is >= 1 and <= 3 ? t : null;

    private static async Task<T> ReadJson<T>(HttpContext ctx, WebOptions o)
    {
        var type = (ctx.Request.ContentType ?? "").Split(';')[0].Trim();
        if (!type.Equals("application/json", StringComparison.OrdinalIgnoreCase)) throw new ApiException(415, "send application/json");
        var text = await RequestBody.ReadTextAsync(ctx, o.MaxRequestBodyBytes);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new ApiException(400, "the body is empty JSON");
        }
        catch (JsonException e)
        {
            throw new ApiException(400, "malformed JSON: " + e.Message.Split(" Path:", 2)[0] + (e.LineNumber is long l ? $" (line {l + 1})" : ""));
        }
    }

    private sealed record Descriptor(Dataset? Data, IResult? Result);

    /// <summary>
    /// Relative IRIs of a submission resolve under a reserved name (.invalid never resolves), never
    /// under our base: the registry mints every IRI subject as {base}phd:ACC#slug, and refuses
    /// subjects under its base that name something else.
    /// </summary>
    private static ParserOptions Submitted => RecordInput.Submitted;

    private static async Task<Descriptor> ReadDescriptor(HttpContext ctx, WebOptions o)
    {
        var type = (ctx.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var text = await RequestBody.ReadTextAsync(ctx, o.MaxRequestBodyBytes);
        try
        {
            Dataset ds;
            switch (type)
            {
                case "text/turtle":
                    ds = Dataset.Parse(text, RdfFormat.Turtle, Submitted);
                    break;
                case "application/ld+json":
                    ds = Dataset.Parse(text, RdfFormat.JsonLd, Submitted);
                    break;
                case "application/json": // a Micro-Meta App file
                    using (var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)))
                        ds = MmaImporter.Import(ms, new ImportOptions { BaseIri = Submitted.BaseIri + "mma/" }).Data;
                    break;
                default:
                    return new(null, Problems.Result(415, "send the descriptor as text/turtle, application/ld+json or a Micro-Meta App file (application/json)",
                        extensions: new Dictionary<string, object?> { ["accepted"] = new[] { "text/turtle", "application/ld+json", "application/json" } }));
            }
            if (ds.Count == 0) return new(null, Problems.Result(422, "the descriptor is empty"));
            // XML 1.0 character policy (README): what RDF/XML and SPARQL XML results cannot carry is refused here.
            if (XmlChars.Find(ds) is { } bad)
                return new(null, Problems.Result(422, bad.Message, extensions: new Dictionary<string, object?>
                    { ["position"] = bad.Position, ["character"] = bad.Index + 1, ["codePoint"] = $"U+{bad.CodePoint:X4}" }));
            return new(ds, null);
        }
        catch (RdfSyntaxException e)
        {
            var ext = new Dictionary<string, object?>();
            if (e.Line > 0) { ext["line"] = e.Line; ext["column"] = e.Column; }
            if (e.JsonPath is not null) ext["jsonPath"] = e.JsonPath;
            return new(null, Problems.Result(400, "the descriptor could not be parsed: " + e.Reason, extensions: ext));
        }
        catch (MmaImportException e)
        {
            return new(null, Problems.Result(422, "the Micro-Meta App file could not be imported: " + e.Message));
        }
        catch (JsonException e)
        {
            return new(null, Problems.Result(400, "malformed JSON: " + e.Message.Split(" Path:", 2)[0]));
        }
    }

    // Each finding once, with the lowest tier that requires it (DescriptorValidation folds the tier files' repeats).
    internal static List<object> Report(IEnumerable<TierIssue> issues) =>
        [.. issues.Select(i => (object)new
        {
            focusNode = i.FocusNode.ToString(),
            path = i.Path,
            constraint = i.Constraint.Value,
            severity = i.Result.Severity.Value,
            tier = i.Tier,
            message = i.Message,
        })];

    private static IResult Created(string path, object body) =>
        Results.Json(body, statusCode: 201, contentType: "application/json; charset=utf-8") is var r ? new CreatedResult(path, r) : r;

    private sealed record CreatedResult(string Location, IResult Inner) : IResult
    {
        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.Headers.Location = Location;
            return Inner.ExecuteAsync(ctx);
        }
    }
}

/// <summary>A client error found while reading a request (mapped to problem details by the exception handler).</summary>
internal sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
