using System.CommandLine;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary>
/// <c>--database LOCATION</c>: a PostgreSQL system of record instead of the data directory's SQLite file
/// (<c>postgres://user:password@host:port/db</c> or a libpq <c>key=value</c> string, see
/// <see cref="PostgresLocation"/>). The data directory then keeps only what each process derives (the
/// search index). Default: the environment variable <c>PHD_DATABASE</c>, so that a password need not
/// appear in a process listing.
/// </summary>
internal static class DatabaseOption
{
    public const string EnvironmentVariable = "PHD_DATABASE";

    public static Option<string?> Create() => new("--database")
    {
        Description = $"PostgreSQL system of record: postgres://user:password@host:port/db or 'host=... dbname=...' (default: ${EnvironmentVariable}; none: SQLite in --data)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } v ? v : null,
    };

    /// <summary>The store options for <paramref name="database"/>; a malformed location is a usage error (exit 2, one line, the password never echoed).</summary>
    public static StoreOptions? Options(string? database)
    {
        if (database is null) return null;
        try { PostgresLocation.ToConnectionString(database); }
        catch (FormatException e) { throw new UsageException($"--database: {e.Message}"); }
        return new StoreOptions { Database = database };
    }

    /// <summary>Where the system of record is, for messages: the SQLite file, or the database without its password.</summary>
    public static string Describe(string data, string? database) =>
        database is null ? Path.Combine(data, QuadStore.DatabaseFileName) : PostgresLocation.Describe(database);
}
