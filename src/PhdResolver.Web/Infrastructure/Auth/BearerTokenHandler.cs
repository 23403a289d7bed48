using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhdResolver.Registry.Tokens;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Infrastructure.Auth;

/// <summary>
/// <c>Authorization: Bearer SECRET</c>, checked by the registry (hash lookup; expiry and revocation).
/// No header: no result (the policy then challenges). A challenge is a 401 problem saying what was wrong
/// (missing, unknown, expired on, revoked on) with an RFC 6750 <c>WWW-Authenticate</c> header.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RegistryHost host)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private TokenCheck? _check;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var auth = Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        var check = host.Registry.Authenticate(auth["Bearer ".Length..].Trim());
        _check = check;
        if (!check.IsValid) return Task.FromResult(AuthenticateResult.Fail(check.Result.ToString()));
        var principal = new System.Security.Claims.ClaimsPrincipal(new TokenIdentity(check.Token!, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_check is not { } check)
        {
            Response.Headers.WWWAuthenticate = "Bearer realm=\"phd\"";
            return Problems.WriteAsync(Context, 401, "send a bearer token (Authorization: Bearer ...); `phd token create --facility PID` makes one");
        }
        string error = check.Result switch
        {
            TokenCheckResult.Expired => "the token expired",
            TokenCheckResult.Revoked => "the token was revoked",
            _ => "the token is not valid",
        };
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"phd\", error=\"invalid_token\", error_description=\"{error}\"";
        return Problems.WriteAsync(Context, 401, TokenRefusal.Detail(check));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, AuthResults.RefusalOf(Context));
}

/// <summary>Why a presented token is refused, in the words both schemes use.</summary>
internal static class TokenRefusal
{
    /// <summary>The state of the token with id <paramref name="id"/> now (sessions and sign-in links name tokens by id, never by secret).</summary>
    public static TokenCheck ById(PhdResolver.Registry.RegistryService reg, string? id)
    {
        var t = id is null ? null : reg.ListTokens().FirstOrDefault(x => x.Id == id);
        return t?.StateAt(reg.Options.Clock.GetUtcNow()) switch
        {
            null => new(TokenCheckResult.Unknown, null),
            TokenState.Active => new(TokenCheckResult.Valid, t),
            TokenState.Expired => new(TokenCheckResult.Expired, t),
            _ => new(TokenCheckResult.Revoked, t),
        };
    }

    public static string Detail(TokenCheck check) => check.Result switch
    {
        TokenCheckResult.Expired => $"the token {check.Token!.Id} expired on {check.Token.Expires!.Value.UtcDateTime:yyyy-MM-dd HH:mm}Z; ask for a new one (`phd token create`)",
        TokenCheckResult.Revoked => $"the token {check.Token!.Id} was revoked on {check.Token.Revoked!.Value.UtcDateTime:yyyy-MM-dd HH:mm}Z",
        _ => "the token is not valid",
    };
}
