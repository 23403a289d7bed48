using System.Data.Common;

namespace PhdResolver.Store;

/// <summary>
/// Something that writes its own rows in the store's commit (the registry: PIDs, audit, tokens), so
/// that rows and quads become durable together or not at all. The store calls
/// <see cref="Write"/> once per commit, inside its transaction, after the quads are written and
/// before COMMIT; if it throws, the transaction rolls back, the indexes never see the quads, and the
/// exception propagates unchanged. It must not commit or roll back itself.
/// </summary>
public interface ICommitParticipant
{
    void Write(IStoreTransaction transaction);
}

/// <summary>The store's open transaction as a participant sees it: provider-neutral ADO.NET.</summary>
public interface IStoreTransaction
{
    /// <summary>Which system of record this is: the participant picks its SQL dialect by it.</summary>
    StorageBackend Backend { get; }

    /// <summary>The connection the transaction runs on. Commands created on it run in the open
    /// transaction (for SQLite leave their <c>Transaction</c> unset; otherwise set it to
    /// <see cref="Transaction"/>).</summary>
    DbConnection Connection { get; }

    /// <summary>The ADO.NET transaction object, where the backend has one (SQLite's is begun
    /// natively, so null there).</summary>
    DbTransaction? Transaction { get; }
}

/// <summary>The systems of record a store can run on.</summary>
public enum StorageBackend
{
    Sqlite,
    PostgreSql,
}

/// <summary>A participant from a delegate.</summary>
public sealed class CommitParticipant(Action<IStoreTransaction> write) : ICommitParticipant
{
    public void Write(IStoreTransaction transaction) => write(transaction);
}
