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
    private sealed record RemoveRelatedInput(string? Identifier, string? Relation, string? Reason);
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

        // POST /api/records/{pid}/withdraw {"reason": "..."}, POST /api/records/{instance}/move {"facility": "...", "transferOwnership": true},
        // POST /api/records/{version}/related {work}, POST /api/records/{version}/related/remove {"identifier", "relation", "reason"}
        // and POST /api/records/{version}/settings (the settings file as the body)
        api.MapPost("/records/{**rest}", async (string rest, HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var (pid, op) = Split(rest);
            // .../related/remove: the last two segments name the operation (a version's path has no segment "related").
            if (op == "remove" && Split(pid) is (var version, "related")) (pid, op) = (version, "related/remove");
            if (op is not ("withdraw" or "move" or "related" or "related/remove" or "settings"))
                return Problems.Result(404, "POST to /api/records/{PID}/withdraw, /api/records/{instrument PID}/move, /api/records/{version}/related, /api/records/{version}/related/remove or /api/records/{version}/settings");
            var token = ctx.User.Token()!;
            var reg = host.Registry;
            if (!reg.MayChange(token, pid)) return Forbidden(pid);
            if (op == "settings") return await SettingsEndpoints.RegisterAsync(ctx, reg, pid, token.Actor, o);
            if (op == "related/remove")
            {
                var input = await ReadJson<RemoveRelatedInput>(ctx, o);
                var gone = reg.RemoveRelatedWork(pid, input.Identifier, input.Relation, input.Reason, token.Actor);
                return Ok(new { path = reg.Resolver.Resolve(pid).Location, identifier = gone.Identifier, relation = gone.Relation, kind = gone.Kind, title = gone.Title, year = gone.Year, removed = true });
            }
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
            return Slices.Send(Pages.History.Create(h), null,
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

/// <summary>What the History page (<c>Pages/History.cshtml</c>) says about each audited change, in words.</summary>
internal static class HistoryPage
{
    internal static string Describe(string action) => action switch
    {
        "register-facility" or "register-model" or "register-instance" => "Registered",
        "submit-version" => "Configuration version added",
        "withdraw" => "Withdrawn",
        "move-instance" => "Moved",
        "edit-record" => "Metadata edited",
        "add-related-work" => "Related work linked",
        "register-settings" => "Acquisition settings registered",
        "remove-related-work" => "Related work removed",
        _ => action,
    };

    /// <summary>An entry's details as lines of text ("field: old → new" for an edit's changes); the page encodes them.</summary>
    internal static IEnumerable<string> Details(HistoryEntry e)
    {
        foreach (var (k, v) in e.Details)
        {
            if (v is null) continue;
            if (k == "changes" && TryChanges(v) is { } changes)
            {
                foreach (var (field, pair) in changes)
                    yield return field + ": " + (pair.Length > 0 ? pair[0] ?? "(none)" : "") + " → " + (pair.Length > 1 ? pair[1] ?? "(none)" : "");
                continue;
            }
            yield return k + ": " + v;
        }
    }

    private static Dictionary<string, string?[]>? TryChanges(string json)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, string?[]>>(json); }
        catch (JsonException) { return null; }
    }
}
