using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Data.Common;
using PhdResolver.Registry.Audit;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Storage;
using PhdResolver.Registry.Tokens;

namespace PhdResolver.Registry;

/// <summary>
/// Write-API tokens in the registry database (table <c>reg_tokens</c>): created, listed, revoked and
/// checked here, so the CLI and the web layer share one rule set and every change is audited in the
/// same transaction as its row. A secret is 32 random bytes, shown once; the table keeps its SHA-256.
/// A presented secret is hashed and looked up by hash: the lookup key is a hash of a high-entropy
/// secret, so timing reveals nothing usable about any stored token.
/// </summary>
public sealed partial class RegistryService
{
    /// <summary>The pre-registry token file in a data directory; imported once on open, then renamed.</summary>
    public const string LegacyTokenFile = "tokens.json";

    private const string SecretPrefix = "phd_";
    private const int MaxSecretLength = 200;
    private ConcurrentDictionary<string, ApiToken>? _tokensByHash;

    /// <summary>
    /// Creates a token acting for <paramref name="facility"/> (any spelling of a registered facility's
    /// PID), or an administrator token when it is null. <paramref name="expires"/>, when given, must be in
    /// the future. Returns the token and its secret (the only time the secret exists outside the caller).
    /// </summary>
    public NewToken CreateToken(string? facility, DateTimeOffset? expires, string? note, string actor)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = Write(AuditActions.CreateToken, () =>
        {
            var table = TokenTable();
            var now = Now(actor);
            string scope = facility is null ? ApiToken.AdminScope : FacilityScope(facility);
            if (expires is { } e && e <= now.Created)
                throw new RegistryException(RegistryErrorKind.Invalid, $"the expiry {e.UtcDateTime:yyyy-MM-dd HH:mm}Z is not in the future") { Field = "expires" };
            string id;
            do id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            while (table.Values.Any(t => t.Id == id));
            var t = new ApiToken
            {
                Id = id, Scope = scope, Sha256 = Hash(secret), Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
                Created = now.Created, Creator = actor, Expires = expires,
            };
            return new Plan<ApiToken>(t,
                c =>
                {
                    InsertToken(c, t);
                    Audit.AuditLog.Append(c, t.Created, actor, AuditActions.CreateToken, t.Actor,
                        Details(("scope", scope), ("expires", expires is { } x ? Sql.Time(x) : null), ("note", t.Note)));
                },
                () => table[t.Sha256] = t,
                []);
        });
        return new NewToken(token, secret);
    }

    /// <summary>Every token (active, expired and revoked), oldest first.</summary>
    public IReadOnlyList<ApiToken> ListTokens() => [.. TokenTable().Values.OrderBy(t => t.Created).ThenBy(t => t.Id, StringComparer.Ordinal)];

    /// <summary>Revokes a token by its id; refused (NotFound / Conflict) for an unknown or already revoked one.</summary>
    public ApiToken RevokeToken(string id, string actor)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Write(AuditActions.RevokeToken, () =>
        {
            var table = TokenTable();
            var key = id.Trim().StartsWith("token:", StringComparison.Ordinal) ? id.Trim()["token:".Length..] : id.Trim();
            var t = table.Values.FirstOrDefault(x => x.Id == key)
                ?? throw new RegistryException(RegistryErrorKind.NotFound, $"no token has the id '{id}' (see `phd token list`)");
            if (t.Revoked is { } when) throw new RegistryException(RegistryErrorKind.Conflict, $"token {t.Id} was already revoked on {when.UtcDateTime:yyyy-MM-dd HH:mm}Z");
            var now = Now(actor);
            var revoked = t with { Revoked = now.Created, RevokedBy = actor };
            return new Plan<ApiToken>(revoked,
                c =>
                {
                    Sql.Exec(c, "UPDATE reg_tokens SET revoked = @r, revoked_by = @b WHERE id = @id", ("@r", Sql.Time(now.Created)), ("@b", actor), ("@id", t.Id));
                    Audit.AuditLog.Append(c, now.Created, actor, AuditActions.RevokeToken, t.Actor, Details(("scope", t.Scope)));
                },
                () => table[t.Sha256] = revoked,
                []);
        });
    }

    private ApiToken? _local;

    /// <summary>
    /// Trusts <paramref name="secret"/> as this process's own administrator credential (actor "cli"), held
    /// in memory only and gone when the process ends: <c>phd serve</c> writes it to a file only the data
    /// directory's owner can read, so the <c>phd</c> commands of that user (who could open the database
    /// anyway) act through the running server's API, one writer and one audit log, instead of needing it stopped.
    /// </summary>
    public void TrustLocalSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Volatile.Write(ref _local, new ApiToken
        {
            Id = "local", Scope = ApiToken.AdminScope, Sha256 = Hash(secret), Note = "phd serve's local credential",
            Created = Options.Clock.GetUtcNow(), Creator = "phd serve", ActorName = "cli",
        });
    }

    /// <summary>Checks a presented secret: valid, unknown, expired or revoked (the last two with the token, to say so).</summary>
    public TokenCheck Authenticate(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > MaxSecretLength) return new(TokenCheckResult.Unknown, null);
        var hash = Hash(secret);
        if (Volatile.Read(ref _local) is { } local && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(local.Sha256), Encoding.ASCII.GetBytes(hash)))
            return new(TokenCheckResult.Valid, local);
        if (!TokenTable().TryGetValue(hash, out var t)) return new(TokenCheckResult.Unknown, null);
        return t.StateAt(Options.Clock.GetUtcNow()) switch
        {
            TokenState.Active => new(TokenCheckResult.Valid, t),
            TokenState.Expired => new(TokenCheckResult.Expired, t),
            _ => new(TokenCheckResult.Revoked, t),
        };
    }

    /// <summary>
    /// True when <paramref name="token"/> may act for the facility named by <paramref name="facility"/>
    /// (any spelling of its PID or an alias): an administrator token always, a facility token only
    /// for its own facility. An unknown facility is never allowed.
    /// </summary>
    public bool MayActFor(ApiToken token, string? facility)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.IsAdmin) return true;
        if (string.IsNullOrWhiteSpace(facility) || !PidParser.TryParsePid(facility.Trim(), out var p, out _, out _)) return false;
        return LookupPid(p) is { Level: PidLevel.Facility } e && e.Record == token.Scope;
    }

    private string FacilityScope(string facility)
    {
        if (!PidParser.TryParsePid(facility.Trim(), out var p, out _, out var error))
            throw new RegistryException(RegistryErrorKind.Invalid, $"facility: {error}");
        if (LookupPid(p) is not { Level: PidLevel.Facility } e)
            throw new RegistryException(RegistryErrorKind.NotFound, $"facility: {p} is not a registered facility");
        return e.Record;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    // Loaded on first use (one small table); afterwards changed only by the writes above, after their commit.
    private ConcurrentDictionary<string, ApiToken> TokenTable()
    {
        var table = Volatile.Read(ref _tokensByHash);
        if (table is not null) return table;
        table = new ConcurrentDictionary<string, ApiToken>(StringComparer.Ordinal);
        using (var c = OpenRead())
        using (var cmd = Sql.Command(c, "SELECT id, sha256, scope, note, created, creator, expires, revoked, revoked_by FROM reg_tokens"))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var t = new ApiToken
                {
                    Id = r.GetString(0), Sha256 = r.GetString(1), Scope = r.GetString(2), Note = Sql.Str(r, 3),
                    Created = Sql.ParseTime(r.GetString(4)), Creator = r.GetString(5),
                    Expires = Sql.Str(r, 6) is { } e ? Sql.ParseTime(e) : null,
                    Revoked = Sql.Str(r, 7) is { } v ? Sql.ParseTime(v) : null, RevokedBy = Sql.Str(r, 8),
                };
                table[t.Sha256] = t;
            }
        return Interlocked.CompareExchange(ref _tokensByHash, table, null) ?? table;
    }

    private static void InsertToken(DbConnection c, ApiToken t) =>
        Sql.Exec(c, """
            INSERT INTO reg_tokens(id, sha256, scope, note, created, creator, expires, revoked, revoked_by)
            VALUES (@id, @h, @s, @n, @c, @cr, @e, @r, @rb)
            """, ("@id", t.Id), ("@h", t.Sha256), ("@s", t.Scope), ("@n", t.Note), ("@c", Sql.Time(t.Created)), ("@cr", t.Creator),
            ("@e", t.Expires is { } e ? Sql.Time(e) : null), ("@r", t.Revoked is { } r ? Sql.Time(r) : null), ("@rb", t.RevokedBy));

    private sealed record LegacyToken(string Id, string Facility, string Sha256, DateTimeOffset Created, string? Note);

    /// <summary>
    /// Takes over the tokens of a pre-registry <c>tokens.json</c> (hashes only; their secrets keep
    /// working), in one audited transaction, then renames the file to <c>tokens.json.imported</c> so it
    /// is read once. Tokens already present (a crash between commit and rename) are skipped. A facility
    /// scope is stored as that facility's primary PID when it is registered, else as written (it then
    /// matches no facility and the token can do nothing but be listed and revoked).
    /// </summary>
    private void ImportLegacyTokens()
    {
        var path = Path.Combine(_store.Directory, LegacyTokenFile);
        if (!File.Exists(path)) return;
        List<LegacyToken> legacy;
        try
        {
            legacy = JsonSerializer.Deserialize<List<LegacyToken>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a token file ({e.Message}); move it away or fix it", e);
        }
        Write(AuditActions.ImportToken, () =>
        {
            var table = TokenTable();
            var fresh = new List<ApiToken>();
            foreach (var l in legacy)
            {
                if (string.IsNullOrEmpty(l.Id) || string.IsNullOrEmpty(l.Sha256) || table.ContainsKey(l.Sha256) || table.Values.Any(t => t.Id == l.Id)) continue;
                string scope = l.Facility == ApiToken.AdminScope ? l.Facility
                    : PidParser.TryParsePid(l.Facility, out var p, out _, out _) && LookupPid(p) is { Level: PidLevel.Facility } e ? e.Record : l.Facility;
                fresh.Add(new ApiToken
                {
                    Id = l.Id, Scope = scope, Sha256 = l.Sha256.ToLowerInvariant(), Note = l.Note, Created = l.Created, Creator = LegacyTokenFile,
                });
            }
            var now = Options.Clock.GetUtcNow();
            return new Plan<int>(fresh.Count,
                c =>
                {
                    foreach (var t in fresh)
                    {
                        InsertToken(c, t);
                        Audit.AuditLog.Append(c, now, "registry", AuditActions.ImportToken, t.Actor, Details(("scope", t.Scope), ("from", LegacyTokenFile)));
                    }
                },
                () => { foreach (var t in fresh) table[t.Sha256] = t; },
                []);
        });
        File.Move(path, path + ".imported", overwrite: true);
    }
}
