using System.Data.Common;
using System.Globalization;
using PhdResolver.Registry.Audit;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Storage;
using PhdResolver.Store;

namespace PhdResolver.Registry;

/// <summary>
/// Replicas: several processes on one PostgreSQL database (<see cref="QuadStore.IsShared"/>). The store follows
/// the change log and keeps its indexes in step; the registry follows its own change log, <c>reg_changes</c>
/// (migration 9): every registry commit on a shared database appends one row in its transaction, numbered densely
/// under the writers' lock, naming the PIDs the write changed (the same list a local write evicts caches by). When
/// the store reports that another process wrote registry rows, the registry reads the log from the last row it
/// applied and reloads only those records' rows (<see cref="RegistryRows.LoadSome"/>) into the in-memory state,
/// re-indexes only their search documents, and raises <see cref="Changed"/> with their PIDs, so a foreign write
/// costs what the records it touched cost, not the registry's size. It falls back to reloading everything
/// (<see cref="RegistryRows.Load(DbConnection)"/> and, if the search generation moved, a rebuild of the index) when
/// it cannot tell what changed: a row that says so (<c>*</c>: a restore, a migration, a rebuild), a hole in the
/// numbers (rows pruned past <see cref="ChangeRetention"/> while this process was away), or too many records.
/// On SQLite nothing here runs and nothing is logged.
/// </summary>
public sealed partial class RegistryService
{
    /// <summary>How many change rows the writers keep: a follower further behind than that reloads everything.</summary>
    private const int ChangeRetention = 10_000;
    private const string Everything = "*";

    /// <summary>The store's <see cref="QuadStore.RowsChangedElsewhere"/> the in-memory registry reflects.</summary>
    private long _syncedRows;
    /// <summary>The last <c>reg_changes</c> row the in-memory registry reflects (under the gate).</summary>
    private long _syncedChange;
    /// <summary>The row the write being committed appended (under the gate; 0: none).</summary>
    private long _loggedChange;
    /// <summary>The search generation the index held when the registry was last in step with the database (under the gate).</summary>
    private long _syncedGeneration;
    private long _fullReloads, _partialReloads;
    /// <summary>PIDs other replicas changed that <see cref="Changed"/> has not announced yet (null: none).</summary>
    private List<string>? _replicated;
    private readonly Lock _replicatedLock = new();

    /// <summary>How this replica followed other replicas' registry writes since it opened: full reloads of every row
    /// (and rebuilds of the search index) and partial reloads of the records a write named. For tests and operators.</summary>
    public (long Full, long Partial) ReplicaReloads => (Interlocked.Read(ref _fullReloads), Interlocked.Read(ref _partialReloads));

    private static readonly HashSet<string> TokenActions = [AuditActions.CreateToken, AuditActions.RevokeToken, AuditActions.ImportToken];

    /// <summary>
    /// The registry's rows of one commit as the store's participant, followed (on a shared database) by its row in
    /// <c>reg_changes</c>: <paramref name="pids"/> are the records it changed, null when it cannot tell (followers then
    /// reload everything). Every registry commit goes through here, so a follower never misses one.
    /// </summary>
    private ICommitParticipant Participant(string action, IEnumerable<string>? pids, Action<DbConnection> rows) => RowsParticipant.Of(c =>
    {
        _loggedChange = 0;
        rows(c);
        if (Sql.BackendOf(c) != StorageBackend.PostgreSql) return; // no other process can share a SQLite registry
        // Dense numbers: the writers' lock serialises every commit, and a rolled-back one takes its number with it.
        long seq = Convert.ToInt64(Sql.Scalar(c, "SELECT coalesce(max(seq), 0) + 1 FROM reg_changes"), CultureInfo.InvariantCulture);
        Sql.Exec(c, "INSERT INTO reg_changes(seq, action, pids) VALUES (@s, @a, @p)",
            ("@s", seq), ("@a", action), ("@p", pids is null ? Everything : string.Join('\n', pids.Distinct(StringComparer.Ordinal))));
        if (seq % 100 == 0) Sql.Exec(c, "DELETE FROM reg_changes WHERE seq <= @s", ("@s", seq - ChangeRetention));
        _loggedChange = seq;
    });

    /// <summary>The PIDs a plan names for a follower: none named means it cannot tell, except for token writes (no record changes).</summary>
    private static IEnumerable<string>? Logged(string action, IReadOnlyList<string> pids) =>
        pids.Count > 0 || TokenActions.Contains(action) ? pids : null;

    /// <summary>After a commit of this process (under the gate): its own log row needs no reloading.</summary>
    private void OwnChangeCommitted()
    {
        // The write synced first, so its row follows the last one applied; else (a write at open) the follower reads it.
        if (_loggedChange == _syncedChange + 1) _syncedChange = _loggedChange;
        _loggedChange = 0;
    }

    /// <summary>At open, before the rows load: where the log stands (a row committed in between is applied again, harmlessly).</summary>
    private static long LastChange(DbConnection c) =>
        Sql.BackendOf(c) == StorageBackend.PostgreSql && Sql.HasTable(c, "reg_changes")
            ? Convert.ToInt64(Sql.Scalar(c, "SELECT coalesce(max(seq), 0) FROM reg_changes"), CultureInfo.InvariantCulture)
            : 0;

    private void FollowReplicas()
    {
        if (!_store.IsShared) return;
        _store.ChangedElsewhere += OnChangedElsewhere;
        // Whatever other processes committed since the rows were read at open.
        _gate.Wait();
        try { SyncRowsLocked(force: true); }
        finally { _gate.Release(); }
        AnnounceReplicated();
    }

    private void OnChangedElsewhere(QuadStore store)
    {
        if (_disposed) return;
        try { _gate.Wait(_closing.Token); }
        catch (OperationCanceledException) { return; }
        try { SyncRowsLocked(); }
        finally { _gate.Release(); }
        AnnounceReplicated();
    }

    /// <summary>Raises <see cref="Changed"/> for other replicas' writes applied since the last call (outside the gate).</summary>
    private void AnnounceReplicated()
    {
        List<string>? pids;
        lock (_replicatedLock) (pids, _replicated) = (_replicated, null);
        if (pids is not null) Changed?.Invoke(new RegistryChange("replicate", pids));
    }

    private readonly record struct LoggedChange(long Seq, string Action, string Pids);

    /// <summary>
    /// Under the gate: applies what other processes changed since the last call, when the store says they wrote rows
    /// (or <paramref name="force"/>). The quads first (as after a write of our own), so a reader never finds a record
    /// whose graph is not there yet; inside a write the store is caught up already (its writers' lock is held).
    /// </summary>
    private void SyncRowsLocked(bool force = false)
    {
        while (true)
        {
            long seq = _store.RowsChangedElsewhere;
            if (!force && seq == _syncedRows) return;
            force = false;
            long position = SyncOnce();
            // The catch-up (here, or a writer's) may have applied a change past the snapshot, and nobody announces it
            // again: then once more. Else every row change the store applied is in the rows just read.
            long now = _store.RowsChangedElsewhere;
            _syncedRows = now <= position ? now : seq;
        }
    }

    /// <summary>One snapshot of the log and the rows applied; returns the store's log position it belongs to.</summary>
    private long SyncOnce()
    {
        long generation, position;
        List<LoggedChange> changes;
        RegistryState? loaded = null;
        HashSet<string>? keys = null;
        try
        {
            using var c = OpenRead();
            using var snapshot = c.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
            // One snapshot for the log, the rows and the log position they belong to.
            position = _store.ChangeLogPosition(c);
            changes = ReadChanges(c, _syncedChange);
            generation = ReadSearchGeneration(c);
            bool full = changes.Count > 0 && (changes[0].Seq != _syncedChange + 1 || changes.Exists(x => x.Pids == Everything));
            if (!full && changes.Count > 0)
            {
                var named = changes.SelectMany(x => x.Pids.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
                if (named.Count <= RegistryRows.MaxPartial)
                {
                    try { (loaded, keys) = RegistryRows.LoadSome(c, named); }
                    catch (ArgumentOutOfRangeException) { full = true; } // the records and their dependants are too many
                }
                else full = true;
            }
            if (full) loaded = RegistryRows.Load(c);
            snapshot.Commit();
        }
        catch (DbException e) // only on a shared database: SQLite never gets here
        {
            // A pooled connection the server dropped (a restart) fails once: nothing was applied, the caller may retry.
            throw new StoreException(StoreErrorKind.Unavailable, "reading other replicas' registry changes failed: " + e.Message, e);
        }
        while (_store.AppliedChange < position && _store.CatchUp()) { }
        if (changes.Count > 0)
        {
            if (keys is null && loaded is not null) ReloadAll(loaded, generation);
            else if (keys is not null) ReloadSome(loaded!, keys, generation);
            if (keys is null || changes.Exists(x => TokenActions.Contains(x.Action)))
                Volatile.Write(ref _tokensByHash, null); // reloaded from the rows on next use
            _syncedChange = changes[^1].Seq;
        }
        return position;
    }

    private static List<LoggedChange> ReadChanges(DbConnection c, long after)
    {
        var list = new List<LoggedChange>();
        using var cmd = Sql.Command(c, "SELECT seq, action, pids FROM reg_changes WHERE seq > @s ORDER BY seq", ("@s", after));
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new LoggedChange(r.GetInt64(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    private void ReloadAll(RegistryState loaded, long generation)
    {
        _state.ReplaceWith(loaded);
        OnCommitted();
        if (generation != _index.Generation) RebuildIndexLocked();
        _syncedGeneration = generation;
        Interlocked.Increment(ref _fullReloads);
        lock (_replicatedLock) (_replicated ??= []).AddRange(_state.Pids.Keys);
    }

    private void ReloadSome(RegistryState loaded, HashSet<string> keys, long generation)
    {
        _state.ReplaceSome(loaded, keys);
        OnCommitted();
        if (generation != _index.Generation)
        {
            if (_index.Generation != _syncedGeneration) RebuildIndexLocked(); // the index was not in step before: its changes are unknown
            else
            {
                var changes = new List<IndexChange>();
                foreach (var pid in DocumentPids(keys))
                    changes.Add(DocumentOf(_state, pid) is { } d ? IndexChange.Put(d) : IndexChange.Remove(pid));
                try { _index.Apply(changes, generation); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException)
                {
                    StartRebuild();
                }
            }
        }
        _syncedGeneration = generation;
        Interlocked.Increment(ref _partialReloads);
        lock (_replicatedLock) (_replicated ??= []).AddRange(keys);
    }

    /// <summary>The search documents a change of <paramref name="keys"/> can touch: theirs, and every version of an
    /// instance one of whose versions changed (which one is current may have changed with it).</summary>
    private HashSet<string> DocumentPids(HashSet<string> keys)
    {
        var pids = new HashSet<string>(keys, StringComparer.Ordinal);
        foreach (var k in keys)
            if (_state.Versions.TryGetValue(k, out var v))
                foreach (var sibling in _state.VersionsOf(v.Instance)) pids.Add(sibling.Accession.ToString());
        return pids;
    }

    /// <summary>
    /// The search document of one record as <see cref="SearchDocuments"/> would make it, or null when that holds none
    /// (withdrawn, or a version of a withdrawn instance): a follower re-indexes a record by this.
    /// </summary>
    private SearchDocument? DocumentOf(RegistryState s, string pid)
    {
        if (s.Facilities.TryGetValue(pid, out var f)) return f.Tombstone is null ? Documents.Of(f) : null;
        if (s.Models.TryGetValue(pid, out var m)) return m.Tombstone is null ? Documents.Of(m) : null;
        if (s.Instances.TryGetValue(pid, out var i))
            return i.Tombstone is null ? Documents.Of(i, s.Facilities.GetValueOrDefault(i.Facility.ToString()), s.Models.GetValueOrDefault(i.Model.ToString())) : null;
        if (s.Versions.TryGetValue(pid, out var v))
        {
            if (v.Tombstone is not null || s.Instances.GetValueOrDefault(v.Instance.ToString()) is not { Tombstone: null } vi) return null;
            var current = RecordGraphs.Current(s.VersionsOf(vi.Pid));
            return Documents.Of(v, v.Accession == current?.Accession, vi, s.Facilities.GetValueOrDefault(vi.Facility.ToString()),
                s.Models.GetValueOrDefault(vi.Model.ToString()), GetGraph(v).Select(q => q.Triple).ToList());
        }
        if (s.Settings.TryGetValue(pid, out var st))
            return st.Tombstone is null && s.Versions.GetValueOrDefault(st.Version.ToString()) is { } sv && s.Instances.GetValueOrDefault(sv.Instance.ToString()) is { } si
                ? Documents.Of(st, si, s.Models.GetValueOrDefault(si.Model.ToString())) : null;
        return null;
    }

    /// <summary>Null when this replica is in step with the database (always on SQLite), else why not: for <c>/readyz</c>.</summary>
    public string? NotInStep => _store.NotInStep
        ?? (_store.RowsChangedElsewhere != Volatile.Read(ref _syncedRows) ? "the registry is catching up with another replica's writes" : null);
}
