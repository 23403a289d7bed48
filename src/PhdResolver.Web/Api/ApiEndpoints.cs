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
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(WebApp.WritePolicy);

        api.MapPost("/facilities", async (HttpContext ctx, RegistryHost host, TokenStore tokens, WebOptions o) =>
        {
            if (Authorize(ctx, tokens, out var token) is { } denied) return denied;
            if (token!.Facility != TokenStore.Admin) return Problems.Result(403, "only an administrator token may register facilities");
            var input = await ReadJson<NewFacility>(ctx, o);
            var f = host.Registry.RegisterFacility(input, Actor(token));
            return Created(Paths.Of(f), new { pid = f.Pid.ToString(), path = Paths.Of(f) });
        });

        api.MapPost("/models", async (HttpContext ctx, RegistryHost host, TokenStore tokens, WebOptions o) =>
        {
            if (Authorize(ctx, tokens, out var token) is { } denied) return denied;
            var input = await ReadJson<NewModel>(ctx, o);
            var m = host.Registry.RegisterModel(input, Actor(token!));
            return Created(Paths.Of(m), new { pid = m.Pid.ToString(), path = Paths.Of(m) });
        });

        api.MapPost("/instances", async (HttpContext ctx, RegistryHost host, TokenStore tokens, WebOptions o) =>
        {
            if (Authorize(ctx, tokens, out var token) is { } denied) return denied;
            var input = await ReadJson<NewInstance>(ctx, o);
            if (!MayActFor(host, token!, input.Facility)) return Problems.Result(403, "this token may not register instruments for that facility");
            var i = host.Registry.RegisterInstance(input, Actor(token!));
            return Created(Paths.Of(i), new { pid = i.Pid.ToString(), path = Paths.Of(i) });
        });

        // The instance PID may contain '/', so it is the rest of the path before /versions.
        api.MapPost("/instances/{**rest}", async (string rest, HttpContext ctx, RegistryHost host, TokenStore tokens, WebOptions o) =>
        {
            if (!rest.EndsWith("/versions", StringComparison.Ordinal)) return Problems.Result(404, "POST descriptors to /api/instances/{instance PID}/versions");
            if (Authorize(ctx, tokens, out var token) is { } denied) return denied;
            var pid = rest[..^"/versions".Length];
            var instance = PidParser.TryParsePid(pid, out var p, out _, out _) ? host.Registry.GetInstance(p) : null;
            if (instance is null) return Problems.Result(404, "no instrument has this PID");
            if (!MayActFor(host, token!, instance.Facility.ToString())) return Problems.Result(403, "this token may not describe instruments of that facility");
            if (ParseTier(ctx) is not int tier) return Problems.Result(400, "declare the tier as ?tier=1, 2 or 3");
            var graph = await ReadDescriptor(ctx, o);
            if (graph.Result is not null) return graph.Result;
            var check = await ctx.RequestServices.GetRequiredService<WorkQueue>().RunAsync(_ => Enumerable.Range(1, tier).Select(t => Compliance.Check(graph.Data!, t)).ToList(), ctx.RequestAborted);
            var violations = check.SelectMany(t => t.Violations).ToList();
            if (violations.Count > 0)
                return Problems.Result(422, $"the descriptor does not meet the MUST constraints of tier {tier} ({violations.Count} violations)",
                    "Descriptor rejected", new Dictionary<string, object?> { ["tier"] = tier, ["report"] = Report(violations) });
            var v = host.Registry.SubmitVersion(instance.Pid.ToString(), graph.Data!, tier, Actor(token!));
            var path = Paths.Of(instance, v.Number);
            return Created(path, new { pid = v.Pid.ToString(), path, version = v.Number, tier, warnings = check.Sum(t => t.Warnings.Count) });
        });

        api.MapPost("/validate", async (HttpContext ctx, WebOptions o) =>
        {
            if (ParseTier(ctx) is not int tier) return Problems.Result(400, "declare the tier as ?tier=1, 2 or 3");
            var graph = await ReadDescriptor(ctx, o);
            if (graph.Result is not null) return graph.Result;
            // Off the request threads, in the bounded work queue (503 with Retry-After when full).
            var results = await ctx.RequestServices.GetRequiredService<WorkQueue>().RunAsync(_ => Enumerable.Range(1, tier).Select(t => Compliance.Check(graph.Data!, t)).ToList(), ctx.RequestAborted);
            var body = JsonSerializer.Serialize(new
            {
                tier,
                conforms = results.All(r => r.Conforms),
                violations = Report(results.SelectMany(r => r.Violations)),
                warnings = Report(results.SelectMany(r => r.Warnings)),
            });
            return Results.Text(body, "application/json; charset=utf-8", statusCode: 200);
        }).RequireRateLimiting(WebApp.ValidatePolicy);
    }

    private static string Actor(TokenEntry t) => "token:" + t.Id;

    private static IResult? Authorize(HttpContext ctx, TokenStore tokens, out TokenEntry? token)
    {
        token = null;
        ctx.Response.Headers.CacheControl = "no-store";
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"phd\"";
            return Problems.Result(401, "send a bearer token (Authorization: Bearer ...); `phd token create --facility PID` makes one");
        }
        token = tokens.Find(auth["Bearer ".Length..].Trim());
        if (token is null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"phd\", error=\"invalid_token\"";
            return Problems.Result(401, "the token is not valid");
        }
        return null;
    }

    private static bool MayActFor(RegistryHost host, TokenEntry token, string facility)
    {
        if (token.Facility == TokenStore.Admin) return true;
        if (!PidParser.TryParsePid(facility, out var p, out _, out _)) return false;
        var f = host.Registry.GetFacility(p);
        var scope = PidParser.TryParsePid(token.Facility, out var tp, out _, out _) ? host.Registry.GetFacility(tp) : null;
        return f is not null && scope is not null && f.Pid == scope.Pid;
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
                    ds = Dataset.Parse(text, RdfFormat.Turtle);
                    break;
                case "application/ld+json":
                    ds = Dataset.Parse(text, RdfFormat.JsonLd);
                    break;
                case "application/json": // a Micro-Meta App file
                    using (var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)))
                        ds = MmaImporter.Import(ms, new ImportOptions { BaseIri = o.BaseUri.AbsoluteUri + "mma/" + Guid.NewGuid().ToString("N") + "/" }).Data;
                    break;
                default:
                    return new(null, Problems.Result(415, "send the descriptor as text/turtle, application/ld+json or a Micro-Meta App file (application/json)",
                        extensions: new Dictionary<string, object?> { ["accepted"] = new[] { "text/turtle", "application/ld+json", "application/json" } }));
            }
            if (ds.Count == 0) return new(null, Problems.Result(422, "the descriptor is empty"));
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

    private static List<object> Report(IEnumerable<PhdResolver.Shacl.ValidationResult> results) =>
        [.. results.Select(r => (object)new
        {
            focusNode = r.FocusNode.ToString(),
            path = r.ResultPath?.ToString(),
            severity = r.Severity.Value,
            message = string.Join(" ", r.Messages.OfType<Literal>().Select(m => m.Lexical)),
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
