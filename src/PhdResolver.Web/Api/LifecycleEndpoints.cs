using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Tokens;
using Microsoft.AspNetCore.Authentication;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Api;

/// <summary>
/// The record lifecycle over HTTP (issue 15): edit a record's metadata, withdraw, move an instrument,
/// read a record's history, and manage tokens. Thin: who may do what and every rule of the write is the
/// registry's (<see cref="RegistryService.MayChange"/>, <see cref="RegistryService.EditRecord"/>, ...);
/// refusals are RFC 9457 problems (the registry's through the exception handler), and nothing is written.
/// A record PID may contain '/', so the operation is the last path segment after it.
/// </summary>
internal static class LifecycleEndpoints
{
    private sealed record WithdrawInput(string? Reason);
    private sealed record MoveInput(string? Facility, bool? TransferOwnership);
    private sealed record TokenInput(string? Facility, bool Admin, string? Expires, string? Note);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(WebApp.WritePolicy);

        // PATCH /api/records/{pid}: a metadata edit (a JSON object of the fields to change; see RecordEdit).
        api.MapMethods("/records/{**pid}", ["PATCH"], async (string pid, HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var token = ctx.User.Token()!;
            var reg = host.Registry;
            if (!reg.MayChange(token, pid)) return Forbidden(pid);
            var edit = await ReadJson<RecordEdit>(ctx, o);
            var r = reg.EditRecord(pid, edit, token.Actor);
            return Ok(new { pid = r.Pid.ToString(), level = Level(r.Level), revision = r.Revision, changed = r.Changed, path = reg.Resolver.Resolve(r.Pid.ToString()).Location });
        }).RequireAuthorization(PhdAuth.WritePolicy);

        // POST /api/records/{pid}/withdraw {"reason": "..."} and POST /api/records/{instance}/move {"facility": "...", "transferOwnership": true}
        api.MapPost("/records/{**rest}", async (string rest, HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var (pid, op) = Split(rest);
            if (op is not ("withdraw" or "move" or "related")) return Problems.Result(404, "POST to /api/records/{PID}/withdraw, /api/records/{instrument PID}/move or /api/records/{version}/related");
            var token = ctx.User.Token()!;
            var reg = host.Registry;
            if (!reg.MayChange(token, pid)) return Forbidden(pid);
            if (op == "related")
            {
                var work = reg.AddRelatedWork(pid, await ReadJson<RelatedWorkInput>(ctx, o), token!.Actor);
                return new NoStore(Results.Json(new { path = reg.Resolver.Resolve(pid).Location, identifier = work.Identifier, relation = work.Relation, kind = work.Kind, title = work.Title, year = work.Year },
                    statusCode: 201, contentType: "application/json; charset=utf-8"));
            }
            if (op == "withdraw")
            {
                var input = await ReadJson<WithdrawInput>(ctx, o);
                var t = reg.Withdraw(pid, input.Reason ?? "", token!.Actor);
                return Ok(new { path = reg.Resolver.Resolve(pid).Location, status = 410, withdrawn = t.WithdrawnAt, reason = t.Reason });
            }
            var move = await ReadJson<MoveInput>(ctx, o);
            if (string.IsNullOrWhiteSpace(move.Facility)) return Problems.Result(422, "facility: name the facility the instrument moves to", extensions: Field("facility"));
            // A move speaks for two facilities: the token must act for the destination too (in practice an administrator's).
            if (!reg.MayActFor(token!, move.Facility) && reg.Resolver.Resolve(move.Facility).Status != Registry.Resolution.ResolutionStatus.NotFound)
                return Problems.Result(403, "this token may not move instruments to that facility; a move needs a token that acts for both facilities (an administrator's)");
            var moved = reg.MoveInstance(pid, move.Facility, token!.Actor, move.TransferOwnership ?? true);
            var last = moved.Moves[^1];
            return Ok(new { pid = moved.Pid.ToString(), path = Registry.Resolution.Paths.Of(moved), from = last.From.ToString(), to = last.To.ToString(), owner = moved.Owner.ToString() });
        }).RequireAuthorization(PhdAuth.WritePolicy);

        // GET /api/records/{pid}/history: the audit history as JSON; actors only for an administrator token.
        app.MapGet("/api/records/{**rest}", async (string rest, HttpContext ctx, RegistryHost host) =>
        {
            var (pid, op) = Split(rest);
            if (op != "history") return Problems.Result(404, "GET /api/records/{PID}/history; the record itself is at /{PID}");
            var (denied, admin) = await ViewerAsync(ctx);
            if (denied is not null) return denied;
            return HistoryJson(host.Registry.History(pid, admin), admin);
        });

        // The History page of a record: /history/{PID or path} (HTML; JSON by Accept or ?format=json).
        app.MapGet("/history/{**pid}", async (string pid, HttpContext ctx, RegistryHost host) =>
        {
            var (denied, admin) = await ViewerAsync(ctx);
            if (denied is not null) return denied;
            var h = host.Registry.History(pid, admin);
            if (Conneg.Choose(ctx.Request, HistoryOffer) == WebFormats.Json)
                return HistoryJson(h, admin);
            return Representation.Send(HistoryPage.Render(h), "text/html; charset=utf-8", null,
                headers: res => res.Headers.CacheControl = admin ? "no-store" : "no-cache");
        }).RequireRateLimiting(WebApp.ReadPolicy);

        // Tokens: list, create, revoke (administrator tokens only), while the server runs.
        var tokens = api.MapGroup("/tokens").RequireAuthorization(PhdAuth.AdminPolicy).WithMetadata(new Refusal("only an administrator token manages tokens"));
        tokens.MapGet("", (HttpContext ctx, RegistryHost host) =>
        {
            var now = host.Registry.Options.Clock.GetUtcNow();
            return Ok(host.Registry.ListTokens().Select(t => TokenJson(t, now)).ToArray());
        });
        tokens.MapPost("", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var token = ctx.User.Token()!;
            var input = await ReadJson<TokenInput>(ctx, o);
            if ((input.Facility is null) == !input.Admin) return Problems.Result(422, "give \"facility\": PID or \"admin\": true");
            DateTimeOffset? expires = null;
            if (input.Expires is { } text)
            {
                if (!ApiToken.TryParseExpiry(text, out var e)) return Problems.Result(422, $"expires: '{text}' is not a date (2027-01-31) or an ISO 8601 instant", extensions: Field("expires"));
                expires = e;
            }
            var t = host.Registry.CreateToken(input.Admin ? null : input.Facility, expires, input.Note, token.Actor);
            var body = TokenJson(t.Token, host.Registry.Options.Clock.GetUtcNow());
            body["secret"] = t.Secret; // shown once; the registry keeps its hash
            return Results.Json(body, statusCode: 201, contentType: "application/json; charset=utf-8");
        });
        tokens.MapDelete("/{id}", (string id, HttpContext ctx, RegistryHost host) =>
        {
            var t = host.Registry.RevokeToken(id, ctx.User.Token()!.Actor);
            return Ok(TokenJson(t, host.Registry.Options.Clock.GetUtcNow()));
        });
    }

    /// <summary>The History page, or its JSON (by Accept or <c>?format=json</c>).</summary>
    private static readonly IReadOnlyList<PhdResolver.Rdf.MediaFormat> HistoryOffer = [WebFormats.Html, WebFormats.Json];

    private static (string Pid, string Op) Split(string rest)
    {
        int slash = rest.LastIndexOf('/');
        return slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
    }

    private static IResult Forbidden(string pid) =>
        Problems.Result(403, $"this token may not change {pid}: a facility token acts only on its own facility and the instruments it holds or owns, and only an administrator changes models");

    private static IReadOnlyDictionary<string, object?> Field(string name) => new Dictionary<string, object?> { ["field"] = name };

    private static string Level(PidLevel l) => l.ToString().ToLowerInvariant();

    private static IResult Ok(object body)
    {
        return new NoStore(Results.Json(body, statusCode: 200, contentType: "application/json; charset=utf-8"));
    }

    /// <summary>Authenticated answers are never stored by a cache.</summary>
    private sealed record NoStore(IResult Inner) : IResult
    {
        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.Headers.CacheControl = "no-store";
            return Inner.ExecuteAsync(ctx);
        }
    }

    /// <summary>
    /// Anyone may read a record's history; a bearer token, when sent, must be valid (a bad one is 401, not
    /// silently ignored), and only an administrator's shows who acted.
    /// </summary>
    private static async Task<(IResult? Denied, bool Admin)> ViewerAsync(HttpContext ctx)
    {
        if (string.IsNullOrEmpty(ctx.Request.Headers.Authorization.ToString())) return (null, false);
        var result = await ctx.AuthenticateAsync(PhdAuth.Bearer);
        if (result.Succeeded && result.Principal.Token() is { } token) return (null, token.IsAdmin);
        // The bearer handler writes the 401 problem (what was wrong with the token) and its WWW-Authenticate header.
        ctx.Response.Headers.CacheControl = "no-store";
        await ctx.ChallengeAsync(PhdAuth.Bearer);
        return (Results.Empty, false);
    }

    private static Dictionary<string, object?> TokenJson(ApiToken t, DateTimeOffset now) => new()
    {
        ["id"] = t.Id,
        ["scope"] = t.IsAdmin ? "admin" : t.Scope,
        ["state"] = t.StateAt(now).ToString().ToLowerInvariant(),
        ["created"] = t.Created,
        ["expires"] = t.Expires,
        ["revoked"] = t.Revoked,
        ["note"] = t.Note,
    };

    private static IResult HistoryJson(RecordHistory h, bool admin)
    {
        var body = new
        {
            pid = h.Record.Pid.ToString(),
            level = Level(h.Record.Level),
            path = h.Record.CanonicalPath,
            actors = admin,
            entries = h.Entries.Select(e => new { time = e.Time, action = e.Action, target = e.Target, actor = e.Actor, details = e.Details }).ToArray(),
        };
        var json = JsonSerializer.Serialize(body);
        return Representation.Send(json, "application/json; charset=utf-8", null,
            headers: res => res.Headers.CacheControl = admin ? "no-store" : "no-cache");
    }

    private static Task<T> ReadJson<T>(HttpContext ctx, WebOptions o) => ApiEndpoints.ReadJson<T>(ctx, o);
}

/// <summary>The History page of a record: every audited change, newest first, in words.</summary>
internal static class HistoryPage
{
    public static string Render(RecordHistory h)
    {
        var r = h.Record;
        string title = "History: " + r.Title;
        return Html.Page(title, sb =>
        {
            sb.Append("<nav class=\"breadcrumb\" aria-label=\"breadcrumb\"><a href=\"").Append(Html.E(r.CanonicalPath)).Append("\">").Append(Html.E(r.Title)).Append("</a> › <span>History</span></nav>\n");
            sb.Append("<h1>").Append(Html.E(title)).Append("</h1>\n");
            sb.Append("<p class=\"pid\"><span class=\"badge\">").Append(Html.E(RecordPages.LevelName(r.Level))).Append("</span> <code>").Append(Html.E(r.Pid.ToString())).Append("</code></p>\n");
            sb.Append("<p>Every change to this record, newest first. Descriptor versions never change; a metadata edit is a new revision of the record.")
              .Append(h.Entries.Any(e => e.Actor is not null) ? "" : " Who made each change is shown to administrators only.").Append("</p>\n");
            sb.Append("<table class=\"history\"><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">What</th><th scope=\"col\">Details</th>")
              .Append(h.Entries.Any(e => e.Actor is not null) ? "<th scope=\"col\">Who</th>" : "").Append("</tr></thead><tbody>\n");
            foreach (var e in h.Entries)
            {
                sb.Append("<tr><td>").Append(Html.E(e.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append("</td><td>")
                  .Append(Html.E(Describe(e.Action))).Append(e.Target == r.Pid.ToString() ? "" : " " + Html.E(e.Target)).Append("</td><td>");
                AppendDetails(sb, e);
                sb.Append("</td>");
                if (e.Actor is not null) sb.Append("<td><code>").Append(Html.E(e.Actor)).Append("</code></td>");
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody></table>\n");
            sb.Append("<p>Also as JSON: <a href=\"/api/records/").Append(Html.E(r.Pid.ToString())).Append("/history\"><code>/api/records/")
              .Append(Html.E(r.Pid.ToString())).Append("/history</code></a>.</p>\n");
        }, head => head.Append("<meta name=\"robots\" content=\"noindex\">\n"), "The audit history of " + r.Title);
    }

    private static string Describe(string action) => action switch
    {
        "register-facility" or "register-model" or "register-instance" => "Registered",
        "submit-version" => "Configuration version added",
        "withdraw" => "Withdrawn",
        "move-instance" => "Moved",
        "edit-record" => "Metadata edited",
        "add-related-work" => "Related work linked",
        _ => action,
    };

    private static void AppendDetails(StringBuilder sb, HistoryEntry e)
    {
        bool first = true;
        foreach (var (k, v) in e.Details)
        {
            if (v is null) continue;
            if (k == "changes" && TryChanges(v) is { } changes)
            {
                foreach (var (field, pair) in changes)
                {
                    if (!first) sb.Append("<br>");
                    first = false;
                    sb.Append(Html.E(field)).Append(": ").Append(Html.E(pair.Length > 0 ? pair[0] ?? "(none)" : "")).Append(" → ").Append(Html.E(pair.Length > 1 ? pair[1] ?? "(none)" : ""));
                }
                continue;
            }
            if (!first) sb.Append("<br>");
            first = false;
            sb.Append(Html.E(k)).Append(": ").Append(Html.E(v));
        }
    }

    private static Dictionary<string, string?[]>? TryChanges(string json)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, string?[]>>(json); }
        catch (JsonException) { return null; }
    }
}
