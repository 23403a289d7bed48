using System.Data.Common;

namespace PhdResolver.Store;

/// <summary>
/// A system of record under a <see cref="QuadStore"/>: the dictionary and the quads as id tuples.
/// With query indexes the store reads everything once at open (the in-memory indexes are the query path on every
/// backend) and afterwards only writes through <see cref="Commit"/>; without them (<see cref="StoreOptions.QueryIndexes"/>)
/// it reads the terms only, and snapshots read the tables (<see cref="LeanSnapshot"/>). Two implementations:
/// <see cref="SqliteBackend"/> (embedded, the default) and <see cref="PostgresBackend"/> (shared).
/// </summary>
internal interface IStoreBackend : IDisposable
{
    StorageBackend Kind { get; }

    /// <summary>Reads the dictionary into <paramref name="dict"/> (ids must be dense from 1).</summary>
    void LoadTerms(TermDictionary dict);

    /// <summary>Reads all quads as SPOG keys, in SPOG order.</summary>
    Key[] LoadQuads();

    /// <summary>
    /// Writes one transaction: terms <paramref name="firstNewTerm"/>..<paramref name="lastTerm"/>,
    /// then the quad insertions (absent before) and deletions (present before); then
    /// <paramref name="participant"/> and <paramref name="beforeCommit"/>. All or nothing: an
    /// exception or <paramref name="stop"/> firing before COMMIT rolls back.
    /// </summary>
    void Commit(TermDictionary dict, uint firstNewTerm, uint lastTerm,
        Key[] adds, Key[] dels, Action<string>? log,
        ICommitParticipant? participant, Action beforeCommit, StopSignal stop);

    /// <summary>True when the last commit left work for <see cref="Maintain"/> (SQLite: a large WAL).</summary>
    bool MaintenanceDue { get; }

    /// <summary>Housekeeping after a commit, under the store's write lock, off the committer's clock.</summary>
    void Maintain();

    // ---- a store without query indexes (StoreOptions.QueryIndexes false): reads served from the tables

    /// <summary>Creates the graph-first index <c>quads_gspo (g, s, p, o)</c> if it is missing (a graph's quads without a
    /// scan); once made, every writer keeps it, with or without indexes in memory.</summary>
    void EnsureGraphIndex(Action<string>? log);

    /// <summary>The number of quads (PostgreSQL: inside the consistent read while opening).</summary>
    long CountQuads();

    /// <summary>Starts a read transaction on <paramref name="connection"/> (from <see cref="OpenReadConnection"/>) that
    /// sees one committed state from its first read on: a snapshot.</summary>
    DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary>Which of <paramref name="keys"/> (SPOG keys) the committed quads hold; called under the store's write lock.</summary>
    HashSet<Key> Present(IReadOnlyList<Key> keys);

    /// <summary>The SPOG keys of one graph's quads in the committed state; called under the store's write lock.</summary>
    List<Key> GraphKeys(uint graph);

    /// <summary>A new connection for reading rows of the system of record (the registry's reads), opened; the caller disposes it.</summary>
    DbConnection OpenReadConnection();
}
