using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Validation;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Api;

/// <summary>
/// The write API. Every call needs a bearer token; a token acts for one facility (checked by the
/// authentication handler and policies of <see cref="PhdAuth"/>, shared with the staff pages). Descriptors
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
        // Writes: a valid bearer token (PhdAuth's handler and policies decide; a refusal is a 401/403 problem), never cached.
        var writes = api.MapGroup("").RequireAuthorization(PhdAuth.WritePolicy).AddEndpointFilter(NoStore);

        writes.MapPost("/facilities", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var input = await ReadJson<NewFacility>(ctx, o);
            var f = host.Registry.RegisterFacility(input, Actor(ctx));
            return Created(Paths.Of(f), new { pid = f.Pid.ToString(), path = Paths.Of(f) });
        }).RequireAuthorization(PhdAuth.AdminPolicy).WithMetadata(new Refusal("only an administrator token may register facilities"));

        writes.MapPost("/models", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var input = await ReadJson<NewModel>(ctx, o);
            var m = host.Registry.RegisterModel(input, Actor(ctx));
            return Created(Paths.Of(m), new { pid = m.Pid.ToString(), path = Paths.Of(m) });
        });

        writes.MapPost("/instances", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var input = await ReadJson<NewInstance>(ctx, o);
            // Every facility the record names must be the token's: registering at A "owned by" B needs B's consent too.
            if (!await PhdAuth.MayActForAsync(ctx, input.Facility)) return Problems.Result(403, "this token may not register instruments for that facility");
            if (input.Owner is not null && !await PhdAuth.MayActForAsync(ctx, input.Owner))
                return Problems.Result(403, "this token may not name that facility as the owner; the owner's token (or an administrator's) is needed");
            var i = host.Registry.RegisterInstance(input, Actor(ctx));
            return Created(Paths.Of(i), new { pid = i.Pid.ToString(), path = Paths.Of(i) });
        });

        // The instance PID may contain '/', so it is the rest of the path before /versions.
        writes.MapPost("/instances/{**rest}", async (string rest, HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            if (!rest.EndsWith("/versions", StringComparison.Ordinal)) return Problems.Result(404, "POST descriptors to /api/instances/{instance PID}/versions");
            var pid = rest[..^"/versions".Length];
            var instance = PidParser.TryParsePid(pid, out var p, out _, out _) ? host.Registry.GetInstance(p) : null;
            if (instance is null) return Problems.Result(404, "no instrument has this PID");
            if (!await PhdAuth.MayActForAsync(ctx, instance.Facility.ToString())) return Problems.Result(403, "this token may not describe instruments of that facility");
            if (ParseTier(ctx) is not int tier) return Problems.Result(400, "declare the tier as ?tier=1, 2 or 3");
            var graph = await ReadDescriptor(ctx, o);
            if (graph.Result is not null) return graph.Result;
            Submission submission;
            // Validation (and the write it gates) runs off the request threads, in the bounded work queue (503 with Retry-After when full),
            // under the validation deadline; past it nothing is written (the registry stops before its write).
            using var deadline = ValidationDeadline(ctx, o);
            try { submission = await ctx.RequestServices.GetRequiredService<WorkQueue>().RunAsync(ct => host.Registry.SubmitValidated(instance.Pid.ToString(), graph.Data!, tier, Actor(ctx), ct), deadline.Token); }
            catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested) { return ValidationTimedOut(o); }
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

    /// <summary>The audit actor: the request's token (the write policy guarantees one).</summary>
    private static string Actor(HttpContext ctx) => ctx.User.Token()!.Actor;

    private static ValueTask<object?> NoStore(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        ctx.HttpContext.Response.Headers.CacheControl = "no-store";
        return next(ctx);
    }

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

    private static int? ParseTier(HttpContext ctx) =>
        int.TryParse(ctx.Request.Query["tier"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && t is >= 1 and <= 3 ? t : null;

    internal static async Task<T> ReadJson<T>(HttpContext ctx, WebOptions o)
    {
        var type = (ctx.Request.ContentType ?? "").Split(';')[0].Trim();
        if (!type.Equals("application/json", StringComparison.OrdinalIgnoreCase)) throw new ApiException(415, "send application/json");
        var text = await RequestBody.ReadTextAsync(ctx, o.MaxRequestBodyBytes);
        // Malformed JSON (JsonException) is answered by the error table (Problems.Of), with its line.
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new ApiException(400, "the body is empty JSON");
    }

    private sealed record Descriptor(Dataset? Data, IResult? Result);

    private static async Task<Descriptor> ReadDescriptor(HttpContext ctx, WebOptions o)
    {
        var type = (ctx.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var text = await RequestBody.ReadTextAsync(ctx, o.MaxRequestBodyBytes);
        if (!DescriptorInput.TryFormatOfMediaType(type, out var format))
            return new(null, Problems.Result(415, "send the descriptor as text/turtle, application/ld+json or a Micro-Meta App file (application/json)",
                extensions: new Dictionary<string, object?> { ["accepted"] = new[] { "text/turtle", "application/ld+json", "application/json" } }));
        var parsed = DescriptorInput.Parse(text, format);
        return parsed.Data is null ? new(null, Problems.Result(parsed.Status, parsed.Detail, extensions: parsed.Extensions)) : new(parsed.Data, null);
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
