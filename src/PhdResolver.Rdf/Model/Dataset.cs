using System.Collections;

namespace PhdResolver.Rdf;

/// <summary>
/// A small in-memory RDF dataset (a set of quads). Meant for documents, test expectations and
/// conversions, not for query answering: the store has its own indexes.
/// </summary>
public sealed class Dataset : IRdfSink, IReadOnlyCollection<Quad>
{
    private readonly HashSet<Quad> _quads = [];
    private readonly List<Quad> _order = [];
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);

    public Dataset() { }

    public Dataset(IEnumerable<Quad> quads)
    {
        foreach (var q in quads) Add(q);
    }

    public int Count => _quads.Count;

    /// <summary>Prefixes seen while parsing into this dataset (useful for writing it back).</summary>
    public IReadOnlyDictionary<string, string> Prefixes => _prefixes;

    public string? BaseIri { get; private set; }

    /// <summary>Adds a quad; returns false if it was already present.</summary>
    public bool Add(in Quad quad)
    {
        if (!_quads.Add(quad)) return false;
        _order.Add(quad);
        return true;
    }

    public bool Contains(in Quad quad) => _quads.Contains(quad);

    void IRdfSink.OnQuad(in Quad quad) => Add(quad);
    void IRdfSink.OnPrefix(string prefix, string namespaceIri) => _prefixes[prefix] = namespaceIri;
    void IRdfSink.OnBase(string baseIri) => BaseIri ??= baseIri;

    /// <summary>The graph names in use (null stands for the default graph).</summary>
    public IEnumerable<Term?> GraphNames => _order.Select(q => q.Graph).Distinct();

    /// <summary>Quads in insertion order, without duplicates.</summary>
    public IEnumerator<Quad> GetEnumerator()
    {
        // _order may hold nothing removed: the dataset is add-only, so it mirrors _quads.
        return _order.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Parses a document into a new dataset.</summary>
    public static Dataset Parse(string text, RdfFormat format, ParserOptions? options = null)
    {
        var ds = new Dataset();
        RdfFormats.CreateParser(format).Parse(new StringReader(text), ds, options);
        return ds;
    }

    /// <summary>Parses a file into a new dataset; the format comes from the extension unless given.</summary>
    public static Dataset Load(string path, RdfFormat? format = null, ParserOptions? options = null)
    {
        var f = format ?? (RdfFormats.TryFromFileName(path, out var g) ? g
            : throw new ArgumentException($"cannot tell the RDF syntax of '{path}' from its extension", nameof(path)));
        var ds = new Dataset();
        using var stream = File.OpenRead(path);
        RdfFormats.CreateParser(f).Parse(stream, ds, options ?? new ParserOptions { BaseIri = new Uri(Path.GetFullPath(path)).AbsoluteUri });
        return ds;
    }

    /// <summary>Writes the dataset in the given syntax.</summary>
    public string Write(RdfFormat format, WriterOptions? options = null)
    {
        var sw = new StringWriter();
        var w = RdfFormats.CreateWriter(format, sw, options ?? new WriterOptions { Prefixes = _prefixes });
        foreach (var q in _order) w.OnQuad(q);
        w.Finish();
        return sw.ToString();
    }
}
