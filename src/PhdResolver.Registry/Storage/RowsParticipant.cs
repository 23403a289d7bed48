using System.Data.Common;
using PhdResolver.Store;

namespace PhdResolver.Registry.Storage;

/// <summary>
/// The registry's rows as a commit participant of the store (<see cref="ICommitParticipant"/>): the rows
/// are written with the shared SQL of <see cref="Sql"/> on the transaction's connection, whichever
/// system of record it is (SQLite runs commands in the connection's one transaction, Npgsql in the
/// connection's open transaction).
/// </summary>
internal static class RowsParticipant
{
    public static ICommitParticipant Of(Action<DbConnection> rows) => new CommitParticipant(t => rows(t.Connection));
}
