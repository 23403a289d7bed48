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
    private sealed record Target(ManagedRecord? Record, IResult? Problem);

    public static void Map(RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/manage", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"]);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            var reg = host.Registry;
            VersionRow[] versions = m.Level == PidLevel.Instance
                ? [.. reg.GetVersions(m.Instance!.Pid).Where(v => v.Tombstone is null).OrderByDescending(v => v.Number)
                    .Select(v => new VersionRow("c" + v.Number.ToString(CultureInfo.InvariantCulture), v.Pid.ToString(), Paths.Of(m.Instance, v.Number), v.Tier, reg.RelatedWorksOf(v).Count))]
                : [];
            return Send(Pages.Manage.Record.Create(new ManagePage(Frame(ctx), m, versions, m.Version is { } mv ? reg.RelatedWorksOf(mv).Count : 0)));
        });

        // ---- metadata
        signedIn.MapGet("/edit", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.Metadata);
            if (t.Problem is { } p) return p;
            return EditPage(ctx, 200, t.Record!, new FormState(ManageForms.CurrentValues(t.Record!)));
        });

        signedIn.MapPost("/edit", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var t = await Changeable(ctx, host, form["pid"], Need.Metadata);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            var values = ManageForms.FieldNames(m.Level).ToDictionary(f => f, f => (string?)Text(form, f), StringComparer.Ordinal);
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
                return EditPage(ctx, Status(e), now, new FormState(values, Plain(e), e.Field));
            }
            return Send(Pages.Manage.Saved.Create(new SavedPage(Frame(ctx), m, r)));
        });

        // ---- people
        signedIn.MapGet("/people", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.People);
            if (t.Problem is { } p) return p;
            var m = t.Record!;
            int? index = Index(ctx.Request.Query["person"], m.People.Count);
            var values = index is int k ? ManageForms.PersonValues(m.People[k]) : FormState.Empty.Values;
            return PeoplePage(ctx, 200, m, index, new FormState(values, Done: Done(ctx)));
        });

        signedIn.MapPost("/people", async (HttpContext ctx, RegistryHost host) =>
        {
            var (form, m, op, index, problem) = await ListForm(ctx, host, Need.People, r => r.People.Count, "person", "change");
            if (problem is not null) return problem;
            var values = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["name"] = Text(form, "name"), ["orcid"] = Text(form, "orcid"), ["role"] = Text(form, "role"), ["email"] = Text(form, "email"),
                ["emailPublic"] = form["emailPublic"] == "on" ? "on" : null,
            };
            // The new list, in the registry's own input form: each person it keeps is given back as stored.
            var list = m.People.Select(ManageForms.AsInput).ToList();
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
                    new FormState(op == "remove" ? FormState.Empty.Values : values, Plain(e), op == "remove" ? null : PersonField(e)));
            }
            return SeeOther("/staff/people?pid=" + Uri.EscapeDataString(m.Pid) + "&done=" + op);
        });

        // ---- external identifiers
        signedIn.MapGet("/identifiers", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.Metadata);
            if (t.Problem is { } p) return p;
            return IdentifiersPage(ctx, 200, t.Record!, FormState.Empty with { Done = Done(ctx) });
        });

        signedIn.MapPost("/identifiers", async (HttpContext ctx, RegistryHost host) =>
        {
            var (form, m, op, index, problem) = await ListForm(ctx, host, Need.Metadata, r => r.Identifiers.Count, "identifier");
            if (problem is not null) return problem;
            var values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["scheme"] = Text(form, "scheme"), ["value"] = Text(form, "value") };
            var list = m.Identifiers.Select(i => new IdentifierInput { Scheme = i.Scheme, Value = i.Value }).ToList();
            if (op == "add") list.Add(new IdentifierInput { Scheme = values["scheme"], Value = values["value"] });
            else list.RemoveAt(index!.Value);
            try { host.Registry.EditRecord(m.Pid, new RecordEdit { Identifiers = list, IfRevision = Revision(form) }, ctx.User.Token()!.Actor); }
            catch (RegistryException e) when (e.Kind is RegistryErrorKind.Invalid or RegistryErrorKind.Conflict)
            {
                var now = Reload(host, m) ?? m;
                return IdentifiersPage(ctx, Status(e), now, new FormState(op == "add" ? values : FormState.Empty.Values, Plain(e), op == "add" ? e.Field : null));
            }
            return SeeOther("/staff/identifiers?pid=" + Uri.EscapeDataString(m.Pid) + "&done=" + op);
        });

        // ---- related works of a configuration version
        signedIn.MapGet("/related", async (HttpContext ctx, RegistryHost host) =>
        {
            var t = await Changeable(ctx, host, ctx.Request.Query["pid"], Need.Version);
            if (t.Problem is { } p) return p;
            return RelatedPage(ctx, 200, host.Registry, t.Record!, FormState.Empty with { Done = Done(ctx) });
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
                    return RelatedPage(ctx, 422, host.Registry, m, new FormState(values, $"The year '{y}' is not a year (four digits, e.g. 2025). Nothing was saved.", "year"));
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
                return RelatedPage(ctx, Status(e), host.Registry, m, new FormState(values, Plain(e), e.Field));
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
                return RelatedPage(ctx, Status(e), host.Registry, m, FormState.Empty with { Error = Plain(e) });
            }
            return SeeOther("/staff/related?pid=" + Uri.EscapeDataString(m.Pid) + "&done=removed");
        });
    }

    // ------------------------------------------------------------------ pages

    private static IResult EditPage(HttpContext ctx, int status, ManagedRecord m, FormState form) =>
        Send(Pages.Manage.Edit.Create(ManageForms.Edit(Frame(ctx), m, form)), status);

    private static IResult PeoplePage(HttpContext ctx, int status, ManagedRecord m, int? index, FormState form) =>
        Send(Pages.Manage.People.Create(new PeoplePage(Frame(ctx), m, index, form)), status);

    private static IResult IdentifiersPage(HttpContext ctx, int status, ManagedRecord m, FormState form) =>
        Send(Pages.Manage.Identifiers.Create(new IdentifiersPage(Frame(ctx), m, ManageForms.Schemes(m.Level), form)), status);

    private static IResult RelatedPage(HttpContext ctx, int status, RegistryService reg, ManagedRecord m, FormState form) =>
        Send(Pages.Manage.Related.Create(new RelatedPage(Frame(ctx), m, reg.RelatedWorksOf(m.Version!), form)), status);

    private static IResult Send(RazorSlices.RazorSlice page, int status = 200) => StaffEndpoints.Send(page, status);

    private static StaffFrame Frame(HttpContext ctx) => StaffEndpoints.Frame(ctx);

    /// <summary>The person field a refusal of the people list is about, to mark it in the form (the registry names the list, "people").</summary>
    private static string? PersonField(RegistryException e) =>
        e.Field != "people" ? e.Field
        : e.Message.Contains("ORCID", StringComparison.Ordinal) ? "orcid"
        : e.Message.Contains("email", StringComparison.Ordinal) ? "email"
        : e.Message.Contains("name", StringComparison.Ordinal) ? "name"
        : null;

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// A post of a list form (people, identifiers): the record, and the action ("add", "remove", or
    /// <paramref name="alsoOp"/>) with the list position every action but "add" needs; else the refusal.
    /// </summary>
    private static async Task<(IFormCollection Form, ManagedRecord Record, string Op, int? Index, IResult? Problem)> ListForm(
        HttpContext ctx, RegistryHost host, Need need, Func<ManagedRecord, int> count, string what, string? alsoOp = null)
    {
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var t = await Changeable(ctx, host, form["pid"], need);
        if (t.Problem is { } p) return (form, null!, "", null, p);
        string op = form["op"].ToString();
        int? index = Index(form["index"], count(t.Record!));
        if (!(op is "add" or "remove" || op == alsoOp) || (op != "add" && index is null))
            return (form, null!, op, null, Problems.Result(400, $"the form names no {what} to change or remove, or an unknown action; reload the page. Nothing was changed"));
        return (form, t.Record!, op, index, null);
    }

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

    private static ManagedRecord? Of(RegistryService reg, ResolutionResult r)
    {
        switch (r.Level)
        {
            case PidLevel.Facility when r.Facility is { } f:
                return new ManagedRecord(PidLevel.Facility, f.Pid.ToString(), f.Name, Paths.Of(f), f.Revision, f, null, null, null);
            case PidLevel.Model when r.Model is { } mo:
                return new ManagedRecord(PidLevel.Model, mo.Pid.ToString(), mo.Name, Paths.Of(mo), mo.Revision, null, mo, null, null);
            case PidLevel.Instance when r.Instance is { } i:
                return new ManagedRecord(PidLevel.Instance, i.Pid.ToString(), i.Name, Paths.Of(i), i.Revision, null, null, i, null);
            case PidLevel.Descriptor when r.Version is { } v && (r.Instance ?? reg.GetInstance(v.Instance)) is { } vi:
                return new ManagedRecord(PidLevel.Descriptor, v.Pid.ToString(), $"{vi.Name} c{v.Number.ToString(CultureInfo.InvariantCulture)}", Paths.Of(vi, v.Number), 0, null, null, vi, v);
            default:
                return null;
        }
    }

    /// <summary>The record as it is now (after a refused write, to show the current lists and revision).</summary>
    private static ManagedRecord? Reload(RegistryHost host, ManagedRecord m)
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
