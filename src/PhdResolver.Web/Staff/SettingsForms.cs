using System.Globalization;
using System.Text;
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
            return StaffEndpoints.Page(ctx, 200, "Attach settings", sb => Form(sb, ctx, host.Registry, target.Version!));
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
            return StaffEndpoints.Page(ctx, 201, "Settings registered", sb => Registered(sb, st), location: "/" + st.Pid);
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

    private static void Form(StringBuilder sb, HttpContext ctx, RegistryService reg, DescriptorVersion v)
    {
        var i = reg.GetInstance(v.Instance);
        string label = $"{i?.Name ?? v.Instance.ToString()} c{v.Number.ToString(CultureInfo.InvariantCulture)}";
        sb.Append("<h1>Attach acquisition settings to ").Append(Html.E(label)).Append("</h1>\n")
          .Append("<p>Upload the settings of one acquisition on configuration <code>").Append(Html.E(v.Pid.ToString())).Append("</code>: a Micro-Meta App settings file (<code>.json</code>) ")
          .Append("or NBO-Q RDF (<code>.ttl</code>, <code>.jsonld</code>, <code>.trig</code>, <code>.nt</code>, <code>.nq</code>, <code>.rdf</code>). ")
          .Append("Component IDs in the file are linked to this configuration's components; an ID it does not have is refused. ")
          .Append("The settings become their own record with their own PHD, listed on the configuration's page.</p>\n")
          .Append("<form class=\"staff\" method=\"post\" action=\"/staff/settings\" enctype=\"multipart/form-data\">").Append(StaffPages.Csrf(ctx))
          .Append("<input type=\"hidden\" name=\"version\" value=\"").Append(Html.E(v.Pid.ToString())).Append("\">\n")
          .Append("<p><label for=\"file\">Settings file</label><br><input id=\"file\" name=\"file\" type=\"file\" required accept=\".json,.ttl,.jsonld,.trig,.nt,.nq,.rdf\"></p>\n")
          .Append("<p><label for=\"name\">Name (optional; default: the file's own)</label><br><input id=\"name\" name=\"name\" type=\"text\" maxlength=\"300\" size=\"50\"></p>\n")
          .Append("<p><button type=\"submit\">Attach settings</button></p></form>\n")
          .Append("<p><a href=\"/staff\">Back to the staff pages</a></p>\n");
    }

    private static void Registered(StringBuilder sb, SettingsRecord st)
    {
        sb.Append("<h1>Settings registered</h1>\n<p role=\"status\"><a href=\"").Append(Html.E("/" + st.Pid)).Append("\">").Append(Html.E(st.Name)).Append("</a> has the PHD <code>")
          .Append(Html.E(st.Pid.ToString())).Append("</code>, registered against configuration <code>").Append(Html.E(st.VersionPid.ToString())).Append("</code>.</p>\n");
        if (st.Summary is { } s) sb.Append("<p>").Append(Html.E(s)).Append("</p>\n");
        sb.Append("<p><a href=\"/staff\">Back to the staff pages</a></p>\n");
    }
}
