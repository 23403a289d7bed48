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
}
