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

    private QuadStore(string directory, StoreOptions options, FileStream lockFile, IStoreBackend db, TermDictionary dict, IndexSet indexes)
    {
        Directory = directory;
        Options = options;
        _lock = lockFile;
        _db = db;
        Dictionary = dict;
        _current = indexes;
        _persistedTerms = dict.Count;
    }

    public string Directory { get; }
    public StoreOptions Options { get; }
    public TermDictionary Dictionary { get; }

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
            var dict = new TermDictionary();
            db.LoadTerms(dict);
            var spog = db.LoadQuads();
            var indexes = spog.Length == 0 ? IndexSet.Empty : IndexSet.Build(spog);
            return new QuadStore(directory, options, lockFile, db, dict, indexes);
        }
        catch
        {
            db?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    public StoreSnapshot OpenSnapshot()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new StoreSnapshot(Indexes, Dictionary, Options.DefaultGraph);
    }

    IQuadSnapshot IQuadStore.OpenSnapshot() => OpenSnapshot();

    /// <summary>Waits for the write lock and starts a transaction.</summary>
    public WriteTransaction BeginWrite()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writeLock.Wait();
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
        var next = Indexes;
        _db.Commit(Dictionary, _persistedTerms + 1, last, adds, dels, log, participant, beforeCommit: () =>
        {
            if (adds.Length == 0 && dels.Length == 0) return; // a participant-only commit: nothing to index
            log?.Invoke("index: building");
            next = next.Apply(adds, dels, stop);
        }, stop);
        _persistedTerms = last;
        Volatile.Write(ref _current, next);
        _checkpointDue = _db.MaintenanceDue;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writeLock.Wait(); // let an open transaction finish first
        _db.Dispose();
        _lock.Dispose();
        _writeLock.Dispose();
    }
}
