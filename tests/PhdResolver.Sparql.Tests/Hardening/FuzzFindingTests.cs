using PhdResolver.Rdf;
using PhdResolver.Sparql.Evaluation;
using PhdResolver.Sparql.Results;
using PhdResolver.Sparql.Tests.Evaluation;

namespace PhdResolver.Sparql.Tests.Hardening;

/// <summary>
/// Inputs bench/fuzz found for the SPARQL targets (bench/fuzz/findings/sparql-*), replayed: each is refused
/// with a syntax error naming a position, or runs to a result or a documented evaluation error. Before the
/// fix, <c>\UD0010000</c> (eight hex digits that overflow int) escaped the tokenizer as
/// ArgumentOutOfRangeException from char.ConvertFromUtf32: a 500 on the server.
/// </summary>
public sealed class FuzzFindingTests
{
    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("repository root (PhdResolver.sln) not found");
    }

    public static TheoryData<string> Findings()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(FindRepo(), "bench", "fuzz", "findings");
        foreach (var dir in new[] { "sparql-query", "sparql-update", "sparql-eval" })
            if (Directory.Exists(Path.Combine(root, dir)))
                foreach (var f in Directory.EnumerateFiles(Path.Combine(root, dir)))
                    data.Add(Path.GetRelativePath(FindRepo(), f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void Sparql_fuzz_findings_are_refused_with_a_position_or_run(string relative)
    {
        string text = File.ReadAllText(Path.Combine(FindRepo(), relative));
        using var f = new EngineFixture();
        try
        {
            if (relative.Contains("sparql-update", StringComparison.Ordinal)) SparqlParser.ParseUpdate(text);
            else if (f.Engine.Query(text) is BindingsResult r) foreach (var _ in r.Rows) { }
        }
        catch (SparqlSyntaxException e)
        {
            Assert.True(e.Line > 0 && e.Column > 0, e.Message);
        }
        catch (SparqlEvaluationException)
        {
            // A documented refusal (a limit, a timeout).
        }
    }

    [Theory]
    [InlineData("SELECT * WHERE { ?s ?p \"\\UD0010000\" }", "not a Unicode scalar value")]
    [InlineData("SELECT * WHERE { ?s ?p \"\\UFFFFFFFF\" }", "not a Unicode scalar value")]
    [InlineData("SELECT * WHERE { ?s ?p \"\\U00110000\" }", "not a Unicode scalar value")]
    [InlineData("SELECT * WHERE { ?s ?p \"\\uD800\" }", "not a Unicode scalar value")]
    public void Escapes_outside_unicode_are_syntax_errors(string query, string expect)
    {
        var e = Assert.Throws<SparqlSyntaxException>(() => SparqlParser.ParseQuery(query));
        Assert.Contains(expect, e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void A_lone_surrogate_in_the_query_text_is_a_syntax_error()
    {
        var e = Assert.Throws<SparqlSyntaxException>(() => SparqlParser.ParseQuery("SELECT * WHERE { \uDC00 }"));
        Assert.Contains("U+DC00", e.Message, StringComparison.Ordinal);
    }
}
