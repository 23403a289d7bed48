using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

namespace PhdResolver.Sparql.Tests.Evaluation;

/// <summary>
/// The engine needs only <see cref="IQueryableDataset"/>: over a dataset that is not the store's snapshot (it
/// hands out quads through <see cref="QuadEnumerator.FromSource"/> and refuses subject-ordered scans, as a
/// remote backend might), the same queries give the same answers as over the embedded store.
/// </summary>
public sealed class QueryableDatasetTests : IDisposable
{
    private readonly EngineFixture _f = new(data: """
        :a :name "A" ; :knows :b, :c . :b :name "B" ; :knows :c . :c :name "C" .
        GRAPH :g1 { :a :age 30 . :b :age 40 } GRAPH :g2 { :c :age 50 }
        """);

    public void Dispose() => _f.Dispose();

    /// <summary>Everything through the interface, and nothing of the embedded indexes' fast paths.</summary>
    private sealed class ForeignDataset(IQueryableDataset inner) : IQueryableDataset
    {
        public bool TryGetId(Term term, out uint id) => inner.TryGetId(term, out id);
        public Term GetTerm(uint id) => inner.GetTerm(id);
        public bool ResolveGraph(GraphFilter graph, out uint? g, out MatchFlags flags) => inner.ResolveGraph(graph, out g, out flags);
        public long Estimate(uint? s, uint? p, uint? o, uint? g) => inner.Estimate(s, p, o, g);
        public List<uint> GraphIds() => inner.GraphIds();
        public bool OpenBySubject(ref QuadEnumerator e, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None) => false;

        public void Open(ref QuadEnumerator e, uint s, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None)
        {
            var own = default(QuadEnumerator);
            inner.Open(ref own, s, p, o, g, flags);
            var list = new List<IdQuad>();
            while (own.MoveNext()) list.Add(own.Current);
            e = QuadEnumerator.FromSource(list.GetEnumerator());
        }
    }

    private static List<string> Rows(SparqlEngine engine, string query) =>
        [.. ((BindingsResult)engine.Query(EngineFixture.Prefix + query)).Rows
            .Select(row => string.Join(" ", row.Select(t => t is null ? "-" : EngineFixture.Short(t)))).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData("SELECT ?x ?n { ?x :name ?n }")]
    [InlineData("SELECT ?x ?y ?n { ?x :knows ?y . ?y :name ?n }")]
    [InlineData("SELECT ?g ?x ?age { GRAPH ?g { ?x :age ?age } }")]
    [InlineData("SELECT ?x ?age FROM :g1 FROM :g2 { ?x :age ?age }")]
    [InlineData("SELECT ?x (COUNT(?y) AS ?n) { ?x :knows ?y } GROUP BY ?x")]
    [InlineData("SELECT ?x { ?x :name ?n FILTER NOT EXISTS { ?x :knows ?y } }")]
    public void A_foreign_dataset_answers_like_the_store(string query)
    {
        var snapshot = _f.Store.OpenSnapshot();
        var foreign = new SparqlEngine(() => new ForeignDataset(snapshot));
        var expected = Rows(_f.Engine, query);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Rows(foreign, query));
    }

    [Fact]
    public void An_engine_over_a_read_only_dataset_refuses_updates()
    {
        var engine = new SparqlEngine(() => _f.Store.OpenSnapshot());
        Assert.Throws<InvalidOperationException>(() => engine.Update("INSERT DATA { <http://ex/x> <http://ex/p> 1 }"));
    }
}
