namespace PhdResolver.Registry.Tokens;

/// <summary>
/// A write-API bearer token as the registry keeps it: the SHA-256 of its secret (never the secret),
/// its scope, and its life (created, optional expiry, revocation). Audit rows name it by
/// <see cref="Actor"/>, never by its secret.
/// </summary>
public sealed record ApiToken
{
    /// <summary>The scope of an administrator token (may act for every facility and register facilities).</summary>
    public const string AdminScope = "*";

    /// <summary>Public identifier (12 hex digits): shown by <c>phd token list</c>, used to revoke.</summary>
    public required string Id { get; init; }
    /// <summary>The facility's primary PID the token acts for, or <see cref="AdminScope"/>.</summary>
    public required string Scope { get; init; }
    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public required string Sha256 { get; init; }
    public string? Note { get; init; }
    public required DateTimeOffset Created { get; init; }
    /// <summary>Who created it ("cli", or the id of an administrator token).</summary>
    public required string Creator { get; init; }
    /// <summary>After this instant the token is refused; null: no expiry.</summary>
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset? Revoked { get; init; }
    public string? RevokedBy { get; init; }

    public bool IsAdmin => Scope == AdminScope;

    /// <summary>The audit actor when it is not a stored token (the local CLI's credential: "cli").</summary>
    public string? ActorName { get; init; }

    /// <summary>The audit log's actor for everything done with this token.</summary>
    public string Actor => ActorName ?? "token:" + Id;

    /// <summary>
    /// Reads an expiry as the CLI and the admin API take it: a date (the token stops at 00:00 UTC that day)
    /// or an ISO 8601 instant with a time (an offset is honoured, none means UTC).
    /// </summary>
    public static bool TryParseExpiry(string text, out DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
        {
            at = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out at)
            && text.Contains('T', StringComparison.Ordinal);
    }

    public TokenState StateAt(DateTimeOffset now) =>
        Revoked is not null ? TokenState.Revoked
        : Expires is { } e && now >= e ? TokenState.Expired
        : TokenState.Active;
}

public enum TokenState : byte
{
    Active,
    Expired,
    Revoked,
}

/// <summary>A token just created: its <see cref="Secret"/> is shown once and stored nowhere.</summary>
public sealed record NewToken(ApiToken Token, string Secret);

public enum TokenCheckResult : byte
{
    /// <summary>The token is known and active.</summary>
    Valid,
    /// <summary>No token has this secret (or the text is not a plausible token).</summary>
    Unknown,
    Expired,
    Revoked,
}

/// <summary>The outcome of <see cref="RegistryService.Authenticate"/>; <see cref="Token"/> is null only for <see cref="TokenCheckResult.Unknown"/>.</summary>
public readonly record struct TokenCheck(TokenCheckResult Result, ApiToken? Token)
{
    public bool IsValid => Result == TokenCheckResult.Valid;
}
