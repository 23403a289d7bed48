using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry;
using PhdResolver.Registry.Tokens;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Staff;

/// <summary>
/// Tokens in the staff UI (issue 15 item 1, for administrators): the list with each token's scope, expiry and state,
/// a form to create one (its secret is shown once, on the answer to that post), and a revoke button per live token.
/// The same registry calls as <c>/api/tokens</c> and <c>phd token</c> (<see cref="RegistryService.CreateToken"/>,
/// <see cref="RegistryService.RevokeToken"/>), inside the signed-in staff group (session, CSRF on every post,
/// no-store). A facility token is refused with 403 and nothing happens.
/// </summary>
internal static class TokenForms
{
    public static void Map(RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/tokens", (HttpContext ctx, RegistryHost host) =>
        {
            if (Refused(ctx) is { } no) return no;
            string? done = ctx.Request.Query["done"].ToString() is { Length: > 0 } id ? $"Token {id} is revoked; its sessions ended." : null;
            return Page(ctx, host, 200, FormState.Empty with { Done = done }, null);
        });

        signedIn.MapPost("/tokens", async (HttpContext ctx, RegistryHost host) =>
        {
            if (Refused(ctx) is { } no) return no;
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var values = new Dictionary<string, string?> { ["facility"] = form["facility"], ["expires"] = form["expires"], ["note"] = form["note"] };
            var state = new FormState(values);
            string facility = form["facility"].ToString().Trim();
            DateTimeOffset? expires = null;
            if (form["expires"].ToString().Trim() is { Length: > 0 } text)
            {
                if (!ApiToken.TryParseExpiry(text, out var e))
                    return Page(ctx, host, 422, state with { Error = $"'{text}' is not a date: write it as 2027-01-31. No token was created.", Invalid = "expires" }, null);
                expires = e;
            }
            if (facility.Length == 0)
                return Page(ctx, host, 422, state with { Error = "Choose the facility the token acts for, or administrator. No token was created.", Invalid = "facility" }, null);
            try
            {
                string? note = form["note"].ToString().Trim() is { Length: > 0 } n ? n : null;
                var created = host.Registry.CreateToken(facility == "admin" ? null : facility, expires, note, ctx.User.Token()!.Actor);
                return Page(ctx, host, 201, FormState.Empty, created);
            }
            catch (RegistryException e)
            {
                return Page(ctx, host, e.Kind == RegistryErrorKind.NotFound ? 404 : 422, state with { Error = e.Message + ". No token was created.", Invalid = e.Field ?? "facility" }, null);
            }
        });

        signedIn.MapPost("/tokens/revoke", async (HttpContext ctx, RegistryHost host) =>
        {
            if (Refused(ctx) is { } no) return no;
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            string id = form["id"].ToString();
            try { host.Registry.RevokeToken(id, ctx.User.Token()!.Actor); }
            catch (RegistryException e)
            {
                return Page(ctx, host, e.Kind == RegistryErrorKind.NotFound ? 404 : 409, FormState.Empty with { Error = e.Message + ". Nothing was changed." }, null);
            }
            // Revoking the session's own token ends the session: the next page asks to sign in again.
            return StaffEndpoints.SeeOther("/staff/tokens?done=" + Uri.EscapeDataString(id));
        });
    }

    /// <summary>Only an administrator token manages tokens (as <c>/api/tokens</c>).</summary>
    private static IResult? Refused(HttpContext ctx) =>
        ctx.User.Token()!.IsAdmin ? null : Infrastructure.Problems.Result(403, "only an administrator token manages tokens; nothing was done");

    private static IResult Page(HttpContext ctx, RegistryHost host, int status, FormState state, NewToken? created)
    {
        var reg = host.Registry;
        var now = reg.Options.Clock.GetUtcNow();
        var names = reg.Facilities.ToDictionary(f => f.Pid.ToString(), f => f.Name, StringComparer.Ordinal);
        var rows = reg.ListTokens().OrderByDescending(t => t.Created).Select(t =>
        {
            var state = t.StateAt(now);
            return new TokenRow(
                t.Id,
                t.IsAdmin ? "administrator" : names.TryGetValue(t.Scope, out var n) ? $"{n} ({t.Scope})" : t.Scope,
                t.Note,
                t.Created.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                t.Expires?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                state.ToString().ToLowerInvariant(),
                state == TokenState.Active);
        }).ToList();
        var facilities = reg.Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => (f.Pid.ToString(), f.Name)).ToList();
        return StaffEndpoints.Send(Pages.Staff.Tokens.Create(new TokensPage(StaffEndpoints.Frame(ctx), rows, facilities, state, created?.Token.Id, created?.Secret)), status);
    }
}
