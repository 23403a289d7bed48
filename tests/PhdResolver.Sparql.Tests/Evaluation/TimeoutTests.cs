using System.Diagnostics;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Evaluation;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Evaluation;

/// <summary>Synthetic data on which every query shape of <see cref="TimeoutTests"/> runs for far
/// longer than a second: 1500 items, a 20 000-node :next chain and :link graph, 50 long
/// descriptions and 5 strings that make a backtracking regex run forever.</summary>
public sealed class TimeoutData : IDisposable
{
    public const int Items = 1500;

    public TimeoutData()
    {
        Fixture = new EngineFixture(new SparqlOptions { Timeout = Timeout });
        using var tx = Fixture.Store.BeginWrite();
        var sink = tx.CreateLoadSink();
        const string ns = "http://ex/";
        Iri P(string local) => new(ns + local);
        var type = Vocab.Rdf.Type;
        for (int k = 0; k < Items; k++)
        {
            var s = P("i" + k);
            sink.OnQuad(new Quad(s, type, P("Item")));
            sink.OnQuad(new Quad(s, P("index"), new Literal(k.ToString(System.Globalization.CultureInfo.InvariantCulture), Vocab.Xsd.Integer)));
            sink.OnQuad(new Quad(s, P("label"), new Literal("item " + k)));
            if (k < 50) sink.OnQuad(new Quad(s, P("description"), new Literal(new StringBuilder().Insert(0, "lorem ipsum ", 1700).ToString())));
            if (k < 5) sink.OnQuad(new Quad(s, P("code"), new Literal(new string('a', 60) + "!")));
        }
        const int nodes = 20_000;
        for (int k = 0; k < nodes; k++)
        {
            var s = P("n" + k);
            if (k + 1 < nodes) sink.OnQuad(new Quad(s, P("next"), P("n" + (k + 1))));
            sink.OnQuad(new Quad(s, P("link"), P("n" + (k * 7919L + 1) % nodes)));
            sink.OnQuad(new Quad(s, P("link"), P("n" + (k * 104729L + 7) % nodes)));
        }
        tx.Commit();
        QuadCount = Fixture.Store.Indexes.QuadCount;
    }

    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    internal EngineFixture Fixture { get; }
    public long QuadCount { get; }

    public void Dispose() => Fixture.Dispose();
}

/// <summary>
/// Each long-running query shape stops with <see cref="SparqlTimeoutException"/>, and the engine
/// answers the next query correctly. Only a generous sanity bound on the time here: the
/// overshoot past the deadline is measured by bench/timeout.
/// </summary>
public sealed class TimeoutTests(TimeoutData data) : IClassFixture<TimeoutData>
{
    public static TheoryData<string, string> Shapes => new()
    {
        { "cross product", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item . ?c a :Item }" },
        { "order by", "SELECT ?a ?b ?c { ?a :index ?x . ?b :index ?y . ?c :index ?z } ORDER BY DESC(?x) ?z" },
        { "order by + limit", "SELECT ?a ?b ?c { ?a :index ?x . ?b :index ?y . ?c :index ?z } ORDER BY DESC(?x) ?z LIMIT 5" },
        { "group by", "SELECT ?a (COUNT(*) AS ?n) (SAMPLE(?c) AS ?s) { ?a a :Item . ?b a :Item . ?c a :Item } GROUP BY ?a" },
        { "distinct", "SELECT DISTINCT ?a ?b ?c { ?a a :Item . ?b a :Item . ?c a :Item }" },
        { "path +", "SELECT (COUNT(*) AS ?n) { ?x :link+ ?y }" },
        { "path *", "SELECT (COUNT(*) AS ?n) { ?x :next* ?y }" },
        { "path sequence", "SELECT (COUNT(*) AS ?n) { ?x :link/:link/:link/:next ?y . ?z a :Item }" },
        { "regex per row", "SELECT (COUNT(*) AS ?n) { ?a :label ?l . ?b :label ?m . ?c a :Item FILTER(REGEX(CONCAT(?l, STR(?c), ?m), \"^zzz\")) }" },
        { "regex backtracking", "SELECT ?a { ?a :code ?c FILTER(REGEX(?c, \"^(a|aa)+$\")) }" },
        { "replace backtracking", "SELECT (REPLACE(?c, \"^(a|aa)+$\", \"x\") AS ?r) { ?a :code ?c }" },
        { "slow filter", "SELECT (COUNT(*) AS ?n) { ?a :description ?d . ?b :description ?e . ?c a :Item FILTER(CONTAINS(UCASE(CONCAT(?d, STR(?c), ?e)), \"NEEDLE\")) }" },
        { "optional", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item . ?c a :Item OPTIONAL { ?a :next ?c } }" },
        { "minus", "SELECT (COUNT(*) AS ?n) { ?a :index ?i . ?x a :Item MINUS { ?b :link ?c OPTIONAL { ?b :next ?a } } }" },
        { "not exists", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item . ?c a :Item FILTER NOT EXISTS { ?a :next ?c } }" },
        { "exists", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item FILTER EXISTS { ?c a :Item FILTER(?c = ?b && STR(?a) = \"x\") } }" },
        { "values join", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item . ?c a :Item VALUES ?v { 1 2 3 4 5 6 7 8 9 10 } }" },
        { "hash join", "SELECT (COUNT(*) AS ?n) { { ?a a :Item . ?b a :Item } { SELECT ?c { ?c a :Item } } }" },
        { "construct", "CONSTRUCT { ?a :pair ?c } WHERE { ?a a :Item . ?b a :Item . ?c a :Item }" },
        { "describe", "DESCRIBE ?a ?b WHERE { ?a a :Item . ?b a :Item . ?c a :Item }" },
        { "ask", "ASK { ?a a :Item . ?b a :Item . ?c a :Item FILTER(STR(?c) = \"x\") }" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Long_query_times_out_and_the_engine_keeps_answering(string shape, string query)
    {
        var f = data.Fixture;
        // The observable outcome: the query is stopped by its deadline (a timeout naming it), not finished or failed
        // otherwise. How soon after the deadline it stops is a latency, measured in bench/timeout, not asserted here.
        var e = Assert.Throws<SparqlTimeoutException>(() => Consume(f.Engine.Query(EngineFixture.Prefix + query)));
        Assert.True(e.Timeout == TimeoutData.Timeout, $"{shape}: stopped by a timeout of {e.Timeout}");
        AssertStillServing();
    }

    [Theory]
    [InlineData("INSERT { ?a :pair ?c } WHERE { ?a a :Item . ?b a :Item . ?c a :Item }")]
    [InlineData("DELETE { ?a :index ?i } INSERT { ?a :pair ?b } WHERE { ?a :index ?i . ?b a :Item . ?c a :Item }")]
    [InlineData("DELETE WHERE { ?a :index ?i . ?b :index ?j . ?c :label ?l }")]
    [InlineData("INSERT { ?a :reach ?b } WHERE { ?a :link+ ?b }")]
    public void Long_update_times_out_and_changes_nothing(string update)
    {
        var f = data.Fixture;
        var e = Assert.Throws<SparqlTimeoutException>(() => f.Engine.Update(EngineFixture.Prefix + update));
        Assert.Equal(TimeoutData.Timeout, e.Timeout);
        Assert.Equal(data.QuadCount, f.Store.Indexes.QuadCount);
        AssertStillServing();
    }

    [Fact]
    public void Update_timeout_covers_the_whole_request()
    {
        // Each operation alone is fast, together they are not: the deadline is the request's.
        var f = data.Fixture;
        var ops = string.Join(" ;\n", Enumerable.Range(0, 2000).Select(i => $"INSERT {{ ?a :copy{i} ?i }} WHERE {{ ?a :index ?i }}"));
        Assert.Throws<SparqlTimeoutException>(() => f.Engine.Update(EngineFixture.Prefix + ops));
        Assert.Equal(data.QuadCount, f.Store.Indexes.QuadCount);
        AssertStillServing();
    }

    [Fact]
    public void Group_concat_longer_than_the_cap_is_a_limit_error()
    {
        using var f = new EngineFixture(new SparqlOptions { Timeout = TimeSpan.FromSeconds(60) });
        f.Engine.Update(EngineFixture.Prefix + "INSERT DATA { :a :text \"" + new string('x', 1 << 20) + "\" }");
        var r = (BindingsResult)f.Engine.Query(EngineFixture.Prefix
            + "SELECT (GROUP_CONCAT(?t) AS ?all) { ?a :text ?t VALUES ?k { " + string.Join(" ", Enumerable.Range(0, 100)) + " } }");
        var e = Assert.Throws<SparqlLimitException>(() => r.Rows.ToList());
        Assert.Contains("GROUP_CONCAT", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regex_without_a_deadline_keeps_the_per_match_cap()
    {
        using var f = new EngineFixture(new SparqlOptions { Timeout = null }, ":a :code \"" + new string('a', 60) + "!\" . :b :code \"aaaa\" .");
        // The backtracking match is cut off after 1 s and counts as an error: the row fails the FILTER.
        Assert.Equal([":b"], f.Rows("SELECT ?a { ?a :code ?c FILTER(REGEX(?c, \"^(a|aa)+$\")) }"));
    }

    [Fact]
    public void Cancellation_stops_a_long_sort()
    {
        var f = data.Fixture;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        // The row cap well above what 50 ms can materialise (the engine reaches the default 10 M
        // first when the timer fires late on a loaded machine), so cancellation is what stops it.
        var engine = new SparqlEngine(f.Store, new SparqlOptions { Timeout = null, MaxIntermediateRows = 100_000_000 });
        // Query inside the assertion: on a loaded machine the 50 ms may pass before evaluation starts,
        // and then Query itself throws the cancellation.
        Assert.ThrowsAny<OperationCanceledException>(() => Consume(engine.Query(
            EngineFixture.Prefix + "SELECT ?a ?b ?c { ?a :index ?x . ?b :index ?y . ?c :index ?z } ORDER BY ?z", cts.Token)));
    }

    [Fact]
    public void Sort_reports_the_deadline_not_the_comparison_failure()
    {
        // Array sorts wrap a comparison's exception in InvalidOperationException.
        var items = Enumerable.Range(0, 1000).Reverse().ToArray();
        int n = 0;
        var e = Assert.Throws<SparqlTimeoutException>(() => Evaluator.SortChecked<int>(items, (a, b) =>
            ++n == 500 ? throw new SparqlTimeoutException(TimeSpan.FromSeconds(1)) : a.CompareTo(b)));
        Assert.Equal(TimeSpan.FromSeconds(1), e.Timeout);
        Assert.Throws<InvalidOperationException>(() => Evaluator.SortChecked<int>(items, (a, b) => throw new FormatException()));
    }

    [Fact]
    public void Deadline_ticks_check_the_clock_and_the_token()
    {
        var past = new Deadline(TimeSpan.Zero, default);
        Thread.Sleep(1);
        Assert.Throws<SparqlTimeoutException>(past.Tick); // the first tick looks at the clock
        var none = new Deadline(null, default);
        for (int i = 0; i < 100_000; i++) none.Tick();
        Assert.Null(none.Remaining());
        using var cts = new CancellationTokenSource();
        var cancellable = new Deadline(null, cts.Token);
        for (int i = 0; i < 100_000; i++) cancellable.Tick();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => { for (int i = 0; i < 100_000; i++) cancellable.Tick(); });
    }

    private void AssertStillServing()
    {
        // What a timeout must not break is the store (its snapshot, its write lock, its indexes): the engine holds only
        // options. The checks run on an engine without a deadline over the same store, so that a loaded CI machine that
        // pauses this thread for 100 ms cannot fail them for a reason they do not name.
        var f = data.Fixture;
        var engine = new SparqlEngine(f.Store, new SparqlOptions { Timeout = null });
        Assert.Equal([TimeoutData.Items.ToString(System.Globalization.CultureInfo.InvariantCulture)], Rows(engine, "SELECT (COUNT(*) AS ?n) { ?x a :Item }"));
        Assert.Equal([":i7 7"], Rows(engine, "SELECT ?x ?i { ?x :index ?i FILTER(?i = 7) }"));
    }

    private static List<string> Rows(SparqlEngine engine, string query)
    {
        var r = (BindingsResult)engine.Query(EngineFixture.Prefix + query);
        return [.. r.Rows.Select(row => string.Join(" ", row.Select(t => t is null ? "-" : EngineFixture.Short(t))))];
    }

    private static void Consume(QueryResult r)
    {
        switch (r)
        {
            case BindingsResult b: foreach (var row in b.Rows) GC.KeepAlive(row); break;
            case GraphResult g: foreach (var t in g.Triples) GC.KeepAlive(t); break;
        }
    }
}
