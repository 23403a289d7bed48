using Microsoft.Data.Sqlite;
using PhdResolver.Store;

namespace PhdResolver.Store.Tests;

/// <summary>Tests write raw SQLite rows in a store commit (set-up and sabotage) through the commit-participant interface.</summary>
internal static class SqliteRowsParticipant
{
    public static CommitResult Commit(this WriteTransaction tx, Action<SqliteConnection> rows) =>
        tx.Commit(new CommitParticipant(t => rows((SqliteConnection)t.Connection)));
}
