using System.Globalization;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Web.Staff;

// The models of the "manage records" pages (Pages/Manage/*.cshtml, Razor slices: every value is HTML-encoded by
// the template). Public because the generated slice classes are.

/// <summary>What every staff page shows above its content: the signed-in token and the sign-out form's CSRF field.</summary>
public sealed record StaffFrame(string TokenId, bool Admin, string CsrfName, string CsrfValue);

/// <summary>A live record the session's token may change, as the forms need it (<see cref="Revision"/> is 0 for a version, which has none).</summary>
public sealed record ManagedRecord(PidLevel Level, string Pid, string Title, string Path, int Revision,
    FacilityRecord? Facility, ModelRecord? Model, InstanceRecord? Instance, DescriptorVersion? Version)
{
    public IReadOnlyList<Person> People => Facility?.People ?? Instance?.People ?? [];
    public IReadOnlyList<ExternalId> Identifiers => Facility?.Identifiers ?? Model?.Identifiers ?? Instance?.Identifiers ?? [];
    public string LevelName => Web.Records.RecordPages.LevelName(Level);
    public string ManagePath => "/staff/manage?pid=" + Uri.EscapeDataString(Pid);
    public string HistoryPath => "/history/" + Pid;
}

/// <summary>
/// A form's state: the values to show (the record's, or what was entered when a write was refused), the
/// refusal in words, the field it names (marked aria-invalid and described by the message) and a notice after
/// a successful write.
/// </summary>
public sealed record FormState(IReadOnlyDictionary<string, string?> Values, string? Error = null, string? Invalid = null, string? Done = null)
{
    public static readonly FormState Empty = new(new Dictionary<string, string?>());

    public string? this[string name] => Values.GetValueOrDefault(name);

    public bool IsInvalid(string name) => Error is not null && Invalid == name;
}

/// <summary>One labelled field; <see cref="Kind"/> is an input type or "textarea".</summary>
public sealed record FieldSpec(string Id, string Name, string Label, string Kind, bool Required, string? Hint, int MaxLength, string? Value, bool Invalid,
    string? InputMode = null, int Size = 50)
{
    /// <summary>The ids that describe the field: its hint, and the form's error when the error names it.</summary>
    public string? DescribedBy => (Hint, Invalid) switch
    {
        (null, false) => null,
        (null, true) => "form-error",
        (_, false) => Id + "-hint",
        _ => Id + "-hint form-error",
    };
}

/// <summary>The hidden fields of a post form: CSRF, the record, the revision it showed, the action and the list position.</summary>
public sealed record FormKeys(StaffFrame Frame, ManagedRecord Record, bool Revision, string? Op = null, int? Index = null);

/// <summary>One configuration version row of an instrument's Manage page.</summary>
public sealed record VersionRow(string Label, string Pid, string Path, int Tier, int Related);

public sealed record ManagePage(StaffFrame Frame, ManagedRecord Record, IReadOnlyList<VersionRow> Versions, int Related);

public sealed record EditPage(StaffFrame Frame, ManagedRecord Record, IReadOnlyList<FieldSpec> Fields, FieldSpec Reason, FormState Form);

public sealed record SavedPage(StaffFrame Frame, ManagedRecord Record, EditResult Result);

public sealed record PeoplePage(StaffFrame Frame, ManagedRecord Record, int? Index, FormState Form)
{
    public bool Changing => Index is int k && k < Record.People.Count;
}

public sealed record IdentifiersPage(StaffFrame Frame, ManagedRecord Record, IReadOnlyList<(string Scheme, string Label)> Schemes, FormState Form);

public sealed record RelatedPage(StaffFrame Frame, ManagedRecord Record, IReadOnlyList<RelatedWork> Works, FormState Form);

/// <summary>The fields and values behind the forms: which metadata each level has, and how a stored value is shown.</summary>
internal static class ManageForms
{
    private sealed record Field(string Name, string Label, string Kind, bool Required, string? Hint, int MaxLength = 1000);

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
        new("description", "Description", "textarea", false, null, 5000),
        new("commissioned", "Commissioned", "date", false, "yyyy-MM-dd; empty if not known"),
    ];

    private static Field[] Of(PidLevel level) => level switch { PidLevel.Facility => FacilityFields, PidLevel.Model => ModelFields, _ => InstanceFields };

    /// <summary>The names of the metadata fields a record of <paramref name="level"/> has (those of the PATCH API besides the lists).</summary>
    public static IEnumerable<string> FieldNames(PidLevel level) => Of(level).Select(f => f.Name);

    public static EditPage Edit(StaffFrame frame, ManagedRecord m, FormState form) =>
        new(frame, m, [.. Of(m.Level).Select(f => new FieldSpec("f-" + f.Name, f.Name, f.Label, f.Kind, f.Required, f.Hint, f.MaxLength, form[f.Name], form.IsInvalid(f.Name)))],
            new FieldSpec("f-reason", "reason", "Reason for the change", "textarea", false, "kept in the record's history", 1000, form["reason"], form.IsInvalid("reason")), form);

    public static Dictionary<string, string?> CurrentValues(ManagedRecord m) => m.Level switch
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

    /// <summary>The identifier schemes a record of <paramref name="level"/> may carry, with their names on the form.</summary>
    public static IReadOnlyList<(string Scheme, string Label)> Schemes(PidLevel level) =>
        [.. ExternalId.Schemes.Where(s => ExternalId.Allowed(s, level)).Select(s => (s, SchemeLabel(s)))];

    public static string SchemeLabel(string scheme) => scheme switch
    {
        ExternalId.Doi => "DOI (PIDINST)",
        ExternalId.Handle => "Handle (PIDINST)",
        ExternalId.Serial => "serial number",
        ExternalId.Inventory => "inventory number",
        _ => scheme,
    };
}
