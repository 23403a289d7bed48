using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PhdResolver.Registry.Storage;

/// <summary>Small ADO helpers: parameterised statements only (no string-built SQL from input).</summary>
internal static class Sql
{
    public static int Exec(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteScalar();
    }

    public static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static int? Int(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    /// <summary>Whether <paramref name="table"/> has <paramref name="column"/>: rows load before migrations run, so a reader must know which schema it reads.</summary>
    public static bool HasTable(SqliteConnection c, string table) =>
        (long)Scalar(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $t", ("$t", table))! > 0;

    public static bool HasColumn(SqliteConnection c, string table, string column) =>
        (long)Scalar(c, "SELECT count(*) FROM pragma_table_info($t) WHERE name = $c", ("$t", table), ("$c", column))! > 0;
}
