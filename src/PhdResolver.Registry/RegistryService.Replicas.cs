using PhdResolver.Registry.Storage;
using PhdResolver.Store;

namespace PhdResolver.Registry;

/// <summary>
/// Replicas: several processes on one PostgreSQL database (<see cref="QuadStore.IsShared"/>). The store follows
/// the change log and keeps its indexes in step; when a change of another process wrote registry rows, the
/// registry reloads its rows from the database into the in-memory state, brings the search index to the
/// registry's search generation and raises <see cref="Changed"/> so caches are evicted. On SQLite nothing here runs.
/// </summary>
public sealed partial class RegistryService
{
    /// <summary>The store's <see cref="QuadStore.RowsChangedElsewhere"/> the in-memory registry reflects.</summary>
    private long _syncedRows;

    private void FollowReplicas()
    {
        _syncedRows = _store.RowsChangedElsewhere;
        if (_store.IsShared) _store.ChangedElsewhere += OnChangedElsewhere;
    }

    private void OnChangedElsewhere(QuadStore store)
    {
        if (_disposed) return;
        bool changed;
        try { _gate.Wait(_closing.Token); }
        catch (OperationCanceledException) { return; }
        try { changed = SyncRowsLocked(); }
        finally { _gate.Release(); }
        if (changed) Changed?.Invoke(new RegistryChange("replicate", [.. _state.Pids.Keys]));
    }

    /// <summary>Under the gate: reloads the rows when another process changed them since the last reload; true if it did.</summary>
    private bool SyncRowsLocked()
    {
        long seq = _store.RowsChangedElsewhere;
        if (seq == _syncedRows) return false;
        long generation, position;
        RegistryState loaded;
        using (var c = OpenRead())
        using (var snapshot = c.BeginTransaction(System.Data.IsolationLevel.RepeatableRead))
        {
            // One snapshot for the rows and the log position they belong to.
            position = _store.ChangeLogPosition(c);
            loaded = RegistryRows.Load(c);
            generation = ReadSearchGeneration(c);
            snapshot.Commit();
        }
        // The quads first (as after a write of our own): a reader never finds a record whose graph is not there yet.
        // Inside a write the store is caught up already (its writers' lock is held), so this does not run there.
        while (_store.AppliedChange < position && _store.CatchUp()) { }
        _state.ReplaceWith(loaded);
        Volatile.Write(ref _tokensByHash, null); // reloaded from the rows on next use
        OnCommitted();
        if (generation != _index.Generation) RebuildIndexLocked();
        _syncedRows = seq;
        return true;
    }

    /// <summary>Null when this replica is in step with the database (always on SQLite), else why not: for <c>/readyz</c>.</summary>
    public string? NotInStep => _store.NotInStep
        ?? (_store.RowsChangedElsewhere != Volatile.Read(ref _syncedRows) ? "the registry is catching up with another replica's writes" : null);
}
