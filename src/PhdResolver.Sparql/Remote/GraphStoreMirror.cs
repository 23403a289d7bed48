using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Store;

namespace PhdResolver.Sparql.Remote;

/// <summary>
/// Keeps an external SPARQL store equal to the local record, graph by graph, by Graph Store Protocol: the write side of
/// <c>phd serve --sparql-store</c>, as the store's <see cref="IStoreMirror"/>.
/// <para><b>Write-through.</b> Inside every commit that changes quads (<see cref="Write"/>, under the store's write
/// lock, after everything local that can fail), each changed named graph is PUT whole as N-Triples (a graph that became
/// empty is DELETEd). A store that does not take one (unreachable, an error status, the write timeout) throws a
/// transient <see cref="StoreException"/>: the local transaction rolls back and the registry answers 503, nothing
/// acknowledged and nothing half-applied locally. The same transaction records the confirmed state in the system of
/// record (<c>mirror_state</c>: the remote, the store's <see cref="QuadStore.Fingerprint"/> and quad count after the
/// commit), so the record always says how far the remote is confirmed.</para>
/// <para><b>Repair.</b> The remote can be ahead of the record (it took some graphs, then the commit failed or the
/// process died before COMMIT) or behind it (the data directory was written without the mirror: <c>phd load</c>,
/// <c>phd edit</c> with the server stopped). Two things say so: a journal in the data directory, to which a commit's
/// graphs are appended and flushed to disk <i>before</i> the first remote write (emptied once the commit confirmed),
/// and the confirmed fingerprint, which differs from the store's own when anything changed while not mirrored (or
/// no confirmation exists yet: the initial sync). At start-up, and after any failed write, a repair re-sends every
/// journalled graph, or for a differing fingerprint every graph, from the local record, then confirms; until then
/// <see cref="NotInStep"/> says why (<c>/readyz</c> answers 503), and it retries with back-off while the store is
/// away. Writers are not held off during a full push: graphs that commits write meanwhile are sent again at the end,
/// under the write lock, so a stale copy cannot overwrite a newer one. The start-up comparison of fingerprints is the
/// repair's first step, on a snapshot <see cref="Start"/> took, not part of <see cref="Start"/>: without indexes it is a
/// scan of every quad, which the server should not wait for before it listens; commits until it decides are treated
/// as during a push (sent, not confirmed, sent again at the end).</para>
/// <para>Both store modes read the same way, through term-level snapshots: a commit's graphs from
/// <see cref="MirrorCommit.After"/>, a repair's from <see cref="QuadStore.OpenQuadSnapshot"/>, one graph at a time. With
/// indexes those are the index versions; without them (<c>--lean</c>) range reads of the system of record, so neither a
/// commit nor a full push holds more than one graph in memory.</para>
/// <para>Only named graphs are mirrored (the registry keeps everything in named graphs); the default graph's own quads
/// stay local. A full push does not delete graphs the remote has and the record does not (they cannot be told from
/// the remote's own graphs, such as Virtuoso's system graphs).</para>
/// </summary>
public sealed class GraphStoreMirror : IStoreMirror, IDisposable
{
    /// <summary>The journal's file name in the data directory.</summary>
    public const string JournalFileName = "sparql-store.journal";

    private const string DefaultGraphLine = "-";

    private readonly QuadStore _store;
    private readonly RemoteStoreOptions _options;
    private readonly HttpClient _http;
    private readonly GraphStoreAuth? _auth;
    private readonly string _journalPath;
    private readonly Action<string>? _progress;
    private readonly Action<string>? _warn;
    private readonly string _remoteKey;

    /// <summary>Graphs the remote may hold differently from the record (under the store's write lock, or <see cref="_lock"/>).</summary>
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    /// <summary>Graphs commits wrote while a push ran without the write lock: sent again under it at the end.</summary>
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _full;
    /// <summary>Start-up found a confirmed state: the repair loop first compares its digest with the record's.</summary>
    private bool _verify;
    private ulong _confirmedDigest;
    /// <summary>The record as <see cref="Start"/> found it, for that check (the repair loop disposes of it).</summary>
    private IQuadSnapshot? _atStart;
    private bool _challenged; // the write authentication has the server's challenge (under the store's write lock or the repair)
    private bool _pushing;
    private volatile string? _notInStep;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task _repairs = Task.CompletedTask;
    private long _repairsDone;

    public GraphStoreMirror(QuadStore store, RemoteStoreOptions options, Action<string>? progress = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        // Without the handler's credentials: writes authenticate themselves (GraphStoreAuth says why).
        _http = RemoteSparqlEndpoint.CreateClient(options with { Credentials = null });
        _auth = options.Credentials is { } c ? new GraphStoreAuth(c) : null;
        _journalPath = Path.Combine(store.Directory, JournalFileName);
        _progress = progress;
        _warn = warn;
        _remoteKey = options.GraphStoreEndpoint.AbsoluteUri;
    }

    /// <summary>Null when the remote is confirmed equal to the record; else why not (for <c>/readyz</c>).</summary>
    public string? NotInStep => _notInStep;

    /// <summary>Repairs completed since start (the initial one included): tests wait on it.</summary>
    public long RepairsDone => Interlocked.Read(ref _repairsDone);

    /// <summary>
    /// Decides from the journal and the confirmed state what the remote may lack, hooks into the store's commits, and
    /// starts repairing in the background (see the class comment). Call once, before any write.
    /// </summary>
    public void Start()
    {
        var confirmed = ReadState();
        foreach (var g in ReadJournal()) _pending.Add(g);
        if (confirmed is null)
        {
            // No digest to compare: the push computes it from the snapshot it sends (one scan without indexes).
            _full = true;
            _notInStep = $"initial sync: sending every graph to the SPARQL store at {_options.GraphStoreEndpoint}";
        }
        else
        {
            // The comparison with the record's digest is the repair loop's first step, not done here: without indexes the
            // digest is a scan of every quad (about a million a second, so minutes at 10^8), and the server listens and
            // answers pages meanwhile; only /readyz waits for it (Repair, "verify"). Its snapshot is taken now (cheap: an
            // index version, or a read transaction), before the registry's own start-up writes, which go through
            // Write and are sent again once the check is done.
            _verify = true;
            _confirmedDigest = confirmed.Value.Digest;
            _atStart = _store.OpenQuadSnapshot();
            _notInStep = $"checking the SPARQL store copy at {_options.GraphStoreEndpoint} against the record (a digest of every quad)";
        }
        _store.Mirror = this;
        _repairs = Task.Factory.StartNew(RepairLoop, TaskCreationOptions.LongRunning);
        if (_notInStep is not null) _wake.Release();
    }

    /// <summary>The digest of <paramref name="snapshot"/>, and how long it took on the start-up log (without indexes it
    /// is a scan of the quads table).</summary>
    private ulong Digest(IQuadSnapshot snapshot)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ulong digest = _store.Fingerprint(snapshot);
        _progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"sparql store: digest of {snapshot.QuadCount:N0} quads in {clock.Elapsed.TotalSeconds:0.0} s"));
        return digest;
    }

    // ---------------------------------------------------------------- the commit path (under the store's write lock)

    public void Write(MirrorCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var graphs = new List<string>();
        foreach (var g in commit.Graphs)
            if (g is not null) graphs.Add(NameOf(g));
        lock (_lock)
        {
            if (_pushing || _verify) _touched.UnionWith(graphs);
            // Graphs a failed write left unsure go with this commit: it sends their current content too.
            if (!_full && !_verify && !_pushing) graphs.AddRange(_pending.Except(graphs, StringComparer.Ordinal));
        }
        if (graphs.Count > 0) // (a commit of the default graph's own quads alone changes nothing remotely)
        {
            AppendJournal(graphs);
            foreach (var g in graphs)
            {
                using var timeout = new CancellationTokenSource(_options.WriteTimeout); // per graph: a batch writes thousands
                Send(g, commit.After, timeout.Token, _options.WriteTimeout);
            }
        }
        // The remote now holds this commit's state (unless a full push still runs): the record says so in the same transaction.
        bool confirm;
        lock (_lock) confirm = !_full && !_verify && !_pushing;
        if (confirm) WriteState(commit.Transaction, commit.Fingerprint, commit.After.QuadCount);
    }

    public void Completed(MirrorCommit commit, bool committed)
    {
        ArgumentNullException.ThrowIfNull(commit);
        lock (_lock)
        {
            if (committed && !_full && !_verify && !_pushing)
            {
                // This commit sent the graphs in doubt too, and confirmed: nothing is left to repair.
                _pending.Clear();
                ClearJournal();
                _notInStep = null;
                return;
            }
            if (committed) return; // a full push is running or due: it covers these graphs (they are journalled)
            foreach (var g in commit.Graphs)
                if (g is not null) _pending.Add(NameOf(g));
            _notInStep = $"a write to the SPARQL store at {_options.GraphStoreEndpoint} failed: repairing {_pending.Count} graph(s)";
        }
        _wake.Release();
    }

    // ---------------------------------------------------------------- repair

    private void RepairLoop()
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!_stop.IsCancellationRequested)
        {
            try { _wake.Wait(_stop.Token); }
            catch (OperationCanceledException) { return; }
            while (!_stop.IsCancellationRequested && _notInStep is not null)
            {
                try
                {
                    Repair();
                    backoff = TimeSpan.FromMilliseconds(500);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
                catch (Exception e) when (e is StoreException or DbException or IOException)
                {
                    _warn?.Invoke($"repairing the SPARQL store copy failed, retrying in {backoff.TotalSeconds:0.#} s: {e.Message}");
                    if (_stop.Token.WaitHandle.WaitOne(backoff)) return;
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }
    }

    /// <summary>
    /// One repair: the graphs in doubt (every graph when a full push is due) sent from a snapshot without the write lock,
    /// then, under it, those that commits wrote meanwhile (the push may have overwritten them with the older content),
    /// and the confirmation in the same transaction.
    /// </summary>
    private void Repair()
    {
        bool full, verify;
        List<string> doubt;
        lock (_lock)
        {
            full = _full;
            verify = _verify;
            doubt = [.. _pending];
            _pushing = true;
            if (!verify) _touched.Clear(); // (while verifying, it holds the graphs written since Start)
        }
        try
        {
            if (verify)
            {
                // Start-up's check. Equal: the remote held the record as Start found it (nothing was written without it
                // since its last confirmation); commits since then wrote their graphs through while _verify kept them from
                // confirming, and are sent again under the write lock below (_touched). Different: every graph again.
                // (A check that failed half-way, its snapshot gone, is taken as different.)
                bool same = false;
                if (Interlocked.Exchange(ref _atStart, null) is { } atStart)
                    using (atStart) same = Digest(atStart) == _confirmedDigest;
                lock (_lock)
                {
                    _verify = false;
                    if (!same)
                    {
                        _full = full = true;
                        _notInStep = $"the data changed while the SPARQL store at {_options.GraphStoreEndpoint} was not written with it: sending every graph again";
                    }
                    else if (doubt.Count > 0)
                        _notInStep = $"repairing {doubt.Count} graph(s) the SPARQL store at {_options.GraphStoreEndpoint} may hold differently";
                }
            }
            using var snapshot = _store.OpenQuadSnapshot();
            // The digest of the state being sent, computed now, outside the write lock: commits during the push keep it
            // up to date from their own changes, so the confirmation below finds it (without indexes it is a scan, unless
            // the check above just made it for this same state).
            _store.Fingerprint(snapshot);
            if (full) doubt = [.. Names(snapshot).Union(doubt, StringComparer.Ordinal)];
            Push(doubt, snapshot, full);
            lock (_lock) _full = false; // every graph was sent: what changed since is in _touched
        }
        finally
        {
            lock (_lock) _pushing = false;
        }
        using var tx = _store.BeginWrite();
        using var current = _store.OpenQuadSnapshot(); // under the write lock: the committed state, which no commit changes meanwhile
        List<string> again;
        lock (_lock) again = [.. _touched];
        foreach (var g in again)
        {
            using var timeout = new CancellationTokenSource(_options.WriteTimeout);
            Send(g, current, timeout.Token, _options.WriteTimeout);
        }
        ulong digest = _store.Fingerprint(current);
        tx.Commit(new CommitParticipant(t => WriteState(t, digest, current.QuadCount)));
        lock (_lock)
        {
            _pending.Clear();
            _touched.Clear();
            ClearJournal();
            _notInStep = null;
        }
        Interlocked.Increment(ref _repairsDone);
        if (full) _progress?.Invoke($"sparql store: in step, {current.QuadCount:N0} quads");
    }

    /// <summary>Sends graphs from a snapshot, with progress on the start-up log for a full push.</summary>
    private void Push(List<string> names, IQuadSnapshot snapshot, bool report)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long quads = 0;
        if (report) _progress?.Invoke($"sparql store: sending {names.Count:N0} graphs ({snapshot.QuadCount:N0} quads) to {_options.GraphStoreEndpoint}");
        for (int i = 0; i < names.Count; i++)
        {
            _stop.Token.ThrowIfCancellationRequested();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token); // a shutdown ends a push at once
            timeout.CancelAfter(_options.SyncTimeout);
            quads += Send(names[i], snapshot, timeout.Token, _options.SyncTimeout);
            if (report && (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(2) || i == names.Count - 1))
            {
                lastReport = clock.Elapsed;
                double rate = quads / Math.Max(0.001, clock.Elapsed.TotalSeconds);
                _progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"sparql store: {i + 1:N0}/{names.Count:N0} graphs, {quads:N0} quads, {rate:N0} quads/s, {clock.Elapsed.TotalSeconds:0.0} s"));
            }
        }
    }

    private static List<string> Names(IQuadSnapshot snapshot)
    {
        var list = new List<string>();
        foreach (var g in snapshot.NamedGraphs()) list.Add(NameOf(g));
        return list;
    }

    // ---------------------------------------------------------------- Graph Store Protocol

    /// <summary>PUTs the graph's content in <paramref name="snapshot"/>, or DELETEs it when it has none; returns its quads.</summary>
    private long Send(string graph, IQuadSnapshot snapshot, CancellationToken ct, TimeSpan limit)
    {
        if (graph == DefaultGraphLine) return 0;
        Term name = graph.StartsWith("_:", StringComparison.Ordinal) ? new BlankNode(graph[2..]) : new Iri(graph);
        if (name is BlankNode) return 0; // a graph named by a blank node has no IRI to name it remotely
        var content = GraphContent(snapshot, name, out long count);
        if (count == 0)
        {
            content.Dispose();
            content = null;
        }
        var target = new UriBuilder(_options.GraphStoreEndpoint)
        {
            Query = (_options.GraphStoreEndpoint.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "")
                + _options.GraphParameter + "=" + Uri.EscapeDataString(graph),
        }.Uri;
        try
        {
            using var response = SendIdempotent(count == 0 ? HttpMethod.Delete : HttpMethod.Put, target, content, ct);
            if (response.IsSuccessStatusCode || (count == 0 && response.StatusCode == HttpStatusCode.NotFound)) return count;
            throw new StoreException(StoreErrorKind.Unavailable,
                $"the SPARQL store at {_options.GraphStoreEndpoint} did not take graph <{graph}>: {(int)response.StatusCode} {response.ReasonPhrase}{RemoteSparqlEndpoint.Excerpt(response, ct)}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            Exception inner = e;
            while (inner.InnerException is { } i) inner = i;
            string why = e is OperationCanceledException ? $"no answer within {limit.TotalSeconds:0.#} s" : inner.Message.TrimEnd('.');
            throw new StoreException(StoreErrorKind.Unavailable, $"the SPARQL store at {_options.GraphStoreEndpoint} did not take graph <{graph}>: {why}", e);
        }
        finally
        {
            content?.Dispose();
        }
    }

    /// <summary>
    /// PUT and DELETE are idempotent: a request that fails on the way (a pooled connection the store closed meanwhile,
    /// its answer to an authentication challenge cut short) is sent once more on a new connection. The
    /// <c>Authorization</c> is computed for each request (<see cref="GraphStoreAuth"/>).
    /// </summary>
    private HttpResponseMessage SendIdempotent(HttpMethod method, Uri target, HttpContent? content, CancellationToken ct)
    {
        bool challenged = false;
        for (int attempt = 0; ; attempt++)
        {
            if (_auth is not null && !_challenged)
            {
                _auth.Challenge(_http, target, ct);
                _challenged = challenged = true;
            }
            var request = new HttpRequestMessage(method, target) { Content = content }; // not disposed: that would dispose the content, sent again
            _auth?.Apply(request);
            HttpResponseMessage response;
            try { response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, ct); }
            catch (HttpRequestException) when (attempt == 0 && !ct.IsCancellationRequested) { continue; }
            // A stale nonce (or credentials the server forgot): a new challenge, once.
            if (response.StatusCode == HttpStatusCode.Unauthorized && _auth is not null && !challenged && attempt == 0 && _auth.Learn(response))
            {
                response.Dispose();
                challenged = true;
                continue;
            }
            return response;
        }
    }

    /// <summary>
    /// A graph as N-Triples with its length. Not streamed to the socket: Virtuoso answers a chunked PUT's digest
    /// challenge by closing the connection while the body is still being sent, and a body that was written first (with
    /// its length) can be sent again after it. Written to memory, or past <see cref="GraphBody.SpillAbove"/> to a
    /// temporary file, so that one very large graph (a bulk load into a single graph) is not held in memory as text.
    /// One read of the graph (without indexes one range of the graph index) gives both the content and its count.
    /// </summary>
    private static HttpContent GraphContent(IQuadSnapshot snapshot, Term graph, out long count)
    {
        var body = new GraphBody();
        try
        {
            count = 0;
            using (var text = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
            {
                var writer = new NTriplesWriter(text);
                foreach (var q in snapshot.Match(null, null, null, GraphFilter.Named(graph)))
                {
                    writer.OnQuad(new Quad(q.Subject, q.Predicate, q.Object, null));
                    count++;
                }
                writer.Finish();
            }
            var content = body.ToContent();
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MediaTypeNames.NTriples) { CharSet = "utf-8" };
            return content;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>A write-only buffer for one graph's text: memory up to <see cref="SpillAbove"/> bytes, then a temporary
    /// file that deletes itself when closed. <see cref="ToContent"/> hands it over as a body that can be sent again.</summary>
    private sealed class GraphBody : WriteOnlyStream
    {
        /// <summary>16 MiB: a registry record's graphs are a few KiB; a graph this large is a bulk load's.</summary>
        public const int SpillAbove = 16 << 20;

        private MemoryStream? _memory = new();
        private FileStream? _file;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_memory is not null && _memory.Length + buffer.Length > SpillAbove)
            {
                _file = new FileStream(Path.Combine(Path.GetTempPath(), "phd-graph-" + Guid.NewGuid().ToString("N") + ".nt"),
                    FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                _memory.Position = 0;
                _memory.CopyTo(_file);
                _memory = null;
            }
            if (_memory is not null) _memory.Write(buffer);
            else _file!.Write(buffer);
        }

        /// <summary>The text as a body with its length; the body owns the file from now on (disposing it deletes the file).</summary>
        public HttpContent ToContent()
        {
            if (_memory is { } m) return new ByteArrayContent(m.GetBuffer(), 0, (int)m.Length);
            var file = _file!;
            _file = null;
            file.Flush();
            file.Position = 0;
            return new StreamContent(file, 1 << 16); // seekable: rewound when sent again
        }

        public override void Flush() => _file?.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _file?.Dispose();
            base.Dispose(disposing);
        }
    }

    private static string NameOf(Term graph) => graph switch
    {
        Iri i => i.Value,
        BlankNode b => "_:" + b.Id,
        _ => DefaultGraphLine,
    };

    // ---------------------------------------------------------------- the journal (data directory) and the confirmed state (system of record)

    /// <summary>Appends graph names and flushes them to disk: after this a crash cannot hide that the remote may differ.</summary>
    private void AppendJournal(List<string> graphs)
    {
        var sb = new StringBuilder();
        foreach (var g in graphs) sb.Append(g).Append('\n');
        using var f = new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        f.Write(bytes);
        f.Flush(flushToDisk: true);
    }

    /// <summary>Empties the journal. Not flushed: a journal that survives a crash only makes the next start re-send graphs that are equal.</summary>
    private void ClearJournal()
    {
        try
        {
            if (File.Exists(_journalPath)) File.WriteAllBytes(_journalPath, []);
        }
        catch (IOException e) { _warn?.Invoke($"could not empty {_journalPath}: {e.Message}"); }
    }

    private IEnumerable<string> ReadJournal()
    {
        if (!File.Exists(_journalPath)) return [];
        return File.ReadAllLines(_journalPath).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private const string StateTable = "mirror_state";

    /// <summary>Records, in the open transaction, that the remote holds the store in the state of <paramref name="digest"/>.</summary>
    private void WriteState(IStoreTransaction t, ulong digest, long quads)
    {
        Exec(t, $"CREATE TABLE IF NOT EXISTS {StateTable}(remote TEXT PRIMARY KEY, digest TEXT NOT NULL, quads BIGINT NOT NULL, confirmed TEXT NOT NULL)");
        Exec(t, $"INSERT INTO {StateTable}(remote, digest, quads, confirmed) VALUES (@r, @d, @q, @c) "
            + "ON CONFLICT(remote) DO UPDATE SET digest = excluded.digest, quads = excluded.quads, confirmed = excluded.confirmed",
            ("@r", _remoteKey), ("@d", digest.ToString("x16", CultureInfo.InvariantCulture)), ("@q", quads),
            ("@c", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture)));
    }

    private static void Exec(IStoreTransaction t, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = t.Connection.CreateCommand();
        cmd.Transaction = t.Transaction;
        cmd.CommandText = sql;
        foreach (var (n, v) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = n;
            p.Value = v;
            cmd.Parameters.Add(p);
        }
        cmd.ExecuteNonQuery();
    }

    /// <summary>The confirmed state for this remote; null when there is none (or no table yet).</summary>
    private (ulong Digest, long Quads)? ReadState()
    {
        using var c = _store.OpenReadConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT digest, quads FROM {StateTable} WHERE remote = @r";
        var p = cmd.CreateParameter();
        p.ParameterName = "@r";
        p.Value = _remoteKey;
        cmd.Parameters.Add(p);
        try
        {
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            return (ulong.Parse(r.GetString(0), NumberStyles.HexNumber, CultureInfo.InvariantCulture), r.GetInt64(1));
        }
        catch (DbException) when (!TableExists(c))
        {
            return null;
        }
    }

    private static bool TableExists(DbConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = c.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal)
            ? $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{StateTable}'"
            : $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{StateTable}'";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    public void Dispose()
    {
        _store.Mirror = null;
        _stop.Cancel();
        try { _repairs.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
        Interlocked.Exchange(ref _atStart, null)?.Dispose();
        _http.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }
}
