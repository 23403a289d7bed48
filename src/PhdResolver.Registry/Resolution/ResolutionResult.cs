using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Resolution;

public enum ResolutionStatus : byte
{
    /// <summary>200: the path is canonical and names a live record.</summary>
    Found,
    /// <summary>301 or 302 to <see cref="ResolutionResult.Location"/>.</summary>
    Redirect,
    /// <summary>410: withdrawn; <see cref="ResolutionResult.Tombstone"/> and the records stay available for citation.</summary>
    Gone,
    /// <summary>404.</summary>
    NotFound,
    /// <summary>400: not a PID or path we can read; <see cref="ResolutionResult.Error"/> says why.</summary>
    Invalid,
}

public enum RedirectKind : byte
{
    /// <summary>301: a non-canonical spelling (case, percent-encoding, alias PID, lone PID, accession).</summary>
    Canonical,
    /// <summary>301: the instance moved to another facility.</summary>
    Moved,
    /// <summary>302: <c>latest</c> to the newest <c>c&lt;N&gt;</c>.</summary>
    Latest,
}

/// <summary>
/// What a path or PID resolves to. The records along the path are filled in for Found and Gone
/// (and for redirects, where known), so a landing page needs no second lookup.
/// </summary>
public sealed record ResolutionResult
{
    public required ResolutionStatus Status { get; init; }
    public PidLevel? Level { get; init; }
    /// <summary>Redirect target (a canonical path starting with '/'); the canonical path itself when Found or Gone.</summary>
    public string? Location { get; init; }
    public RedirectKind? Redirect { get; init; }
    public FacilityRecord? Facility { get; init; }
    public ModelRecord? Model { get; init; }
    public InstanceRecord? Instance { get; init; }
    public DescriptorVersion? Version { get; init; }
    /// <summary>Level <see cref="PidLevel.Settings"/>: the settings record (<see cref="Version"/> is the configuration it belongs to).</summary>
    public SettingsRecord? Settings { get; init; }
    public Tombstone? Tombstone { get; init; }
    public string? Error { get; init; }

    public int HttpStatus => Status switch
    {
        ResolutionStatus.Found => 200,
        ResolutionStatus.Redirect => Redirect == RedirectKind.Latest ? 302 : 301,
        ResolutionStatus.Gone => 410,
        ResolutionStatus.NotFound => 404,
        _ => 400,
    };

    internal static ResolutionResult NotFound(string why) => new() { Status = ResolutionStatus.NotFound, Error = why };
    internal static ResolutionResult Invalid(string why) => new() { Status = ResolutionStatus.Invalid, Error = why };
}
