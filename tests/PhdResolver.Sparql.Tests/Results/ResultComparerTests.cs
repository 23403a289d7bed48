using PhdResolver.Conformance;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Results;

public class ResultComparerTests
{
    private static readonly Iri A = new("http://e/a"), B = new("http://e/b");
    private static BlankNode N(string id) => new(id);

    private static BindingsResult R(string[] vars, params Term?[][] rows) => new(vars, rows);

    [Fact]
    public void BagsIgnoreOrderButCountDuplicates()
    {
        var e = R(["x"], [A], [B], [A]);
        Assert.True(SparqlResultComparer.Equivalent(e, R(["x"], [B], [A], [A]), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(e, R(["x"], [B], [B], [A]), false, out var d));
        Assert.Contains("missing", d, StringComparison.Ordinal);
        Assert.False(SparqlResultComparer.Equivalent(e, R(["x"], [B], [A]), false, out d));
        Assert.Contains("expected 3 solutions, got 2", d, StringComparison.Ordinal);
    }

    [Fact]
    public void SequencesRespectOrder()
    {
        var e = R(["x"], [A], [B]);
        Assert.True(SparqlResultComparer.Equivalent(e, R(["x"], [A], [B]), true, out _));
        Assert.False(SparqlResultComparer.Equivalent(e, R(["x"], [B], [A]), true, out var d));
        Assert.Contains("solution 1", d, StringComparison.Ordinal);
    }

    [Fact]
    public void VariableOrderDoesNotMatterAndUnboundMissingVariablesAreFine()
    {
        var e = R(["x", "y"], [A, B]);
        Assert.True(SparqlResultComparer.Equivalent(e, R(["y", "x"], [B, A]), false, out _));
        Assert.True(SparqlResultComparer.Equivalent(R(["x", "z"], [A, null]), R(["x"], [A]), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(R(["x", "z"], [A, B]), R(["x"], [A]), false, out var d));
        Assert.Contains("variables differ", d, StringComparison.Ordinal);
    }

    [Fact]
    public void BlankNodesMatchUpToOneBijectionAcrossRows()
    {
        var e = R(["x", "y"], [N("a"), A], [N("a"), B], [N("b"), B]);
        // Renamed consistently: equal.
        Assert.True(SparqlResultComparer.Equivalent(e, R(["x", "y"], [N("q"), B], [N("p"), B], [N("p"), A]), false, out _));
        // Same shape row by row, but _:a would have to map to two different nodes.
        Assert.False(SparqlResultComparer.Equivalent(e, R(["x", "y"], [N("p"), A], [N("q"), B], [N("q"), B]), false, out var d));
        Assert.Contains("blank node", d, StringComparison.Ordinal);
        // Two distinct expected nodes may not collapse into one.
        Assert.False(SparqlResultComparer.Equivalent(R(["x"], [N("a")], [N("b")]), R(["x"], [N("p")], [N("p")]), false, out _));
        // A blank node never equals an IRI.
        Assert.False(SparqlResultComparer.Equivalent(R(["x"], [N("a")]), R(["x"], [A]), false, out _));
    }

    [Fact]
    public void BacktrackingFindsTheBijection()
    {
        // Greedy pairing of the first row with the first candidate fails; backtracking must recover.
        var e = R(["x", "y"], [N("a"), N("b")], [N("b"), N("c")], [N("c"), A]);
        var a = R(["x", "y"], [N("2"), N("3")], [N("1"), N("2")], [N("3"), A]);
        Assert.True(SparqlResultComparer.Equivalent(e, a, false, out var d), d);
        Assert.True(SparqlResultComparer.Equivalent(e, R(["x", "y"], [N("1"), N("2")], [N("2"), N("3")], [N("3"), A]), true, out d), d);
        Assert.False(SparqlResultComparer.Equivalent(e, a, true, out _));
    }

    [Fact]
    public void LiteralsCompareAsTermsExceptNumericsByValue()
    {
        // Numerics of one datatype compare by value (as the W3C harnesses do); across datatypes they differ.
        Assert.True(SparqlResultComparer.Equivalent(R(["x"], [new Literal("1", Vocab.Xsd.Integer)]), R(["x"], [new Literal("01", Vocab.Xsd.Integer)]), false, out _));
        Assert.True(SparqlResultComparer.Equivalent(R(["x"], [new Literal("6", Vocab.Xsd.Decimal)]), R(["x"], [new Literal("6.0", Vocab.Xsd.Decimal)]), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(R(["x"], [new Literal("1", Vocab.Xsd.Integer)]), R(["x"], [new Literal("1.0", Vocab.Xsd.Decimal)]), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(R(["x"], [new Literal("1", Vocab.Xsd.Integer)]), R(["x"], [new Literal("2", Vocab.Xsd.Integer)]), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(R(["x"], [new Literal("1", Vocab.Xsd.Integer)]), R(["x"], [new Literal("1")]), false, out _));
        Assert.True(SparqlResultComparer.Equivalent(R(["x"], [new Literal("chat", "FR")]), R(["x"], [new Literal("chat", "fr")]), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(R(["x"], [new Literal("chat", "fr")]), R(["x"], [new Literal("chat")]), false, out _));
    }

    [Fact]
    public void CsvComparisonUsesStringForms()
    {
        var csv = R(["x", "y"], [new Literal("http://e/a"), new Literal("1.0E6")], [N("z"), null]);
        var typed = R(["x", "y"], [A, new Literal("1.0e6", Vocab.Xsd.Double)], [N("k"), new Literal("")]);
        Assert.True(SparqlResultComparer.Equivalent(csv, typed, false, stringsOnly: true, out var d), d);
        Assert.False(SparqlResultComparer.Equivalent(csv, typed, false, stringsOnly: false, out _));
    }

    [Fact]
    public void BooleansAndGraphs()
    {
        Assert.True(SparqlResultComparer.Equivalent(new BooleanResult(true), new BooleanResult(true), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(new BooleanResult(true), new BooleanResult(false), false, out _));
        Assert.False(SparqlResultComparer.Equivalent(new BooleanResult(true), R(["x"]), false, out var d));
        Assert.Contains("boolean", d, StringComparison.Ordinal);
        var g1 = new GraphResult([new Triple(N("a"), A, N("b")), new Triple(N("b"), A, B)]);
        var g2 = new GraphResult([new Triple(N("y"), A, B), new Triple(N("x"), A, N("y"))]);
        var g3 = new GraphResult([new Triple(N("y"), A, B), new Triple(N("x"), A, N("x"))]);
        Assert.True(SparqlResultComparer.Equivalent(g1, g2, false, out _));
        Assert.False(SparqlResultComparer.Equivalent(g1, g3, false, out _));
    }

    [Fact]
    public void RdfResultSetsReadInIndexOrder()
    {
        const string ttl = """
            @prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .
            [] a rs:ResultSet ; rs:resultVariable "x", "y" ;
               rs:solution [ rs:index 2 ; rs:binding [ rs:variable "x" ; rs:value <http://e/b> ] ] ,
                           [ rs:index 1 ; rs:binding [ rs:variable "x" ; rs:value <http://e/a> ] , [ rs:variable "y" ; rs:value "v"@en ] ] .
            """;
        var ds = Dataset.Parse(ttl, RdfFormat.Turtle);
        var r = Assert.IsType<BindingsResult>(RdfResultSetReader.Read(ds));
        Assert.True(SparqlResultComparer.Equivalent(R(["x", "y"], [A, new Literal("v", "en")], [B, null]), r, true, out var d), d);

        var ask = Dataset.Parse("@prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> . [] a rs:ResultSet ; rs:boolean true .", RdfFormat.Turtle);
        Assert.Equal(new BooleanResult(true), RdfResultSetReader.Read(ask));
        Assert.False(RdfResultSetReader.IsResultSet(Dataset.Parse("<http://s> <http://p> <http://o> .", RdfFormat.Turtle)));
    }
}
