using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace PhdResolver.Web.Infrastructure.Auth;

/// <summary>
/// Endpoint metadata: the sentence a 403 says when the endpoint's policy refuses an authenticated
/// caller (e.g. "only an administrator token may register facilities").
/// </summary>
internal sealed record Refusal(string Detail);

/// <summary>
/// What the authorization middleware answers: a challenge goes to the policy's schemes (the bearer
/// scheme writes a 401 problem, the staff session sends browsers to the sign-in page); a refusal of an
/// authenticated caller is a 403 problem with the endpoint's <see cref="Refusal"/>, never a redirect.
/// </summary>
internal sealed class AuthResults : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            if (policy.AuthenticationSchemes.Count == 0) await context.ChallengeAsync();
            else foreach (var scheme in policy.AuthenticationSchemes) await context.ChallengeAsync(scheme);
            return;
        }
        if (authorizeResult.Forbidden)
        {
            await Problems.WriteAsync(context, 403, RefusalOf(context));
            return;
        }
        await next(context);
    }

    public static string RefusalOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Refusal>()?.Detail ?? "this token may not do this";
}
