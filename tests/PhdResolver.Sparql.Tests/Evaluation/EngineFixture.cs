using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

namespace PhdResolver.Sparql.Tests.Evaluation;

/// <summary>A real store in a temp folder with a SPARQL engine on top.</summary>
internal sealed class EngineFixture : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-eval-test-" + Guid.NewGuid().ToString("N"));

    public EngineFixture(SparqlOptions? options = null, string? data = null, DefaultGraphMode mode = DefaultGraphMode.Separate)
    {
        Store = QuadStore.Open(_dir, new StoreOptions { DefaultGraph = mode, Synchronous = SynchronousMode.Normal });
        Engine = new SparqlEngine(Store, options ?? new SparqlOptions());
        if (data is not null) Engine.Update("PREFIX : <http://ex/> INSERT DATA { " + data + " }");
    }

    public QuadStore Store { get; }
    public SparqlEngine Engine { get; }

    public const string Prefix = "PREFIX : <http://ex/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ";

    /// <summary>SELECT rows as strings: each row "v1 v2 ..." in N-Triples, "-" for unbound.</summary>
    public List<string> Rows(string query)
    {
        var r = (BindingsResult)Engine.Query(Prefix + query);
        return r.Rows.Select(row => string.Join(" ", row.Select(t => t is null ? "-" : Short(t)))).ToList();
    }

    public List<string> SortedRows(string query)
    {
        var rows = Rows(query);
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static string Short(Term t) => t switch
    {
        Iri i when i.Value.StartsWith("http://ex/", StringComparison.Ordinal) => ":" + i.Value["http://ex/".Length..],
        Literal l when l.Datatype.Value == Vocab.Xsd.StringValue || l.Datatype.Value.EndsWith("#integer", StringComparison.Ordinal) => l.Lexical,
        _ => t.ToString(),
    };

    public void Dispose()
    {
        Store.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
