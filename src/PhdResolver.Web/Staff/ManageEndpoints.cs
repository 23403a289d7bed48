using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Staff;

/// <summary>
/// "Manage records" in the staff UI (issue 15 item 6): a per-record Manage page and the forms to edit a
/// record's metadata, its people, its external identifiers and a configuration version's related works.
/// Every write is the registry call the API makes (<see cref="RegistryService.EditRecord"/>,
/// <see cref="RegistryService.AddRelatedWork"/>, <see cref="RegistryService.RemoveRelatedWork"/>),
/// authorized by the same rule (<see cref="PhdAuth.RecordPolicy"/>, the registry's <c>MayChange</c>) and
/// behind <see cref="StaffEndpoints"/>' session policy and CSRF filter. Who may act, and whether the record
/// is there and live, are problem pages (403/404/410); what was entered wrong is shown in the form, in words,
/// with what was entered kept (422, 409). People and identifiers are lists the registry replaces as a
/// whole, so each form sends the revision it showed and the registry refuses a record changed in between
/// (<see cref="RecordEdit.IfRevision"/>): a removal by position never removes someone else.
/// </summary>
internal static class ManageEndpoints
{
    /// <summary>A live record the session's token may change, as the forms need it.</summary>
    internal sealed record Managed(PidLevel Level, string Pid, string Title, string Path, int Revision,
        FacilityRecord? Facility, ModelRecord? Model, InstanceRecord? Instance, DescriptorVersion? Version)
    {
        public IReadOnlyList<Person> People => Facility?.People ?? Instance?.People ?? [];
        public IReadOnlyList<ExternalId> Identifiers => Facility?.Identifiers ?? Model?.Identifiers ?? Instance?.Identifiers ?? [];
    }

    private sealed record Target(Managed? Record, IResult? Problem);

    public static void Map(RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/manage", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"]);
            if (t.Problem is { } p) return p;
            return StaffEndpoints.Page(ctx, 200, "Manage " + t.Record!.Title, sb => ManagePages.Manage(sb, host.Registry, t.Record));
        });

        // ---- metadata
        signedIn.MapGet("/edit", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.Metadata);
            if (t.Problem is { } p) return p;
            return EditPage(ctx, 200, t.Record!, ManagePages.CurrentValues(t.Record!), null, null);
        });

        signedIn.MapPost("/edit", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var t = await Changeable(ctx, host, form["pid"], Need.Metadata);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            var values = ManagePages.EditFields(m.Level).ToDictionary(f => f.Name, f => (string?)Text(form, f.Name), StringComparer.Ordinal);
            values["reason"] = Text(form, "reason");
            string? Get(string name) => form.ContainsKey(name) ? Text(form, name) : null;
            var edit = new RecordEdit
            {
                Name = Get("name"), Homepage = Get("homepage"), Contact = Get("contact"), City = Get("city"), Country = Get("country"),
                Manufacturer = Get("manufacturer"), Modality = Get("modality"), Description = Get("description"), Commissioned = Get("commissioned"),
                Reason = Get("reason"), IfRevision = Revision(form),
            };
            EditResult r;
            try { r = host.Registry.EditRecord(m.Pid, edit, ctx.User.Token()!.Actor); }
            catch (RegistryException e) when (e.Kind is RegistryErrorKind.Invalid or RegistryErrorKind.Conflict)
            {
                // The form again, with what was entered and the reason in words; the revision it now carries is the current one.
                var now = Reload(host, m) ?? m;
                return EditPage(ctx, Status(e), now, values, Plain(e), e.Field);
            }
            return StaffEndpoints.Page(ctx, 200, "Saved", sb => ManagePages.Saved(sb, m, r));
        });

        // ---- people
        signedIn.MapGet("/people", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.People);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            int? index = Index(ctx.Request.Query["person"], m.People.Count);
            var values = index is int k ? ManagePages.PersonValues(m.People[k]) : ManagePages.NoValues;
            return PeoplePage(ctx, 200, m, index, values, null, null, Done(ctx));
        });

        signedIn.MapPost("/people", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var t = await Changeable(ctx, host, form["pid"], Need.People);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            string op = form["op"].ToString();
            int? index = Index(form["index"], m.People.Count);
            if (op is not ("add" or "change" or "remove") || (op != "add" && index is null))
                return Problems.Result(400, "the form names no person to change or remove, or an unknown action; reload the page. Nothing was changed");
            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["name"] = Text(form, "name"), ["orcid"] = Text(form, "orcid"), ["role"] = Text(form, "role"), ["email"] = Text(form, "email"),
                ["emailPublic"] = form["emailPublic"] == "on" ? "on" : null,
            };
            // The new list, in the registry's own input form: each person it keeps is given back as stored.
            var list = m.People.Select(ManagePages.AsInput).ToList();
            var entered = new PersonInput { Name = values["name"], Orcid = values["orcid"], Role = values["role"], Email = values["email"], EmailPublic = values["emailPublic"] == "on" };
            switch (op)
            {
                case "add": list.Add(entered); break;
                case "change": list[index!.Value] = entered; break;
                default: list.RemoveAt(index!.Value); break;
            }
            try { host.Registry.EditRecord(m.Pid, new RecordEdit { People = list, IfRevision = Revision(form) }, ctx.User.Token()!.Actor); }
            catch (RegistryException e) when (e.Kind is RegistryErrorKind.Invalid or RegistryErrorKind.Conflict)
            {
                var now = Reload(host, m) ?? m;
                // A refused removal shows the list as it is now; a refused add or change keeps what was entered.
                return PeoplePage(ctx, Status(e), now, op == "change" && e.Field != "ifRevision" ? index : null,
                    op == "remove" ? ManagePages.NoValues : values, Plain(e), op == "remove" ? null : "people", null);
            }
            return SeeOther("/staff/people?pid=" + Uri.EscapeDataString(m.Pid) + "&done=" + op);
        });

        // ---- external identifiers
        signedIn.MapGet("/identifiers", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.Metadata);
            if (t.Problem is { } p) return p;
            return IdentifiersPage(ctx, 200, t.Record!, ManagePages.NoValues, null, Done(ctx));
        });

        signedIn.MapPost("/identifiers", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var t = await Changeable(ctx, host, form["pid"], Need.Metadata);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            string op = form["op"].ToString();
            int? index = Index(form["index"], m.Identifiers.Count);
            if (op is not ("add" or "remove") || (op == "remove" && index is null))
                return Problems.Result(400, "the form names no identifier to remove, or an unknown action; reload the page. Nothing was changed");
            var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["scheme"] = Text(form, "scheme"), ["value"] = Text(form, "value") };
            var list = m.Identifiers.Select(i => new IdentifierInput { Scheme = i.Scheme, Value = i.Value }).ToList();
            if (op == "add") list.Add(new IdentifierInput { Scheme = values["scheme"], Value = values["value"] });
            else list.RemoveAt(index!.Value);
            try { host.Registry.EditRecord(m.Pid, new RecordEdit { Identifiers = list, IfRevision = Revision(form) }, ctx.User.Token()!.Actor); }
            catch (RegistryException e) when (e.Kind is RegistryErrorKind.Invalid or RegistryErrorKind.Conflict)
            {
                var now = Reload(host, m) ?? m;
                return IdentifiersPage(ctx, Status(e), now, op == "add" ? values : ManagePages.NoValues, Plain(e), null);
            }
            return SeeOther("/staff/identifiers?pid=" + Uri.EscapeDataString(m.Pid) + "&done=" + op);
        });

        // ---- related works of a configuration version
        signedIn.MapGet("/related", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.Version);
            if (t.Problem is { } p) return p;
            return RelatedPage(ctx, 200, host.Registry, t.Record!, ManagePages.NoValues, null, null, Done(ctx));
        });

        signedIn.MapPost("/related", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var t = await Changeable(ctx, host, form["pid"], Need.Version);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["identifier"] = Text(form, "identifier"), ["relation"] = Text(form, "relation"), ["title"] = Text(form, "title"),
                ["year"] = Text(form, "year"), ["kind"] = Text(form, "kind"),
            };
            int? year = null;
            if (values["year"] is { Length: > 0 } y)
            {
                if (!int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
                    return RelatedPage(ctx, 422, host.Registry, m, values, $"The year '{y}' is not a year (four digits, e.g. 2025). Nothing was saved.", "year", null);
                year = parsed;
            }
            var input = new RelatedWorkInput
            {
                Identifier = values["identifier"], Relation = values["relation"], Title = values["title"], Year = year,
                Kind = string.IsNullOrEmpty(values["kind"]) ? null : values["kind"],
            };
            try { host.Registry.AddRelatedWork(m.Pid, input, ctx.User.Token()!.Actor); }
            catch (RegistryException e) when (e.Kind is RegistryErrorKind.Invalid or RegistryErrorKind.Conflict)
            {
                return RelatedPage(ctx, Status(e), host.Registry, m, values, Plain(e), e.Field, null);
            }
            return SeeOther("/staff/related?pid=" + Uri.EscapeDataString(m.Pid) + "&done=added");
        });

        signedIn.MapPost("/related/remove", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var t = await Changeable(ctx, host, form["pid"], Need.Version);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            try { host.Registry.RemoveRelatedWork(m.Pid, Text(form, "identifier"), Text(form, "relation"), null, ctx.User.Token()!.Actor); }
            catch (RegistryException e) when (e.Kind is RegistryErrorKind.Invalid or RegistryErrorKind.Conflict or RegistryErrorKind.NotFound)
            {
                // Most often: removed already (another tab, a colleague). The page shows the links as they are now.
                return RelatedPage(ctx, Status(e), host.Registry, m, ManagePages.NoValues, Plain(e), null, null);
            }
            return SeeOther("/staff/related?pid=" + Uri.EscapeDataString(m.Pid) + "&done=removed");
        });
    }

    // ------------------------------------------------------------------ pages

    private static IResult EditPage(HttpContext ctx, int status, Managed m, IReadOnlyDictionary<string, string?> values, string? error, string? field) =>
        StaffEndpoints.Page(ctx, status, "Edit " + m.Title, sb => ManagePages.EditForm(sb, ctx, m, values, error, field));

    private static IResult PeoplePage(HttpContext ctx, int status, Managed m, int? index, IReadOnlyDictionary<string, string?> values, string? error, string? field, string? done) =>
        StaffEndpoints.Page(ctx, status, "People of " + m.Title, sb => ManagePages.People(sb, ctx, m, index, values, error, field, done));

    private static IResult IdentifiersPage(HttpContext ctx, int status, Managed m, IReadOnlyDictionary<string, string?> values, string? error, string? done) =>
        StaffEndpoints.Page(ctx, status, "Identifiers of " + m.Title, sb => ManagePages.Identifiers(sb, ctx, m, values, error, done));

    private static IResult RelatedPage(HttpContext ctx, int status, RegistryService reg, Managed m, IReadOnlyDictionary<string, string?> values, string? error, string? field, string? done) =>
        StaffEndpoints.Page(ctx, status, "Related works of " + m.Title, sb => ManagePages.Related(sb, ctx, reg, m, values, error, field, done));

    // ------------------------------------------------------------------ helpers

    private enum Need { Any, Metadata, People, Version }

    /// <summary>
    /// The live record <paramref name="pid"/> names, when the session's token may change it and it has what
    /// the form edits; else the refusal as a problem page (400 no or a bad PID, 404, 410 withdrawn, 403, 400
    /// the wrong kind of record for the form).
    /// </summary>
    private static async Task<Target> Changeable(HttpContext ctx, RegistryHost host, string? pid, Need need = Need.Any)
    {
        if (string.IsNullOrWhiteSpace(pid)) return new(null, Problems.Result(400, "name the record (its PID or path)"));
        var reg = host.Registry;
        var r = reg.Resolver.Resolve(pid.Trim());
        if (r.Status is ResolutionStatus.Invalid) return new(null, Problems.Result(400, r.Error));
        if (r.Status is ResolutionStatus.NotFound || r.Level is null) return new(null, Problems.Result(404, r.Error ?? "no record has this identifier"));
        var m = Of(reg, r);
        if (m is null) return new(null, Problems.Result(404, "no record has this identifier"));
        if (r.Tombstone is not null)
            return new(null, Problems.Result(410, $"{m.Title} ({m.Pid}) was withdrawn; a withdrawn record keeps its metadata as cited and cannot be changed. Nothing was done"));
        if (!await PhdAuth.MayChangeAsync(ctx, m.Pid))
            return new(null, Problems.Result(403, m.Level == PidLevel.Model
                ? $"instrument models are shared by all facilities: only an administrator token may change {m.Title}; nothing was done"
                : $"this token may not change {m.Title} ({m.Pid}): a facility token acts only on its own facility and the instruments it holds or owns; nothing was done"));
        string? wrong = (need, m.Level) switch
        {
            (Need.Metadata or Need.People, PidLevel.Descriptor) => "a configuration version is immutable: register a new configuration of its instrument instead",
            (Need.People, PidLevel.Model) => "a model has no people: its instruments and facilities do",
            (Need.Version, not PidLevel.Descriptor) => "related works belong to a configuration version: open the Manage page of the instrument and choose a version",
            _ => null,
        };
        return wrong is null ? new(m, null) : new(null, Problems.Result(400, wrong));
    }

    private static Managed? Of(RegistryService reg, ResolutionResult r)
    {
        switch (r.Level)
        {
            case PidLevel.Facility when r.Facility is { } f:
                return new(PidLevel.Facility, f.Pid.ToString(), f.Name, Paths.Of(f), f.Revision, f, null, null, null);
            case PidLevel.Model when r.Model is { } mo:
                return new(PidLevel.Model, mo.Pid.ToString(), mo.Name, Paths.Of(mo), mo.Revision, null, mo, null, null);
            case PidLevel.Instance when r.Instance is { } i:
                return new(PidLevel.Instance, i.Pid.ToString(), i.Name, Paths.Of(i), i.Revision, null, null, i, null);
            case PidLevel.Descriptor when r.Version is { } v && (r.Instance ?? reg.GetInstance(v.Instance)) is { } vi:
                return new(PidLevel.Descriptor, v.Pid.ToString(), $"{vi.Name} c{v.Number.ToString(CultureInfo.InvariantCulture)}", Paths.Of(vi, v.Number), 0, null, null, vi, v);
            default:
                return null;
        }
    }

    /// <summary>The record as it is now (after a refused write, to show the current lists and revision).</summary>
    private static Managed? Reload(RegistryHost host, Managed m)
    {
        var r = host.Registry.Resolver.Resolve(m.Pid);
        return r.Status is ResolutionStatus.Found ? Of(host.Registry, r) : null;
    }

    /// <summary>A posted field, trimmed, with the browser's CRLF line ends as the LF the registry stores (else an unchanged description would count as an edit).</summary>
    private static string Text(IFormCollection form, string name) => form[name].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static int? Revision(IFormCollection form) =>
        int.TryParse(form["revision"], NumberStyles.None, CultureInfo.InvariantCulture, out int r) ? r : null;

    private static int? Index(string? text, int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < count ? k : null;

    private static string? Done(HttpContext ctx) => ctx.Request.Query["done"].ToString() switch
    {
        "add" or "added" => "Added.",
        "change" => "Changed.",
        "remove" or "removed" => "Removed.",
        _ => null,
    };

    private static int Status(RegistryException e) => e.Kind switch
    {
        RegistryErrorKind.Conflict => 409,
        RegistryErrorKind.NotFound => 404,
        _ => 422,
    };

    /// <summary>
    /// The registry's refusal as a sentence for the form: without the field prefix the API keeps for
    /// clients ("people: ..."), with a capital, and saying that nothing was saved.
    /// </summary>
    internal static string Plain(RegistryException e)
    {
        string text = e.Message;
        if (e.Field is { } f && text.StartsWith(f + ": ", StringComparison.Ordinal)) text = text[(f.Length + 2)..];
        if (text.Length > 0) text = char.ToUpperInvariant(text[0]) + text[1..];
        if (!text.EndsWith('.')) text += ".";
        string hint = (e.Kind, e.Field) switch
        {
            (RegistryErrorKind.Conflict, "identifiers") => " An external identifier belongs to one record only: check the value, or correct the record that holds it.",
            (RegistryErrorKind.Conflict, "ifRevision") => " The form below shows the record as it is now.",
            _ => "",
        };
        return text + hint + " Nothing was saved.";
    }

    private static IResult SeeOther(string path) => StaffEndpoints.SeeOther(path);
}
