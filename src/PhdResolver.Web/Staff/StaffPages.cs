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

    /// <summary>The staff home's model: the facilities the token acts for (an administrator: all) with their live instruments and versions.</summary>
    public static DashboardPage Dashboard(StaffFrame frame, PhdResolver.Registry.Tokens.ApiToken token, RegistryService reg)
    {
        var facilities = token.IsAdmin
            ? reg.Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Name, StringComparer.Ordinal).ToList()
            : reg.Facilities.Where(f => f.Pid.ToString() == token.Scope && f.Tombstone is null).ToList();
        var blocks = new List<DashboardFacility>(facilities.Count);
        foreach (var f in facilities)
        {
            var instances = reg.InstancesAt(f.Pid).Where(i => i.Tombstone is null).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
            var rows = instances.Take(MaxListed).Select(i => new DashboardInstrument(i, Paths.Of(i),
                [.. reg.GetVersions(i.Pid).Where(v => v.Tombstone is null).OrderByDescending(v => v.Number)
                    .Select(v => new VersionRow("c" + v.Number.ToString(CultureInfo.InvariantCulture), v.Pid.ToString(), Paths.Of(i, v.Number), v.Tier, 0))])).ToList();
            blocks.Add(new DashboardFacility(f, rows, Math.Max(0, instances.Count - MaxListed)));
        }
        // Models are shared by every facility: only an administrator changes them, so only an administrator's home lists them.
        ModelRecord[] models = token.IsAdmin
            ? [.. reg.Models.Where(m => m.Tombstone is null).OrderBy(m => m.Manufacturer, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal).Take(MaxListed)]
            : [];
        return new DashboardPage(frame, facilities.FirstOrDefault()?.Name ?? token.Scope, blocks, models);
    }

    /// <summary>The tiers a configuration can be declared at, in order.</summary>
    public static readonly IReadOnlyList<int> Tiers = [.. Enumerable.Range(DescriptorValidation.MinTier, DescriptorValidation.MaxTier - DescriptorValidation.MinTier + 1)];

    private static void Back(StringBuilder sb) => sb.Append("<p><a href=\"/staff\">Back to the staff pages</a></p>\n");

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
}
