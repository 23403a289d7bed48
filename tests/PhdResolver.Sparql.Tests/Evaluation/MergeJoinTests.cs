using PhdResolver.Store;

namespace PhdResolver.Sparql.Tests.Evaluation;

/// <summary>
/// The merge join of two subject-star patterns (union default graph, comparable sides) must give
/// exactly the solutions of the lookup join: every pair per subject, each triple once however
/// many graphs hold it, filters and further patterns applied. Expected rows are computed here
/// from the generated data, not by the engine.
/// </summary>
public class MergeJoinTests
{
    private const int Subjects = 300;

    /// <summary>Subject i: i % 3 values of :p, (i % 4) values of :q, type :T when even; every
    /// fifth subject's triples also sit in a second graph (duplicates for the union).</summary>
    private static string Data(bool inNamedGraphs = true)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < Subjects; i++)
        {
            var triples = new System.Text.StringBuilder();
            for (int k = 0; k < i % 3; k++) triples.Append($":s{i} :p {k} . ");
            for (int k = 0; k < i % 4; k++) triples.Append($":s{i} :q \"q{k}\" . ");
            if (i % 2 == 0) triples.Append($":s{i} a :T . ");
            if (!inNamedGraphs) { sb.Append(triples); continue; }
            sb.Append("GRAPH :g1 { ").Append(triples).Append("} ");
            if (i % 5 == 0) sb.Append("GRAPH :g2 { ").Append(triples).Append("} ");
        }
        return sb.ToString();
    }

    private static List<string> Expected(Func<int, bool> keep, bool withQ = true)
    {
        var rows = new List<string>();
        for (int i = 0; i < Subjects; i++)
        {
            if (!keep(i)) continue;
            for (int a = 0; a < i % 3; a++)
            {
                if (!withQ) { rows.Add($":s{i} {a}"); continue; }
                for (int b = 0; b < i % 4; b++) rows.Add($":s{i} {a} q{b}");
            }
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [Fact]
    public void Every_pair_per_subject_once()
    {
        using var f = new EngineFixture(data: Data(), mode: DefaultGraphMode.Union);
        Assert.Equal(Expected(_ => true), f.SortedRows("SELECT ?s ?a ?b { ?s :p ?a . ?s :q ?b }"));
    }

    [Fact]
    public void Constant_object_side_and_filters()
    {
        using var f = new EngineFixture(data: Data(), mode: DefaultGraphMode.Union);
        Assert.Equal(Expected(i => i % 2 == 0, withQ: false), f.SortedRows("SELECT ?s ?a { ?s a :T . ?s :p ?a }"));
        Assert.Equal(Expected(_ => true).Where(r => !r.EndsWith(" q0", StringComparison.Ordinal)).ToList(),
            f.SortedRows("SELECT ?s ?a ?b { ?s :p ?a . ?s :q ?b FILTER(?b != 'q0') }"));
    }

    [Fact]
    public void Third_pattern_joins_on_the_merged_rows()
    {
        using var f = new EngineFixture(data: Data(), mode: DefaultGraphMode.Union);
        Assert.Equal(Expected(i => i % 2 == 0), f.SortedRows("SELECT ?s ?a ?b { ?s :p ?a . ?s :q ?b . ?s a :T }"));
        Assert.Equal(["0"], f.Rows("SELECT (COUNT(*) AS ?n) { ?s :p ?a . ?s :q ?b . ?s a :Nothing }"));
    }

    [Fact]
    public void Counts_agree_with_the_separate_default_graph()
    {
        // Separate mode never merges (the default graph is not the union): same data in the
        // default graph must count the same as the union of the named graphs without duplicates.
        using var union = new EngineFixture(data: Data(), mode: DefaultGraphMode.Union);
        using var plain = new EngineFixture(data: Data(inNamedGraphs: false));
        const string q = "SELECT ?a (COUNT(?s) AS ?n) { ?s :p ?a . ?s :q ?b } GROUP BY ?a ORDER BY ?a";
        var expected = Expected(_ => true).GroupBy(r => r.Split(' ')[1]).Select(g => $"{g.Key} {g.Count()}").ToList();
        Assert.Equal(expected, plain.Rows(q));
        Assert.Equal(expected, union.Rows(q));
    }

    [Fact]
    public void One_from_graph_merges_its_own_quads_only()
    {
        // FROM :g2 (what a client's default-graph-uri becomes): the merge join reads :g2's quads in
        // subject order and skips those of :g1, so only every fifth subject answers.
        using var f = new EngineFixture(data: Data(), mode: DefaultGraphMode.Union);
        Assert.Equal(Expected(i => i % 5 == 0), f.SortedRows("SELECT ?s ?a ?b FROM :g2 { ?s :p ?a . ?s :q ?b }"));
        Assert.Equal(Expected(_ => true), f.SortedRows("SELECT ?s ?a ?b FROM :g1 { ?s :p ?a . ?s :q ?b }"));
        Assert.Empty(f.SortedRows("SELECT ?s ?a ?b FROM :nothing { ?s :p ?a . ?s :q ?b }"));
        // Two FROM graphs: their RDF merge, each triple once.
        Assert.Equal(Expected(_ => true), f.SortedRows("SELECT ?s ?a ?b FROM :g1 FROM :g2 { ?s :p ?a . ?s :q ?b }"));
    }

    [Fact]
    public void From_graphs_that_hold_every_quad_answer_as_the_union_and_no_more()
    {
        // FROM :g1 FROM :g2 names every graph of the store: answered through the union default graph (one
        // solution per triple although every fifth subject's triples are in both graphs), with counts too.
        using var f = new EngineFixture(data: Data(), mode: DefaultGraphMode.Union);
        const string count = "SELECT (COUNT(*) AS ?n) {0} { ?s :p ?a . ?s :q ?b }";
        string all = Expected(_ => true).Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([all], f.Rows(count.Replace("{0}", "FROM :g1 FROM :g2 FROM :g1", StringComparison.Ordinal)));
        Assert.Equal([all], f.Rows(count.Replace("{0}", "FROM :g2 FROM :g1 FROM :absent", StringComparison.Ordinal)));
        // FROM NAMED still decides what GRAPH sees, whatever the default graph became.
        Assert.Equal(["0"], f.Rows("SELECT (COUNT(*) AS ?n) FROM :g1 FROM :g2 { GRAPH ?g { ?s :p ?a } }"));
        Assert.Equal(Expected(i => i % 5 == 0, withQ: false),
            f.SortedRows("SELECT ?s ?a FROM :g1 FROM :g2 FROM NAMED :g2 { GRAPH :g2 { ?s :p ?a } }"));

        // A triple in the store's own default graph (id 0) is in no FROM graph: the union is no longer the merge.
        f.Engine.Update("PREFIX : <http://ex/> INSERT DATA { :s0 :p 99 . :s0 :q 'q9' }");
        Assert.Equal([all], f.Rows(count.Replace("{0}", "FROM :g1 FROM :g2", StringComparison.Ordinal)));
        Assert.Equal(["0"], f.Rows("SELECT (COUNT(*) AS ?n) FROM :g1 FROM :g2 { :s0 :p 99 }"));
        Assert.Equal(["1"], f.Rows("SELECT (COUNT(*) AS ?n) { :s0 :p 99 }"));

        // A graph added later and left out of FROM is not read either.
        f.Engine.Update("PREFIX : <http://ex/> DELETE DATA { :s0 :p 99 . :s0 :q 'q9' } ; INSERT DATA { GRAPH :g3 { :s0 :p 98 } }");
        Assert.Equal(["0"], f.Rows("SELECT (COUNT(*) AS ?n) FROM :g1 FROM :g2 { :s0 :p 98 }"));
        Assert.Equal(["1"], f.Rows("SELECT (COUNT(*) AS ?n) FROM :g1 FROM :g2 FROM :g3 { :s0 :p 98 }"));
    }

    [Fact]
    public void From_the_only_graph_of_a_store_with_its_own_default_graph_is_that_graph()
    {
        // Separate mode: the store's default graph is graph 0 (empty here), never the union, so FROM :g1 must
        // read :g1 although :g1 holds every quad.
        using var f = new EngineFixture(data: "GRAPH :g1 { :a :p 1 . :b :p 2 }");
        Assert.Equal(["0"], f.Rows("SELECT (COUNT(*) AS ?n) { ?s :p ?o }"));
        Assert.Equal(["2"], f.Rows("SELECT (COUNT(*) AS ?n) FROM :g1 { ?s :p ?o }"));
    }
}
