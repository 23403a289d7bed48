using Microsoft.Data.Sqlite;
using PhdResolver.Store;

namespace PhdResolver.Registry.Storage;

/// <summary>
/// The registry's rows as a commit participant of the store (<see cref="ICommitParticipant"/>): the
/// registry's SQL is SQLite's for now, so it takes the transaction's connection as a
/// <see cref="SqliteConnection"/>, and refuses, with a typed error, a store on another backend
/// (that one gets its own row writer with the registry storage interface).
/// </summary>
internal static class SqliteParticipant
{
    public static ICommitParticipant Of(Action<SqliteConnection> rows) => new CommitParticipant(t =>
        rows(t.Connection as SqliteConnection
            ?? throw new StoreException(StoreErrorKind.Unavailable, $"the registry's rows are written with SQLite; this store runs on {t.Backend}")));
}
