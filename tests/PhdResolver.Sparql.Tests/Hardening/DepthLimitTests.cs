using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;
using PhdResolver.Sparql.Tests.Evaluation;

namespace PhdResolver.Sparql.Tests.Hardening;

/// <summary>
/// Issue 12: no recursion depth comes from the query text. Each reproduction that killed the
/// server (a stack overflow cannot be caught) is sent 10^6 deep or 10^6 long and must end in a
/// syntax error naming the limit; queries at the limit must still parse, translate, optimise,
/// evaluate and print as SSE on an ordinary thread.
/// </summary>
public sealed class DepthLimitTests
{
    private const int Huge = 1_000_000;

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static string Chain(string term, string op, int n)
    {
        var sb = new StringBuilder((term.Length + op.Length) * n);
        for (int i = 0; i < n; i++) { if (i > 0) sb.Append(op); sb.Append(term); }
        return sb.ToString();
    }

    // Built by name inside the test: theory data is serialised for discovery, and megabyte strings there are slow.
    private static readonly Dictionary<string, Func<string>> s_reproductions = new()
    {
        ["nested brackets in FILTER"] = () => "SELECT * WHERE { FILTER(" + Repeat("(", Huge) + "1" + Repeat(")", Huge) + ") }",
        ["nested STR calls"] = () => "SELECT * WHERE { FILTER(" + Repeat("STR(", Huge) + "1" + Repeat(")", Huge) + ") }",
        ["nested groups"] = () => "SELECT * WHERE " + Repeat("{ ", Huge) + Repeat("} ", Huge),
        ["nested collections"] = () => "SELECT * WHERE { ?s <http://ex/p> " + Repeat("( ", Huge) + "1" + Repeat(" )", Huge) + " }",
        ["nested blank node property lists"] = () => "SELECT * WHERE { ?s <http://ex/p> " + Repeat("[ <http://ex/p> ", Huge) + "1" + Repeat(" ]", Huge) + " }",
        ["nested path groups"] = () => "SELECT * WHERE { ?s " + Repeat("(", Huge) + "<http://ex/p>" + Repeat(")", Huge) + " ?o }",
        ["nested EXISTS"] = () => "SELECT * WHERE { " + Repeat("FILTER EXISTS { ", Huge) + Repeat("} ", Huge) + "}",
        ["nested sub-selects"] = () => "SELECT * WHERE " + Repeat("{ SELECT * WHERE ", Huge) + "{}" + Repeat(" }", Huge),
        ["long + chain"] = () => "SELECT * WHERE { FILTER(" + Chain("1", "+", Huge) + ") }",
        ["long * chain"] = () => "SELECT * WHERE { FILTER(" + Chain("1", "*", Huge) + ") }",
        ["long && chain"] = () => "SELECT * WHERE { FILTER(" + Chain("true", " && ", Huge) + ") }",
        ["long || chain"] = () => "SELECT * WHERE { FILTER(" + Chain("true", " || ", Huge) + ") }",
        ["long path sequence"] = () => "SELECT * WHERE { ?s " + Chain("<http://ex/p>", "/", Huge) + " ?o }",
        ["long path alternative"] = () => "SELECT * WHERE { ?s " + Chain("<http://ex/p>", "|", Huge) + " ?o }",
        ["long UNION chain"] = () => "SELECT * WHERE { " + Chain("{ ?s ?p ?o }", " UNION ", Huge) + " }",
        ["long group sequence"] = () => "SELECT * WHERE { " + Repeat("{} ", Huge) + "}",
        ["long OPTIONAL sequence"] = () => "SELECT * WHERE { ?s ?p ?o " + Repeat("OPTIONAL { ?s ?p ?o } ", Huge) + "}",
        ["long FILTER sequence"] = () => "SELECT * WHERE { ?s ?p ?o " + Repeat("FILTER(true) ", Huge) + "}",
        ["long BIND sequence"] = () => "SELECT * WHERE { " + string.Concat(Enumerable.Range(0, Huge).Select(i => $"BIND({i} AS ?v{i}) ")) + "}",
        ["long SELECT expression list"] = () => "SELECT " + string.Concat(Enumerable.Range(0, Huge).Select(i => $"({i} AS ?v{i}) ")) + "WHERE {}",
        ["nested brackets in an update"] = () => "INSERT DATA { <http://ex/s> <http://ex/p> " + Repeat("( ", Huge) + "1" + Repeat(" )", Huge) + " }",
        ["nested groups in an update WHERE"] = () => "DELETE { ?s ?p ?o } WHERE " + Repeat("{ ", Huge) + Repeat("} ", Huge),
    };

    public static TheoryData<string> Reproductions() => new(s_reproductions.Keys);

    [Theory]
    [MemberData(nameof(Reproductions))]
    public void Deep_or_long_input_is_a_syntax_error_naming_the_limit(string name)
    {
        string text = s_reproductions[name]();
        var ex = Assert.Throws<SparqlSyntaxException>(() =>
        {
            if (text.StartsWith("INSERT", StringComparison.Ordinal) || text.StartsWith("DELETE", StringComparison.Ordinal))
                SparqlParser.ParseUpdate(text);
            else
                SparqlParser.ParseQuery(text);
        });
        Assert.True(ex.Message.Contains($"more than {SparqlParser.MaxNesting} levels", StringComparison.Ordinal), name + ": " + ex.Message);
        Assert.True(ex.Line >= 1 && ex.Column >= 1, name);
    }

    [Fact]
    public void A_long_flat_collection_is_not_a_nesting_problem()
    {
        // 10^5 items are 2*10^5 triple patterns in one BGP: flat, no recursion; it must parse and translate.
        var q = SparqlParser.ParseQuery("SELECT * WHERE { ?s <http://ex/p> (" + Repeat(" 1", 100_000) + " ) }");
        var op = AlgebraBuilder.Translate(q);
        Assert.NotNull(op);
    }

    public static TheoryData<string, string, string> AtTheLimit()
    {
        int n = SparqlParser.MaxNesting;
        return new()
        {
            // Leave room for the FILTER/SELECT levels around the expression.
            { "brackets", "SELECT (" + Repeat("(", n - 10) + "1" + Repeat(")", n - 10) + " AS ?x) WHERE {}", "1" },
            { "STR calls", "SELECT (" + Repeat("STR(", n - 10) + "1" + Repeat(")", n - 10) + " AS ?x) WHERE {}", "1" },
            { "+ chain", "SELECT (" + Chain("1", "+", n - 10) + " AS ?x) WHERE {}", (n - 10).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { "&& chain", "SELECT (" + Chain("true", " && ", n - 10) + " AS ?x) WHERE {}", "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>" },
            { "groups", "SELECT ?x WHERE " + Repeat("{ ", n / 2 - 10) + "BIND(1 AS ?x)" + Repeat(" }", n / 2 - 10), "1" }, // two levels each
            { "OPTIONALs", "SELECT ?x WHERE { BIND(1 AS ?x) " + Repeat("OPTIONAL { BIND(2 AS ?y) } ", n - 10) + "}", "1" },
            { "UNIONs", "SELECT ?x WHERE { { BIND(1 AS ?x) } " + Repeat("UNION { FILTER(false) } ", n - 10) + "}", "1" },
        };
    }

    [Theory]
    [MemberData(nameof(AtTheLimit))]
    public void Queries_at_the_limit_run_on_an_ordinary_thread(string name, string text, string expected)
    {
        using var f = new EngineFixture();
        var rows = f.Rows(text);
        Assert.True(rows.Count == 1 && rows[0] == expected, name + ": " + string.Join(" | ", rows));
        Assert.NotEmpty(f.Engine.Explain(text).ToString()!); // optimizer and SSE writer on the same tree
    }
}
