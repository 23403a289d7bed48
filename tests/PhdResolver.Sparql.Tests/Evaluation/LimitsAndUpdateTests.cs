using System.Diagnostics;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Evaluation;

public sealed class LimitsAndUpdateTests
{
    private static string ManyThings(int n, string extra = "")
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++) sb.Append($":t{i} a :Thing ; :index {i} . ");
        return sb.Append(extra).ToString();
    }

    [Fact]
    public void Join_order_starts_with_the_selective_pattern()
    {
        using var f = new EngineFixture(data: ManyThings(200, ":t7 :serial \"42\" ."));
        var plan = f.Engine.Explain(EngineFixture.Prefix + "SELECT ?x { ?x a :Thing . ?x :serial \"42\" }");
        var bgp = FindBgp(plan)!;
        Assert.Contains("serial", bgp.Triples[0].ToString(), StringComparison.Ordinal);
        Assert.Equal([":t7"], f.Rows("SELECT ?x { ?x a :Thing . ?x :serial \"42\" }"));
    }

    [Fact]
    public void Filter_is_pushed_into_the_join_side_that_binds_it()
    {
        using var f = new EngineFixture(data: ManyThings(5));
        var plan = f.Engine.Explain(EngineFixture.Prefix + "SELECT * { ?x :index ?i OPTIONAL { ?x :other ?o } FILTER(?i > 2) }");
        Assert.IsType<LeftJoin>(((Project)plan).Input);
    }

    private static Bgp? FindBgp(Op op) => op switch
    {
        Bgp b => b,
        Project p => FindBgp(p.Input),
        Filter f => FindBgp(f.Input),
        Join j => FindBgp(j.Left) ?? FindBgp(j.Right),
        _ => null,
    };

    [Fact]
    public void Timeout_stops_a_query_far_longer_than_the_deadline_while_its_rows_are_read()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        using var f = new EngineFixture(new SparqlOptions { Timeout = timeout }, ManyThings(300));
        // A cross product of 300^3 rows: far longer than the timeout. The rows are produced lazily, so the deadline
        // must stop the enumeration itself; how soon after it is a latency for bench/timeout, not this test.
        var r = (BindingsResult)f.Engine.Query(EngineFixture.Prefix + "SELECT * { ?a a :Thing . ?b a :Thing . ?c a :Thing . FILTER(?a != ?c) }");
        long rows = 0;
        var e = Assert.Throws<SparqlTimeoutException>(() => { foreach (var _ in r.Rows) rows++; });
        Assert.Equal(timeout, e.Timeout);
        Assert.True(rows < 300L * 300 * 299, $"all {rows} rows came out before the timeout");
    }

    [Fact]
    public void Cancellation_token_stops_the_query()
    {
        using var f = new EngineFixture(data: ManyThings(100));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        // A request cancelled before it starts stops before translation (or, at the latest, at the first row).
        Assert.Throws<OperationCanceledException>(() =>
        {
            var r = (BindingsResult)f.Engine.Query(EngineFixture.Prefix + "SELECT * { ?a a :Thing . ?b a :Thing }", cts.Token);
            foreach (var _ in r.Rows) { }
        });
    }

    [Fact]
    public void Intermediate_row_cap_is_a_clear_error()
    {
        using var f = new EngineFixture(new SparqlOptions { MaxIntermediateRows = 1000 }, ManyThings(100));
        var r = (BindingsResult)f.Engine.Query(EngineFixture.Prefix + "SELECT * { ?a a :Thing . ?b a :Thing } ORDER BY ?a");
        var e = Assert.Throws<SparqlLimitException>(() => { foreach (var _ in r.Rows) { } });
        Assert.Contains("more than 1000 rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_is_refused()
    {
        using var f = new EngineFixture(data: ManyThings(1));
        var r = (BindingsResult)f.Engine.Query("SELECT * { SERVICE <http://remote/sparql> { ?s ?p ?o } }");
        var e = Assert.Throws<SparqlRefusedException>(() => r.Rows.ToList());
        Assert.Contains("allow-list", e.Message, StringComparison.Ordinal);
        using var g = new EngineFixture(new SparqlOptions { ServiceAllowList = ["http://remote/sparql"] });
        r = (BindingsResult)g.Engine.Query("SELECT * { SERVICE <http://remote/sparql> { ?s ?p ?o } }");
        e = Assert.Throws<SparqlRefusedException>(() => r.Rows.ToList());
        Assert.Contains("not supported yet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_is_refused_for_urls_and_paths_outside_the_allowed_folders()
    {
        var dir = Path.Combine(Path.GetTempPath(), "phd-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "d.ttl");
            File.WriteAllText(file, "<http://ex/a> <http://ex/b> <http://ex/c> .");
            string fileIri = new Uri(file).AbsoluteUri;
            using (var f = new EngineFixture())
            {
                Assert.Throws<SparqlRefusedException>(() => f.Engine.Update("LOAD <http://example.org/data.ttl>"));
                Assert.Throws<SparqlRefusedException>(() => f.Engine.Update($"LOAD <{fileIri}>"));
                f.Engine.Update($"LOAD SILENT <{fileIri}>"); // SILENT: no error, nothing loaded
                Assert.Empty(f.Rows("SELECT * { ?s ?p ?o }"));
            }
            using (var f = new EngineFixture(new SparqlOptions { LoadAllowedFolders = [Path.GetTempPath() + "phd-other"] }))
                Assert.Throws<SparqlRefusedException>(() => f.Engine.Update($"LOAD <{fileIri}>"));
            using (var f = new EngineFixture(new SparqlOptions { LoadAllowedFolders = [dir] }))
            {
                Assert.Throws<SparqlRefusedException>(() => f.Engine.Update("LOAD <http://example.org/data.ttl>"));
                f.Engine.Update($"LOAD <{fileIri}> INTO GRAPH <http://ex/g>");
                Assert.Equal([":a"], f.Rows("SELECT ?s { GRAPH :g { ?s ?p ?o } }"));
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Update_request_is_all_or_nothing()
    {
        using var f = new EngineFixture(data: "GRAPH :g { :x :y :z }");
        var e = Assert.Throws<SparqlEvaluationException>(() =>
            f.Engine.Update("PREFIX : <http://ex/> INSERT DATA { :new :p :o } ; CREATE GRAPH :g"));
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.Empty(f.Rows("SELECT * { :new ?p ?o }"));
    }

    [Fact]
    public void Later_operations_see_earlier_ones()
    {
        using var f = new EngineFixture();
        f.Engine.Update("PREFIX : <http://ex/> INSERT DATA { :a :p 1 } ; INSERT { ?s :q ?o } WHERE { ?s :p ?o } ; DELETE WHERE { ?s :p ?o }");
        Assert.Equal([":a :q 1"], f.Rows("SELECT * { ?s ?p ?o }"));
    }

    [Fact]
    public void Modify_with_using_and_graph_management()
    {
        using var f = new EngineFixture(data: "GRAPH :g1 { :a :p 1 . :b :p 2 } :c :p 3 .");
        f.Engine.Update("PREFIX : <http://ex/> WITH :g1 DELETE { ?s :p ?o } INSERT { ?s :p2 ?o } WHERE { ?s :p ?o FILTER(?o > 1) }");
        Assert.Equal([":a :p 1", ":b :p2 2"], f.SortedRows("SELECT ?s ?p ?o { GRAPH :g1 { ?s ?p ?o } }"));
        f.Engine.Update("PREFIX : <http://ex/> COPY :g1 TO :g2 ; MOVE DEFAULT TO :g3 ; DROP GRAPH :g1");
        Assert.Equal([":g2", ":g3"], f.SortedRows("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"));
        Assert.Empty(f.Rows("SELECT * { ?s ?p ?o }"));
        f.Engine.Update("CLEAR ALL");
        Assert.Empty(f.Rows("SELECT * { GRAPH ?g { ?s ?p ?o } }"));
    }

    [Fact]
    public void Insert_data_blank_nodes_are_fresh_per_request()
    {
        using var f = new EngineFixture();
        f.Engine.Update("PREFIX : <http://ex/> INSERT DATA { _:b :p 1 }");
        f.Engine.Update("PREFIX : <http://ex/> INSERT DATA { _:b :p 2 }");
        Assert.Equal(2, f.Rows("SELECT DISTINCT ?s { ?s :p ?o }").Count);
    }

    [Fact]
    public void Term_results_decode_correctly()
    {
        using var f = new EngineFixture(data: ":a :p \"x\"@en .");
        var r = (BindingsResult)f.Engine.Query("SELECT ?o (STRLEN(?o) AS ?n) { ?s ?p ?o }");
        var row = Assert.Single(r.Rows);
        Assert.Equal(new Literal("x", "en"), row[0]);
        Assert.Equal("1", ((Literal)row[1]!).Lexical);
    }
}
