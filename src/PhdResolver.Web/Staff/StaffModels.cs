using PhdResolver.Registry.Records;

namespace PhdResolver.Web.Staff;

// The models of the staff pages written as Razor slices (Pages/Staff/*.cshtml). Public because the generated
// slice classes are; every value is HTML-encoded by the templates.

/// <summary>The sign-in form: where to return after it, a refusal or a notice, and its CSRF field (no session yet).</summary>
public sealed record SignInPage(string ReturnPath, string? Error, string? Notice, string CsrfName, string CsrfValue);

/// <summary>The one-time link's page: a button that signs in once (link scanners only ever see the page).</summary>
public sealed record SignInLinkPage(string Code, string CsrfName, string CsrfValue);

/// <summary>The staff home: the facilities the token acts for with their live instruments, and for an administrator the models.</summary>
public sealed record DashboardPage(StaffFrame Frame, string? ActsFor, IReadOnlyList<DashboardFacility> Facilities, IReadOnlyList<ModelRecord> Models);

public sealed record DashboardFacility(FacilityRecord Facility, IReadOnlyList<DashboardInstrument> Instruments, int NotListed);

public sealed record DashboardInstrument(InstanceRecord Instrument, string Path, IReadOnlyList<VersionRow> Versions);

public sealed record UploadPage(StaffFrame Frame, InstanceRecord Instrument, string? Error, IReadOnlyList<int> Tiers);

public sealed record RegisteredPage(StaffFrame Frame, InstanceRecord Instrument, DescriptorVersion Version, string Path, bool Created);

public sealed record WithdrawPage(StaffFrame Frame, string Pid, string Title, string LevelName);

public sealed record WithdrawnPage(StaffFrame Frame, string Title, string Path, Tombstone Tombstone);

public sealed record MovePage(StaffFrame Frame, InstanceRecord Instrument, string Here, IReadOnlyList<FacilityRecord> Destinations);

public sealed record MovedPage(StaffFrame Frame, InstanceRecord Instrument, string Path, FacilityRecord To);

public sealed record AttachSettingsPage(StaffFrame Frame, DescriptorVersion Version, string Label);

public sealed record SettingsRegisteredPage(StaffFrame Frame, SettingsRecord Settings);

/// <summary>The registration preview: the verdict, the tier table, findings per component and the components, before anything is written.</summary>
public sealed record PreviewPage(StaffFrame Frame, InstanceRecord Instrument, string FileName, string FormatLabel, int Tier,
    PhdResolver.Registry.Validation.DescriptorReport Report, IReadOnlyList<PhdResolver.Registry.ReadModels.Component> Components, string PreviewId);

public sealed record TokenRow(string Id, string Scope, string? Note, string Created, string? Expires, string State, bool Live);

/// <summary>The administrators' token page; <see cref="NewSecret"/> only on the answer to the post that created it.</summary>
public sealed record TokensPage(StaffFrame Frame, IReadOnlyList<TokenRow> Tokens, IReadOnlyList<(string Pid, string Name)> Facilities, FormState Form,
    string? NewId, string? NewSecret);
