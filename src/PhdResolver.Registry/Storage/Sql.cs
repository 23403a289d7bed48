using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PhdResolver.Store;

namespace PhdResolver.Registry.Storage;

/// <summary>
/// Small ADO helpers: parameterised statements only (no string-built SQL from input), on either system
/// of record. The registry's statements are written once, in the SQL both dialects read: <c>@name</c>
/// parameters, <c>INSERT ... ON CONFLICT (...) DO UPDATE/NOTHING</c> for upserts, no engine-specific
/// functions; where the engines differ (catalog queries, migrations' DDL) the dialect is asked here or in
/// <see cref="RegistrySchema"/>.
/// </summary>
internal static class Sql
{
    public static int Exec(DbConnection c, string sql, params (string Name, object? Value)[] args)
    {
        if (t_reuse is { } reuse && ReferenceEquals(reuse.Connection, c)) return reuse.Exec(sql, args);
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    [ThreadStatic] private static StatementReuse? t_reuse;

    /// <summary>
    /// Until the returned scope is disposed, <see cref="Exec"/> on <paramref name="c"/> from this thread keeps one
    /// command per SQL text and only rebinds its parameters: a batch's rows are tens of thousands of the same few
    /// statements, and preparing each again (SQLite parses and plans it per command) was a large part of its commit.
    /// Same statements, same order, same transaction; only the preparing is done once. Scopes do not nest.
    /// </summary>
    public static IDisposable ReuseStatements(DbConnection c)
    {
        if (t_reuse is not null) throw new InvalidOperationException("statement reuse is already on for this thread");
        return t_reuse = new StatementReuse(c);
    }

    private sealed class StatementReuse(DbConnection connection) : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbConnection Connection { get; } = connection;

        public int Exec(string sql, (string Name, object? Value)[] args)
        {
            if (!_commands.TryGetValue(sql, out var cmd))
            {
                cmd = Command(Connection, sql, args);
                _commands.Add(sql, cmd);
            }
            else
            {
                // Every call site of one SQL text names the same parameters; a different set is a different statement.
                var ps = cmd.Parameters;
                if (ps.Count != args.Length) throw new ArgumentException($"{sql}: {args.Length} parameters, {ps.Count} before");
                foreach (var (name, value) in args) ps[name].Value = value ?? DBNull.Value;
            }
            return cmd.ExecuteNonQuery();
        }

        public void Dispose()
        {
            if (ReferenceEquals(t_reuse, this)) t_reuse = null;
            foreach (var cmd in _commands.Values) cmd.Dispose();
            _commands.Clear();
        }
    }

    public static object? Scalar(DbConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteScalar();
    }

    /// <summary>A command on <paramref name="c"/>; inside the store's transaction it runs in it (SQLite has one
    /// transaction per connection; Npgsql runs commands in the connection's open transaction).</summary>
    public static DbCommand Command(DbConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>Which engine <paramref name="c"/> talks to.</summary>
    public static StorageBackend BackendOf(DbConnection c) => c is SqliteConnection ? StorageBackend.Sqlite : StorageBackend.PostgreSql;

    /// <summary>A unique (or primary key) constraint refused the row: by the engine's error code, never its message.</summary>
    public static bool IsUniqueViolation(DbException e) =>
        e is SqliteException s ? s.SqliteErrorCode == 19 // SQLITE_CONSTRAINT
        : e.SqlState == "23505";                          // PostgreSQL unique_violation

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    /// <summary>Whether <paramref name="table"/> exists: rows load before migrations run, so a reader must know which schema it reads.</summary>
    public static bool HasTable(DbConnection c, string table) => Convert.ToInt64(Scalar(c, BackendOf(c) == StorageBackend.Sqlite
        ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @t"
        : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @t", ("@t", table)), CultureInfo.InvariantCulture) > 0;

    public static bool HasColumn(DbConnection c, string table, string column) => Columns(c, table).Contains(column);

    /// <summary>The column names of <paramref name="table"/> (empty when it does not exist).</summary>
    public static HashSet<string> Columns(DbConnection c, string table)
    {
        using var cmd = Command(c, BackendOf(c) == StorageBackend.Sqlite
            ? "SELECT name FROM pragma_table_info(@t)"
            : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t", ("@t", table));
        using var r = cmd.ExecuteReader();
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (r.Read()) set.Add(r.GetString(0));
        return set;
    }

    /// <summary>
    /// After rows were inserted with explicit values of an identity column (a restore): PostgreSQL's sequence
    /// does not see them and would hand out those ids again, so it moves past the largest. SQLite's
    /// AUTOINCREMENT already does.
    /// </summary>
    public static void ResyncIdentity(DbConnection c, string table, string column)
    {
        if (BackendOf(c) == StorageBackend.Sqlite) return;
        // table and column are the caller's constants, never input.
        Exec(c, $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), coalesce(max({column}), 0) + 1, false) FROM {table}");
    }
}
