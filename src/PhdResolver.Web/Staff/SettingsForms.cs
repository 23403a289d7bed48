using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Staff;

/// <summary>
/// The staff form "Attach settings" (issue 15 item 5): upload a Micro-Meta App settings file (or its RDF) for one
/// configuration version. Mapped into the signed-in staff group (<see cref="StaffEndpoints"/>: session cookie, CSRF
/// check on every post, no-store), and written by the registry call the API and the CLI make
/// (<see cref="RegistryService.RegisterSettings(string, PhdResolver.Rdf.Dataset, string, string, string?)"/>), so the
/// same rules refuse the same input: another facility's token (403), an unknown (404) or withdrawn (410) version,
/// a file too large (413), of no known type (415), with a syntax error (400, line and column) or dangling references
/// (422, listed). Nothing is written on a refusal.
/// </summary>
internal static class SettingsForms
{
    public static void Map(RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/settings", (HttpContext ctx, RegistryHost host) =>
        {
            var target = Target(ctx, host, ctx.Request.Query["version"]);
            if (target.Problem is { } p) return p;
            var v = target.Version!;
            var i = host.Registry.GetInstance(v.Instance);
            string label = $"{i?.Name ?? v.Instance.ToString()} c{v.Number.ToString(CultureInfo.InvariantCulture)}";
            return StaffEndpoints.Send(Pages.Staff.AttachSettings.Create(new AttachSettingsPage(StaffEndpoints.Frame(ctx), v, label)));
        });

        signedIn.MapPost("/settings", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var target = Target(ctx, host, form["version"]);
            if (target.Problem is { } p) return p;
            var v = target.Version!;
            var file = form.Files["file"];
            if (file is null || file.Length == 0) return Problems.Result(400, "choose the settings file to upload (Micro-Meta App JSON, Turtle, JSON-LD, TriG, N-Triples, N-Quads or RDF/XML)");
            long limit = Math.Min(o.MaxRequestBodyBytes, RegistryService.MaxSettingsChars);
            if (file.Length > limit) return Problems.Result(413, $"the file ({file.Length} bytes) is larger than the limit of {limit} bytes; nothing was registered");
            string fileName = Path.GetFileName(file.FileName);
            string text;
            using (var ms = new MemoryStream((int)file.Length))
            {
                await file.CopyToAsync(ms, ctx.RequestAborted);
                try { text = PhdResolver.Rdf.StrictUtf8.Decode(ms.GetBuffer().AsSpan(0, (int)ms.Length)); }
                catch (PhdResolver.Rdf.InvalidUtf8Exception e) { return Problems.Result(400, $"{fileName} is not valid UTF-8: {e.Message}; nothing was registered"); }
            }
            if (!DescriptorInput.TryFormatOfFile(fileName, text, out _))
                return Problems.Result(415, $"cannot tell what {fileName} is from its name: upload a Micro-Meta App file (.json) or RDF (.ttl, .jsonld, .trig, .nt, .nq, .rdf); nothing was registered");
            string format = "";
            string version = v.Pid.ToString();
            var parsed = DescriptorInput.Parse(() => host.Registry.DecodeSettings(version, text, fileName, out format), "settings file");
            if (parsed.Data is null)
            {
                string where = parsed.Extensions is { } x && x.TryGetValue("line", out var l) && x.TryGetValue("column", out var c) ? $" (line {l}, column {c})" : "";
                return Problems.Result(parsed.Status, parsed.Detail + where + "; nothing was registered", extensions: parsed.Extensions);
            }
            string? name = form["name"].ToString().Trim() is { Length: > 0 } n ? n : null;
            SettingsRecord st;
            try { st = host.Registry.RegisterSettings(version, parsed.Data, format, ctx.User.Token()!.Actor, name); }
            catch (RegistryException e) when (e.Subjects.Count > 0)
            {
                return Problems.Result(422, e.Message, "Settings rejected", new Dictionary<string, object?> { ["references"] = e.Subjects });
            }
            return StaffEndpoints.Send(Pages.Staff.SettingsRegistered.Create(new SettingsRegisteredPage(StaffEndpoints.Frame(ctx), st)), 201, res => res.Headers.Location = "/" + st.Pid);
        });
    }

    private sealed record Found(DescriptorVersion? Version, IResult? Problem);

    /// <summary>A live version the session's token may change (as the API's <see cref="RegistryService.MayChange"/>), or the refusal.</summary>
    private static Found Target(HttpContext ctx, RegistryHost host, string? pid)
    {
        if (string.IsNullOrWhiteSpace(pid)) return new(null, Problems.Result(400, "name the configuration version (its PHD or path)"));
        if (!host.Registry.MayChange(ctx.User.Token()!, pid.Trim()))
            return new(null, Problems.Result(403, "this token may not act for the facility holding this instrument; nothing was done"));
        return new(host.Registry.SettingsTarget(pid.Trim()), null); // 404 / 410 / 422 through the registry's refusal
    }
}
