using System.Globalization;
using System.Data.Common;
using PhdResolver.Rdf;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Storage;
using PhdResolver.Sparql;

namespace PhdResolver.Registry;

/// <summary>
/// Full-text search: a Lucene.Net index (<see cref="LuceneIndex"/>) derived from the registry.
/// <para>
/// Consistency: every write that changes search documents increments the registry's search
/// generation (<c>reg_meta</c> "search-generation") in the same SQLite transaction as its rows;
/// after the commit, under the write gate, the changes go to Lucene in one Lucene commit that
/// records that generation. At open the two are compared: a missing, unreadable or stale index
/// (a crash between the two commits, or during either) is rebuilt from the records and graphs
/// in the background while the old index, if readable, keeps answering. Lucene commits are
/// atomic and happen only after SQLite's, so the index never holds a record the registry lacks
/// (no phantom hit) and, at equal generations, lacks none (no lost hit).
/// </para>
/// </summary>
public sealed partial class RegistryService
{
    private const string MetaSearchGeneration = "search-generation";

    private LuceneIndex _index = null!;
    /// <summary>Index changes of the write in progress (touched under the write gate only).</summary>
    private List<IndexChange>? _pendingIndex;
    private Task _indexRebuild = Task.CompletedTask;
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Completes when the index matches the registry (a rebuild started at open or after a failed update has finished).</summary>
    public Task SearchIndexReady => _indexRebuild;

    /// <summary>The search generation the registry committed and the one the index holds (equal when consistent).</summary>
    public (long Registry, long Index) SearchGenerations
    {
        get
        {
            using var c = OpenRead();
            return (ReadSearchGeneration(c), _index.Generation);
        }
    }

    private void OpenSearchIndex()
    {
        _index = LuceneIndex.Open(_store.Directory);
        long generation;
        using (var c = OpenRead()) generation = ReadSearchGeneration(c);
        _syncedGeneration = generation;
        if (_index.Generation != generation) StartRebuild();
    }

    private void StartRebuild() => _indexRebuild = Task.Run(() =>
    {
        try { _gate.Wait(_closing.Token); }
        catch (OperationCanceledException) { return; }
        try { RebuildIndexLocked(); }
        catch (OperationCanceledException) { } // closing: the next open rebuilds
        finally { _gate.Release(); }
    });

    /// <summary>Rebuilds from the records (call under the gate): no write can slip between reading the generation and the swap.</summary>
    private void RebuildIndexLocked()
    {
        long generation;
        using (var c = OpenRead()) generation = ReadSearchGeneration(c);
        _index.Rebuild(SearchDocuments(_s), generation, _closing.Token);
        _syncedGeneration = generation;
    }

    private static long ReadSearchGeneration(DbConnection c)
    {
        if (RegistrySchema.CurrentVersion(c) < 3) return 0;
        return Sql.Scalar(c, "SELECT value FROM reg_meta WHERE key = @k", ("@k", MetaSearchGeneration)) is string s
            && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long g) ? g : 0;
    }

    /// <summary>In the write transaction: the next generation, or 0 when this write changes no search document.</summary>
    private long BumpSearchGeneration(DbConnection c)
    {
        if (_pendingIndex is not { Count: > 0 }) return 0;
        long next = ReadSearchGeneration(c) + 1;
        PutMeta(c, MetaSearchGeneration, next.ToString(CultureInfo.InvariantCulture));
        return next;
    }

    private void QueueIndex(IndexChange change) => (_pendingIndex ??= []).Add(change);

    /// <summary>After a commit, under the gate: the write's changes go to the index. If that fails the
    /// index is stale; it is rebuilt in the background (searches meanwhile answer from what it has).</summary>
    private void ApplyIndex(long generation)
    {
        var changes = _pendingIndex;
        _pendingIndex = null;
        if (generation == 0 || changes is null || changes.Contains(IndexChange.RebuildAll)) return;
        _syncedGeneration = generation; // replicas: the index is in step with this generation (or a rebuild below makes it so)
        try { _index.Apply(changes, generation); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ObjectDisposedException)
        {
            StartRebuild();
        }
    }

    /// <summary>Full-text search with facets. Text that cannot mean anything throws <see cref="SearchQueryException"/> (its message says what to write).</summary>
    public SearchResults Search(string? query, SearchFilter? filter = null, int page = 1, int pageSize = 20)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _index.Search(query, filter ?? SearchFilter.None, Math.Clamp(page, 1, 10_000), Math.Clamp(pageSize, 1, 100));
    }

    /// <summary>The best hits of <paramref name="query"/> over every record and version as record IRIs with scores, best first.</summary>
    public IReadOnlyList<(Iri Record, double Score)> TextSearch(string query, int limit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new List<(Iri, double)>();
        foreach (var (pid, score) in _index.Scored(query, Math.Clamp(limit, 1, TextQueryFunction.MaxLimit)))
            if (PidParser.TryParseAny(pid, out var p, out _) && p!.Single is { } single) result.Add((RecordIri(single), score));
        return result;
    }

    /// <summary>Every PID the index holds (for consistency tests and repair checks).</summary>
    public IReadOnlyList<string> IndexedPids() => _index.AllPids();

    /// <summary>Every PID the index should hold: live records and every live version of a live instance.</summary>
    public IReadOnlyList<string> SearchablePids() => [.. SearchDocuments(_s).Select(d => d.Pid)];

    /// <summary>The SPARQL property functions this registry answers (<c>text:query</c>), for a <see cref="SparqlEngine"/>'s options.</summary>
    public IReadOnlyDictionary<string, IPropertyFunction> PropertyFunctions =>
        new Dictionary<string, IPropertyFunction>(StringComparer.Ordinal) { [TextQueryFunction.Iri] = new TextQueryFunction(this) };

    /// <summary>Search documents for every live record: facilities, models, instances, every live version (the current one marked) and live acquisition settings.</summary>
    private IEnumerable<SearchDocument> SearchDocuments(RegistryState s)
    {
        foreach (var f in s.Facilities.Values) if (f.Tombstone is null) yield return Documents.Of(f);
        foreach (var m in s.Models.Values) if (m.Tombstone is null) yield return Documents.Of(m);
        foreach (var i in s.Instances.Values)
        {
            if (i.Tombstone is not null) continue;
            var f = s.Facilities.GetValueOrDefault(i.Facility.ToString());
            var m = s.Models.GetValueOrDefault(i.Model.ToString());
            yield return Documents.Of(i, f, m);
            foreach (var d in VersionDocuments(i, s.VersionsOf(i.Pid), f, m)) yield return d;
        }
        foreach (var st in s.Settings.Values)
            if (st.Tombstone is null && s.Versions.GetValueOrDefault(st.Version.ToString()) is { } v && s.Instances.GetValueOrDefault(v.Instance.ToString()) is { } si)
                yield return Documents.Of(st, si, s.Models.GetValueOrDefault(si.Model.ToString()));
    }

    /// <summary>The documents of an instance's live versions, given its versions as they will be.</summary>
    private IEnumerable<SearchDocument> VersionDocuments(InstanceRecord i, DescriptorVersion[] versions, FacilityRecord? f, ModelRecord? m)
    {
        var current = RecordGraphs.Current(versions);
        foreach (var v in versions)
            if (v.Tombstone is null)
                yield return Documents.Of(v, v.Accession == current?.Accession, i, f, m, GetGraph(v).Select(q => q.Triple).ToList());
    }
}

/// <summary>
/// <c>text:query</c> (namespace <c>http://jena.apache.org/text#</c>, as in jena-text): joins
/// full-text hits with graph patterns. Forms:
/// <list type="bullet">
/// <item><c>?s text:query "561 laser"</c> binds ?s to each matching record's IRI (facility,
/// model, instance, or configuration version <c>{base}phd:ACC</c>);</item>
/// <item><c>(?s ?score) text:query "561 laser"</c> also binds the relevance score (xsd:double, higher is better);</item>
/// <item><c>?s text:query ("561 laser" 10)</c> limits the hits (default 1000, at most 10000).</item>
/// </list>
/// The text is the /search syntax (words, "phrases", prefix*, na>=1.4, wavelength:550..570) and
/// must be a constant; a subject that is an IRI keeps only that record.
/// </summary>
internal sealed class TextQueryFunction(RegistryService registry) : IPropertyFunction
{
    public const string Namespace = "http://jena.apache.org/text#";
    public const string Iri = Namespace + "query";
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;
    private static readonly Rdf.Iri XsdDouble = new(Vocab.Xsd.Namespace + "double");

    public Table Evaluate(IReadOnlyList<PatternTerm> subject, IReadOnlyList<PatternTerm> argument, CancellationToken ct)
    {
        if (subject.Count is < 1 or > 2) throw new PropertyFunctionException("text:query: the subject is ?s or (?s ?score)");
        if (argument.Count is < 1 or > 2) throw new PropertyFunctionException("text:query: the object is \"text\" or (\"text\" limit)");
        if (argument[0] is not TermNode { Term: Literal { } text } || !(text.IsSimple || text.Language is not null))
            throw new PropertyFunctionException("text:query: the search text must be a constant string, e.g. ?s text:query \"561 laser\"");
        int limit = DefaultLimit;
        if (argument.Count == 2)
        {
            if (argument[1] is not TermNode { Term: Literal l } || !int.TryParse(l.Lexical, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 1)
                throw new PropertyFunctionException("text:query: the limit must be a positive integer, e.g. (\"561 laser\" 10)");
            limit = Math.Min(limit, MaxLimit);
        }
        IReadOnlyList<(Rdf.Iri Record, double Score)> hits;
        try { hits = registry.TextSearch(text.Lexical, limit); }
        catch (SearchQueryException e) { throw new PropertyFunctionException("text:query: " + e.Message); }
        ct.ThrowIfCancellationRequested();

        var vars = new List<Var>();
        var columns = new List<int>(); // 0: subject, 1: score
        for (int k = 0; k < subject.Count; k++)
            if (subject[k] is Var v && !vars.Contains(v)) { vars.Add(v); columns.Add(k); }
        var rows = new List<Term?[]>();
        foreach (var (record, score) in hits)
        {
            Term[] values = [record, new Literal(score.ToString("R", CultureInfo.InvariantCulture), XsdDouble)];
            bool keep = true;
            for (int k = 0; k < subject.Count && keep; k++)
                if (subject[k] is TermNode { Term: var constant } && constant is not BlankNode && !constant.Equals(values[k])) keep = false;
            if (!keep) continue;
            var row = new Term?[vars.Count];
            for (int c = 0; c < vars.Count; c++) row[c] = values[columns[c]];
            rows.Add(row);
        }
        return new Table(vars, rows);
    }
}
