using System.Reflection;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;
using PhdResolver.Rdf;

namespace PhdResolver.Registry.Search;

/// <summary>
/// How text becomes terms. One chain for every analysed field: UAX#29 words, split again at case
/// changes and letter/digit boundaries with the original kept (so "LSM980" is "lsm980", "lsm",
/// "980" and "sCMOS" is "scmos", "s", "cmos"; "63x/1.40" is "63x", "63", "x", "1.40", "1", "40"),
/// lower case, accents folded, English possessives and Porter stems. The index side also expands
/// synonyms (curated <c>synonyms.txt</c> plus the ontology's labels), so a query needs no synonym
/// step and multi-word synonyms cannot break query positions. The <c>exact</c> field keeps whole
/// lower-cased words, unstemmed: typo tolerance and prefixes run on what people typed, not on stems.
/// </summary>
internal static class SearchAnalysis
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private const WordDelimiterFlags Split =
        WordDelimiterFlags.GENERATE_WORD_PARTS | WordDelimiterFlags.GENERATE_NUMBER_PARTS |
        WordDelimiterFlags.SPLIT_ON_CASE_CHANGE | WordDelimiterFlags.SPLIT_ON_NUMERICS |
        WordDelimiterFlags.PRESERVE_ORIGINAL | WordDelimiterFlags.STEM_ENGLISH_POSSESSIVE;

    private static readonly Lazy<SynonymMap> SynonymsInstance = new(BuildSynonyms);

    /// <summary>For indexing the analysed fields (with synonyms).</summary>
    public static Analyzer Index() => new Chain(SynonymsInstance.Value, exact: false);

    /// <summary>For queries (the index side carries the synonyms).</summary>
    public static Analyzer Query() => new Chain(null, exact: false);

    /// <summary>Whole words, lower case, accents folded: the <c>exact</c> field (fuzzy, prefix).</summary>
    public static Analyzer Exact() => new Chain(null, exact: true);

    /// <summary>Analyses <paramref name="text"/>: terms grouped by position (stacked terms share one group).</summary>
    public static List<List<string>> Positions(Analyzer analyzer, string field, string text)
    {
        var groups = new List<List<string>>();
        using var ts = analyzer.GetTokenStream(field, text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var inc = ts.AddAttribute<IPositionIncrementAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
        {
            if (inc.PositionIncrement > 0 || groups.Count == 0) groups.Add([]);
            string t = term.ToString();
            if (!groups[^1].Contains(t)) groups[^1].Add(t);
        }
        ts.End();
        return groups;
    }

    private sealed class Chain(SynonymMap? synonyms, bool exact) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader) { MaxTokenLength = 100 };
            TokenStream ts = source;
            if (!exact) ts = new WordDelimiterFilter(Version, ts, Split, null);
            ts = new LowerCaseFilter(Version, ts);
            ts = new ASCIIFoldingFilter(ts);
            if (exact) return new TokenStreamComponents(source, ts);
            if (synonyms is not null) ts = new SynonymFilter(ts, synonyms, ignoreCase: true);
            ts = new EnglishPossessiveFilter(Version, ts);
            ts = new PorterStemFilter(ts);
            return new TokenStreamComponents(source, ts);
        }
    }

    /// <summary>Synonym groups: the curated file, joined with the ontology's class labels (label ~ local name).</summary>
    internal static List<List<string>> SynonymGroups()
    {
        var groups = new List<List<string>>();
        using (var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("PhdResolver.Registry.Search.synonyms.txt")
            ?? throw new InvalidOperationException("synonyms.txt is not embedded"))
        using (var r = new StreamReader(s))
        {
            string? line;
            while ((line = r.ReadLine()) is not null)
            {
                line = line.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                groups.Add([.. line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]);
            }
        }
        foreach (var (_, labels) in SearchVocabulary.Default.ClassLabelGroups) groups.Add(labels);
        // Union groups that share an entry, so "photomultiplier" from the file and "photo multiplier" from the ontology meet.
        var byEntry = new Dictionary<string, int>(StringComparer.Ordinal);
        var parent = Enumerable.Range(0, groups.Count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        for (int g = 0; g < groups.Count; g++)
            foreach (var e in groups[g])
            {
                string key = Normalize(e);
                if (key.Length == 0) continue;
                if (byEntry.TryGetValue(key, out int other)) parent[Find(g)] = Find(other);
                else byEntry[key] = g;
            }
        var merged = new Dictionary<int, List<string>>();
        foreach (var (key, g) in byEntry)
        {
            int root = Find(g);
            if (!merged.TryGetValue(root, out var list)) merged[root] = list = [];
            list.Add(key);
        }
        return [.. merged.Values.Where(l => l.Count > 1).Select(l => { l.Sort(StringComparer.Ordinal); return l; })];
    }

    /// <summary>An entry as the synonym filter sees tokens: lower-case words joined by single spaces.</summary>
    private static string Normalize(string entry)
    {
        using var a = new Chain(null, exact: true);
        return string.Join(' ', Positions(a, "x", entry).Select(g => g[0]));
    }

    private static SynonymMap BuildSynonyms()
    {
        var b = new SynonymMap.Builder(dedup: true);
        foreach (var group in SynonymGroups())
            foreach (var from in group)
                foreach (var to in group)
                {
                    if (from == to) continue;
                    b.Add(SynonymMap.Builder.Join(from.Split(' '), new CharsRef()), SynonymMap.Builder.Join(to.Split(' '), new CharsRef()), includeOrig: true);
                }
        return b.Build();
    }
}

/// <summary>The ontology's class labels and superclasses as search needs them (built once from the embedded NBO-Q).</summary>
internal sealed class SearchVocabulary
{
    private static readonly Lazy<SearchVocabulary> DefaultInstance = new(() => new SearchVocabulary(Nboq.EmbeddedFiles.Ontology()));
    public static SearchVocabulary Default => DefaultInstance.Value;

    private static readonly Iri Label = Vocab.Rdfs.Label;
    private static readonly Iri AltLabel = new("http://www.w3.org/2004/02/skos/core#altLabel");
    private static readonly Iri SubClassOf = Vocab.Rdfs.SubClassOf;
    private const string NboqNs = "https://w3id.org/nbo-q/";

    // Mixins every component has: as "types" they would make every component match "specs".
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal) { "InstrumentComponent", "ManufacturerSpecs" };

    private readonly Dictionary<string, List<string>> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _supers = new(StringComparer.Ordinal);

    private SearchVocabulary(Dataset ontology)
    {
        foreach (var q in ontology)
        {
            if (q.Subject is not Iri s || !s.Value.StartsWith(NboqNs, StringComparison.Ordinal)) continue;
            if ((q.Predicate == Label || q.Predicate == AltLabel) && q.Object is Literal l)
                Add(_labels, s.Value, l.Lexical);
            else if (q.Predicate == SubClassOf && q.Object is Iri o && o.Value.StartsWith(NboqNs, StringComparison.Ordinal))
                Add(_supers, s.Value, o.Value);
        }

        static void Add(Dictionary<string, List<string>> d, string k, string v)
        {
            if (!d.TryGetValue(k, out var list)) d[k] = list = [];
            if (!list.Contains(v)) list.Add(v);
        }
    }

    /// <summary>Per class: its labels, its local name and the local name split at case changes.</summary>
    public IEnumerable<(string Class, List<string> Labels)> ClassLabelGroups
    {
        get
        {
            foreach (var (cls, labels) in _labels)
            {
                if (!_supers.ContainsKey(cls)) continue; // classes only (concepts of value lists have no superclass)
                string local = Documents.LocalName(cls);
                if (Generic.Contains(local)) continue;
                yield return (cls, [.. labels, local, Documents.SplitCamel(local)]);
            }
        }
    }

    /// <summary>The labels of a term (class or list value); the split local name when it has none.</summary>
    public IReadOnlyList<string> LabelsOf(string iri) =>
        _labels.TryGetValue(iri, out var l) ? l : iri.StartsWith(NboqNs, StringComparison.Ordinal) ? [Documents.SplitCamel(Documents.LocalName(iri))] : [];

    /// <summary>The class and every superclass in NBO-Q (generic mixins left out), nearest first.</summary>
    public List<string> SelfAndSuperClasses(string cls)
    {
        var result = new List<string>();
        var queue = new Queue<string>();
        queue.Enqueue(cls);
        while (queue.Count > 0 && result.Count < 64)
        {
            var c = queue.Dequeue();
            if (result.Contains(c) || Generic.Contains(Documents.LocalName(c))) continue;
            result.Add(c);
            if (_supers.TryGetValue(c, out var sups)) foreach (var s in sups) queue.Enqueue(s);
        }
        return result;
    }
}
