using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using PhdResolver.Registry.Tokens;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Infrastructure.Auth;

/// <summary>
/// Who may write, decided in one place for the write API and the staff pages. Two authentication
/// schemes produce the same principal, a <see cref="TokenIdentity"/> carrying the registry's
/// <see cref="ApiToken"/>: <see cref="Bearer"/> (the API's <c>Authorization: Bearer</c>) and
/// <see cref="Cookie"/> (the staff session, which names a token and re-checks it on every request, so
/// revoking or expiring a token ends its sessions at once). Policies say what a request needs:
/// <see cref="WritePolicy"/> (any valid token), <see cref="AdminPolicy"/>, and the resource policy
/// <see cref="FacilityPolicy"/> (the token may act for a given facility, checked by the registry's
/// <c>MayActFor</c>). Refusals are problem details written by <see cref="AuthResults"/>.
/// </summary>
public static class PhdAuth
{
    public const string Bearer = "Bearer";
    public const string Cookie = "StaffSession";

    /// <summary>API: a valid bearer token.</summary>
    public const string WritePolicy = "token";
    /// <summary>API: an administrator's bearer token.</summary>
    public const string AdminPolicy = "admin";
    /// <summary>Staff pages: a session of a valid token.</summary>
    public const string StaffPolicy = "staff";
    /// <summary>Resource policy (resource: a facility PID in any spelling): the token may act for that facility.</summary>
    public const string FacilityPolicy = "facility-write";
    /// <summary>The resource policy "the token may change this record" (the registry's <c>MayChange</c>, as the write API decides).</summary>
    public const string RecordPolicy = "record-write";

    /// <summary>The data protection application name; the CLI uses it too to sign one-time sign-in links.</summary>
    public const string ApplicationName = "phd-resolver";

    /// <summary>The staff session cookie, only ever sent to /staff (public pages stay cookie-less and cacheable).</summary>
    public const string CookieName = "phd_staff";
    public const string StaffPath = "/staff";

    internal const string TokenIdClaim = "phd:token";

    /// <summary>Keys of the data protection key ring (session cookies, CSRF tokens, sign-in links), inside the data directory.</summary>
    public static string KeyDirectory(string dataDirectory) => Path.Combine(dataDirectory, "keys");

    internal static void Add(IServiceCollection s, WebOptions options)
    {
        s.AddDataProtection().SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(KeyDirectory(options.DataDirectory)));
        s.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(Bearer, null)
            .AddCookie(Cookie, c =>
            {
                c.Cookie.Name = CookieName;
                c.Cookie.Path = StaffPath;
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                c.SlidingExpiration = true;
                c.Events.OnValidatePrincipal = StaffSession.Validate;
                c.Events.OnRedirectToLogin = StaffSession.Challenge;
                // Forbidden is answered by AuthResults (403 problem), never by a redirect.
            });
        s.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(Bearer).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Bearer).RequireAuthenticatedUser().AddRequirements(new AdminRequirement()))
            .AddPolicy(StaffPolicy, p => p.AddAuthenticationSchemes(Cookie).RequireAuthenticatedUser())
            .AddPolicy(FacilityPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new FacilityRequirement()))
            .AddPolicy(RecordPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new RecordRequirement()));
        s.AddSingleton<IAuthorizationHandler, AdminHandler>();
        s.AddSingleton<IAuthorizationHandler, FacilityHandler>();
        s.AddSingleton<IAuthorizationHandler, RecordHandler>();
        s.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthResults>();
    }

    /// <summary>
    /// Staff pages are never compressed: they carry CSRF tokens next to text the user chose (file names,
    /// reasons), the combination BREACH reads secrets from through compressed sizes.
    /// </summary>
    internal static Task NoCompression(HttpContext ctx, Func<Task> next)
    {
        if (ctx.Request.Path.StartsWithSegments(StaffPath, StringComparison.Ordinal)) ctx.Request.Headers.AcceptEncoding = default;
        return next();
    }

    /// <summary>The token behind the request's principal (either scheme), or null.</summary>
    public static ApiToken? Token(this ClaimsPrincipal user) =>
        user.Identities.OfType<TokenIdentity>().FirstOrDefault(i => i.IsAuthenticated)?.Token;

    /// <summary>True when the request's token may act for <paramref name="facility"/> (the <see cref="FacilityPolicy"/>).</summary>
    internal static async Task<bool> MayActForAsync(HttpContext ctx, string? facility) =>
        (await ctx.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(ctx.User, facility, FacilityPolicy)).Succeeded;

    /// <summary>True when the request's token may change the record <paramref name="pid"/> names (the <see cref="RecordPolicy"/>).</summary>
    internal static async Task<bool> MayChangeAsync(HttpContext ctx, string pid) =>
        (await ctx.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(ctx.User, pid, RecordPolicy)).Succeeded;
}

/// <summary>A principal's identity made from a registry token (by either scheme).</summary>
public sealed class TokenIdentity : ClaimsIdentity
{
    public TokenIdentity(ApiToken token, string scheme)
        : base([new Claim(PhdAuth.TokenIdClaim, token.Id), new Claim(ClaimTypes.Name, token.Actor)], scheme)
    {
        Token = token;
    }

    public ApiToken Token { get; }
}

/// <summary>The token is an administrator's.</summary>
internal sealed class AdminRequirement : IAuthorizationRequirement;

/// <summary>The token may act for the facility given as the resource.</summary>
internal sealed class FacilityRequirement : IAuthorizationRequirement;

/// <summary>The token may change the record (PID or path) given as the resource.</summary>
internal sealed class RecordRequirement : IAuthorizationRequirement;

internal sealed class AdminHandler : AuthorizationHandler<AdminRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (context.User.Token() is { IsAdmin: true }) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

internal sealed class FacilityHandler(RegistryHost host) : AuthorizationHandler<FacilityRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FacilityRequirement requirement)
    {
        // The registry decides (admin: always; facility token: its own facility, any spelling; unknown facility: never).
        if (context.User.Token() is { } t && host.Registry.MayActFor(t, context.Resource as string)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

internal sealed class RecordHandler(RegistryHost host) : AuthorizationHandler<RecordRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RecordRequirement requirement)
    {
        // The registry decides, as for the write API: admin any record; a facility token its facility, the
        // instruments it holds or owns and their versions; models only an administrator.
        if (context.User.Token() is { } t && context.Resource is string pid && host.Registry.MayChange(t, pid)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
