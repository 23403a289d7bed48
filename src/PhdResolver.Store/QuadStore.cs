namespace PhdResolver.Store;

/// <summary>
/// The store: a system of record (SQLite in the data directory, the default, or a shared PostgreSQL
/// database with <see cref="StoreOptions.Database"/>) + in-memory dictionary and quad indexes.
/// <para>
/// Opening reads the whole database into memory. A write transaction commits to the database first,
/// then applies to the indexes and publishes a new immutable <see cref="IndexSet"/> with one
/// reference swap; snapshots hold the version they started with. A crash between the SQLite
/// commit and the swap is harmless: the indexes are rebuilt from the database at the next start.
/// One process owns a data directory at a time (an exclusive lock file), since its indexes
/// would not see another process's writes; on PostgreSQL the data directory holds only derived
/// data (the search index), and the database is owned by one writer (an advisory lock, see
/// <see cref="PostgresBackend"/>).
/// </para>
/// <para>
/// Without query indexes (<see cref="StoreOptions.QueryIndexes"/> false, <see cref="IsLean"/>) opening reads only the
/// term dictionary and counts the quads; commits write the same transaction (the real changes are found by looking the
/// keys up in the tables instead of the indexes) and publish a new count; <see cref="OpenQuadSnapshot"/> reads the tables
/// in a read transaction (<see cref="LeanSnapshot"/>) and <see cref="OpenSnapshot"/>, the id-level view SPARQL needs, is
/// refused (<see cref="StoreErrorKind.NoQueryIndexes"/>).
/// </para>
/// </summary>
public sealed class QuadStore : IQuadStore
{
    public const string DatabaseFileName = "store.sqlite";
    private const string LockFileName = "store.lock";

    private readonly FileStream _lock;
    private readonly IStoreBackend _db;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _checkpointDue; // under the write lock
    private IndexSet _current;
    private uint _persistedTerms;
    private bool _disposed;

    private QuadStore(string directory, StoreOptions options, FileStream lockFile, IStoreBackend db, TermDictionary dict, IndexSet indexes, long leanCount)
    {
        Directory = directory;
        Options = options;
        _lock = lockFile;
        _db = db;
        _dict = dict;
        _current = indexes;
        _persistedTerms = dict.Count;
        if (!options.QueryIndexes)
        {
            _lean = new LeanState(leanCount, 0, new object());
            _readers = new LeanReaders(db);
        }
    }

    // ---------------------------------------------------------------- without query indexes (StoreOptions.QueryIndexes false)

    /// <summary>What a lean snapshot needs of the committed state besides the tables: the number of quads, and (PostgreSQL)
    /// the change log position that number belongs to. Replaced, never changed, at every applied change. Count -1: unknown
    /// (a snapshot counts). <see cref="Generation"/>: a new object when quads changed, else the previous state's.</summary>
    private sealed record LeanState(long Count, long Seq, object Generation);

    private LeanState? _lean;
    private readonly LeanReaders? _readers;
    /// <summary>Odd from just before a commit's COMMIT until its new <see cref="LeanState"/> is published: a snapshot that
    /// opens meanwhile cannot tell which state its transaction sees, and counts for itself.</summary>
    private int _commitEpoch;

    /// <summary>True when this store holds no quads in memory (<see cref="StoreOptions.QueryIndexes"/> false).</summary>
    public bool IsLean => _readers is not null;

    /// <summary>
    /// An object that is replaced whenever the quads change (a local commit or a followed change of another process) and
    /// only then: the index set, or without indexes a state record. Memos of texts derived from the graphs key on it.
    /// </summary>
    public object Generation => _readers is null ? Indexes : Volatile.Read(ref _lean)!.Generation;

    /// <summary>Publishes a lean store's new state (under the write lock); <paramref name="quadsChanged"/>: a new <see cref="Generation"/>.</summary>
    private void PublishLean(long count, long seq, bool quadsChanged) =>
        Volatile.Write(ref _lean, new LeanState(count, seq, quadsChanged ? new object() : Volatile.Read(ref _lean)!.Generation));

    private static long Plus(long count, long delta) => count < 0 ? -1 : count + delta;

    /// <summary>
    /// A read-only view of the committed state at the term level, whichever way the store runs: the index snapshot, or
    /// without indexes a <see cref="LeanSnapshot"/> served by the system of record in one read transaction (both immutable
    /// for their lifetime). What the registry and the web pages read through; SPARQL needs <see cref="OpenSnapshot"/>.
    /// </summary>
    public IQuadSnapshot OpenQuadSnapshot()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readers is null) return OpenSnapshot();
        int before = Volatile.Read(ref _commitEpoch);
        var state = Volatile.Read(ref _lean)!;
        var dict = Dictionary;
        var reader = _readers.Rent();
        bool settled;
        try
        {
            int after = Volatile.Read(ref _commitEpoch);
            // The published state is this transaction's when no commit ran while it began, and (PostgreSQL) no other
            // process committed past the position this process applied: else the snapshot counts for itself.
            settled = (before & 1) == 0 && before == after
                && (_db is not PostgresBackend || reader.Scalar(PostgresBackend.LastLoggedSql, default) == state.Seq);
        }
        catch
        {
            _readers.Return(reader);
            throw;
        }
        return new LeanSnapshot(_readers, reader, dict, Options.DefaultGraph, settled ? state.Count : -1, settled ? state.Generation : null);
    }

    private StoreException NoIndexes() => new(StoreErrorKind.NoQueryIndexes,
        "this store runs without query indexes (phd serve --lean): SPARQL is answered by the remote store (--sparql-store), not by this process");

    /// <summary>The SPOG keys of one graph's committed quads (a lean write transaction's ClearGraph; under the write lock).</summary>
    internal List<Key> CommittedGraphKeys(uint graph) => _db.GraphKeys(graph);

    /// <summary>Which keys the committed state holds (a lean write transaction's real changes; under the write lock).</summary>
    internal HashSet<Key> CommittedPresent(IReadOnlyList<Key> keys) => _db.Present(keys);

    /// <summary>True when a lean store is known to hold no quads (a first load need not look anything up).</summary>
    internal bool LeanKnownEmpty => Volatile.Read(ref _lean) is { Count: 0 };

    public string Directory { get; }
    public StoreOptions Options { get; }
    /// <summary>The dictionary of the current indexes. Replaced only when a diverged replica reloads (<see cref="Recover"/>):
    /// read it after <see cref="Indexes"/>, as <see cref="OpenSnapshot"/> does, and the pair always matches.</summary>
    public TermDictionary Dictionary => Volatile.Read(ref _dict);
    private TermDictionary _dict;

    /// <summary>Which system of record this store runs on.</summary>
    public StorageBackend Backend => _db.Kind;

    /// <summary>
    /// A new, open connection to the system of record for reading rows that participants wrote (the
    /// registry's): read-only on SQLite, pooled on PostgreSQL. The caller disposes it; it never sees
    /// an uncommitted write.
    /// </summary>
    public System.Data.Common.DbConnection OpenReadConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _db.OpenReadConnection();
    }

    /// <summary>The current index version (what a new snapshot sees).</summary>
    public IndexSet Indexes => Volatile.Read(ref _current);

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/> and builds its indexes.</summary>
    public static QuadStore Open(string directory, StoreOptions? options = null)
    {
        options ??= StoreOptions.Default;
        System.IO.Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreException(StoreErrorKind.InUse, $"{directory}: the store is in use by another process", e);
        }
        IStoreBackend? db = null;
        try
        {
            db = options.Database is { } database
                ? new PostgresBackend(database, options)
                : new SqliteBackend(Path.Combine(directory, DatabaseFileName), options);
            if (!options.QueryIndexes) return OpenLean(directory, options, lockFile, db);
            var dict = new TermDictionary();
            var pg = db as PostgresBackend;
            pg?.BeginConsistentRead(); // the log position, terms and quads of one moment
            long logged = pg?.LastLogged() ?? 0;
            var log = options.Log;
            void ReadTerms()
            {
                db.LoadTerms(dict);
                log?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"store: {dict.Count:N0} terms read"));
            }
            Key[] spog;
            if (pg is null)
            {
                // SQLite: the quads are read on a connection of their own while this thread reads the terms
                // (two cores, two sequential scans; nobody else writes, this process holds the lock file).
                var quads = Task.Run(db.LoadQuads);
                try { ReadTerms(); }
                catch
                {
                    try { quads.Wait(); } catch (AggregateException) { } // its connection closed before the store's
                    throw;
                }
                spog = quads.GetAwaiter().GetResult();
            }
            else
            {
                ReadTerms(); // one connection: the consistent read of one moment
                spog = db.LoadQuads();
            }
            log?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"store: {spog.LongLength:N0} quads read"));
            pg?.EndConsistentRead();
            var indexes = spog.Length == 0 ? IndexSet.Empty : IndexSet.Build(spog);
            log?.Invoke("store: indexes built");
            var store = new QuadStore(directory, options, lockFile, db, dict, indexes, 0) { _appliedSeq = logged };
            store.StartFollowing();
            return store;
        }
        catch
        {
            db?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens without query indexes: the graph index is made if missing, then the terms are read (the dictionary stays in
    /// memory: writes intern through it and reads decode through it) and the quads only counted, side by side on SQLite.
    /// </summary>
    private static QuadStore OpenLean(string directory, StoreOptions options, FileStream lockFile, IStoreBackend db)
    {
        var log = options.Log;
        db.EnsureGraphIndex(log);
        var dict = new TermDictionary();
        var pg = db as PostgresBackend;
        long count, logged = 0;
        if (pg is null)
        {
            var counting = Task.Run(db.CountQuads);
            try { db.LoadTerms(dict); }
            catch
            {
                try { counting.Wait(); } catch (AggregateException) { }
                throw;
            }
            count = counting.GetAwaiter().GetResult();
        }
        else
        {
            pg.BeginConsistentRead();
            logged = pg.LastLogged();
            db.LoadTerms(dict);
            count = db.CountQuads();
            pg.EndConsistentRead();
        }
        log?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"store: {dict.Count:N0} terms read"));
        log?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"store: {count:N0} quads counted (no query indexes)"));
        var store = new QuadStore(directory, options, lockFile, db, dict, IndexSet.Empty, count) { _appliedSeq = logged };
        store.PublishLean(count, logged, quadsChanged: false);
        store.StartFollowing();
        return store;
    }

    // ---------------------------------------------------------------- replicas (PostgreSQL)

    private long _appliedSeq;       // the change log position the indexes hold (under the write lock)
    private long _rowsChangedSeq;   // the last applied change of another process whose participant wrote rows
    private volatile string? _followError = "not yet following the change log";
    private volatile bool _diverged; // this process's dictionary no longer matches the database: writes refused until Recover
    private Task _recovery = Task.CompletedTask;
    private readonly CancellationTokenSource _stopFollowing = new();
    private Thread? _follower;

    /// <summary>True when other processes may write the same database (PostgreSQL): see <see cref="PostgresBackend"/>.</summary>
    public bool IsShared => _db is PostgresBackend;

    /// <summary>The change log position the indexes hold (0 on SQLite).</summary>
    public long AppliedChange => Volatile.Read(ref _appliedSeq);

    /// <summary>The position of the last change of another process that wrote participant rows (the registry's), which a
    /// participant's in-memory state must reload to be in step (0: none since open).</summary>
    public long RowsChangedElsewhere => Volatile.Read(ref _rowsChangedSeq);

    /// <summary>Null when this store is in step with the change log as far as it knows (always on SQLite); else why not.</summary>
    public string? NotInStep => _diverged ? Diverged : IsShared ? _followError : null;

    private const string Diverged = "this replica lost a transaction while the database was away and another wrote meanwhile: reloading from the database";

    /// <summary>Raised (on the follower thread, with no lock held) after changes of other processes were applied.</summary>
    public event Action<QuadStore>? ChangedElsewhere;

    private void StartFollowing()
    {
        if (_db is not PostgresBackend pg) return;
        _follower = new Thread(() => pg.Follow(
            changed: () =>
            {
                if (!CatchUp()) { _followError = null; return; }
                try
                {
                    ChangedElsewhere?.Invoke(this);
                    _followError = null;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A subscriber (the registry reloading its rows) failed: not ready until a later change succeeds.
                    _followError = "applying another process's change failed: " + e.Message;
                }
            },
            failed: e => _followError = e is null ? null : "not following the change log: " + e.Message,
            poll: TimeSpan.FromSeconds(5), _stopFollowing.Token))
        { IsBackground = true, Name = "phd change log" };
        _follower.Start();
    }

    /// <summary>
    /// The change log position committed as seen by <paramref name="connection"/> (a connection from
    /// <see cref="OpenReadConnection"/>, inside the caller's snapshot transaction); 0 on SQLite. A participant that
    /// reads its rows in that snapshot and then waits for <see cref="AppliedChange"/> to reach this position never
    /// holds rows newer than the quads.
    /// </summary>
    public long ChangeLogPosition(System.Data.Common.DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_db is not PostgresBackend) return 0;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = PostgresBackend.LastLoggedSql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Applies the changes other processes committed since the last call; true when there were any.</summary>
    public bool CatchUp()
    {
        if (_db is not PostgresBackend || _disposed) return false;
        _writeLock.Wait();
        try { return CatchUpLocked(); }
        finally { _writeLock.Release(); }
    }

    /// <summary>
    /// Under the write lock: reads the log after <see cref="_appliedSeq"/>, appends the new terms and applies the quad
    /// changes. Terms this process interned but could not write (an abandoned transaction while the database was
    /// down) are written here when this process holds the writers' lock and nobody else wrote terms meanwhile;
    /// if somebody did, their ids are taken and this process must restart.
    /// </summary>
    private bool CatchUpLocked()
    {
        var pg = (PostgresBackend)_db;
        var entries = pg.ReadLog(_appliedSeq);
        bool orphans = Dictionary.Count > _persistedTerms;
        if (orphans && entries.Exists(e => e.LastTerm > _persistedTerms))
        {
            _diverged = true;
            StartRecovery();
            throw new StoreException(StoreErrorKind.Unavailable, Diverged);
        }
        if (entries.Count > 0 && IsLean) CatchUpLean(pg, entries, orphans);
        else if (entries.Count > 0)
        {
            uint lastTerm = entries[^1].LastTerm;
            if (lastTerm > Dictionary.Count) pg.LoadTermsAfter(Dictionary, Dictionary.Count);
            if (!orphans) _persistedTerms = Dictionary.Count;
            var next = Indexes;
            bool reload = false, rows = false;
            foreach (var e in entries)
            {
                rows |= e.Rows;
                if (e.Reload) reload = true;
                else if (!reload) next = next.Apply(e.Adds, e.Dels);
            }
            if (reload)
            {
                var spog = pg.LoadQuads();
                next = spog.Length == 0 ? IndexSet.Empty : IndexSet.Build(spog);
            }
            Volatile.Write(ref _current, next);
            long last = entries[^1].Seq;
            if (rows) Volatile.Write(ref _rowsChangedSeq, last);
            Volatile.Write(ref _appliedSeq, last);
        }
        if (orphans && pg.HoldsWriteLock) FlushTerms(pg);
        return entries.Count > 0;
    }

    /// <summary>
    /// <see cref="CatchUpLocked"/> without indexes: only the terms and the count follow. A change too large to log its keys
    /// is counted again in one snapshot with the log position, and this store moves to that position (nothing else of a
    /// change is held in memory, so skipping ahead loses nothing; the registry is told its rows may have changed).
    /// </summary>
    private void CatchUpLean(PostgresBackend pg, List<PostgresBackend.LogEntry> entries, bool orphans)
    {
        var state = Volatile.Read(ref _lean)!;
        long count = state.Count, last = entries[^1].Seq;
        bool rows = false, reload = false, quads = false;
        foreach (var e in entries)
        {
            rows |= e.Rows;
            reload |= e.Reload;
            quads |= e.Adds.Length + e.Dels.Length > 0;
            count = Plus(count, (long)e.Adds.Length - e.Dels.Length);
        }
        if (reload)
        {
            pg.BeginConsistentRead();
            try
            {
                last = Math.Max(last, pg.LastLogged());
                count = pg.CountQuads();
            }
            finally { pg.EndConsistentRead(); }
            rows = true;
        }
        // After the count's snapshot: the terms of every change it holds.
        if (reload || entries[^1].LastTerm > Dictionary.Count) pg.LoadTermsAfter(Dictionary, Dictionary.Count);
        if (!orphans) _persistedTerms = Dictionary.Count;
        // A kept digest follows logged changes (real changes, as a local commit's); a reload leaves it unknown.
        var known = Volatile.Read(ref _fingerprint);
        ulong digest = known.Digest;
        bool follow = !reload && quads && ReferenceEquals(known.Version, state.Generation);
        if (follow)
            foreach (var e in entries) digest ^= QuadDigest.Of(e.Adds) ^ QuadDigest.Of(e.Dels);
        PublishLean(count, last, quads || reload);
        if (follow) Volatile.Write(ref _fingerprint, new KnownDigest(Volatile.Read(ref _lean)!.Generation, digest));
        if (rows) Volatile.Write(ref _rowsChangedSeq, last);
        Volatile.Write(ref _appliedSeq, last);
    }

    /// <summary>Reloads in the background, retrying while the database is away; then the follower goes on (see <see cref="Recover"/>).</summary>
    private void StartRecovery()
    {
        if (!_recovery.IsCompleted) return;
        _recovery = Task.Run(() =>
        {
            while (!_stopFollowing.IsCancellationRequested)
            {
                try
                {
                    Recover();
                    return;
                }
                catch (StoreException e) when (e.IsTransient)
                {
                    _followError = "reloading from the database failed: " + e.Message;
                    _stopFollowing.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                }
            }
        });
    }

    /// <summary>
    /// A diverged replica (its dictionary handed out ids that another process's terms now hold) starts again from the
    /// database without a restart: under the write lock (writers are refused meanwhile, readers keep the snapshot
    /// they have) a new dictionary and new indexes are read in one snapshot, then published dictionary first: the
    /// old indexes only hold ids below the lost transaction's, which mean the same in both dictionaries, so a reader
    /// that pairs the old indexes with the new dictionary still reads right, and the reverse cannot happen
    /// (<see cref="OpenSnapshot"/> reads the indexes first). Participants (the registry) are told their rows may have
    /// changed: <see cref="RowsChangedElsewhere"/> moves and <see cref="ChangedElsewhere"/> is raised.
    /// </summary>
    private void Recover()
    {
        var pg = (PostgresBackend)_db;
        long logged;
        _writeLock.Wait();
        try
        {
            if (_disposed) return;
            var dict = new TermDictionary();
            pg.BeginConsistentRead();
            Key[] spog;
            long count = 0;
            try
            {
                logged = pg.LastLogged();
                pg.LoadTerms(dict);
                if (IsLean) count = pg.CountQuads();
                spog = IsLean ? SortedKeys.Empty : pg.LoadQuads();
            }
            finally { pg.EndConsistentRead(); }
            var indexes = spog.Length == 0 ? IndexSet.Empty : IndexSet.Build(spog);
            if (IsLean) PublishLean(count, logged, quadsChanged: true);
            Volatile.Write(ref _dict, dict);
            Volatile.Write(ref _current, indexes);
            _persistedTerms = dict.Count;
            Volatile.Write(ref _appliedSeq, logged);
            Volatile.Write(ref _rowsChangedSeq, logged);
            _diverged = false;
        }
        finally { _writeLock.Release(); }
        _followError = null;
        ChangedElsewhere?.Invoke(this);
    }

    /// <summary>Writes the interned but unwritten terms (a terms-only commit), holding the writers' lock.</summary>
    private void FlushTerms(PostgresBackend pg)
    {
        _db.Commit(Dictionary, _persistedTerms + 1, Dictionary.Count, SortedKeys.Empty, SortedKeys.Empty, null, null, () => { }, StopSignal.None);
        _persistedTerms = Dictionary.Count;
        Volatile.Write(ref _appliedSeq, pg.LastCommitSeq);
    }

    /// <summary>The id-level snapshot of the in-memory indexes (what SPARQL evaluates over). Without query indexes
    /// (<see cref="IsLean"/>) there is none: a <see cref="StoreException"/> of kind <see cref="StoreErrorKind.NoQueryIndexes"/>;
    /// term-level reads go through <see cref="OpenQuadSnapshot"/> in either mode.</summary>
    public StoreSnapshot OpenSnapshot()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsLean) throw NoIndexes();
        return new StoreSnapshot(Indexes, Dictionary, Options.DefaultGraph);
    }

    IQuadSnapshot IQuadStore.OpenSnapshot() => OpenQuadSnapshot();

    /// <summary>Waits for the write lock and starts a transaction.</summary>
    public WriteTransaction BeginWrite()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Refused at once while a diverged replica reloads (under the write lock, which may take a while).
        if (_diverged) throw new StoreException(StoreErrorKind.Unavailable, Diverged);
        _writeLock.Wait();
        if (_db is PostgresBackend pg)
        {
            // Shared database: the writers' lock, then everything other processes committed before it, so this
            // transaction's term ids and its view of the quads are the database's.
            try
            {
                if (_diverged) throw new StoreException(StoreErrorKind.Unavailable, Diverged);
                pg.LockForWrite();
                try { CatchUpLocked(); }
                catch { pg.UnlockForWrite(); throw; }
            }
            catch
            {
                _writeLock.Release();
                throw;
            }
        }
        return new WriteTransaction(this);
    }

    IQuadWriter IQuadStore.BeginWrite() => BeginWrite();

    /// <summary>
    /// Ends a write. When the commit left housekeeping (SQLite: a WAL over 4 MiB, to fold back into
    /// the database file), it runs first, on a pool thread that holds the write lock until it
    /// is done: the committing caller returns at once, the next writer waits, readers never do.
    /// </summary>
    internal void ReleaseWrite()
    {
        if (_db is PostgresBackend pg)
        {
            // Terms interned by an abandoned transaction are written now, while the writers' lock still keeps their ids
            // free in every process; failing that, this process's ids are no longer the database's.
            if (Dictionary.Count > _persistedTerms && pg.HoldsWriteLock)
            {
                try { FlushTerms(pg); }
                catch (StoreException) { } // the database is gone for now: the next writer or catch-up decides (CatchUpLocked)
            }
            pg.UnlockForWrite();
        }
        if (!_checkpointDue)
        {
            _writeLock.Release();
            return;
        }
        _checkpointDue = false;
        Task.Run(() =>
        {
            try { _db.Maintain(); }
            finally { _writeLock.Release(); }
        });
    }

    /// <summary>Waits until a checkpoint started by the last commit has finished (and any open
    /// write transaction has ended): the WAL is then folded back into the database file.</summary>
    public void WaitForCheckpoint()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writeLock.Wait();
        _writeLock.Release();
    }

    /// <summary>
    /// Makes changes durable, then visible; called with the write lock held. <paramref name="adds"/>
    /// and <paramref name="dels"/> are SPOG keys, sorted and distinct; the indexes take ownership
    /// of them (no copy). The new index version is built inside the SQLite transaction, before
    /// its COMMIT: a failure or cancellation up to then (including running out of memory while
    /// building) rolls back and leaves the store as it was, and after COMMIT publishing the
    /// version is a single reference write that cannot fail.
    /// </summary>
    internal void Publish(Key[] adds, Key[] dels, Action<string>? log, ICommitParticipant? participant, StopSignal stop)
    {
        uint last = Dictionary.Count;
        if (adds.Length == 0 && dels.Length == 0 && participant is null) return; // new terms wait for the next real commit
        if (IsLean)
        {
            PublishWithoutIndexes(adds, dels, log, participant, stop);
            return;
        }
        var current = Indexes;
        var next = current;
        // A mirror writes the changed graphs last, after the new version is built: it needs the transaction, which
        // the backend hands only to the participant, so the participant is wrapped to catch it on the way.
        var mirror = Mirror;
        MirrorCommit? mirrored = null;
        IStoreTransaction? open = null;
        if (mirror is not null && (adds.Length > 0 || dels.Length > 0))
        {
            var inner = participant;
            participant = new CommitParticipant(t => { open = t; inner?.Write(t); });
        }
        // A large write builds its new index version on the thread pool while the backend writes the same
        // (read-only) key arrays and the participant its rows: those are one thread each, the build sorts the
        // other orders in parallel, so on a few cores the two overlap instead of following each other (a bulk
        // registration's commit). The version is still taken before COMMIT, so a failure of either rolls back.
        Task<IndexSet>? building = (long)adds.Length + dels.Length >= OverlapIndexBuildAbove
            ? Task.Run(() => current.Apply(adds, dels, stop)) : null;
        bool joined = false;
        try
        {
            _db.Commit(Dictionary, _persistedTerms + 1, last, adds, dels, log, participant, beforeCommit: () =>
            {
                if (adds.Length == 0 && dels.Length == 0) return; // a participant-only commit: nothing to index
                log?.Invoke("index: building");
                joined = true;
                next = building is null ? current.Apply(adds, dels, stop) : building.GetAwaiter().GetResult();
                if (open is null) return;
                stop.ThrowIfStopped();
                ulong digest = FingerprintOf(current) ^ QuadDigest.Of(adds) ^ QuadDigest.Of(dels);
                mirrored = new MirrorCommit(open, new StoreSnapshot(next, Dictionary, Options.DefaultGraph), Dictionary, MirrorCommit.GraphsOf(adds, dels), digest);
                mirror!.Write(mirrored);
            }, stop);
        }
        catch when (building is not null && !joined)
        {
            // The backend failed first: the version being built is discarded, but not left running behind the
            // next writer (nor its exception unobserved).
            try { building.Wait(); }
            catch (AggregateException) { }
            throw;
        }
        catch when (mirrored is not null)
        {
            // The mirror wrote, then COMMIT (or what followed it) failed: the remote may now be ahead of the record.
            mirror!.Completed(mirrored, committed: false);
            throw;
        }
        if (mirrored is not null)
        {
            Volatile.Write(ref _fingerprint, new KnownDigest(next, mirrored.Fingerprint));
            mirror!.Completed(mirrored, committed: true);
        }
        _persistedTerms = last;
        Volatile.Write(ref _current, next);
        if (_db is PostgresBackend pg) Volatile.Write(ref _appliedSeq, pg.LastCommitSeq);
        _checkpointDue = _db.MaintenanceDue;
    }

    /// <summary><see cref="Publish"/> without indexes: the backend's transaction, then the new count (bracketed by the commit
    /// epoch, so that a snapshot opening across the COMMIT knows its count may not be the running one).
    /// <para>A mirror is written as in <see cref="Publish"/>, last before COMMIT; it reads the changed graphs through the
    /// commit's own open transaction (<see cref="LeanSnapshot.Within"/>: what COMMIT will make visible, nothing held in
    /// memory), and the digest after the commit is the one before it (kept per generation, scanned once when unknown)
    /// flipped by this commit's real changes.</para></summary>
    private void PublishWithoutIndexes(Key[] adds, Key[] dels, Action<string>? log, ICommitParticipant? participant, StopSignal stop)
    {
        uint last = Dictionary.Count;
        bool inCommit = false;
        var state = Volatile.Read(ref _lean)!;
        long count = Plus(state.Count, (long)adds.Length - dels.Length);
        var mirror = Mirror;
        MirrorCommit? mirrored = null;
        IStoreTransaction? open = null;
        ulong before = 0;
        if (mirror is not null && (adds.Length > 0 || dels.Length > 0))
        {
            // Before the backend's transaction: a scan (only when the digest is unknown) reads the committed tables.
            before = LeanFingerprint(state);
            var inner = participant;
            participant = new CommitParticipant(t => { open = t; inner?.Write(t); });
        }
        try
        {
            try
            {
                _db.Commit(Dictionary, _persistedTerms + 1, last, adds, dels, log, participant, beforeCommit: () =>
                {
                    if (open is not null)
                    {
                        stop.ThrowIfStopped();
                        using var after = LeanSnapshot.Within(open, Dictionary, Options.DefaultGraph, count);
                        mirrored = new MirrorCommit(open, after, Dictionary, MirrorCommit.GraphsOf(adds, dels), before ^ QuadDigest.Of(adds) ^ QuadDigest.Of(dels));
                        mirror!.Write(mirrored);
                    }
                    Interlocked.Increment(ref _commitEpoch); // odd: COMMIT may land from here on
                    inCommit = true;
                }, stop);
            }
            catch when (mirrored is not null)
            {
                // The mirror wrote, then COMMIT failed: the remote may now be ahead of the record.
                mirror!.Completed(mirrored, committed: false);
                throw;
            }
            _persistedTerms = last;
            long seq = _db is PostgresBackend pg ? pg.LastCommitSeq : 0;
            PublishLean(count, seq, adds.Length + dels.Length > 0);
            if (mirrored is not null) Volatile.Write(ref _fingerprint, new KnownDigest(Volatile.Read(ref _lean)!.Generation, mirrored.Fingerprint));
            if (_db is PostgresBackend) Volatile.Write(ref _appliedSeq, seq);
            _checkpointDue = _db.MaintenanceDue;
        }
        finally
        {
            if (inCommit) Interlocked.Increment(ref _commitEpoch); // even: the state published matches the tables
        }
        if (mirrored is not null) mirror!.Completed(mirrored, committed: true);
    }

    /// <summary>
    /// The store's graphs copied elsewhere in every commit (see <see cref="IStoreMirror"/>); null: none. Set once at
    /// start-up, before writes.
    /// </summary>
    public IStoreMirror? Mirror
    {
        get => Volatile.Read(ref _mirror);
        set => Volatile.Write(ref _mirror, value);
    }
    private IStoreMirror? _mirror;

    /// <summary>The digest of the version a commit or a scan last computed it for (see <see cref="Fingerprint"/>): the
    /// index set, or without indexes the <see cref="Generation"/> object.</summary>
    private KnownDigest _fingerprint = new(IndexSet.Empty, 0);
    private sealed record KnownDigest(object Version, ulong Digest);

    /// <summary>
    /// An order-independent 64-bit digest of every quad of <paramref name="snapshot"/> (as ids): equal digests mean
    /// equal quads but for a 2^-64 chance. A mirror records it with the commit the remote confirmed, and at start
    /// compares: a store written while it was not mirrored (another command on the data directory) differs. Computed
    /// once per version and then kept through mirrored commits (each flips it by its own changes, see
    /// <see cref="QuadDigest"/>): with indexes one scan of the SPOG index, without them one streamed scan of the quads
    /// table in the snapshot's transaction (nothing collected in memory).
    /// </summary>
    public ulong Fingerprint(IQuadSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot switch
        {
            StoreSnapshot s => FingerprintOf(s.Indexes),
            LeanSnapshot l => FingerprintOf(l),
            _ => throw new ArgumentException("not a snapshot of a QuadStore", nameof(snapshot)),
        };
    }

    private ulong FingerprintOf(IndexSet indexes)
    {
        var known = Volatile.Read(ref _fingerprint);
        if (ReferenceEquals(known.Version, indexes)) return known.Digest;
        ulong digest = QuadDigest.Of(indexes);
        Volatile.Write(ref _fingerprint, new KnownDigest(indexes, digest));
        return digest;
    }

    /// <summary>A lean snapshot's digest: the kept one when the snapshot is known to be the generation it was kept for,
    /// else a scan (kept for the snapshot's generation when it has one).</summary>
    private ulong FingerprintOf(LeanSnapshot snapshot)
    {
        var known = Volatile.Read(ref _fingerprint);
        if (snapshot.Generation is { } g && ReferenceEquals(known.Version, g)) return known.Digest;
        ulong digest = QuadDigest.Of(snapshot);
        if (snapshot.Generation is { } generation) Volatile.Write(ref _fingerprint, new KnownDigest(generation, digest));
        return digest;
    }

    /// <summary>The digest of the committed state <paramref name="state"/> (under the write lock: it is the current one).</summary>
    private ulong LeanFingerprint(LeanState state)
    {
        var known = Volatile.Read(ref _fingerprint);
        if (ReferenceEquals(known.Version, state.Generation)) return known.Digest;
        using var snapshot = (LeanSnapshot)OpenQuadSnapshot();
        return FingerprintOf(snapshot);
    }

    /// <summary>Changes from which <see cref="Publish"/> builds the index version beside the backend's writes (below, a thread hop costs more than it saves).</summary>
    private const int OverlapIndexBuildAbove = 50_000;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopFollowing.Cancel();
        _follower?.Join(TimeSpan.FromSeconds(10));
        try { _recovery.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { } // its failure dies with the process
        _writeLock.Wait(); // let an open transaction finish first
        _readers?.Dispose(); // snapshots still open close their own connections when disposed
        _db.Dispose();
        _lock.Dispose();
        _writeLock.Dispose();
        _stopFollowing.Dispose();
    }
}
