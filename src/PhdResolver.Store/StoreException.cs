namespace PhdResolver.Store;

/// <summary>What went wrong in the system of record, as a caller decides on it: whether to retry,
/// to tell the operator, or to answer 503. One kind per decision, not per engine error code.</summary>
public enum StoreErrorKind
{
    /// <summary>Another process owns the data directory (its indexes would not see our writes).</summary>
    InUse,
    /// <summary>The database is locked by someone else for now: retrying later may succeed.</summary>
    Busy,
    /// <summary>The disk (or the database's quota) is full.</summary>
    Full,
    /// <summary>The database cannot be written (read-only file or mount).</summary>
    ReadOnly,
    /// <summary>The file is not a database of ours, or is damaged.</summary>
    Corrupt,
    /// <summary>The database was written by a newer (or unknown) schema than this build reads.</summary>
    SchemaMismatch,
    /// <summary>Reading or writing failed (I/O error, cannot open the file, server unreachable).</summary>
    Unavailable,
    /// <summary>The store was opened without query indexes (<see cref="StoreOptions.QueryIndexes"/> false): the id-level
    /// view SPARQL evaluates over does not exist in this process. Not transient: the deployment answers queries elsewhere.</summary>
    NoQueryIndexes,
}

/// <summary>
/// A storage failure with its <see cref="Kind"/>, so callers branch on a value instead of parsing an
/// engine's message text (the message stays human-readable and names the path). The engine's own
/// exception, when there is one, is the inner exception.
/// </summary>
public sealed class StoreException(StoreErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public StoreErrorKind Kind { get; } = kind;

    /// <summary>True where trying the same operation again later may succeed (a 503 with Retry-After, not a 500).</summary>
    public bool IsTransient => Kind is StoreErrorKind.Busy or StoreErrorKind.Unavailable;

    /// <summary>The kind of a SQLite result code (primary code: the low byte of an extended one).</summary>
    internal static StoreErrorKind KindOfSqlite(int code) => (code & 0xFF) switch
    {
        5 or 6 => StoreErrorKind.Busy,          // SQLITE_BUSY, SQLITE_LOCKED
        13 => StoreErrorKind.Full,              // SQLITE_FULL
        8 => StoreErrorKind.ReadOnly,           // SQLITE_READONLY
        11 or 26 => StoreErrorKind.Corrupt,     // SQLITE_CORRUPT, SQLITE_NOTADB
        _ => StoreErrorKind.Unavailable,        // SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM, ...
    };

    /// <summary>The kind of a PostgreSQL SQLSTATE (see the PostgreSQL manual, appendix A); null: no server answer (network).</summary>
    internal static StoreErrorKind KindOfPostgres(string? sqlState) => sqlState switch
    {
        "40001" or "40P01" or "55P03" or "53300" => StoreErrorKind.Busy, // serialization failure, deadlock, lock not available, too many connections
        "53100" => StoreErrorKind.Full,                                  // disk full
        "25006" => StoreErrorKind.ReadOnly,                              // read-only SQL transaction (a standby)
        "XX001" or "XX002" => StoreErrorKind.Corrupt,                    // data or index corrupted
        _ => StoreErrorKind.Unavailable,                                 // connection, authentication, shutdown, ...
    };

    /// <summary>
    /// A typed error for a failure of PostgreSQL at <paramref name="where"/> (a location without its
    /// password), with the server's own message, or for a network failure the innermost cause (the
    /// part that says "Connection refused" or "Name or service not known").
    /// </summary>
    internal static StoreException FromPostgres(Npgsql.NpgsqlException e, string where)
    {
        if (e is Npgsql.PostgresException pe)
        {
            string what = pe.SqlState switch
            {
                "28P01" or "28000" => $"{where}: the server refused the credentials ({pe.MessageText})",
                "3D000" => $"{where}: {pe.MessageText}",
                _ => $"{where}: {pe.MessageText} (SQLSTATE {pe.SqlState})",
            };
            return new StoreException(KindOfPostgres(pe.SqlState), what, e);
        }
        Exception inner = e;
        while (inner.InnerException is { } i) inner = i;
        string detail = ReferenceEquals(inner, e) ? e.Message : $"{e.Message.TrimEnd('.')}: {inner.Message}";
        return new StoreException(StoreErrorKind.Unavailable, $"{where}: cannot reach the database ({detail})", e);
    }
}
