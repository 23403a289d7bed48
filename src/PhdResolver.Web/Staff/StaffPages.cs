using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using PhdResolver.Nboq.Validation;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Validation;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Staff;

/// <summary>
/// The staff pages' HTML: the site layout, plain forms (every post form carries the antiforgery token),
/// labelled fields, and every piece of record or upload text through <see cref="Html.E"/>.
/// </summary>
internal static class StaffPages
{
    /// <summary>Instruments listed per facility on the dashboard (an administrator sees every facility).</summary>
    private const int MaxListed = 200;

    public static string Layout(HttpContext ctx, string title, Action<StringBuilder> body, bool signedOut) =>
        Html.Page(title + " · staff", sb =>
        {
            if (!signedOut && ctx.User.Token() is { } t)
            {
                sb.Append("<div class=\"staffbar\"><a href=\"/staff\">Staff pages</a> <span class=\"muted\">signed in with token ")
                  .Append(Html.E(t.Id)).Append(t.IsAdmin ? " (administrator)" : "").Append("</span> ");
                sb.Append("<form class=\"inline\" method=\"post\" action=\"/staff/sign-out\">").Append(Csrf(ctx)).Append("<button type=\"submit\">Sign out</button></form></div>\n");
            }
            body(sb);
        });

    /// <summary>The hidden antiforgery field of a post form.</summary>
    public static string Csrf(HttpContext ctx)
    {
        var af = ctx.RequestServices.GetRequiredService<IAntiforgery>();
        var tokens = af.GetAndStoreTokens(ctx);
        return "<input type=\"hidden\" name=\"" + Html.E(tokens.FormFieldName) + "\" value=\"" + Html.E(tokens.RequestToken) + "\">";
    }

    public static void SignInForm(StringBuilder sb, HttpContext ctx, string returnPath, string? error, string? notice)
    {
        sb.Append("<h1>Sign in to the staff pages</h1>\n");
        if (notice is not null) sb.Append("<p class=\"notice\" role=\"status\">").Append(Html.E(notice)).Append("</p>\n");
        if (error is not null) sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>\n");
        sb.Append("<p>Sign in with a write token (<code>phd token create --facility PID</code> prints one, and a one-time sign-in link). ")
          .Append("The session lasts until you sign out, 8 hours without use, or the token's expiry or revocation.</p>\n")
          .Append("<form class=\"staff\" method=\"post\" action=\"/staff/sign-in\">").Append(Csrf(ctx))
          .Append("<input type=\"hidden\" name=\"return\" value=\"").Append(Html.E(returnPath)).Append("\">\n")
          .Append("<p><label for=\"token\">Token</label><br><input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required size=\"50\"></p>\n")
          .Append("<p><button type=\"submit\">Sign in</button></p></form>\n");
    }

    public static void LinkForm(StringBuilder sb, HttpContext ctx, string code)
    {
        sb.Append("<h1>Sign in to the staff pages</h1>\n<p>This one-time link signs you in once; it cannot be used again after.</p>\n")
          .Append("<form class=\"staff\" method=\"post\" action=\"/staff/sign-in/link\">").Append(Csrf(ctx))
          .Append("<input type=\"hidden\" name=\"code\" value=\"").Append(Html.E(code)).Append("\">\n")
          .Append("<p><button type=\"submit\">Sign in</button></p></form>\n");
    }

    public static void Dashboard(StringBuilder sb, HttpContext ctx, RegistryService reg)
    {
        var token = ctx.User.Token()!;
        var facilities = token.IsAdmin
            ? reg.Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Name, StringComparer.Ordinal).ToList()
            : reg.Facilities.Where(f => f.Pid.ToString() == token.Scope && f.Tombstone is null).ToList();
        sb.Append("<h1>Staff pages</h1>\n<p>")
          .Append(token.IsAdmin ? "An administrator token: you act for every facility." : "You act for " + Html.E(facilities.FirstOrDefault()?.Name ?? token.Scope) + ".")
          .Append(" Manage a record (edit its details, people, external identifiers and a configuration's related works), register a new configuration of an instrument, ")
          .Append("withdraw a record with a reason, or move an instrument to another facility. Every change is audited with the token as the actor.</p>\n");
        if (facilities.Count == 0) sb.Append("<p>No live facility is in this token's scope.</p>\n");
        foreach (var f in facilities)
        {
            sb.Append("<h2>").Append(Html.E(f.Name)).Append("</h2>\n<p><a href=\"").Append(Html.E("/" + f.Pid)).Append("\">Facility page</a> · <code>")
              .Append(Html.E(f.Pid.ToString())).Append("</code> · <a href=\"/staff/manage?pid=").Append(Html.Q(f.Pid.ToString())).Append("\">Manage the facility")
              .Append("<span class=\"visually-hidden\"> ").Append(Html.E(f.Name)).Append("</span></a> · <a href=\"/staff/withdraw?pid=").Append(Html.Q(f.Pid.ToString())).Append("\">Withdraw the facility")
              .Append("<span class=\"visually-hidden\"> ").Append(Html.E(f.Name)).Append("</span></a></p>\n");
            var instances = reg.InstancesAt(f.Pid).Where(i => i.Tombstone is null).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
            if (instances.Count == 0) { sb.Append("<p class=\"muted\">No instruments.</p>\n"); continue; }
            sb.Append("<table class=\"staff\"><caption class=\"visually-hidden\">Instruments at ").Append(Html.E(f.Name))
              .Append("</caption><thead><tr><th scope=\"col\">instrument</th><th scope=\"col\">configurations</th><th scope=\"col\">actions</th></tr></thead><tbody>\n");
            foreach (var i in instances.Take(MaxListed))
            {
                string name = Html.E(i.Name);
                sb.Append("<tr><td><a href=\"").Append(Html.E(Paths.Of(i))).Append("\">").Append(name).Append("</a><br><code>").Append(Html.E(i.Pid.ToString())).Append("</code></td><td>");
                var versions = reg.GetVersions(i.Pid).Where(v => v.Tombstone is null).OrderByDescending(v => v.Number).ToList();
                if (versions.Count == 0) sb.Append("<span class=\"muted\">none yet</span>");
                foreach (var v in versions)
                {
                    string label = "c" + v.Number.ToString(CultureInfo.InvariantCulture);
                    sb.Append("<a href=\"").Append(Html.E(Paths.Of(i, v.Number))).Append("\">").Append(label).Append("</a> (tier ").Append(v.Tier).Append(", <a href=\"/staff/withdraw?pid=")
                      .Append(Html.Q(v.Pid.ToString())).Append("\">withdraw<span class=\"visually-hidden\"> ").Append(name).Append(' ').Append(label).Append("</span></a>)<br>");
                }
                sb.Append("</td><td><a href=\"/staff/manage?pid=").Append(Html.Q(i.Pid.ToString())).Append("\">Manage<span class=\"visually-hidden\"> ").Append(name).Append("</span></a><br>")
                  .Append("<a href=\"/staff/register?instance=").Append(Html.Q(i.Pid.ToString())).Append("\">Register a configuration<span class=\"visually-hidden\"> of ").Append(name).Append("</span></a><br>")
                  .Append("<a href=\"/staff/move?instance=").Append(Html.Q(i.Pid.ToString())).Append("\">Move<span class=\"visually-hidden\"> ").Append(name).Append("</span></a><br>")
                  .Append("<a href=\"/staff/withdraw?pid=").Append(Html.Q(i.Pid.ToString())).Append("\">Withdraw<span class=\"visually-hidden\"> ").Append(name).Append("</span></a></td></tr>\n");
            }
            sb.Append("</tbody></table>\n");
            if (instances.Count > MaxListed)
                sb.Append("<p class=\"muted\">").Append(instances.Count - MaxListed).Append(" more instruments are not listed here; open one from its page and use its PID in the address.</p>\n");
        }
        if (token.IsAdmin) Models(sb, reg);
    }

    /// <summary>Models are shared by every facility: only an administrator changes them, so only an administrator's home lists them.</summary>
    private static void Models(StringBuilder sb, RegistryService reg)
    {
        var models = reg.Models.Where(m => m.Tombstone is null).OrderBy(m => m.Manufacturer, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        sb.Append("<h2>Instrument models</h2>\n");
        if (models.Count == 0) { sb.Append("<p class=\"muted\">No models.</p>\n"); return; }
        sb.Append("<ul>\n");
        foreach (var m in models.Take(MaxListed))
            sb.Append("<li>").Append(Html.E(m.Manufacturer)).Append(' ').Append(Html.E(m.Name)).Append(" <code>").Append(Html.E(m.Pid.ToString())).Append("</code> · <a href=\"/staff/manage?pid=")
              .Append(Html.Q(m.Pid.ToString())).Append("\">Manage<span class=\"visually-hidden\"> ").Append(Html.E(m.Name)).Append("</span></a></li>\n");
        sb.Append("</ul>\n");
    }

    private static void Back(StringBuilder sb) => sb.Append("<p><a href=\"/staff\">Back to the staff pages</a></p>\n");

    private static void TierChoice(StringBuilder sb, int selected)
    {
        sb.Append("<fieldset><legend>Declared tier</legend>\n");
        for (int t = DescriptorValidation.MinTier; t <= DescriptorValidation.MaxTier; t++)
            sb.Append("<label><input type=\"radio\" name=\"tier\" value=\"").Append(t).Append('"').Append(t == selected ? " checked" : "").Append("> tier ").Append(t).Append("</label>\n");
        sb.Append("</fieldset>\n");
    }

    public static void UploadForm(StringBuilder sb, HttpContext ctx, InstanceRecord i, string? error)
    {
        sb.Append("<h1>Register a configuration of ").Append(Html.E(i.Name)).Append("</h1>\n");
        if (error is not null) sb.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>\n");
        sb.Append("<p>Upload the instrument's description as a Micro-Meta App file (<code>.json</code>) or as NBO-Q RDF (<code>.ttl</code>, <code>.jsonld</code>, <code>.trig</code>, <code>.nt</code>, <code>.nq</code>, <code>.rdf</code>). ")
          .Append("The next page shows the tier report per component; nothing is registered until you confirm there.</p>\n")
          .Append("<form class=\"staff\" method=\"post\" action=\"/staff/register/preview\" enctype=\"multipart/form-data\">").Append(Csrf(ctx))
          .Append("<input type=\"hidden\" name=\"instance\" value=\"").Append(Html.E(i.Pid.ToString())).Append("\">\n")
          .Append("<p><label for=\"file\">Description file</label><br><input id=\"file\" name=\"file\" type=\"file\" required accept=\".json,.ttl,.jsonld,.trig,.nt,.nq,.rdf\"></p>\n");
        TierChoice(sb, 1);
        sb.Append("<p><button type=\"submit\">Check the file</button></p></form>\n");
        Back(sb);
    }

    public static void Preview(StringBuilder sb, HttpContext ctx, InstanceRecord i, PreviewStash.Upload upload, DescriptorReport report, IReadOnlyList<Component> components, string previewId)
    {
        sb.Append("<h1>Check the new configuration of ").Append(Html.E(i.Name)).Append("</h1>\n<p>File <code>").Append(Html.E(upload.FileName)).Append("</code> (")
          .Append(upload.Format is { } f ? Html.E(f.ToString()) : "Micro-Meta App JSON").Append("), declared at tier ").Append(upload.Tier).Append(". Nothing has been registered yet.</p>\n");
        sb.Append("<h2 id=\"verdict\">Verdict</h2>\n<p>")
          .Append(report.Conforms ? $"<span class=\"badge ok\">conforms at tier {report.Tier} (MUST)</span>"
              : report.ConformsAt > 0 ? $"<span class=\"badge warn\">meets tier {report.ConformsAt} only, not the declared tier {report.Tier}</span>"
              : "<span class=\"badge bad\">does not meet tier 1 (MUST)</span>")
          .Append("; SHOULD fields met: ").Append(report.ShouldMet).Append(" of ").Append(report.ShouldTotal).Append(".</p>\n");
        RecordPages.TierTable(sb, report);
        sb.Append("<h2>Findings per component</h2>\n");
        if (report.Summary.Components.Count == 0) sb.Append("<p>No field is missing or invalid.</p>\n");
        else
        {
            sb.Append("<ul class=\"findings\">\n");
            foreach (var c in report.Summary.Components)
            {
                sb.Append("<li><strong>").Append(Html.E(TierReportWriter.Heading(c))).Append("</strong><ul>\n");
                foreach (var x in c.Findings)
                    sb.Append("<li>").Append(x.Required ? "<span class=\"badge bad\">MUST</span> " : "<span class=\"badge\">SHOULD</span> ").Append(Html.E(TierReportWriter.Line(x))).Append("</li>\n");
                sb.Append("</ul></li>\n");
            }
            sb.Append("</ul>\n");
        }
        if (report.Conforms)
        {
            sb.Append("<h2>Register</h2>\n<p>Registering gives this configuration a new version with its own PHD. The file is checked again when you confirm.</p>\n")
              .Append("<form class=\"staff\" method=\"post\" action=\"/staff/register\">").Append(Csrf(ctx))
              .Append("<input type=\"hidden\" name=\"preview\" value=\"").Append(Html.E(previewId)).Append("\">\n")
              .Append("<p><button type=\"submit\">Register this configuration</button></p></form>\n");
        }
        else
        {
            sb.Append("<h2>Not registrable at tier ").Append(upload.Tier).Append("</h2>\n<p>Add the missing required fields and upload the file again")
              .Append(report.ConformsAt > 0 ? $", or declare it at tier {report.ConformsAt}" : "").Append(".</p>\n");
            sb.Append("<p><a href=\"/staff/register?instance=").Append(Html.Q(i.Pid.ToString())).Append("\">Upload a file again</a></p>\n");
        }
        sb.Append("<h2>Components in the file</h2>\n");
        if (components.Count == 0) sb.Append("<p class=\"muted\">No components were recognised.</p>\n");
        RecordPages.ComponentTables(sb, components, RegistryService.Ontology, null);
        Back(sb);
    }

    public static void Registered(StringBuilder sb, InstanceRecord i, DescriptorVersion v, bool created)
    {
        string path = Paths.Of(i, v.Number);
        sb.Append("<h1>").Append(created ? "Registered" : "Already registered").Append("</h1>\n<p role=\"status\">")
          .Append(created ? "The new configuration of " : "The file is identical to the current configuration of ").Append(Html.E(i.Name)).Append(" is <a href=\"").Append(Html.E(path)).Append("\">c")
          .Append(v.Number.ToString(CultureInfo.InvariantCulture)).Append("</a>, PHD <code>").Append(Html.E(v.Pid.ToString())).Append("</code>")
          .Append(created ? ", declared at tier " + v.Tier.ToString(CultureInfo.InvariantCulture) : "; nothing new was registered").Append(".</p>\n");
        Back(sb);
    }

    public static void WithdrawForm(StringBuilder sb, HttpContext ctx, string pid, string title, PidLevel level)
    {
        sb.Append("<h1>Withdraw ").Append(Html.E(title)).Append("</h1>\n<p>The ").Append(Html.E(RecordPages.LevelName(level))).Append(" <code>").Append(Html.E(pid))
          .Append("</code> will answer 410 Gone with a tombstone page that keeps its citation and shows the reason. This cannot be undone.</p>\n")
          .Append("<form class=\"staff\" method=\"post\" action=\"/staff/withdraw\">").Append(Csrf(ctx))
          .Append("<input type=\"hidden\" name=\"pid\" value=\"").Append(Html.E(pid)).Append("\">\n")
          .Append("<p><label for=\"reason\">Reason (shown publicly)</label><br><textarea id=\"reason\" name=\"reason\" rows=\"3\" maxlength=\"1000\" required></textarea></p>\n")
          .Append("<p><button type=\"submit\">Withdraw</button></p></form>\n");
        Back(sb);
    }

    public static void Withdrawn(StringBuilder sb, string title, string path, Tombstone t)
    {
        sb.Append("<h1>Withdrawn</h1>\n<p role=\"status\"><a href=\"").Append(Html.E(path)).Append("\">").Append(Html.E(title)).Append("</a> was withdrawn on ")
          .Append(Html.E(t.WithdrawnAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))).Append(" UTC: ").Append(Html.E(t.Reason)).Append("</p>\n");
        Back(sb);
    }

    public static void MoveForm(StringBuilder sb, HttpContext ctx, RegistryService reg, InstanceRecord i)
    {
        var here = reg.GetFacility(i.Facility);
        sb.Append("<h1>Move ").Append(Html.E(i.Name)).Append("</h1>\n<p>Now at ").Append(Html.E(here?.Name ?? i.Facility.ToString()))
          .Append(". After the move its old addresses answer 301 to the new ones; its PID stays the same. Moving into a facility needs that facility's token or an administrator's.</p>\n")
          .Append("<form class=\"staff\" method=\"post\" action=\"/staff/move\">").Append(Csrf(ctx))
          .Append("<input type=\"hidden\" name=\"instance\" value=\"").Append(Html.E(i.Pid.ToString())).Append("\">\n")
          .Append("<p><label for=\"facility\">New facility</label><br><select id=\"facility\" name=\"facility\" required>\n");
        foreach (var f in reg.Facilities.Where(f => f.Tombstone is null && f.Pid != i.Facility).OrderBy(f => f.Name, StringComparer.Ordinal))
            sb.Append("<option value=\"").Append(Html.E(f.Pid.ToString())).Append("\">").Append(Html.E(f.Name)).Append(" (").Append(Html.E(f.Pid.ToString())).Append(")</option>\n");
        sb.Append("</select></p>\n<p><label><input type=\"checkbox\" name=\"loan\"> A loan: the current owner stays the owner</label></p>\n")
          .Append("<p><button type=\"submit\">Move</button></p></form>\n");
        Back(sb);
    }

    public static void Moved(StringBuilder sb, InstanceRecord i, FacilityRecord to)
    {
        sb.Append("<h1>Moved</h1>\n<p role=\"status\"><a href=\"").Append(Html.E(Paths.Of(i))).Append("\">").Append(Html.E(i.Name)).Append("</a> is now at ")
          .Append(Html.E(to.Name)).Append(".</p>\n");
        Back(sb);
    }
}
