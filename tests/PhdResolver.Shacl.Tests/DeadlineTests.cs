using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Shacl.Tests;

/// <summary>
/// Issue 12: a validation stops when its request's deadline passes. Each input here would run for hours
/// (polynomial in a chain of a few thousand nodes); the token is cancelled shortly after the run starts, and
/// the outcome is a cancellation with no report, not a result.
/// </summary>
public class DeadlineTests
{
    private static Dataset Chain(int n)
    {
        var data = new Dataset();
        for (int i = 0; i < n; i++)
        {
            data.Add(new Quad(Helpers.Ex("n" + i), Vocab.Rdf.Type, Helpers.Ex("Node")));
            data.Add(new Quad(Helpers.Ex("n" + i), Helpers.Ex("next"), Helpers.Ex("n" + (i + 1))));
        }
        return data;
    }

    [Fact]
    public void Nested_repetition_paths_over_a_long_chain_stop_when_cancelled()
    {
        // ((next*)*)* from every node of a 3000-node chain: each closure step re-walks the inner closure,
        // about n^4 node expansions in all. Only the checks inside the path walk can stop it.
        var shapes = new ShaclValidator(new ShapesGraph(Helpers.Parse("""
            ex:S a sh:NodeShape ; sh:targetClass ex:Node ;
              sh:property [ sh:path [ sh:zeroOrMorePath [ sh:zeroOrMorePath [ sh:zeroOrMorePath ex:next ] ] ] ; sh:maxCount 1 ] .
            """)));
        var data = new ShaclGraph(Chain(3000));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.ThrowsAny<OperationCanceledException>(() => shapes.Validate(data, cts.Token));
    }

    [Fact]
    public void A_sparql_constraint_with_a_huge_join_stops_when_cancelled()
    {
        // One focus node, but its query joins three unconnected patterns over 2000 triples (8*10^9 rows)
        // under a filter that needs all three: only the engine's own checks of the token can stop it.
        var shapes = new ShaclValidator(new ShapesGraph(Helpers.Parse("""
            ex:S a sh:NodeShape ; sh:targetNode ex:n0 ;
              sh:sparql [ sh:select "SELECT $this WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . FILTER(STR(?b) = CONCAT(STR(?d), STR(?f), 'x')) }" ] .
            """)));
        var data = new ShaclGraph(Chain(1000));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.ThrowsAny<OperationCanceledException>(() => shapes.Validate(data, cts.Token));
    }

    [Fact]
    public void Pair_constraints_over_many_values_stop_when_cancelled()
    {
        // sh:lessThan compares every value with every value of the other predicate: 2*10^4 x 2*10^4 pairs, all
        // in order (so no results pile up), seconds of comparisons.
        var shapes = new ShaclValidator(new ShapesGraph(Helpers.Parse("""
            ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:path ex:a ; sh:lessThan ex:b ] .
            """)));
        var data = new Dataset();
        for (int i = 0; i < 20_000; i++)
        {
            data.Add(new Quad(Helpers.Ex("x"), Helpers.Ex("a"), new Literal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Vocab.Xsd.Integer)));
            data.Add(new Quad(Helpers.Ex("x"), Helpers.Ex("b"), new Literal((100_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Vocab.Xsd.Integer)));
        }
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        // Pre-cancelled: the run refuses at once; the per-value check itself is what the test below exercises.
        Assert.ThrowsAny<OperationCanceledException>(() => shapes.Validate(new ShaclGraph(data), cts.Token));
        using var later = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.ThrowsAny<OperationCanceledException>(() => shapes.Validate(new ShaclGraph(data), later.Token));
    }

    [Fact]
    public void Without_cancellation_the_same_shapes_validate_small_data()
    {
        // The checks change nothing for a run that is not cancelled.
        var shapes = new ShaclValidator(new ShapesGraph(Helpers.Parse("""
            ex:S a sh:NodeShape ; sh:targetClass ex:Node ;
              sh:property [ sh:path [ sh:zeroOrMorePath [ sh:zeroOrMorePath [ sh:zeroOrMorePath ex:next ] ] ] ; sh:maxCount 1 ] .
            """)));
        using var cts = new CancellationTokenSource();
        var report = shapes.Validate(new ShaclGraph(Chain(3)), cts.Token);
        // n0 reaches n0..n3 (4 values), n1 three, n2 two: three violations of maxCount 1.
        Assert.Equal(3, report.Results.Count);
    }
}

/// <summary>
/// Issue 12: a regular-expression match cannot observe the validation's token, so sh:pattern must bound
/// itself: the non-backtracking engine for every pattern it can run, a per-match limit for the rest.
/// </summary>
public class PatternBoundTests
{
    private static ValidationReport Run(string pattern, string value, string? flags = null) => Helpers.Validate($$"""
        ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:property [ sh:path ex:v ; sh:pattern "{{pattern}}" {{(flags is null ? "" : $"; sh:flags \"{flags}\"")}} ] .
        ex:n ex:v "{{value}}" .
        """);

    [Fact]
    public void A_catastrophically_backtracking_pattern_runs_on_the_linear_engine_and_answers()
    {
        // ^(a|aa)+$ against 5000 a's and a b: exponential on a backtracking engine (this test would not end),
        // linear here. The answer must still be the right one: no match, one violation.
        var c = new PatternConstraint("^(a|aa)+$", null);
        Assert.False(c.Backtracks);
        var report = Run("^(a|aa)+$", new string('a', 5000) + "b");
        Assert.Single(report.Results);
        Assert.True(Run("^(a|aa)+$", new string('a', 5000)).Conforms);
    }

    [Fact]
    public void A_back_reference_falls_back_to_a_time_limited_match_that_stops_validation_with_an_error()
    {
        Assert.True(new PatternConstraint(@"^(a+)\1$", null).Backtracks);
        Assert.True(Run(@"^(a+)\\1$", "aaaa").Conforms);
        Assert.Single(Run(@"^(a+)\\1$", "aaa").Results);
        // Nested quantifiers around a back-reference: exponential, cut off by the per-match limit.
        var e = Assert.Throws<ShaclException>(() => Run(@"^((a+)\\2?)+$", new string('a', 40) + "b"));
        Assert.Contains("took more than", e.Message);
    }

    [Fact]
    public void Patterns_have_SPARQL_REGEX_semantics_not_dotnet_ones()
    {
        // XPath: '$' is the end of the input, not "before a final newline"; '.' excludes \r.
        Assert.Single(Run("^abc$", "abc\\n").Results);
        Assert.Single(Run("^a.c$", "a\\rc").Results);
        Assert.True(Run("^a.c$", "a\\rc", "s").Conforms);
        Assert.True(Run("a b c", "abc", "x").Conforms);
        Assert.True(Run("a.c", "xa.cx", "q").Conforms);
        Assert.Single(Run("a.c", "abc", "q").Results);
    }

    [Fact]
    public void An_unknown_flag_or_an_invalid_pattern_is_a_shapes_error_naming_it()
    {
        Assert.Contains("sh:flags \"z\"", Assert.Throws<ShaclException>(() => Run("a", "a", "z")).Message);
        Assert.Contains("not a valid regular expression", Assert.Throws<ShaclException>(() => Run("(a", "a")).Message);
    }
}
