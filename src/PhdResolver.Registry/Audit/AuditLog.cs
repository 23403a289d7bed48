using System.Text.Json;
using System.Data.Common;
using PhdResolver.Registry.Storage;

namespace PhdResolver.Registry.Audit;

/// <summary>One audit row: who (a token id or "cli") did what to which PID, when; details as a JSON object.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset Time, string Actor, string Action, string Target, string DetailsJson);

/// <summary>Audit actions written by the registry.</summary>
public static class AuditActions
{
    public const string RegisterFacility = "register-facility";
    public const string RegisterModel = "register-model";
    public const string RegisterInstance = "register-instance";
    public const string SubmitVersion = "submit-version";
    public const string Withdraw = "withdraw";
    public const string MoveInstance = "move-instance";
    /// <summary>A metadata edit of a facility, model or instance (a record revision; details: revision, reason, changes).</summary>
    public const string EditRecord = "edit-record";
    /// <summary>A dataset or publication linked to a configuration version (details: identifier, relation, title, year).</summary>
    public const string AddRelatedWork = "add-related-work";
    /// <summary>An acquisition settings record registered against a configuration version (target: the settings' accession).</summary>
    public const string RegisterSettings = "register-settings";
    /// <summary>A related work unlinked from a configuration version (details: what was removed, and the reason when given).</summary>
    public const string RemoveRelatedWork = "remove-related-work";
    public const string Import = "import";
    public const string CreateToken = "create-token";
    public const string RevokeToken = "revoke-token";
    /// <summary>A token taken over from a pre-registry tokens.json (once, when the registry opens).</summary>
    public const string ImportToken = "import-token";
}

internal static class AuditLog
{
    public static void Append(DbConnection c, DateTimeOffset time, string actor, string action, string target, IReadOnlyDictionary<string, string?> details) =>
        Sql.Exec(c, "INSERT INTO reg_audit(time, actor, action, target, details) VALUES (@t, @a, @ac, @tg, @d)",
            ("@t", Sql.Time(time)), ("@a", actor), ("@ac", action), ("@tg", target), ("@d", JsonSerializer.Serialize(details)));

    /// <summary>Newest first; <paramref name="beforeId"/> pages backwards.</summary>
    public static List<AuditEntry> Read(DbConnection c, string? target, long? beforeId, int limit)
    {
        // No NULL parameters: PostgreSQL cannot type "@p IS NULL" from an untyped null. "" (no target is empty)
        // and long.MaxValue (above every id) mean "no filter".
        using var cmd = Sql.Command(c, """
            SELECT id, time, actor, action, target, details FROM reg_audit
            WHERE (@target = '' OR target = @target) AND id < @before
            ORDER BY id DESC LIMIT @limit
            """, ("@target", target ?? ""), ("@before", beforeId ?? long.MaxValue), ("@limit", Math.Clamp(limit, 1, 10_000)));
        using var r = cmd.ExecuteReader();
        var list = new List<AuditEntry>();
        while (r.Read())
            list.Add(new AuditEntry(r.GetInt64(0), Sql.ParseTime(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)));
        return list;
    }
}
