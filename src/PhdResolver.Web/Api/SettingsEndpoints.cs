using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PhdResolver.Registry;
using PhdResolver.Registry.Records;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Api;

/// <summary>
/// <c>POST /api/records/{version PID or path}/settings</c> (routed by <see cref="LifecycleEndpoints"/>, which checked the
/// token may change the version's instrument): the body is the settings file, typed like a descriptor (Micro-Meta App
/// <c>application/json</c>, <c>text/turtle</c>, <c>application/ld+json</c>); <c>?name=</c> names it. One registry call
/// writes it (<see cref="RegistryService.RegisterSettings(string, PhdResolver.Rdf.Dataset, string, string, string?)"/>); every
/// refusal is a problem with nothing written: 404 unknown version, 410 withdrawn, 413 too large, 415 type, 400 syntax
/// (line, column), 422 not importable or dangling references (listed).
/// </summary>
internal static class SettingsEndpoints
{
    private static readonly string[] Accepted = ["application/json", "text/turtle", "application/ld+json"];

    public static async Task<IResult> RegisterAsync(HttpContext ctx, RegistryService reg, string version, string actor, WebOptions o)
    {
        var text = await RequestBody.ReadTextAsync(ctx, Math.Min(o.MaxRequestBodyBytes, RegistryService.MaxSettingsChars));
        var type = (ctx.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!DescriptorInput.TryFormatOfMediaType(type, out _))
            return Problems.Result(415, "send the settings as a Micro-Meta App file (application/json), text/turtle or application/ld+json",
                extensions: new Dictionary<string, object?> { ["accepted"] = Accepted });
        reg.SettingsTarget(version); // 404 / 410 / 422 for the version before the body is judged
        string format = "";
        var parsed = DescriptorInput.Parse(() => reg.DecodeSettings(version, text, type, out format), "settings file");
        if (parsed.Data is null) return Problems.Result(parsed.Status, parsed.Detail, extensions: parsed.Extensions);
        SettingsRecord st;
        try { st = reg.RegisterSettings(version, parsed.Data, format, actor, ctx.Request.Query["name"].ToString() is { Length: > 0 } n ? n : null); }
        catch (RegistryException e) when (e.Subjects.Count > 0)
        {
            return Problems.Result(422, e.Message, "Settings rejected", new Dictionary<string, object?> { ["references"] = e.Subjects });
        }
        var body = JsonSerializer.Serialize(new
        {
            pid = st.Pid.ToString(), path = "/" + st.Pid, version = st.VersionPid.ToString(), name = st.Name, format = st.Format, summary = st.Summary, triples = st.QuadCount,
        });
        return new Created("/" + st.Pid, body);
    }

    private sealed record Created(string Location, string Json) : IResult
    {
        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.StatusCode = 201;
            ctx.Response.Headers.Location = Location;
            ctx.Response.Headers.CacheControl = "no-store";
            ctx.Response.ContentType = "application/json; charset=utf-8";
            return ctx.Response.WriteAsync(Json);
        }
    }
}
