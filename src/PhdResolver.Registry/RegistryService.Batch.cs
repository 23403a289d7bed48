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
    /// Cost: descriptors are validated in parallel before the write gate is taken; the rest is one pass in
    /// order, and the commit sorts and writes every quad once instead of once per record. The copy of the
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

        var reports = ValidateBatch(items, progress, ct);

        var entries = new List<BatchEntry>(items.Count);
        var pidOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        BatchScope scope;
        long generation = 0;
        _gate.Wait(ct);
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
                    for (int k = 0; k < items.Count; k++)
                    {
                        ct.ThrowIfCancellationRequested();
                        var entry = StageOne(k, items[k], reports[k], actor, pidOfKey);
                        entries.Add(entry);
                        if (items[k].Key is { } key) pidOfKey[key] = entry.Pid;
                        if ((k & 63) == 63) progress?.Invoke(new BatchProgress(BatchStage.Staging, k + 1, items.Count));
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
    /// Every descriptor validated at its tier, in parallel (pure work, before the write gate); the first
    /// record in input order that does not conform refuses the batch with its report.
    /// </summary>
    private static DescriptorReport?[] ValidateBatch(IReadOnlyList<BatchItem> items, Action<BatchProgress>? progress, CancellationToken ct)
    {
        var reports = new DescriptorReport?[items.Count];
        int total = items.Count(i => i is BatchDescriptor), done = 0;
        if (total == 0) return reports;
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<int, BatchRecordException>();
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var progressLock = new Lock();
        Parallel.For(0, items.Count, options, (k, loop) =>
        {
            if (items[k] is not BatchDescriptor d) return;
            try
            {
                if (d.Tier is < DescriptorValidation.MinTier or > DescriptorValidation.MaxTier)
                    throw new BatchRecordException(k, d.Position, "tier must be 1, 2 or 3", RegistryErrorKind.Invalid) { Field = "tier" };
                if (d.Graph.Count == 0) throw new BatchRecordException(k, d.Position, "the descriptor is empty", RegistryErrorKind.Invalid);
                var report = DescriptorValidation.Validate(d.Graph, d.Tier, ct: ct);
                if (!report.Conforms)
                    throw new BatchRecordException(k, d.Position,
                        $"the descriptor does not meet the MUST constraints of tier {d.Tier} ({report.ViolationCount} violations; it conforms at tier {report.ConformsAt})",
                        RegistryErrorKind.Invalid) { Report = report };
                reports[k] = report;
            }
            catch (BatchRecordException e)
            {
                failures[k] = e;
                loop.Break(); // every lower record still runs, so the first refusal in input order is found
            }
            catch (Shacl.ShaclException e)
            {
                failures[k] = new BatchRecordException(k, d.Position, "the descriptor cannot be validated: " + e.Message, RegistryErrorKind.Invalid, e);
                loop.Break();
            }
            int n = Interlocked.Increment(ref done);
            if (progress is not null && ((n & 63) == 0 || n == total))
                lock (progressLock) progress(new BatchProgress(BatchStage.Validating, n, total));
        });
        if (!failures.IsEmpty) throw failures[failures.Keys.Min()];
        return reports;
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
