using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using PhdResolver.Registry.Tokens;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Infrastructure.Auth;

/// <summary>
/// The staff session: an encrypted, HttpOnly, SameSite=Strict cookie (Secure over HTTPS) limited to
/// /staff that names a token by id, never by secret. The token is looked up on every request, so a
/// session ends the moment its token expires or is revoked; the request is then refused like one
/// without a session, saying why.
/// </summary>
internal static class StaffSession
{
    private const string EndedKey = "phd.session-ended";

    /// <summary>Signs the browser in as <paramref name="token"/> (already checked valid).</summary>
    public static Task SignInAsync(HttpContext ctx, ApiToken token) =>
        ctx.SignInAsync(PhdAuth.Cookie, new ClaimsPrincipal(new TokenIdentity(token, PhdAuth.Cookie)),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });

    public static Task SignOutAsync(HttpContext ctx) => ctx.SignOutAsync(PhdAuth.Cookie);

    public static async Task Validate(CookieValidatePrincipalContext ctx)
    {
        var reg = ctx.HttpContext.RequestServices.GetRequiredService<RegistryHost>().Registry;
        var check = TokenRefusal.ById(reg, ctx.Principal?.FindFirst(PhdAuth.TokenIdClaim)?.Value);
        if (check.IsValid)
        {
            // The principal carries the current token record (scope, state), not the one from sign-in time.
            ctx.ReplacePrincipal(new ClaimsPrincipal(new TokenIdentity(check.Token!, PhdAuth.Cookie)));
            return;
        }
        ctx.HttpContext.Items[EndedKey] = TokenRefusal.Detail(check);
        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(PhdAuth.Cookie);
    }

    /// <summary>
    /// No (valid) session: a page request goes to the sign-in page (which says why and comes back after);
    /// anything else, a form post above all, is a 401 problem, and nothing was done.
    /// </summary>
    public static Task Challenge(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        var http = ctx.HttpContext;
        var ended = http.Items[EndedKey] as string;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            var back = http.Request.Path + http.Request.QueryString;
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Redirect(PhdAuth.StaffPath + "/sign-in?return=" + Uri.EscapeDataString(back) + (ended is null ? "" : "&ended=1"));
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            return Task.CompletedTask;
        }
        return Problems.WriteAsync(http, 401, (ended is null ? "no staff session: sign in at /staff/sign-in first" : "the staff session ended: " + ended)
            + "; nothing was done");
    }

    /// <summary>Why the session of this request ended (expired or revoked token), if it did.</summary>
    public static string? EndedReason(HttpContext ctx) => ctx.Items[EndedKey] as string;
}
