using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Tests.Functions;

public class AggregateTests
{
    private static Term? Run(AggregateKind kind, bool distinct, string? separator, params string?[] values)
    {
        var acc = Aggregates.Create(new AggregateExpr(kind, distinct, new VarExpr(new Var("x")), separator));
        foreach (var v in values) acc.Add(v is null ? null : Eval.Term(v));
        return acc.Result();
    }

    private static string Text(Term? t) => t?.ToString() ?? "error";

    private const string X = "^^<http://www.w3.org/2001/XMLSchema#";

    [Fact]
    public void Count()
    {
        Assert.Equal("\"3\"" + X + "integer>", Text(Run(AggregateKind.Count, false, null, "1", "1", null, "2")));
        Assert.Equal("\"2\"" + X + "integer>", Text(Run(AggregateKind.Count, true, null, "1", "1", null, "2")));
        Assert.Equal("\"0\"" + X + "integer>", Text(Run(AggregateKind.Count, false, null)));
        // COUNT(*): no argument, the evaluator adds a dummy term per solution.
        var star = Aggregates.Create(new AggregateExpr(AggregateKind.Count, false, null, null));
        star.Add(ExpressionEvaluator.True);
        star.Add(ExpressionEvaluator.True);
        Assert.Equal("\"2\"" + X + "integer>", Text(star.Result()));
    }

    [Fact]
    public void SumAndAvg()
    {
        Assert.Equal("\"6\"" + X + "integer>", Text(Run(AggregateKind.Sum, false, null, "1", "2", "3")));
        Assert.Equal("\"6.5\"" + X + "decimal>", Text(Run(AggregateKind.Sum, false, null, "1", "2.5", "3")));
        Assert.Equal("\"3\"" + X + "integer>", Text(Run(AggregateKind.Sum, true, null, "1", "2", "2")));
        Assert.Equal("error", Text(Run(AggregateKind.Sum, false, null, "1", "\"x\"")));
        Assert.Equal("error", Text(Run(AggregateKind.Sum, false, null, "1", null)));
        Assert.Equal("\"0\"" + X + "integer>", Text(Run(AggregateKind.Sum, false, null)));
        Assert.Equal("\"2.5\"" + X + "decimal>", Text(Run(AggregateKind.Avg, false, null, "1", "2", "3", "4")));
        Assert.Equal("\"2.0\"" + X + "decimal>", Text(Run(AggregateKind.Avg, false, null, "1", "2", "3")));
        Assert.Equal("\"2.5E0\"" + X + "double>", Text(Run(AggregateKind.Avg, false, null, "2e0", "3")));
        Assert.Equal("\"0\"" + X + "integer>", Text(Run(AggregateKind.Avg, false, null)));
        Assert.Equal("error", Text(Run(AggregateKind.Avg, false, null, "1", "<http://x>")));
    }

    [Fact]
    public void MinMaxUseOrderByOrder()
    {
        Assert.Equal("\"1.0\"" + X + "decimal>", Text(Run(AggregateKind.Min, false, null, "2.2", "1.0", "3.5")));
        Assert.Equal("\"3.0e4\"" + X + "double>", Text(Run(AggregateKind.Max, false, null, "1.0e2", "3.0e4", "2")));
        Assert.Equal("<http://x>", Text(Run(AggregateKind.Min, false, null, "1", "<http://x>", "\"a\"")));
        Assert.Equal("\"2\"" + X + "integer>", Text(Run(AggregateKind.Max, false, null, "1", null, "2")));
        Assert.Equal("error", Text(Run(AggregateKind.Max, false, null)));
    }

    [Fact]
    public void SampleAndGroupConcat()
    {
        Assert.Equal("\"1\"" + X + "integer>", Text(Run(AggregateKind.Sample, false, null, null, "1", "2")));
        Assert.Equal("\"a b a\"", Text(Run(AggregateKind.GroupConcat, false, null, "\"a\"", "\"b\"@en", "\"a\"")));
        Assert.Equal("\"a|b\"", Text(Run(AggregateKind.GroupConcat, true, "|", "\"a\"", "\"b\"", "\"a\"")));
        Assert.Equal("\"1,http://x\"", Text(Run(AggregateKind.GroupConcat, false, ",", "1", "<http://x>")));
        Assert.Equal("\"\"", Text(Run(AggregateKind.GroupConcat, false, null)));
    }
}
