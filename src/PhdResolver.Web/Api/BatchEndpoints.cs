using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Api;

/// <summary>
/// <c>POST /api/batch</c>: many records in one all-or-nothing write (administrator token; NDJSON, one record per
/// line, bound exactly like the single write API's bodies: <see cref="RecordInput.ParseBatchLine"/>). 200 with one
/// entry per record; a refusal is a problem naming the record's line and the reason, and nothing is written.
/// </summary>
internal static class BatchEndpoints
{
    public const string Path = "/api/batch";
    private static readonly string[] MediaTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines"];

    /// <summary>Whether the request is a batch (its body limit is <see cref="WebOptions.MaxBatchBodyBytes"/>, not the general one).</summary>
    public static bool Handles(HttpContext ctx) => ctx.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var token = ctx.User.Token()!;
            ctx.Response.Headers.CacheControl = "no-store";
            var type = (ctx.Request.ContentType ?? "").Split(';')[0].Trim();
            if (!MediaTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
                return Problems.Result(415, "send the batch as application/x-ndjson: one JSON record per line",
                    extensions: new Dictionary<string, object?> { ["accepted"] = MediaTypes });
            var text = await RequestBody.ReadTextAsync(ctx, o.MaxBatchBodyBytes);
            // Parsing and validation use every core; the write holds the registry's write gate like any write. A refused
            // record (BatchRecordException) or batch (RegistryException) is answered by the error table (Problems.Of).
            var result = await Task.Run(() => host.Registry.WriteBatch(RecordInput.ParseBatch(text, ctx.RequestAborted), token.Actor, ct: ctx.RequestAborted), ctx.RequestAborted);
            var body = new
            {
                records = result.Entries.Count,
                created = result.Created,
                entries = result.Entries.Select(e => new { position = e.Position, level = e.Level.ToString().ToLowerInvariant(), pid = e.Pid, path = e.Path, created = e.Created }),
            };
            return Results.Json(body, statusCode: 200, contentType: "application/json; charset=utf-8");
        }).RequireRateLimiting(WebApp.WritePolicy).RequireAuthorization(PhdAuth.AdminPolicy)
            .WithMetadata(new Refusal("only an administrator token may register a batch (`phd token create --admin`)"));
}
