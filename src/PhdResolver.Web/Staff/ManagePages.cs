using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Records;
using static PhdResolver.Web.Staff.ManageEndpoints;

namespace PhdResolver.Web.Staff;

/// <summary>
/// The HTML of the "manage records" pages (<see cref="ManageEndpoints"/>): plain forms that work without
/// script, each field labelled, a refusal shown above the form (role="alert") and tied to the field it
/// names (aria-invalid, aria-describedby), the entered values written back into the form, and every piece
/// of record or entered text through <see cref="Html.E"/>.
/// </summary>
internal static class ManagePages
{
    public static readonly IReadOnlyDictionary<string, string?> NoValues = new Dictionary<string, string?>();

    /// <summary>One metadata field of a level's edit form; <see cref="Name"/> is the PATCH API's (and <see cref="RecordEdit"/>'s) name.</summary>
    internal sealed record Field(string Name, string Label, string Kind, bool Required, string? Hint);

    private static readonly Field[] FacilityFields =
    [
        new("name", "Name", "text", true, null),
        new("homepage", "Homepage", "url", false, "an http or https address"),
        new("contact", "Contact (free text)", "text", false, "people with ORCID iDs go on the People page"),
        new("city", "City", "text", false, null),
        new("country", "Country", "text", false, "ISO 3166 code, e.g. DE"),
    ];

    private static readonly Field[] ModelFields =
    [
        new("name", "Name", "text", true, null),
        new("manufacturer", "Manufacturer", "text", true, null),
        new("modality", "Modality", "text", false, "e.g. confocal, widefield, light-sheet"),
    ];

    private static readonly Field[] InstanceFields =
    [
        new("name", "Name", "text", true, null),
        new("manufacturer", "Manufacturer", "text", true, null),
        new("description", "Description", "textarea", false, null),
        new("commissioned", "Commissioned", "date", false, "yyyy-MM-dd; empty if not known"),
    ];

    /// <summary>The fields the registry lets a record of <paramref name="level"/> edit (every field the PATCH API accepts besides the lists).</summary>
    public static IReadOnlyList<Field> EditFields(PidLevel level) => level switch
    {
        PidLevel.Facility => FacilityFields,
        PidLevel.Model => ModelFields,
        _ => InstanceFields,
    };

    public static Dictionary<string, string?> CurrentValues(Managed m) => m.Level switch
    {
        PidLevel.Facility => new(StringComparer.Ordinal)
        {
            ["name"] = m.Facility!.Name, ["homepage"] = m.Facility.Homepage, ["contact"] = m.Facility.Contact, ["city"] = m.Facility.City, ["country"] = m.Facility.Country,
        },
        PidLevel.Model => new(StringComparer.Ordinal) { ["name"] = m.Model!.Name, ["manufacturer"] = m.Model.Manufacturer, ["modality"] = m.Model.Modality },
        _ => new(StringComparer.Ordinal)
        {
            ["name"] = m.Instance!.Name, ["manufacturer"] = m.Instance.Manufacturer, ["description"] = m.Instance.Description,
            ["commissioned"] = m.Instance.Commissioned?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
    };

    public static Dictionary<string, string?> PersonValues(Person p) => new(StringComparer.Ordinal)
    {
        ["name"] = p.Name, ["orcid"] = p.Orcid, ["role"] = p.Role, ["email"] = p.Email, ["emailPublic"] = p.EmailPublic ? "on" : null,
    };

    /// <summary>A stored person as registry input, so that a list edit gives back everyone it keeps unchanged.</summary>
    public static PersonInput AsInput(Person p) => new() { Name = p.Name, Orcid = p.Orcid, Role = p.Role, Email = p.Email, EmailPublic = p.EmailPublic };

    // ------------------------------------------------------------------ the Manage page

    public static void Manage(StringBuilder sb, RegistryService reg, Managed m)
    {
        string q = Html.Q(m.Pid), name = Html.E(m.Title);
        sb.Append("<h1>Manage ").Append(name).Append("</h1>\n");
        Identity(sb, m);
        sb.Append("<h2>Actions</h2>\n<ul class=\"actions\">\n");
        if (m.Level != PidLevel.Descriptor)
        {
            sb.Append("<li><a href=\"/staff/edit?pid=").Append(q).Append("\">Edit the details</a> (name").Append(m.Level switch
            {
                PidLevel.Facility => ", homepage, contact, city, country",
                PidLevel.Model => ", manufacturer, modality",
                _ => ", manufacturer, description, commissioning date",
            }).Append(")</li>\n");
            if (m.Level != PidLevel.Model)
                sb.Append("<li><a href=\"/staff/people?pid=").Append(q).Append("\">People</a>: contacts, managers and staff with ORCID iDs (").Append(m.People.Count).Append(")</li>\n");
            sb.Append("<li><a href=\"/staff/identifiers?pid=").Append(q).Append("\">External identifiers</a> (").Append(m.Identifiers.Count).Append(")</li>\n");
        }
        if (m.Level == PidLevel.Instance)
            sb.Append("<li><a href=\"/staff/register?instance=").Append(q).Append("\">Register a configuration</a></li>\n")
              .Append("<li><a href=\"/staff/move?instance=").Append(q).Append("\">Move to another facility</a></li>\n");
        if (m.Level == PidLevel.Descriptor)
            sb.Append("<li><a href=\"/staff/related?pid=").Append(q).Append("\">Related works</a>: datasets and publications (").Append(reg.RelatedWorksOf(m.Version!).Count).Append(")</li>\n")
              .Append("<li><a href=\"/staff/manage?pid=").Append(Html.Q(m.Instance!.Pid.ToString())).Append("\">Manage the instrument ").Append(Html.E(m.Instance.Name)).Append("</a></li>\n");
        sb.Append("<li><a href=\"/staff/withdraw?pid=").Append(q).Append("\">Withdraw</a> with a public reason</li>\n</ul>\n");
        if (m.Level == PidLevel.Instance)
        {
            var versions = reg.GetVersions(m.Instance!.Pid).Where(v => v.Tombstone is null).OrderByDescending(v => v.Number).ToList();
            sb.Append("<h2>Configurations</h2>\n");
            if (versions.Count == 0) sb.Append("<p class=\"muted\">None registered yet.</p>\n");
            else
            {
                sb.Append("<table class=\"staff\"><caption class=\"visually-hidden\">Configurations of ").Append(name)
                  .Append("</caption><thead><tr><th scope=\"col\">version</th><th scope=\"col\">tier</th><th scope=\"col\">related works</th><th scope=\"col\">actions</th></tr></thead><tbody>\n");
                foreach (var v in versions)
                {
                    string label = "c" + v.Number.ToString(CultureInfo.InvariantCulture);
                    sb.Append("<tr><td><a href=\"").Append(Html.E(Paths.Of(m.Instance, v.Number))).Append("\">").Append(label).Append("</a> <code>").Append(Html.E(v.Pid.ToString()))
                      .Append("</code></td><td>").Append(v.Tier).Append("</td><td>").Append(reg.RelatedWorksOf(v).Count).Append("</td><td><a href=\"/staff/related?pid=")
                      .Append(Html.Q(v.Pid.ToString())).Append("\">Related works<span class=\"visually-hidden\"> of ").Append(label).Append("</span></a></td></tr>\n");
                }
                sb.Append("</tbody></table>\n");
            }
        }
        Back(sb, null);
    }

    /// <summary>What the record is: its kind, PID, revision, and its public page and history.</summary>
    private static void Identity(StringBuilder sb, Managed m)
    {
        sb.Append("<p class=\"pid\"><span class=\"badge\">").Append(Html.E(RecordPages.LevelName(m.Level))).Append("</span> <code>").Append(Html.E(m.Pid)).Append("</code>");
        if (m.Level != PidLevel.Descriptor) sb.Append(" · revision ").Append(m.Revision.ToString(CultureInfo.InvariantCulture));
        sb.Append(" · <a href=\"").Append(Html.E(m.Path)).Append("\">public page</a> · <a href=\"/history/").Append(Html.E(m.Pid)).Append("\">history</a></p>\n");
    }

    private static void Back(StringBuilder sb, Managed? m)
    {
        sb.Append("<p>");
        if (m is not null) sb.Append("<a href=\"/staff/manage?pid=").Append(Html.Q(m.Pid)).Append("\">Back to managing ").Append(Html.E(m.Title)).Append("</a> · ");
        sb.Append("<a href=\"/staff\">Staff pages</a></p>\n");
    }

    private static void Messages(StringBuilder sb, string? error, string? done)
    {
        if (error is not null) sb.Append("<div class=\"error\" role=\"alert\" id=\"form-error\"><p>").Append(Html.E(error)).Append("</p></div>\n");
        if (done is not null) sb.Append("<p class=\"notice\" role=\"status\">").Append(Html.E(done)).Append("</p>\n");
    }

    private static void FormStart(StringBuilder sb, HttpContext ctx, string action, Managed m, bool revision, string? op = null, int? index = null)
    {
        sb.Append("<form class=\"staff\" method=\"post\" action=\"").Append(action).Append("\">").Append(StaffPages.Csrf(ctx))
          .Append("<input type=\"hidden\" name=\"pid\" value=\"").Append(Html.E(m.Pid)).Append("\">");
        if (revision) sb.Append("<input type=\"hidden\" name=\"revision\" value=\"").Append(m.Revision.ToString(CultureInfo.InvariantCulture)).Append("\">");
        if (op is not null) sb.Append("<input type=\"hidden\" name=\"op\" value=\"").Append(op).Append("\">");
        if (index is int k) sb.Append("<input type=\"hidden\" name=\"index\" value=\"").Append(k.ToString(CultureInfo.InvariantCulture)).Append("\">");
        sb.Append('\n');
    }

    /// <summary>A labelled input; the field a refusal names is marked invalid and described by the message.</summary>
    private static void Input(StringBuilder sb, string id, string name, string label, string kind, string? value, bool required, string? hint, string? invalid, string? extra = null)
    {
        bool bad = invalid == name;
        string described = (hint is null ? "" : id + "-hint") + (bad ? (hint is null ? "" : " ") + "form-error" : "");
        sb.Append("<p><label for=\"").Append(id).Append("\">").Append(Html.E(label)).Append(required ? " (required)" : "").Append("</label><br>");
        if (kind == "textarea")
            sb.Append("<textarea id=\"").Append(id).Append("\" name=\"").Append(name).Append("\" rows=\"4\" cols=\"60\"");
        else
            sb.Append("<input id=\"").Append(id).Append("\" name=\"").Append(name).Append("\" type=\"").Append(kind).Append("\" size=\"50\" value=\"").Append(Html.E(value)).Append('"');
        if (required) sb.Append(" required");
        if (bad) sb.Append(" aria-invalid=\"true\"");
        if (described.Length > 0) sb.Append(" aria-describedby=\"").Append(described).Append('"');
        if (extra is not null) sb.Append(' ').Append(extra);
        sb.Append('>');
        if (kind == "textarea") sb.Append(Html.E(value)).Append("</textarea>");
        if (hint is not null) sb.Append("<br><span class=\"muted\" id=\"").Append(id).Append("-hint\">").Append(Html.E(hint)).Append("</span>");
        sb.Append("</p>\n");
    }

    // ------------------------------------------------------------------ edit

    public static void EditForm(StringBuilder sb, HttpContext ctx, Managed m, IReadOnlyDictionary<string, string?> values, string? error, string? invalid)
    {
        sb.Append("<h1>Edit ").Append(Html.E(m.Title)).Append("</h1>\n");
        Identity(sb, m);
        Messages(sb, error, null);
        sb.Append("<p>Saving makes a new revision of the record, audited with the reason below; its configuration versions never change. ")
          .Append("An optional field left empty is cleared.</p>\n");
        FormStart(sb, ctx, "/staff/edit", m, revision: true);
        foreach (var f in EditFields(m.Level))
            Input(sb, "f-" + f.Name, f.Name, f.Label, f.Kind, values.GetValueOrDefault(f.Name), f.Required, f.Hint, invalid,
                f.Kind == "textarea" ? "maxlength=\"5000\"" : "maxlength=\"1000\"");
        Input(sb, "f-reason", "reason", "Reason for the change", "textarea", values.GetValueOrDefault("reason"), false, "kept in the record's history", invalid, "maxlength=\"1000\"");
        sb.Append("<p><button type=\"submit\">Save</button></p></form>\n");
        Back(sb, m);
    }

    public static void Saved(StringBuilder sb, Managed m, EditResult r)
    {
        sb.Append("<h1>").Append(r.Changed.Count == 0 ? "Nothing changed" : "Saved").Append("</h1>\n<p role=\"status\">");
        if (r.Changed.Count == 0) sb.Append("The values are the ones ").Append(Html.E(m.Title)).Append(" already has; nothing was written (revision ").Append(r.Revision).Append(").");
        else sb.Append("<a href=\"").Append(Html.E(m.Path)).Append("\">").Append(Html.E(m.Title)).Append("</a> is now at revision ").Append(r.Revision)
               .Append(" (changed: ").Append(Html.E(string.Join(", ", r.Changed))).Append(").");
        sb.Append("</p>\n");
        Back(sb, m);
    }

    // ------------------------------------------------------------------ people

    public static void People(StringBuilder sb, HttpContext ctx, Managed m, int? index, IReadOnlyDictionary<string, string?> values, string? error, string? invalid, string? done)
    {
        sb.Append("<h1>People of ").Append(Html.E(m.Title)).Append("</h1>\n");
        Identity(sb, m);
        Messages(sb, error, done);
        sb.Append("<p>Contacts, managers and staff appear on the public page, in the RDF and as DataCite contributors with their ORCID iD. ")
          .Append("An email address is shown only when its owner agreed to publish it; nothing else is kept about a person.</p>\n");
        if (m.People.Count == 0) sb.Append("<p class=\"muted\">No people yet.</p>\n");
        else
        {
            sb.Append("<table class=\"staff\"><caption class=\"visually-hidden\">People of ").Append(Html.E(m.Title))
              .Append("</caption><thead><tr><th scope=\"col\">name</th><th scope=\"col\">role</th><th scope=\"col\">ORCID iD</th><th scope=\"col\">email</th><th scope=\"col\">actions</th></tr></thead><tbody>\n");
            for (int k = 0; k < m.People.Count; k++)
            {
                var p = m.People[k];
                string who = Html.E(p.Name);
                sb.Append("<tr><td>").Append(who).Append("</td><td>").Append(Html.E(p.Role)).Append("</td><td>");
                if (p.Orcid is not null) sb.Append("<a href=\"").Append(Html.E(p.OrcidUrl)).Append("\">").Append(Html.E(p.Orcid)).Append("</a>");
                sb.Append("</td><td>").Append(p.Email is null ? "" : Html.E(p.Email) + (p.EmailPublic ? " (public)" : " (not published)"))
                  .Append("</td><td><a href=\"/staff/people?pid=").Append(Html.Q(m.Pid)).Append("&amp;person=").Append(k).Append("#person-form\">Change<span class=\"visually-hidden\"> ").Append(who).Append("</span></a> ");
                FormStart(sb, ctx, "/staff/people", m, revision: true, "remove", k);
                sb.Append("<button type=\"submit\">Remove<span class=\"visually-hidden\"> ").Append(who).Append("</span></button></form></td></tr>\n");
            }
            sb.Append("</tbody></table>\n");
        }
        bool change = index is int i && i < m.People.Count;
        sb.Append("<h2 id=\"person-form\">").Append(change ? "Change " + Html.E(m.People[index!.Value].Name) : "Add a person").Append("</h2>\n");
        FormStart(sb, ctx, "/staff/people", m, revision: true, change ? "change" : "add", change ? index : null);
        Input(sb, "p-name", "name", "Name", "text", values.GetValueOrDefault("name"), true, null, invalid, "maxlength=\"200\" autocomplete=\"off\"");
        Input(sb, "p-orcid", "orcid", "ORCID iD", "text", values.GetValueOrDefault("orcid"), false, "0000-0002-1825-0097 or its orcid.org address; the check digit is verified", invalid, "autocomplete=\"off\"");
        string role = values.GetValueOrDefault("role") ?? Person.Contact;
        sb.Append("<p><label for=\"p-role\">Role</label><br><select id=\"p-role\" name=\"role\">");
        foreach (var r in Person.Roles)
            sb.Append("<option value=\"").Append(r).Append('"').Append(string.Equals(r, role, StringComparison.OrdinalIgnoreCase) ? " selected" : "").Append('>').Append(r).Append("</option>");
        sb.Append("</select></p>\n");
        Input(sb, "p-email", "email", "Email", "email", values.GetValueOrDefault("email"), false, null, invalid, "maxlength=\"254\" autocomplete=\"off\"");
        sb.Append("<p><label><input type=\"checkbox\" name=\"emailPublic\"").Append(values.GetValueOrDefault("emailPublic") == "on" ? " checked" : "")
          .Append("> The person agreed to publish this email address</label></p>\n");
        sb.Append("<p><button type=\"submit\">").Append(change ? "Save the changes" : "Add the person").Append("</button></p></form>\n");
        if (change) sb.Append("<p><a href=\"/staff/people?pid=").Append(Html.Q(m.Pid)).Append("\">Add a person instead</a></p>\n");
        Back(sb, m);
    }

    // ------------------------------------------------------------------ identifiers

    private static string SchemeLabel(string scheme) => scheme switch
    {
        ExternalId.Doi => "DOI (PIDINST)",
        ExternalId.Handle => "Handle (PIDINST)",
        ExternalId.Serial => "serial number",
        ExternalId.Inventory => "inventory number",
        _ => scheme,
    };

    public static void Identifiers(StringBuilder sb, HttpContext ctx, Managed m, IReadOnlyDictionary<string, string?> values, string? error, string? done)
    {
        sb.Append("<h1>External identifiers of ").Append(Html.E(m.Title)).Append("</h1>\n");
        Identity(sb, m);
        Messages(sb, error, done);
        sb.Append("<p>Identifiers the record has besides its own PID <code>").Append(Html.E(m.Pid)).Append("</code>, shown on its page as links to their resolvers and in the RDF. ")
          .Append("A global identifier belongs to one record only; serial numbers are unique per manufacturer, inventory numbers per owner.</p>\n");
        if (m.Identifiers.Count == 0) sb.Append("<p class=\"muted\">No external identifiers yet.</p>\n");
        else
        {
            sb.Append("<table class=\"staff\"><caption class=\"visually-hidden\">External identifiers of ").Append(Html.E(m.Title))
              .Append("</caption><thead><tr><th scope=\"col\">scheme</th><th scope=\"col\">value</th><th scope=\"col\">actions</th></tr></thead><tbody>\n");
            for (int k = 0; k < m.Identifiers.Count; k++)
            {
                var id = m.Identifiers[k];
                sb.Append("<tr><td>").Append(Html.E(SchemeLabel(id.Scheme))).Append("</td><td>");
                if (id.Url is { } url) sb.Append("<a href=\"").Append(Html.E(url)).Append("\">").Append(Html.E(id.Value)).Append("</a>");
                else sb.Append(Html.E(id.Value));
                sb.Append("</td><td>");
                FormStart(sb, ctx, "/staff/identifiers", m, revision: true, "remove", k);
                sb.Append("<button type=\"submit\">Remove<span class=\"visually-hidden\"> ").Append(Html.E(id.ToString())).Append("</span></button></form></td></tr>\n");
            }
            sb.Append("</tbody></table>\n");
        }
        sb.Append("<h2>Add an identifier</h2>\n");
        FormStart(sb, ctx, "/staff/identifiers", m, revision: true, "add");
        string selected = values.GetValueOrDefault("scheme") ?? "";
        sb.Append("<p><label for=\"i-scheme\">Scheme</label><br><select id=\"i-scheme\" name=\"scheme\">");
        foreach (var s in ExternalId.Schemes.Where(s => ExternalId.Allowed(s, m.Level)))
            sb.Append("<option value=\"").Append(s).Append('"').Append(string.Equals(s, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : "").Append('>')
              .Append(Html.E(SchemeLabel(s))).Append("</option>");
        sb.Append("</select></p>\n");
        Input(sb, "i-value", "value", "Value", "text", values.GetValueOrDefault("value"), true,
            "e.g. RRID:SCR_017406, 03vek6s52 (ROR), Q42 or its Wikidata address, 10.5072/… (DOI), a serial or inventory number", error is null ? null : "value", "maxlength=\"500\" autocomplete=\"off\"");
        sb.Append("<p><button type=\"submit\">Add the identifier</button></p></form>\n");
        Back(sb, m);
    }

    // ------------------------------------------------------------------ related works

    public static void Related(StringBuilder sb, HttpContext ctx, RegistryService reg, Managed m, IReadOnlyDictionary<string, string?> values, string? error, string? invalid, string? done)
    {
        var works = reg.RelatedWorksOf(m.Version!);
        sb.Append("<h1>Related works of ").Append(Html.E(m.Title)).Append("</h1>\n");
        Identity(sb, m);
        Messages(sb, error, done);
        sb.Append("<p>Datasets acquired on this configuration and publications that describe it. They are listed under \"Used in\" on its page and linked both ways in the graph and the DataCite records. ")
          .Append("Nothing is looked up: give the title and year yourself.</p>\n");
        if (works.Count == 0) sb.Append("<p class=\"muted\">No related works yet.</p>\n");
        else
        {
            sb.Append("<table class=\"staff\"><caption class=\"visually-hidden\">Related works of ").Append(Html.E(m.Title))
              .Append("</caption><thead><tr><th scope=\"col\">work</th><th scope=\"col\">relation</th><th scope=\"col\">title</th><th scope=\"col\">year</th><th scope=\"col\">actions</th></tr></thead><tbody>\n");
            foreach (var w in works)
            {
                sb.Append("<tr><td><a href=\"").Append(Html.E(w.Iri)).Append("\">").Append(Html.E(w.Identifier)).Append("</a></td><td>").Append(Html.E(w.Relation)).Append(" (").Append(Html.E(w.Kind))
                  .Append(")</td><td>").Append(Html.E(w.Title)).Append("</td><td>").Append(w.Year?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td><td>");
                FormStart(sb, ctx, "/staff/related/remove", m, revision: false);
                sb.Append("<input type=\"hidden\" name=\"identifier\" value=\"").Append(Html.E(w.Identifier)).Append("\"><input type=\"hidden\" name=\"relation\" value=\"").Append(Html.E(w.Relation))
                  .Append("\"><button type=\"submit\">Remove<span class=\"visually-hidden\"> ").Append(Html.E(w.Title)).Append(" (").Append(Html.E(w.Relation)).Append(")</span></button></form></td></tr>\n");
            }
            sb.Append("</tbody></table>\n");
        }
        sb.Append("<h2>Add a related work</h2>\n");
        FormStart(sb, ctx, "/staff/related", m, revision: false);
        Input(sb, "w-identifier", "identifier", "DOI or URL", "text", values.GetValueOrDefault("identifier"), true, "10.5072/…, doi:10.5072/…, https://doi.org/10.5072/… or an https address", invalid, "maxlength=\"2000\" autocomplete=\"off\"");
        string relation = values.GetValueOrDefault("relation") ?? RelatedWork.UsedBy;
        sb.Append("<fieldset").Append(invalid == "relation" ? " aria-describedby=\"form-error\"" : "").Append("><legend>Relation</legend>\n");
        foreach (var (value, label) in new[] { (RelatedWork.UsedBy, "used by: a dataset acquired on this configuration"), (RelatedWork.DescribedIn, "described in: a publication about it") })
            sb.Append("<label><input type=\"radio\" name=\"relation\" value=\"").Append(value).Append('"').Append(string.Equals(value, relation, StringComparison.OrdinalIgnoreCase) ? " checked" : "")
              .Append("> ").Append(Html.E(label)).Append("</label><br>\n");
        sb.Append("</fieldset>\n");
        Input(sb, "w-title", "title", "Title", "text", values.GetValueOrDefault("title"), true, null, invalid, "maxlength=\"500\"");
        Input(sb, "w-year", "year", "Year", "text", values.GetValueOrDefault("year"), false, "of publication", invalid, "inputmode=\"numeric\" maxlength=\"4\" size=\"6\"");
        string kind = values.GetValueOrDefault("kind") ?? "";
        sb.Append("<p><label for=\"w-kind\">Kind</label><br><select id=\"w-kind\" name=\"kind\"").Append(invalid == "kind" ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : "").Append('>');
        foreach (var (value, label) in new[] { ("", "from the relation (dataset for used by, publication for described in)"), (RelatedWork.Dataset, "dataset"), (RelatedWork.Publication, "publication") })
            sb.Append("<option value=\"").Append(value).Append('"').Append(value == kind ? " selected" : "").Append('>').Append(Html.E(label)).Append("</option>");
        sb.Append("</select></p>\n<p><button type=\"submit\">Add the related work</button></p></form>\n");
        Back(sb, m);
    }
}
