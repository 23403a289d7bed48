using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// The data graph as a SPARQL dataset for one validation run: a throw-away <see cref="QuadStore"/> in a
/// temporary folder (the engine runs over stores only), created on the first SHACL-SPARQL query of the
/// run and deleted at its end. The data graph is the default graph (kept separate, not the union),
/// the shapes graph is the named graph <see cref="ShapesGraphName"/> ($shapesGraph), and
/// <see cref="BlankNodeGraph"/> names every blank node with an IRI so a query can be pre-bound to one.
/// </summary>
internal sealed class SparqlDataGraph : IDisposable
{
    public static readonly object Key = new();
    public static readonly Iri ShapesGraphName = new("urn:x-phd-shacl:shapes-graph");
    public static readonly Iri BlankNodeGraph = new("urn:x-phd-shacl:blank-nodes");
    public static readonly Iri BlankNodeLink = new("urn:x-phd-shacl:is");
    private const string BlankNodePrefix = "urn:x-phd-shacl:blank-node:";

    private readonly string _dir;
    private readonly QuadStore _store;
    private readonly SparqlEngine _engine;

    private SparqlDataGraph(string dir, QuadStore store)
    {
        _dir = dir;
        _store = store;
        _engine = new SparqlEngine(store, new SparqlOptions { Timeout = null });
    }

    public static Iri BlankNodeName(BlankNode b) => new(BlankNodePrefix + Uri.EscapeDataString(b.Id));

    public static SparqlDataGraph Create(ShaclGraph data, ShaclGraph shapes)
    {
        string dir = Path.Combine(Path.GetTempPath(), "phd-shacl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        QuadStore? store = null;
        try
        {
            store = QuadStore.Open(dir, new StoreOptions { DefaultGraph = DefaultGraphMode.Separate, Synchronous = SynchronousMode.Normal });
            var blanks = new HashSet<BlankNode>();
            using (var w = store.BeginWrite())
            {
                foreach (var t in data.Triples())
                {
                    w.Insert(t.InGraph(null));
                    Note(t, blanks);
                }
                foreach (var t in shapes.Triples())
                {
                    w.Insert(t.InGraph(ShapesGraphName));
                    Note(t, blanks);
                }
                foreach (var b in blanks) w.Insert(new Quad(BlankNodeName(b), BlankNodeLink, b, BlankNodeGraph));
                w.Commit();
            }
            return new SparqlDataGraph(dir, store);
        }
        catch
        {
            store?.Dispose();
            TryDelete(dir);
            throw;
        }
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
        catch (RdfSyntaxException e)
        {
            throw new ShaclException($"SHACL-SPARQL query failed to parse after pre-binding: {e.Message}", e);
        }
        catch (SparqlEvaluationException e)
        {
            throw new ShaclException($"SHACL-SPARQL query failed: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        TryDelete(_dir);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the validation over it is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
