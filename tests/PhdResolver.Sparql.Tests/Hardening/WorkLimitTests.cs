using System.Text;
using PhdResolver.Sparql.Evaluation;
using PhdResolver.Sparql.Functions;
using PhdResolver.Sparql.Optimizer;
using PhdResolver.Sparql.Results;
using PhdResolver.Sparql.Tests.Evaluation;

namespace PhdResolver.Sparql.Tests.Hardening;

/// <summary>Issue 12: string building is capped, and the deadline covers optimisation, not only evaluation.</summary>
public sealed class WorkLimitTests
{
    [Fact]
    public void Concat_doubling_stops_with_a_limit_error()
    {
        using var f = new EngineFixture();
        var sb = new StringBuilder("SELECT ?a30 WHERE { BIND(\"ab\" AS ?a0) ");
        for (int i = 1; i <= 30; i++) sb.Append($"BIND(CONCAT(?a{i - 1}, ?a{i - 1}) AS ?a{i}) ");
        sb.Append('}');
        var ex = Assert.Throws<SparqlLimitException>(() => f.Rows(sb.ToString()));
        Assert.Contains("CONCAT", ex.Message, StringComparison.Ordinal);
        Assert.Contains(StringFunctions.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concat_below_the_limit_still_works()
    {
        using var f = new EngineFixture();
        var rows = f.Rows("SELECT (STRLEN(?a3) AS ?n) WHERE { BIND(\"ab\" AS ?a0) BIND(CONCAT(?a0, ?a0) AS ?a1) BIND(CONCAT(?a1, ?a1) AS ?a2) BIND(CONCAT(?a2, ?a2) AS ?a3) }");
        Assert.Equal(["16"], rows);
    }

    [Fact]
    public void Replace_that_multiplies_its_input_stops_with_a_limit_error()
    {
        using var f = new EngineFixture();
        // Few matches with a long replacement (4096 x 8192 = 32 Mi), so no per-match regex timeout interferes.
        string input = new('x', 1 << 12);
        var ex = Assert.Throws<SparqlLimitException>(() =>
            f.Rows($"SELECT (REPLACE(\"{input}\", \".\", \"{new string('y', 1 << 13)}\") AS ?r) WHERE {{}}"));
        Assert.Contains("REPLACE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_concat_shares_the_string_cap() =>
        Assert.Equal(StringFunctions.MaxLength, GroupConcatAccumulator.MaxLength);

    [Fact]
    public void Ordering_a_huge_bgp_stops_when_the_request_is_cancelled()
    {
        // 2*10^4 patterns from a flat collection: greedy ordering is quadratic, so it must check the deadline.
        var q = SparqlParser.ParseQuery("SELECT * WHERE { ?s <http://ex/p> (" + new StringBuilder().Insert(0, " ?x", 10_000) + " ) }");
        var algebra = AlgebraBuilder.Translate(q);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var deadline = new Deadline(null, cts.Token);
        var bgp = Assert.IsType<Bgp>(Assert.IsType<Project>(algebra).Input);
        Assert.Throws<OperationCanceledException>(() => JoinOrder.Order(bgp, _ => 1, deadline));
    }

    [Fact]
    public void Optimizing_a_huge_bgp_directly_stops_with_a_timeout_error()
    {
        // The public optimiser entry point under a 1 ms timeout: ordering 2*10^4 patterns takes seconds
        // unchecked, so the outcome is the engine's timeout error, not a result.
        var q = SparqlParser.ParseQuery("SELECT * WHERE { ?s <http://ex/p> (" + new StringBuilder().Insert(0, " ?x", 10_000) + " ) }");
        var algebra = AlgebraBuilder.Translate(q);
        var ex = Assert.Throws<SparqlTimeoutException>(() => QueryOptimizer.Optimize(algebra, _ => 1, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), ex.Timeout);
    }

    [Fact]
    public void Optimizing_a_huge_bgp_directly_stops_when_cancelled()
    {
        var q = SparqlParser.ParseQuery("SELECT * WHERE { ?s <http://ex/p> (" + new StringBuilder().Insert(0, " ?x", 10_000) + " ) }");
        var algebra = AlgebraBuilder.Translate(q);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => QueryOptimizer.Optimize(algebra, _ => 1, null, cts.Token));
    }

    [Fact]
    public void The_optimizer_with_a_deadline_still_orders_small_bgps()
    {
        var q = SparqlParser.ParseQuery("SELECT * WHERE { ?s <http://ex/big> ?o . ?s <http://ex/small> ?x }");
        var op = QueryOptimizer.Optimize(AlgebraBuilder.Translate(q), t => t.Predicate.ToString()!.Contains("small", StringComparison.Ordinal) ? 1 : 1000, TimeSpan.FromSeconds(30));
        var bgp = Assert.IsType<Bgp>(Assert.IsType<Project>(op).Input);
        Assert.Contains("small", bgp.Triples[0].Predicate.ToString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_flat_collection_query_stops_when_its_request_is_cancelled()
    {
        // The whole engine path (translation, optimisation, evaluation) under one deadline: cancelled soon
        // after it starts, the 10^4-pattern query ends with a cancellation instead of running on.
        using var f = new EngineFixture();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var text = "SELECT * WHERE { ?s <http://ex/p> (" + new StringBuilder().Insert(0, " ?x", 10_000) + " ) }";
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            if (f.Engine.Query(text, cts.Token) is BindingsResult r) foreach (var _ in r.Rows) { }
        });
    }

    [Fact]
    public void A_cancelled_request_stops_before_translation()
    {
        using var f = new EngineFixture();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => f.Engine.Query("SELECT * WHERE { ?s ?p ?o }", cts.Token));
    }
}
