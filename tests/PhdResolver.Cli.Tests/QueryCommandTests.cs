using PhdResolver.Rdf;

namespace PhdResolver.Cli.Tests;

/// <summary><c>phd load</c>, <c>phd query</c> and <c>phd update</c> as separate processes on one data folder.</summary>
[Trait("Category", "Cli")]
public sealed class QueryCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-query-cli-" + Guid.NewGuid().ToString("N"));

    public QueryCommandTests()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "scopes.ttl");
        File.WriteAllText(file, """
            @prefix ex: <http://example.org/> .
            ex:scope1 a ex:Microscope ; ex:name "Alpha" .
            ex:scope2 a ex:Microscope ; ex:name "Beta" .
            """);
        var r = PhdProcess.Run(null, "load", file, "--data", Data);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    private string Data => Path.Combine(_dir, "store");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Select_in_a_separate_process_sees_the_loaded_data()
    {
        var r = PhdProcess.Run(null, "query", "--data", Data, "--format", "tsv",
            "PREFIX ex: <http://example.org/> SELECT ?n { ?s a ex:Microscope ; ex:name ?n } ORDER BY ?n");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("?n\n\"Alpha\"\n\"Beta\"\n", r.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Construct_writes_rdf_and_query_can_come_from_a_file()
    {
        var q = Path.Combine(_dir, "q.rq");
        File.WriteAllText(q, "PREFIX ex: <http://example.org/> CONSTRUCT { ?s ex:label ?n } WHERE { ?s ex:name ?n }");
        var r = PhdProcess.Run(null, "query", "--data", Data, "--file", q, "--format", "ntriples");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(2, Dataset.Parse(r.Stdout, RdfFormat.NTriples).Count);
    }

    [Fact]
    public void Update_then_query()
    {
        var u = PhdProcess.Run(null, "update", "--data", Data, "PREFIX ex: <http://example.org/> DELETE WHERE { ex:scope2 ?p ?o }");
        Assert.True(u.ExitCode == 0, u.Stderr);
        var r = PhdProcess.Run(null, "query", "--data", Data, "--format", "json", "ASK { <http://example.org/scope2> ?p ?o }");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("false", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_error_exits_1_with_line_and_column()
    {
        var r = PhdProcess.Run(null, "query", "--data", Data, "SELECT * WHERE {\n ?s ?p \n}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("line", r.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_query_is_a_usage_error()
    {
        var r = PhdProcess.Run(null, "query", "--data", Data);
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public void Load_refused_is_an_update_error()
    {
        var r = PhdProcess.Run(null, "update", "--data", Data, "LOAD <http://example.org/x.ttl>");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("refused", r.Stderr, StringComparison.Ordinal);
    }
}
