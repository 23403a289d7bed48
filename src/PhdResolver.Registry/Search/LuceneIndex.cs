using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Lucene.Net.Util;
using PhdResolver.Registry.Pids;
using F = PhdResolver.Registry.Search.SearchFields;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PhdResolver.Registry.Search;

/// <summary>One change to the index after a committed registry write.</summary>
internal readonly record struct IndexChange(string Pid, SearchDocument? Document)
{
    public static IndexChange Put(SearchDocument d) => new(d.Pid, d);
    public static IndexChange Remove(string pid) => new(pid, null);
    /// <summary>The write replaces everything (import, repair): not applied change by change; the caller rebuilds, and until then the index is stale.</summary>
    public static readonly IndexChange RebuildAll = new("", null);
}

/// <summary>
/// The full-text index on Lucene.Net: derived data, rebuilt from the registry when it is missing,
/// stale or unreadable. Layout under <c>{data}/search</c>: one folder per built index and a file
/// <c>CURRENT</c> naming the one in use (replaced by an atomic rename, so a crash leaves either
/// the old or the new name). Each Lucene commit carries the registry's search generation in its
/// user data; the registry compares it with its own at open (<see cref="Generation"/>).
/// <para>
/// Searches run on a <see cref="SearcherManager"/> snapshot; a rebuild writes a new folder while
/// the old one keeps answering, then swaps. Writers are serialised by the registry's write gate.
/// </para>
/// </summary>
internal sealed class LuceneIndex : IDisposable
{
    public const string FolderName = "search";
    private const string CurrentFile = "CURRENT";
    private const string GenerationKey = "phd.search.generation";
    private const int MaxFacetValues = 50;
    private const float OldVersionFactor = 0.6f;
    private const char MarkOpen = '\uE000', MarkClose = '\uE001';

    private static readonly string[] FacetFields = [F.FType, F.FComponentManufacturer, F.FManufacturer, F.FFacility, F.FCountry, F.FModality, F.FTier, F.FLevel];

    private readonly string _root;
    private readonly Analyzer _indexAnalyzer;
    private readonly Analyzer _queryAnalyzer = SearchAnalysis.Query();
    private readonly Analyzer _exactAnalyzer = SearchAnalysis.Exact();
    private Holder _h;
    private bool _disposed;

    // Writes are visible at once through the near-real-time searcher; the durable Lucene commit (its fsyncs were
    // most of a registration: 72 -> 25 instruments/s when every write committed) follows within CommitDelay,
    // batching the writes in between. The index is derived data: after a crash before that commit, its committed
    // generation is older than the registry's and the registry rebuilds it at start (SearchCrashTests).
    private static readonly TimeSpan CommitDelay = TimeSpan.FromSeconds(1);
    private readonly System.Threading.Lock _commitLock = new();
    private readonly Timer _commitTimer;
    private bool _dirty, _scheduled;

    private sealed class Holder(LuceneDirectory dir, IndexWriter writer, SearcherManager searchers, string name, long generation) : IDisposable
    {
        public readonly LuceneDirectory Dir = dir;
        public readonly IndexWriter Writer = writer;
        public readonly SearcherManager Searchers = searchers;
        public readonly string Name = name;
        public long Generation = generation;

        public void Dispose()
        {
            Searchers.Dispose();
            Writer.Dispose();
            Dir.Dispose();
        }
    }

    private LuceneIndex(string root, Analyzer indexAnalyzer, Holder h)
    {
        _root = root;
        _indexAnalyzer = indexAnalyzer;
        _h = h;
        _commitTimer = new Timer(_ => CommitPending(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The registry generation the index was last committed at; -1 when it was missing or unreadable (a new empty index).</summary>
    public long Generation => Volatile.Read(ref _h).Generation;

    private static Analyzer IndexAnalyzer() => new PerFieldAnalyzerWrapper(SearchAnalysis.Index(), new Dictionary<string, Analyzer>
    {
        [F.Exact] = SearchAnalysis.Exact(),
    });

    /// <summary>Opens the index named by CURRENT, or a new empty one (generation -1) when it is missing or cannot be read. Leftover folders are deleted.</summary>
    public static LuceneIndex Open(string dataDirectory)
    {
        string root = System.IO.Path.Combine(dataDirectory, FolderName);
        System.IO.Directory.CreateDirectory(root);
        var analyzer = IndexAnalyzer();
        Holder? h = null;
        string current = System.IO.Path.Combine(root, CurrentFile);
        if (File.Exists(current))
        {
            string name = File.ReadAllText(current).Trim();
            if (IsFolderName(name) && System.IO.Directory.Exists(System.IO.Path.Combine(root, name)))
            {
                try { h = OpenHolder(root, name, analyzer, create: false); }
                catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or LockObtainFailedException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or FormatException)
                {
                    h = null; // unreadable: a new index is built
                }
            }
        }
        if (h is null)
        {
            // A new empty index (generation -1, so the registry rebuilds it), named by CURRENT at once:
            // writes applied before that rebuild runs land in it, and the next open finds them.
            h = OpenHolder(root, NewFolderName(), analyzer, create: true);
            WriteCurrent(root, h.Name);
        }
        foreach (var d in System.IO.Directory.GetDirectories(root))
            if (System.IO.Path.GetFileName(d) != h.Name) TryDelete(d);
        return new LuceneIndex(root, analyzer, h);
    }

    /// <summary>Names the live folder: written to a temporary file, flushed, renamed over CURRENT (atomic).</summary>
    private static void WriteCurrent(string root, string name)
    {
        string tmp = System.IO.Path.Combine(root, CurrentFile + ".tmp");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(System.Text.Encoding.ASCII.GetBytes(name));
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, System.IO.Path.Combine(root, CurrentFile), overwrite: true);
    }

    private static bool IsFolderName(string s) => s.Length is > 0 and < 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string NewFolderName() => "ix-" + Guid.NewGuid().ToString("N")[..12];

    private static Holder OpenHolder(string root, string name, Analyzer analyzer, bool create)
    {
        var dir = FSDirectory.Open(System.IO.Path.Combine(root, name));
        IndexWriter? writer = null;
        try
        {
            long generation = -1;
            if (!create)
            {
                // Reading the last commit checks it is there and complete (segments_N names every file).
                var infos = new SegmentInfos();
                infos.Read(dir);
                generation = infos.UserData.TryGetValue(GenerationKey, out var g) && long.TryParse(g, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : -1;
                using (var check = DirectoryReader.Open(dir)) _ = check.NumDocs; // opens every segment
            }
            var config = new IndexWriterConfig(SearchAnalysis.Version, analyzer)
            {
                OpenMode = create ? OpenMode.CREATE : OpenMode.APPEND,
                RAMBufferSizeMB = 64,
            };
            writer = new IndexWriter(dir, config);
            if (create)
            {
                writer.SetCommitData(new Dictionary<string, string> { [GenerationKey] = "-1" });
                writer.Commit();
            }
            return new Holder(dir, writer, new SearcherManager(writer, true, null), name, generation);
        }
        catch
        {
            writer?.Dispose();
            dir.Dispose();
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { System.IO.Directory.Delete(path, recursive: true); }
        catch (IOException) { } // still open somewhere: the next open retries
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Applies one committed write's changes: searchable when this returns, committed to disk with
    /// <paramref name="generation"/> within <see cref="CommitDelay"/> (or on <see cref="Dispose"/>).
    /// </summary>
    public void Apply(IReadOnlyList<IndexChange> changes, long generation)
    {
        Holder h;
        lock (_commitLock)
        {
            h = _h;
            var writer = h.Writer;
            // A batch brings thousands of documents: analysis (synonyms, word splitting) is most of their cost, and
            // IndexWriter takes documents from several threads at once. Each PID occurs once in a write's changes
            // except when a batch demotes a version it added itself: the last change of a PID wins, as in order.
            if (changes.Count >= ParallelAbove && changes.Select(c => c.Pid).Distinct(StringComparer.Ordinal).Count() == changes.Count)
                Parallel.ForEach(changes, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c => Put(writer, c));
            else
                foreach (var c in changes) Put(writer, c);
            h.Generation = generation;
            _dirty = true;
            _stale = true;
            if (!_scheduled)
            {
                _scheduled = true;
                _commitTimer.Change(CommitDelay, Timeout.InfiniteTimeSpan);
            }
        }
        // The near-real-time reader is reopened by the next search (_stale), not here: reopening flushes a
        // segment, and doing it on every write was most of a registration one at a time (bench/bulk README),
        // while a run of writes without a search in between needs one reopen.
    }

    private const int ParallelAbove = 256;

    private void Put(IndexWriter writer, IndexChange c)
    {
        if (c.Document is { } d) writer.UpdateDocument(new Term(F.Pid, d.Pid), ToLucene(d));
        else writer.DeleteDocuments(new Term(F.Pid, c.Pid));
    }

    /// <summary>Set by <see cref="Apply"/>; the next search reopens the reader first, so a write is searchable as soon as Apply returns.</summary>
    private bool _stale;

    /// <summary>A searcher that sees every applied write (reopened first if a write came since the last reopen); release it on <paramref name="mgr"/>.</summary>
    private IndexSearcher Acquire(out SearcherManager mgr)
    {
        // Under the lock a rebuild swaps holders with (it disposes the old writer): the reopen is of the live one.
        // Cleared before the reopen: a write applied after it sets it again, so the next search reopens once more.
        if (Volatile.Read(ref _stale))
            lock (_commitLock)
                if (_stale && !_disposed)
                {
                    _stale = false;
                    _h.Searchers.MaybeRefreshBlocking();
                }
        mgr = Volatile.Read(ref _h).Searchers;
        return mgr.Acquire();
    }

    /// <summary>
    /// Commits what <see cref="Apply"/> added, stamped with the generation of the last write applied. Under the
    /// same lock as Apply, so a commit never carries a generation whose changes are not all in it.
    /// </summary>
    private void CommitPending()
    {
        lock (_commitLock)
        {
            _scheduled = false;
            if (!_dirty || _disposed) return;
            try
            {
                Commit(_h, _h.Generation, refresh: false);
                _dirty = false;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException or InvalidOperationException)
            {
                // A timer thread must not throw. The index is derived data: its older committed generation makes
                // the next start rebuild it from the registry; the next write schedules another commit.
            }
        }
    }

    private static void Commit(Holder h, long generation, bool refresh = true)
    {
        h.Writer.SetCommitData(new Dictionary<string, string> { [GenerationKey] = generation.ToString(CultureInfo.InvariantCulture) });
        h.Writer.Commit();
        h.Generation = generation;
        if (refresh) h.Searchers.MaybeRefreshBlocking();
    }

    /// <summary>
    /// Builds a new index from <paramref name="documents"/> in a new folder and swaps it in; until
    /// the swap, searches use the old one. A crash before the swap leaves CURRENT on the old folder.
    /// </summary>
    public void Rebuild(IEnumerable<SearchDocument> documents, long generation, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        string name = NewFolderName();
        var fresh = OpenHolder(_root, name, _indexAnalyzer, create: true);
        try
        {
            foreach (var d in documents)
            {
                ct.ThrowIfCancellationRequested();
                fresh.Writer.AddDocument(ToLucene(d));
            }
            Commit(fresh, generation);
            WriteCurrent(_root, name);
        }
        catch
        {
            fresh.Dispose();
            TryDelete(System.IO.Path.Combine(_root, name));
            throw;
        }
        Holder old;
        lock (_commitLock) // not while a pending commit runs on the old holder
        {
            old = Interlocked.Exchange(ref _h, fresh);
            old.Dispose(); // searches that hold its searcher keep their reader until they release it
        }
        TryDelete(System.IO.Path.Combine(_root, old.Name));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _commitTimer.Dispose();
        CommitPending(); // a clean shutdown leaves the index at the registry's generation: no rebuild at the next start
        lock (_commitLock)
        {
            _disposed = true;
            _h.Dispose();
        }
    }

    // ------------------------------------------------------------ documents

    private static Document ToLucene(SearchDocument d)
    {
        var doc = new Document
        {
            new StringField(F.Pid, d.Pid, Field.Store.YES),
            new StoredField(F.Level, (int)d.Level),
            new StoredField(F.Title, d.Title),
            new StoredField(F.Path, d.Path),
            new SortedDocValuesField(F.TitleSort, new BytesRef(d.Title.ToLowerInvariant() + "\u0000" + d.Pid)),
            new StringField(F.Current, d.Current ? "1" : "0", Field.Store.NO),
            new NumericDocValuesField(F.Current, d.Current ? 1 : 0),
        };
        if (d.Tier is int tier)
        {
            doc.Add(new StoredField(F.Tier, tier));
            Facet(doc, F.FTier, tier.ToString(CultureInfo.InvariantCulture));
        }
        Facet(doc, F.FLevel, LevelName(d.Level));
        if (d.ManufacturerFacet is { } man) { doc.Add(new StoredField("manufacturer", man)); Facet(doc, F.FManufacturer, man); }
        if (d.FacilityFacet is { } fac) { doc.Add(new StoredField("facility_name", fac)); Facet(doc, F.FFacility, fac); }
        if (d.CountryFacet is { } country) Facet(doc, F.FCountry, country);
        if (d.ModalityFacet is { } modality) Facet(doc, F.FModality, modality);
        foreach (var t in d.ComponentTypes) Facet(doc, F.FType, t);
        foreach (var m in d.ComponentManufacturers) Facet(doc, F.FComponentManufacturer, m);

        Text(doc, F.Name, d.Name);
        Text(doc, F.Products, d.Products);
        Text(doc, F.Types, d.Types);
        Text(doc, F.Facility, d.Facility);
        string body = Clean(string.Join(" ; ", new[] { d.Name, d.Products, d.Facility, d.Description, d.Types }.Where(s => s.Length > 0)));
        doc.Add(new StoredField(F.Body, body));
        Text(doc, F.Text, body);
        Text(doc, F.Exact, body);
        foreach (var (field, values) in d.Numbers)
            foreach (var v in values) doc.Add(new DoubleField(field, v, Field.Store.NO));
        return doc;
    }

    private static void Text(Document doc, string field, string value)
    {
        if (value.Length > 0) doc.Add(new TextField(field, Clean(value), Field.Store.NO));
    }

    private static void Facet(Document doc, string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        doc.Add(new StringField(field, value, Field.Store.NO));
        doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }

    internal static string LevelName(PidLevel level) => level.ToString().ToLowerInvariant();

    // Private-use characters mark matches in snippets; stripped from indexed text, they can only come from the highlighter.
    private static string Clean(string s) =>
        s.Contains(MarkOpen, StringComparison.Ordinal) || s.Contains(MarkClose, StringComparison.Ordinal)
            ? s.Replace(MarkOpen, ' ').Replace(MarkClose, ' ') : s;

    // ------------------------------------------------------------ queries

    private static readonly (string Field, float Boost)[] TextFields =
        [(F.Name, 4f), (F.Products, 3f), (F.Types, 2f), (F.Facility, 1.5f), (F.Text, 1f)];

    /// <summary>The scoring query for the words, phrases and prefixes (null: none), and the range filters.</summary>
    private (Query? Text, List<Query> Ranges) Build(List<QueryPart> parts, bool fuzzy = false)
    {
        var ranges = new List<Query>();
        var clauses = new List<Query>();
        int textParts = parts.Count(p => p is not RangePart);
        foreach (var part in parts)
        {
            switch (part)
            {
                case RangePart r:
                    ranges.Add(NumericRangeQuery.NewDoubleRange(r.Field, r.Min, r.Max, r.MinInclusive, r.MaxInclusive));
                    break;
                case PrefixPart p:
                {
                    var words = SearchAnalysis.Positions(_exactAnalyzer, F.Exact, p.Prefix);
                    if (words.Count == 0) break;
                    var bq = new BooleanQuery();
                    for (int i = 0; i < words.Count - 1; i++) bq.Add(new TermQuery(new Term(F.Exact, words[i][0])), Occur.MUST);
                    bq.Add(new PrefixQuery(new Term(F.Exact, words[^1][0])) { MultiTermRewriteMethod = new MultiTermQuery.TopTermsScoringBooleanQueryRewrite(256) }, Occur.MUST);
                    clauses.Add(bq);
                    break;
                }
                case PhrasePart ph:
                    if (Analysed(ph.Text, fuzzy: false) is { } pq) clauses.Add(pq);
                    break;
                case WordPart w:
                    // Stop words add nothing but a chance to miss ("laser with 561"); alone, they are the query.
                    if (textParts > 1 && StopAnalyzer.ENGLISH_STOP_WORDS_SET.Contains(w.Text.ToLowerInvariant())) { textParts--; break; }
                    if (Analysed(w.Text, fuzzy) is { } wq) clauses.Add(wq);
                    break;
            }
        }
        if (clauses.Count == 0) return (null, ranges);
        if (clauses.Count == 1) return (clauses[0], ranges);
        var all = new BooleanQuery();
        foreach (var c in clauses) all.Add(c, Occur.MUST);
        return (all, ranges);
    }

    /// <summary>One word or phrase over every text field (best field wins), plus typo tolerance on whole words.</summary>
    private Query? Analysed(string text, bool fuzzy)
    {
        var groups = SearchAnalysis.Positions(_queryAnalyzer, F.Text, text);
        if (groups.Count == 0) return null;
        var dis = new DisjunctionMaxQuery(0.1f);
        foreach (var (field, boost) in TextFields)
        {
            var q = ForField(field, groups);
            q.Boost = boost;
            dis.Add(q);
        }
        if (fuzzy)
        {
            var exact = SearchAnalysis.Positions(_exactAnalyzer, F.Exact, text);
            if (exact.Count == 1 && exact[0][0] is { Length: >= 4 } word && word.All(char.IsLetter))
                dis.Add(new FuzzyQuery(new Term(F.Exact, word), word.Length >= 8 ? 2 : 1, prefixLength: 1) { Boost = 0.5f });
        }
        return dis;
    }

    private static Query ForField(string field, List<List<string>> groups)
    {
        if (groups.Count == 1)
        {
            if (groups[0].Count == 1) return new TermQuery(new Term(field, groups[0][0]));
            var any = new BooleanQuery();
            foreach (var t in groups[0]) any.Add(new TermQuery(new Term(field, t)), Occur.SHOULD);
            return any;
        }
        var mp = new MultiPhraseQuery();
        foreach (var g in groups) mp.Add(g.Select(t => new Term(field, t)).ToArray());
        return mp;
    }

    private static BooleanQuery Filters(SearchFilter f, List<Query> ranges)
    {
        var bq = new BooleanQuery();
        void Must(string field, string? value)
        {
            if (value is not null) bq.Add(new TermQuery(new Term(field, value)), Occur.MUST);
        }
        Must(F.FType, f.ComponentType);
        Must(F.FComponentManufacturer, f.ComponentManufacturer);
        Must(F.FManufacturer, f.Manufacturer);
        Must(F.FFacility, f.Facility);
        Must(F.FCountry, f.Country);
        Must(F.FModality, f.Modality);
        Must(F.FTier, f.Tier?.ToString(CultureInfo.InvariantCulture));
        Must(F.FLevel, f.Level is { } l ? LevelName(l) : null);
        if (f.CurrentOnly) Must(F.Current, "1");
        foreach (var r in ranges) bq.Add(r, Occur.MUST);
        return bq;
    }

    // ------------------------------------------------------------ search

    public SearchResults Search(string? query, SearchFilter filter, int page, int pageSize)
    {
        var parts = UserQuery.Parse(query);
        var result = Search(query, parts, filter, page, pageSize, fuzzy: false, out bool hadWords);
        // Typo tolerance costs a scan of the term dictionary per word: only when the exact words find
        // less than a page ("Zeis", "Stelaris"). Fuzzy matches then rank below exact ones.
        return hadWords && result.Total < pageSize ? Search(query, parts, filter, page, pageSize, fuzzy: true, out _) : result;
    }

    private SearchResults Search(string? query, List<QueryPart> parts, SearchFilter filter, int page, int pageSize, bool fuzzy, out bool hadWords)
    {
        var (text, ranges) = Build(parts, fuzzy);
        hadWords = parts.Any(p => p is WordPart);
        var filters = Filters(filter, ranges);
        Query main;
        if (text is null) main = filters.Clauses.Count == 0 ? new MatchAllDocsQuery() : new ConstantScoreQuery(filters);
        else
        {
            var bq = new BooleanQuery { { text, Occur.MUST } };
            if (filters.Clauses.Count > 0) bq.Add(new ConstantScoreQuery(filters) { Boost = 0 }, Occur.MUST);
            main = bq;
        }
        var searcher = Acquire(out var mgr);
        try
        {
            var collector = new HitCollector(FacetFields, scored: text is not null);
            searcher.Search(main, collector);
            int skip = (page - 1) * pageSize;
            List<int> pageDocs;
            if (text is not null) pageDocs = collector.Top(skip, pageSize);
            else
            {
                var top = skip + pageSize <= 10_000
                    ? searcher.Search(main, null, skip + pageSize, new Sort(new SortField(F.TitleSort, SortFieldType.STRING)))
                    : null;
                pageDocs = top is null ? [] : top.ScoreDocs.Skip(skip).Select(sd => sd.Doc).ToList();
            }
            var scorer = text is null ? null : new QueryScorer(searcher.Rewrite(text));
            var hits = new List<SearchHit>(pageDocs.Count);
            foreach (int docId in pageDocs)
            {
                var doc = searcher.Doc(docId);
                string title = doc.Get(F.Title);
                hits.Add(new SearchHit
                {
                    Pid = doc.Get(F.Pid),
                    Level = (PidLevel)doc.GetField(F.Level).GetInt32Value()!.Value,
                    Title = title,
                    Path = doc.Get(F.Path),
                    Rank = text is null ? 0 : collector.ScoreOf(docId),
                    Snippet = Snippet(scorer, doc.Get(F.Body) ?? "", title),
                    Tier = doc.GetField(F.Tier)?.GetInt32Value(),
                    Manufacturer = doc.Get("manufacturer"),
                    Facility = doc.Get("facility_name"),
                    Current = collector.IsCurrent(docId),
                });
            }
            var facets = new SearchFacets(
                collector.Facet(F.FType, MaxFacetValues), collector.Facet(F.FManufacturer, MaxFacetValues),
                collector.Facet(F.FFacility, MaxFacetValues), collector.Facet(F.FTier, MaxFacetValues), collector.Facet(F.FLevel, MaxFacetValues))
            {
                ComponentManufacturer = collector.Facet(F.FComponentManufacturer, MaxFacetValues),
                Country = collector.Facet(F.FCountry, MaxFacetValues),
                Modality = collector.Facet(F.FModality, MaxFacetValues),
            };
            return new SearchResults(query, page, pageSize, collector.Total, hits, facets) { Filter = filter };
        }
        finally
        {
            mgr.Release(searcher);
        }
    }

    /// <summary>The best <paramref name="limit"/> hits of <paramref name="query"/> over all records and versions: PIDs with scores, best first.</summary>
    public List<(string Pid, double Score)> Scored(string query, int limit)
    {
        var parts = UserQuery.Parse(query);
        var (text, ranges) = Build(parts, fuzzy: true);
        if (text is null && ranges.Count == 0) return [];
        var bq = new BooleanQuery();
        if (text is not null) bq.Add(text, Occur.MUST);
        foreach (var r in ranges) bq.Add(r, Occur.MUST);
        var searcher = Acquire(out var mgr);
        try
        {
            var collector = new HitCollector([], scored: true);
            searcher.Search(bq, collector);
            var list = new List<(string, double)>();
            foreach (int d in collector.Top(0, limit)) list.Add((searcher.Doc(d).Get(F.Pid), collector.ScoreOf(d)));
            return list;
        }
        finally
        {
            mgr.Release(searcher);
        }
    }

    /// <summary>All PIDs in the index (tests compare them with the registry).</summary>
    public List<string> AllPids()
    {
        var searcher = Acquire(out var mgr);
        try
        {
            var top = searcher.Search(new MatchAllDocsQuery(), Math.Max(1, searcher.IndexReader.NumDocs));
            return [.. top.ScoreDocs.Select(sd => searcher.Doc(sd.Doc).Get(F.Pid))];
        }
        finally
        {
            mgr.Release(searcher);
        }
    }

    private List<SnippetPart> Snippet(QueryScorer? scorer, string body, string title)
    {
        if (scorer is not null && body.Length > 0)
        {
            var h = new Highlighter(new MarkFormatter(), scorer) { TextFragmenter = new SimpleSpanFragmenter(scorer, 160), MaxDocCharsToAnalyze = 20_000 };
            using var ts = _indexAnalyzer.GetTokenStream(F.Text, body);
            string? s = h.GetBestFragments(ts, body, 2, " … ");
            if (!string.IsNullOrEmpty(s)) return ParseSnippet(s);
        }
        string plain = body.Length > 0 ? body : title;
        return [new SnippetPart(plain.Length > 200 ? plain[..200] + "…" : plain, false)];
    }

    private sealed class MarkFormatter : IFormatter
    {
        public string HighlightTerm(string originalText, TokenGroup tokenGroup) =>
            tokenGroup.TotalScore > 0 ? MarkOpen + originalText + MarkClose : originalText;
    }

    /// <summary>Splits marked text into runs; highlighted runs separated only by spaces become one ("oil immersion").</summary>
    internal static List<SnippetPart> ParseSnippet(string s)
    {
        var parts = new List<SnippetPart>();
        int i = 0;
        bool inMark = false;
        while (i < s.Length)
        {
            int next = s.IndexOf(inMark ? MarkClose : MarkOpen, i);
            if (next < 0) next = s.Length;
            if (next > i)
            {
                string run = s[i..next];
                if (inMark && parts.Count >= 2 && parts[^2].Highlight && !parts[^1].Highlight && string.IsNullOrWhiteSpace(parts[^1].Text))
                {
                    var gap = parts[^1].Text;
                    parts.RemoveAt(parts.Count - 1);
                    parts[^1] = new SnippetPart(parts[^1].Text + gap + run, true);
                }
                else if (inMark && parts.Count >= 1 && parts[^1].Highlight) parts[^1] = new SnippetPart(parts[^1].Text + run, true);
                else parts.Add(new SnippetPart(run, inMark));
            }
            i = next + 1;
            inMark = !inMark;
        }
        return parts;
    }

    /// <summary>
    /// Collects every hit once: its score (old versions weighted down), whether it is current, and
    /// facet counts over all hits from the segments' doc values (no Lucene.Net.Facet needed).
    /// </summary>
    private sealed class HitCollector(string[] facetFields, bool scored) : ICollector
    {
        private readonly Dictionary<string, long>[] _counts = facetFields.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        private readonly SortedSetDocValues?[] _dv = new SortedSetDocValues?[facetFields.Length];
        private long[]?[] _segmentCounts = new long[]?[facetFields.Length];
        private NumericDocValues? _current;
        private Scorer? _scorer;
        private int _docBase;
        private int[] _docs = new int[256];
        private float[] _scores = new float[256];
        private readonly HashSet<int> _old = [];

        public long Total { get; private set; }
        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            FlushSegment();
            _docBase = context.DocBase;
            var reader = context.AtomicReader;
            _current = reader.GetNumericDocValues(F.Current);
            for (int i = 0; i < facetFields.Length; i++)
            {
                _dv[i] = reader.GetSortedSetDocValues(facetFields[i]);
                _segmentCounts[i] = _dv[i] is { } dv ? new long[dv.ValueCount] : null;
            }
        }

        public void Collect(int doc)
        {
            bool current = _current is null || _current.Get(doc) != 0;
            if ((int)Total == _docs.Length)
            {
                Array.Resize(ref _docs, _docs.Length * 2);
                Array.Resize(ref _scores, _scores.Length * 2);
            }
            _docs[Total] = _docBase + doc;
            _scores[Total] = scored ? _scorer!.GetScore() * (current ? 1f : OldVersionFactor) : 0f;
            if (!current) _old.Add(_docBase + doc);
            Total++;
            for (int i = 0; i < _dv.Length; i++)
            {
                var dv = _dv[i];
                if (dv is null) continue;
                dv.SetDocument(doc);
                long ord;
                while ((ord = dv.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) _segmentCounts[i]![ord]++;
            }
        }

        private void FlushSegment()
        {
            var scratch = new BytesRef();
            for (int i = 0; i < _dv.Length; i++)
            {
                if (_dv[i] is not { } dv || _segmentCounts[i] is not { } counts) continue;
                for (long ord = 0; ord < counts.Length; ord++)
                {
                    if (counts[ord] == 0) continue;
                    dv.LookupOrd(ord, scratch);
                    string v = scratch.Utf8ToString();
                    _counts[i][v] = _counts[i].GetValueOrDefault(v) + counts[ord];
                }
                _segmentCounts[i] = null;
                _dv[i] = null;
            }
        }

        public List<FacetCount> Facet(string field, int max)
        {
            FlushSegment();
            int i = Array.IndexOf(facetFields, field);
            return [.. _counts[i].OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(max).Select(kv => new FacetCount(kv.Key, kv.Value))];
        }

        private Dictionary<int, float>? _scoreOf;

        /// <summary>The page of hits, best score first (ties: index order, stable).</summary>
        public List<int> Top(int skip, int take)
        {
            int n = (int)Total, keep = Math.Min(n, skip + take);
            // Only the first skip + take are ordered: a bounded heap whose root is the worst kept hit.
            var heap = new PriorityQueue<int, (float Score, int Doc)>(keep + 1, Comparer<(float Score, int Doc)>.Create((a, b) =>
                a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Doc.CompareTo(a.Doc)));
            for (int i = 0; i < n && keep > 0; i++)
            {
                heap.Enqueue(i, (_scores[i], _docs[i]));
                if (heap.Count > keep) heap.Dequeue();
            }
            var best = new int[heap.Count];
            for (int k = best.Length - 1; k >= 0; k--) best[k] = heap.Dequeue();
            _scoreOf = new Dictionary<int, float>();
            var list = new List<int>();
            for (int k = skip; k < best.Length; k++)
            {
                list.Add(_docs[best[k]]);
                _scoreOf[_docs[best[k]]] = _scores[best[k]];
            }
            return list;
        }

        public double ScoreOf(int doc) => _scoreOf is not null && _scoreOf.TryGetValue(doc, out float s) ? s : 0;
        public bool IsCurrent(int doc) => !_old.Contains(doc);
    }
}
