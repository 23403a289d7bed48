using PhdResolver.Rdf;

namespace PhdResolver.Cli.Tests;

[Trait("Category", "Cli")]
public class ConvertCommandTests
{
    private const string Turtle = """
        @prefix ex: <http://example.org/> .
        ex:scope ex:objective [ ex:na 1.4 ; ex:immersion "oil"@en ] .
        """;

    [Theory]
    [InlineData("ntriples", RdfFormat.NTriples)]
    [InlineData("nquads", RdfFormat.NQuads)]
    [InlineData("turtle", RdfFormat.Turtle)]
    [InlineData("trig", RdfFormat.TriG)]
    [InlineData("rdfxml", RdfFormat.RdfXml)]
    [InlineData("jsonld", RdfFormat.JsonLd)]
    public void ConvertsStdinToEveryFormatWithoutLoss(string to, RdfFormat format)
    {
        var r = PhdProcess.Run(Turtle, "convert", "-", "--from", "turtle", "--to", to);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var expected = Dataset.Parse(Turtle, RdfFormat.Turtle);
        var actual = Dataset.Parse(r.Stdout, format, new ParserOptions { BaseIri = "http://example.org/doc" });
        Assert.True(Isomorphism.AreIsomorphic(expected, actual), r.Stdout);
    }

    [Fact]
    public void SyntaxErrorReportsLineAndColumnAndWritesNothing()
    {
        var r = PhdProcess.Run("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"unterminated .\n", "convert", "-", "--from", "turtle", "--to", "ntriples");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("line 3", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public void UnknownFormatIsAUsageError()
    {
        var r = PhdProcess.Run(null, "convert", "-", "--from", "turtle", "--to", "docx");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown output syntax", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAClearError()
    {
        var r = PhdProcess.Run(null, "convert", "/nonexistent/x.ttl", "--to", "ntriples");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no such file", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleConvertsFromFile()
    {
        var sample = FindRepoFile("samples/microscope.ttl");
        var r = PhdProcess.Run(null, "convert", sample, "--to", "ntriples");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("<https://w3id.org/nbo-q/lensNA>", r.Stdout, StringComparison.Ordinal);
    }

    internal static string FindRepoFile(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, relative);
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException(relative);
    }
}
