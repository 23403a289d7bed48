using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// The data graph as a SPARQL dataset for one validation run: an <see cref="InMemoryDataset"/> built on the
/// first SHACL-SPARQL query of the run (nothing on disk: the engine runs over any queryable dataset). The
/// data graph is the default graph (kept separate, not the union), the shapes graph is the named graph
/// <see cref="ShapesGraphName"/> ($shapesGraph), and <see cref="BlankNodeGraph"/> names every blank node
/// with an IRI so a query can be pre-bound to one.
/// </summary>
internal sealed class SparqlDataGraph : IDisposable
{
    public static readonly object Key = new();
    public static readonly Iri ShapesGraphName = new("urn:x-phd-shacl:shapes-graph");
    public static readonly Iri BlankNodeGraph = new("urn:x-phd-shacl:blank-nodes");
    public static readonly Iri BlankNodeLink = new("urn:x-phd-shacl:is");
    private const string BlankNodePrefix = "urn:x-phd-shacl:blank-node:";

    private readonly SparqlEngine _engine;

    private SparqlDataGraph(IQueryableDataset dataset) =>
        _engine = new SparqlEngine(() => dataset, new SparqlOptions { Timeout = null });

    public static Iri BlankNodeName(BlankNode b) => new(BlankNodePrefix + Uri.EscapeDataString(b.Id));

    public static SparqlDataGraph Create(ShaclGraph data, ShaclGraph shapes)
    {
        var blanks = new HashSet<BlankNode>();
        var quads = new List<Quad>();
        foreach (var t in data.Triples())
        {
            quads.Add(t.InGraph(null));
            Note(t, blanks);
        }
        foreach (var t in shapes.Triples())
        {
            quads.Add(t.InGraph(ShapesGraphName));
            Note(t, blanks);
        }
        foreach (var b in blanks) quads.Add(new Quad(BlankNodeName(b), BlankNodeLink, b, BlankNodeGraph));
        return new SparqlDataGraph(InMemoryDataset.Build(quads, DefaultGraphMode.Separate));
    }

    private static void Note(Triple t, HashSet<BlankNode> blanks)
    {
        if (t.Subject is BlankNode s) blanks.Add(s);
        if (t.Object is BlankNode o) blanks.Add(o);
    }

    /// <summary>Runs a prepared SELECT query and collects its rows; <paramref name="ct"/> is the validation's
    /// stop signal, checked in the engine's loops (the engine itself has no timeout here).</summary>
    public (IReadOnlyList<string> Variables, List<Term?[]> Rows) Select(string text, CancellationToken ct) =>
        Run(text, r => r is BindingsResult b ? (b.Variables, b.Rows.ToList()) : throw new ShaclException("expected a SELECT query"), ct);

    /// <summary>Runs a prepared ASK query (see <see cref="Select"/>).</summary>
    public bool Ask(string text, CancellationToken ct) =>
        Run(text, r => r is BooleanResult b ? b.Value : throw new ShaclException("expected an ASK query"), ct);

    /// <summary>An engine error is a SHACL failure: a report without this query's results would be wrong.
    /// Cancellation is not an engine error: it propagates as <see cref="OperationCanceledException"/>.</summary>
    private T Run<T>(string text, Func<QueryResult, T> read, CancellationToken ct)
    {
        try
        {
            return read(_engine.Query(text, ct));
        }
        catch (SyntaxException e)
        {
            throw new ShaclException($"SHACL-SPARQL query failed to parse after pre-binding: {e.Message}", e);
        }
        catch (SparqlEvaluationException e)
        {
            throw new ShaclException($"SHACL-SPARQL query failed: {e.Message}", e);
        }
    }

    /// <summary>Nothing to release any more (the dataset is garbage once the run ends); kept so the
    /// validation's per-run cleanup stays in one place should a backend need one.</summary>
    public void Dispose() { }
}
