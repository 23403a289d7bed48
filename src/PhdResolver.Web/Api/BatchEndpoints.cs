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
            try
            {
                // Parsing and validation use every core; the write holds the registry's write gate like any write.
                var result = await Task.Run(() => host.Registry.WriteBatch(RecordInput.ParseBatch(text, ctx.RequestAborted), token.Actor, ct: ctx.RequestAborted), ctx.RequestAborted);
                var body = new
                {
                    records = result.Entries.Count,
                    created = result.Created,
                    entries = result.Entries.Select(e => new { position = e.Position, level = e.Level.ToString().ToLowerInvariant(), pid = e.Pid, path = e.Path, created = e.Created }),
                };
                return Results.Json(body, statusCode: 200, contentType: "application/json; charset=utf-8");
            }
            catch (BatchRecordException e)
            {
                return Refused(e);
            }
            catch (RegistryException e)
            {
                return Problems.Result(422, e.Message, "Batch refused");
            }
        }).RequireRateLimiting(WebApp.WritePolicy).RequireAuthorization(PhdAuth.AdminPolicy)
            .WithMetadata(new Refusal("only an administrator token may register a batch (`phd token create --admin`)"));

    /// <summary>The problem for a refused batch: the record's position (and line), its reason, and what the single write API would add (field, subjects, SHACL report).</summary>
    private static IResult Refused(BatchRecordException e)
    {
        var ext = new Dictionary<string, object?> { ["position"] = e.Position, ["index"] = e.Index };
        if (e.Position.StartsWith("line ", StringComparison.Ordinal) && int.TryParse(e.Position.AsSpan(5), out int line)) ext["line"] = line;
        if (e.Field is not null) ext["field"] = e.Field;
        if (e.Subjects.Count > 0) ext["subjects"] = e.Subjects;
        if (e.Report is { } r)
        {
            ext["conformsAt"] = r.ConformsAt;
            ext["report"] = ApiEndpoints.Report(r.Violations);
        }
        int status = e.InnerException is PhdResolver.Rdf.RdfSyntaxException or System.Text.Json.JsonException ? 400 : e.Kind switch
        {
            RegistryErrorKind.NotFound => 404,
            RegistryErrorKind.Conflict => 409,
            RegistryErrorKind.Gone => 410,
            _ => 422,
        };
        return Problems.Result(status, e.Message, "Batch refused", ext);
    }
}
