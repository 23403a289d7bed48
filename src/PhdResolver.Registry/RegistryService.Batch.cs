using System.Data.Common;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Storage;
using PhdResolver.Registry.Validation;
using PhdResolver.Store;

namespace PhdResolver.Registry;

public sealed partial class RegistryService
{
    /// <summary>
    /// Registers many records as ONE write: all of them, or (when one record is refused) none, with that
    /// record's position and reason in a <see cref="BatchRecordException"/>.
    /// <para>
    /// One home for the rules: each record goes through the same method as a single registration
    /// (<see cref="RegisterFacility"/>, <see cref="RegisterModel"/>, <see cref="RegisterInstance"/>, and for
    /// descriptors the validation of <see cref="SubmitValidated"/> then <see cref="SubmitDescriptor"/>), so
    /// checks, minting, record graphs, audit rows and search documents are those of single writes. Inside a
    /// batch, <c>Write</c> stages a plan instead of committing it: the plan's in-memory changes go to a copy
    /// of the registry that only the batch's thread sees (so record N+1 finds record N), its quads to the
    /// batch's one store transaction, its rows to the batch's one SQLite transaction. Readers see nothing
    /// until that transaction committed; then the plans publish to the live registry in input order (parents
    /// before children) and the search index takes all documents in one update. A crash at any point leaves
    /// the whole batch or none of it (one SQLite transaction; the search index is rebuilt when behind).
    /// </para>
    /// <para>
    /// Cost: descriptors are validated in parallel on the thread pool, starting before the write gate is taken and
    /// going on while this thread stages the records in order (a descriptor is staged once its report is in; a
    /// refusal is the first in input order whatever was staged meanwhile); the commit sorts and writes every quad
    /// once instead of once per record, and prepares each registry statement once. The copy of the
    /// registry is O(records) per batch, which is why a batch is for many records (the single-record calls
    /// stay the way to write one).
    /// </para>
    /// </summary>
    /// <param name="progress">called now and then, from the calling thread or (while validating) a worker: keep it cheap and thread-safe</param>
    /// <param name="ct">stops the batch before its commit (nothing written); not observed once the commit has begun</param>
    public BatchResult WriteBatch(IReadOnlyList<BatchItem> items, string actor, Action<BatchProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Now(actor); // refuses a blank actor before any work
        if (items.Count == 0) throw new RegistryException(RegistryErrorKind.Invalid, "the batch holds no records");
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < items.Count; k++)
        {
            if (items[k] is not { } item) throw new ArgumentException($"record {k} is null", nameof(items));
            if (item.Key is { } key && !keys.TryAdd(key, k))
                throw new BatchRecordException(k, item.Position, $"the key '{key}' is already used by {items[keys[key]].Position}", RegistryErrorKind.Invalid) { Field = "ref" };
        }

        // Descriptors are validated on the thread pool while this thread stages the records in order, each descriptor
        // once its own report is in: the staging is one thread, so a core would otherwise idle through it.
        using var validation = new BatchValidation(items, progress, ct);

        var entries = new List<BatchEntry>(items.Count);
        var pidOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        BatchScope scope;
        long generation = 0;
        try
        {
            _gate.Wait(ct);
        }
        catch (OperationCanceledException)
        {
            validation.Stop();
            throw;
        }
        try
        {
            using (var tx = _store.BeginWrite())
            {
                tx.CompactBeforeIndexing = false; // the caller's parsed descriptors stay alive through the commit
                SyncRowsLocked(); // replicas: other processes' rows first (a no-op on SQLite)
                scope = new BatchScope(_state.Clone(), Environment.CurrentManagedThreadId, tx);
                _batch = scope;
                try
                {
                    try
                    {
                        for (int k = 0; k < items.Count; k++)
                        {
                            ct.ThrowIfCancellationRequested();
                            var entry = StageOne(k, items[k], items[k] is BatchDescriptor ? validation.ReportOf(k) : null, actor, pidOfKey);
                            entries.Add(entry);
                            if (items[k].Key is { } key) pidOfKey[key] = entry.Pid;
                            // Staging progress once every descriptor is validated: a caller's display moves from one stage to the next.
                            if ((k & 63) == 63 && validation.Finished) progress?.Invoke(new BatchProgress(BatchStage.Staging, k + 1, items.Count));
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A refusal while staging: a descriptor that fails validation anywhere in the batch is still the answer,
                        // as when every descriptor was validated before the first record was staged.
                        if (validation.FirstFailure() is { } refused && !ReferenceEquals(refused, e)) throw refused;
                        throw;
                    }
                    progress?.Invoke(new BatchProgress(BatchStage.Staging, items.Count, items.Count));
                    foreach (var (g, quads) in scope.RecordGraphs) WriteGraph(tx, g, quads);
                    scope.RecordGraphs.Clear();
                    progress?.Invoke(new BatchProgress(BatchStage.Committing, 0, items.Count));
                    _pendingIndex = null;
                    int step = -1;
                    try
                    {
                        tx.Commit(Participant("batch", scope.Steps.SelectMany(s => s.Plan.Pids), c =>
                        {
                            _pendingIndex = null;
                            using (Sql.ReuseStatements(c)) // the same few statements per record, prepared once
                                for (step = 0; step < scope.Steps.Count; step++) scope.Steps[step].Plan.Rows(c);
                            generation = BumpSearchGeneration(c);
                        }));
                    }
                    catch (DbException e) when (step >= 0 && step < scope.Steps.Count)
                    {
                        // A row the in-memory checks let through (they should not): still that record's fault, and nothing was written.
                        int at = scope.Steps[step].Index;
                        throw new BatchRecordException(at, items[at].Position, "the registry refused the record: " + e.Message, RegistryErrorKind.Conflict, e);
                    }
                }
                finally
                {
                    _batch = null; // from here on this thread sees the live registry again
                }
                OwnChangeCommitted();
            }
            // Committed: the plans publish to the live registry in input order (a parent before its children).
            foreach (var s in scope.Steps) s.Plan.Publish();
            ApplyIndex(generation);
        }
        catch
        {
            _pendingIndex = null;
            throw;
        }
        finally
        {
            _gate.Release();
            AnnounceReplicated();
        }
        progress?.Invoke(new BatchProgress(BatchStage.Done, items.Count, items.Count));
        if (scope.Steps.Count > 0) Changed?.Invoke(new RegistryChange("batch", [.. scope.Steps.SelectMany(s => s.Plan.Pids).Distinct(StringComparer.Ordinal)]));
        return new BatchResult(entries);
    }

    /// <summary>
    /// Every descriptor of a batch validated at its tier on the thread pool (pure work, started before the write gate),
    /// in input order as far as the workers go: the staging thread asks for report k (<see cref="ReportOf"/>) when it
    /// reaches record k and mostly finds it ready. The first record in input order that does not conform refuses the
    /// batch with its report: the workers take records in input order, so when record k fails every earlier one has
    /// been taken, and once those are done the lowest failure is the first; no record after it is started.
    /// </summary>
    private sealed class BatchValidation : IDisposable
    {
        private readonly IReadOnlyList<BatchItem> _items;
        private readonly Action<BatchProgress>? _progress;
        private readonly CancellationToken _ct;
        private readonly DescriptorReport?[] _reports;
        private readonly Exception?[] _failures;
        private readonly int[] _state; // 0 not yet, 1 validated (or not a descriptor), 2 refused
        private readonly Task[] _workers;
        private readonly object _sync = new(); // Monitor.Wait/PulseAll (a Lock has no condition variable)
        private readonly Lock _progressLock = new();
        private readonly int _total;
        private int _next = -1, _done, _waitingFor = -1, _stopAt = int.MaxValue;

        public BatchValidation(IReadOnlyList<BatchItem> items, Action<BatchProgress>? progress, CancellationToken ct)
        {
            _items = items;
            _progress = progress;
            _ct = ct;
            _reports = new DescriptorReport?[items.Count];
            _failures = new Exception?[items.Count];
            _state = new int[items.Count];
            foreach (var i in items) if (i is BatchDescriptor) _total++;
            _workers = _total == 0 ? [] : [.. Enumerable.Range(0, Math.Min(Environment.ProcessorCount, _total)).Select(_ => Task.Run(Work))];
        }

        /// <summary>True once every descriptor has its report (or a refusal ended the validation).</summary>
        public bool Finished => _workers.All(w => w.IsCompleted);

        private void Work()
        {
            while (true)
            {
                int k = Interlocked.Increment(ref _next);
                if (k >= _items.Count || k > Volatile.Read(ref _stopAt)) return;
                if (_items[k] is not BatchDescriptor d) { Publish(k, 1); continue; }
                int outcome = 1;
                try
                {
                    _reports[k] = Validate(k, d, _ct);
                }
                catch (Exception e)
                {
                    // Refusals, and anything unexpected (it still ends the batch, after the records before it are checked).
                    _failures[k] = e;
                    outcome = 2;
                    int seen;
                    while (k < (seen = Volatile.Read(ref _stopAt)) && Interlocked.CompareExchange(ref _stopAt, k, seen) != seen) { }
                }
                Publish(k, outcome);
                int n = Interlocked.Increment(ref _done);
                if (_progress is not null && outcome == 1 && ((n & 63) == 0 || n == _total))
                    lock (_progressLock) _progress(new BatchProgress(BatchStage.Validating, n, _total));
            }
        }

        private static DescriptorReport Validate(int k, BatchDescriptor d, CancellationToken ct)
        {
            if (d.Tier is < DescriptorValidation.MinTier or > DescriptorValidation.MaxTier)
                throw new BatchRecordException(k, d.Position, "tier must be 1, 2 or 3", RegistryErrorKind.Invalid) { Field = "tier" };
            if (d.Graph.Count == 0) throw new BatchRecordException(k, d.Position, "the descriptor is empty", RegistryErrorKind.Invalid);
            try
            {
                var report = DescriptorValidation.Validate(d.Graph, d.Tier, ct: ct);
                if (!report.Conforms)
                    throw new BatchRecordException(k, d.Position,
                        $"the descriptor does not meet the MUST constraints of tier {d.Tier} ({report.ViolationCount} violations; it conforms at tier {report.ConformsAt})",
                        RegistryErrorKind.Invalid) { Report = report };
                return report;
            }
            catch (Shacl.ShaclException e)
            {
                throw new BatchRecordException(k, d.Position, "the descriptor cannot be validated: " + e.Message, RegistryErrorKind.Invalid, e);
            }
        }

        private void Publish(int k, int outcome)
        {
            Interlocked.Exchange(ref _state[k], outcome); // a full fence: paired with the one in ReportOf
            if (Volatile.Read(ref _waitingFor) == k) lock (_sync) Monitor.PulseAll(_sync);
        }

        /// <summary>Descriptor <paramref name="k"/>'s report, waiting for it; its refusal (the first in input order, as every earlier descriptor passed) if it fails.</summary>
        public DescriptorReport ReportOf(int k)
        {
            if (Volatile.Read(ref _state[k]) == 0)
            {
                lock (_sync)
                {
                    Interlocked.Exchange(ref _waitingFor, k);
                    while (Volatile.Read(ref _state[k]) == 0)
                    {
                        if (Finished && Volatile.Read(ref _state[k]) == 0) break; // a refusal before k stopped the workers
                        Monitor.Wait(_sync, 50);
                    }
                    _waitingFor = -1;
                }
            }
            if (Volatile.Read(ref _state[k]) == 1) return _reports[k]!;
            throw FirstFailure() ?? new InvalidOperationException($"record {k} was not validated");
        }

        /// <summary>Waits for the workers and returns the first refusal in input order, or null when every descriptor conforms.</summary>
        public Exception? FirstFailure()
        {
            try { Task.WaitAll(_workers); }
            catch (AggregateException) { } // not thrown: each worker keeps its failures in _failures
            for (int k = 0; k < _failures.Length; k++)
                if (_failures[k] is { } e) return e;
            foreach (var w in _workers)
                if (w.Exception?.InnerException is { } thrown) return thrown; // the caller's progress callback threw
            return null;
        }

        /// <summary>Stops handing out descriptors (the batch ends without staging).</summary>
        public void Stop() => Interlocked.Exchange(ref _stopAt, -1);

        public void Dispose()
        {
            Stop();
            try { Task.WaitAll(_workers); }
            catch (AggregateException) { }
        }
    }

    /// <summary>One record through its single-registration method (staged: <see cref="Write{T}"/> sees the batch).</summary>
    private BatchEntry StageOne(int k, BatchItem item, DescriptorReport? report, string actor, Dictionary<string, string> pidOfKey)
    {
        string Ref(string? text, string field)
        {
            if (text is null || !text.StartsWith("ref:", StringComparison.Ordinal)) return text!;
            string key = text[4..];
            return pidOfKey.TryGetValue(key, out var pid) ? pid
                : throw new BatchRecordException(k, item.Position, $"{field}: no earlier record of the batch has the key '{key}'", RegistryErrorKind.NotFound) { Field = field };
        }
        int before = _batch!.Steps.Count;
        try
        {
            BatchEntry entry;
            switch (item)
            {
                case BatchFacility f:
                    var fr = RegisterFacility(f.Input, actor);
                    entry = new BatchEntry(item.Position, PidLevel.Facility, fr.Pid.ToString(), Paths.Of(fr), true);
                    break;
                case BatchModel m:
                    var mr = RegisterModel(m.Input, actor);
                    entry = new BatchEntry(item.Position, PidLevel.Model, mr.Pid.ToString(), Paths.Of(mr), true);
                    break;
                case BatchInstance i:
                    var input = i.Input with
                    {
                        Facility = Ref(i.Input.Facility, "facility"), Model = Ref(i.Input.Model, "model"),
                        Owner = i.Input.Owner is null ? null : Ref(i.Input.Owner, "owner"),
                    };
                    var ir = RegisterInstance(input, actor);
                    entry = new BatchEntry(item.Position, PidLevel.Instance, ir.Pid.ToString(), Paths.Of(ir), true);
                    break;
                case BatchDescriptor d:
                    var stored = SubmitDescriptor(Ref(d.Instance, "instance"), d.Graph, d.Tier, actor, (report!.ShouldMet, report.ShouldTotal));
                    var owner = _s.Instances[stored.Version.Instance.ToString()];
                    entry = new BatchEntry(item.Position, PidLevel.Descriptor, stored.Version.Pid.ToString(), Paths.Of(owner, stored.Version.Number), stored.Created);
                    break;
                default:
                    throw new BatchRecordException(k, item.Position, $"unknown kind of record ({item.GetType().Name})", RegistryErrorKind.Invalid);
            }
            for (int s = before; s < _batch.Steps.Count; s++) _batch.Steps[s] = _batch.Steps[s] with { Index = k };
            return entry;
        }
        catch (RegistryException e)
        {
            throw new BatchRecordException(k, item.Position, e.Message, e.Kind, e) { Field = e.Field, Subjects = e.Subjects };
        }
    }

    /// <summary>The batch running on <see cref="BatchScope.Thread"/> (null when none): see <see cref="WriteBatch"/>.</summary>
    private volatile BatchScope? _batch;

    /// <summary>The batch's transaction when <paramref name="v"/> was staged by the batch running on this thread (its graph is only there).</summary>
    private WriteTransaction? StagedInBatch(Records.DescriptorVersion v) =>
        _batch is { } b && b.Thread == Environment.CurrentManagedThreadId && !_state.Versions.ContainsKey(v.Accession.ToString()) ? b.Tx : null;

    private readonly record struct BatchStep(IPlan Plan, int Index);

    private sealed class BatchScope(RegistryState state, int thread, WriteTransaction tx)
    {
        public RegistryState State { get; } = state;
        public int Thread { get; } = thread;
        public WriteTransaction Tx { get; } = tx;
        /// <summary>Record graphs by name, the last version of each (written once at the end: see PutGraph).</summary>
        public Dictionary<Term, List<Quad>> RecordGraphs { get; } = [];
        public List<BatchStep> Steps { get; } = [];

        /// <summary>What <see cref="Write{T}"/> does inside a batch: quads into the batch's transaction, the in-memory change into the staged copy, the rows for the commit.</summary>
        public T Stage<T>(Plan<T> plan)
        {
            if (ReferenceEquals(plan.Rows, NoRows)) return plan.Result;
            plan.Quads?.Invoke(Tx);
            plan.Publish();
            Steps.Add(new BatchStep(plan, -1));
            return plan.Result;
        }
    }
}
