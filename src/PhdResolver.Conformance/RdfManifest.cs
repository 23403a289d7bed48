using PhdResolver.Rdf;

namespace PhdResolver.Conformance;

/// <summary>One entry of a W3C RDF/SPARQL test manifest (the mf: / rdft: vocabulary).</summary>
public sealed record ManifestEntry(
    string Id,
    string Type,
    string Name,
    string? ActionPath,
    string? ResultPath,
    string? TestBase,
    Dataset Graph,
    Term Node);

/// <summary>Reads W3C test manifests written in Turtle with our own Turtle parser.</summary>
public static class RdfManifest
{
    public const string Mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
    public const string Rdft = "http://www.w3.org/ns/rdftest#";

    /// <summary>
    /// Loads the entries of <paramref name="manifestPath"/> in list order. Test inputs are
    /// parsed with the base the suite expects (mf:assumedTestBase + the file's relative path),
    /// so expected results with absolute IRIs match.
    /// </summary>
    public static List<ManifestEntry> Load(string manifestPath)
    {
        string manifestUrl = FileUrl(manifestPath);
        var ds = new Dataset();
        using (var s = File.OpenRead(manifestPath))
            ((IRdfParser)new TurtleParser()).Parse(s, ds, new ParserOptions { BaseIri = manifestUrl });

        var index = Index(ds);
        var manifestNode = ds.FirstOrDefault(q => q.Predicate.Equals(new Iri(Mf + "entries"))).Subject;
        if (manifestNode is null) return [];
        string? assumedBase = index.Object(manifestNode, Mf + "assumedTestBase") is Iri ab ? ab.Value : null;
        string manifestDir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;

        var list = new List<ManifestEntry>();
        foreach (var entry in index.List(index.Object(manifestNode, Mf + "entries")))
        {
            string type = index.Object(entry, Vocab.Rdf.Type.Value) is Iri t ? t.Value : "";
            string name = index.Object(entry, Mf + "name") is Literal n ? n.Lexical : entry.ToString();
            var action = index.Object(entry, Mf + "action");
            var result = index.Object(entry, Mf + "result");
            string? actionPath = action is Iri ai ? LocalPath(ai.Value) : null;
            string? resultPath = result is Iri ri ? LocalPath(ri.Value) : null;
            string? testBase = null;
            if (actionPath is not null)
            {
                var rel = Path.GetRelativePath(manifestDir, actionPath).Replace('\\', '/');
                testBase = assumedBase is not null ? assumedBase + rel : FileUrl(actionPath);
            }
            string id = entry is Iri ei ? ei.Value : name;
            // Report test IRIs as the W3C reports do: relative to the assumed base, not our file system.
            if (assumedBase is not null && id.StartsWith(manifestUrl, StringComparison.Ordinal))
                id = assumedBase + "manifest" + id[manifestUrl.Length..];
            list.Add(new ManifestEntry(id, type, name, actionPath, resultPath, testBase, ds, entry));
        }
        return list;
    }

    /// <summary>
    /// The manifests a manifest pulls in with <c>mf:include ( ... )</c>, as local paths, in list order
    /// (not recursive: included manifests are returned, not expanded).
    /// </summary>
    public static List<string> Includes(string manifestPath)
    {
        var ds = new Dataset();
        using (var s = File.OpenRead(manifestPath))
            ((IRdfParser)new TurtleParser()).Parse(s, ds, new ParserOptions { BaseIri = FileUrl(manifestPath) });
        var index = Index(ds);
        var list = new List<string>();
        foreach (var q in ds)
        {
            if (!q.Predicate.Equals(new Iri(Mf + "include"))) continue;
            foreach (var item in index.List(q.Object))
                if (item is Iri i && LocalPath(i.Value) is { } path) list.Add(path);
        }
        return list;
    }

    public static string FileUrl(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public static string? LocalPath(string url) =>
        url.StartsWith("file:", StringComparison.Ordinal) ? new Uri(url).LocalPath : null;

    internal static GraphIndex Index(Dataset ds) => new(ds);

    /// <summary>Subject/predicate lookup over a small manifest graph.</summary>
    internal sealed class GraphIndex
    {
        private readonly Dictionary<(Term, string), List<Term>> _sp = [];

        public GraphIndex(Dataset ds)
        {
            foreach (var q in ds)
            {
                if (q.Predicate is not Iri p) continue;
                var key = (q.Subject, p.Value);
                if (!_sp.TryGetValue(key, out var l)) _sp[key] = l = [];
                l.Add(q.Object);
            }
        }

        public Term? Object(Term? s, string p) =>
            s is not null && _sp.TryGetValue((s, p), out var l) ? l[0] : null;

        public IReadOnlyList<Term> Objects(Term? s, string p) =>
            s is not null && _sp.TryGetValue((s, p), out var l) ? l : [];

        public IEnumerable<Term> List(Term? head)
        {
            var seen = new HashSet<Term>();
            while (head is not null && !head.Equals(Vocab.Rdf.Nil) && seen.Add(head))
            {
                var first = Object(head, Vocab.Rdf.First.Value);
                if (first is not null) yield return first;
                head = Object(head, Vocab.Rdf.Rest.Value);
            }
        }
    }
}
