namespace PhdResolver.Cli.Tests;

/// <summary>
/// Issue 12: options that take an IRI are checked by the Rdf library's RFC 3987 parser
/// (<c>IriSyntax</c>); a malformed one is a usage error (exit 2) naming the option, and nothing is
/// written or served.
/// </summary>
[Trait("Category", "Cli")]
public sealed class IriOptionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-iriopt-" + Guid.NewGuid().ToString("N"));

    public IriOptionTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Ttl()
    {
        var path = Path.Combine(_dir, "in.ttl");
        File.WriteAllText(path, "<http://e/s> <http://e/p> <rel> .\n");
        return path;
    }

    private static void AssertUsage(PhdProcess.Result r, string option)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains(option, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not an iri")]
    [InlineData("relative/base/")]
    [InlineData("http://exa mple.org/")]
    [InlineData("http://example.org/<x>/")]
    public void Convert_refuses_a_malformed_base(string baseIri)
    {
        var output = Path.Combine(_dir, "out.nt");
        AssertUsage(PhdProcess.Run(null, "convert", Ttl(), "--to", "ntriples", "--base", baseIri, "-o", output), "--base");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Convert_uses_a_well_formed_base()
    {
        var r = PhdProcess.Run(null, "convert", Ttl(), "--to", "ntriples", "--base", "https://example.org/doc");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("<https://example.org/rel>", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:x: y/")]
    [InlineData("nope/")]
    public void Import_mma_refuses_a_malformed_base(string baseIri)
    {
        var output = Path.Combine(_dir, "out.trig");
        // The option is checked before any file is read, so the file's content does not matter.
        var mma = Path.Combine(_dir, "in.json");
        File.WriteAllText(mma, "{}");
        AssertUsage(PhdProcess.Run(null, "import-mma", mma, "--base", baseIri, "-o", output), "--base");
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("http://e/a b")]
    [InlineData("g1")]
    public void Load_refuses_a_malformed_graph_name(string graph)
    {
        var data = Path.Combine(_dir, "store");
        AssertUsage(PhdProcess.Run(null, "load", Ttl(), "--data", data, "--graph", graph), "--graph");
    }

    [Theory]
    [InlineData("--base-uri", "file:///srv/phd/")]
    [InlineData("--base-uri", "http://exa mple.org/")]
    [InlineData("--base-uri", "https:///no-host/")]
    [InlineData("--base-uri", "https://example.org/?q=1")]
    [InlineData("--base-uri", "ftp://example.org/")]
    public void Serve_refuses_a_malformed_base_uri_before_starting(string option, string value)
    {
        var data = Path.Combine(_dir, "serve-data");
        AssertUsage(PhdProcess.Run(null, "serve", "--data", data, "--urls", "http://127.0.0.1:0", option, value, "--no-demo"), option);
    }

    [Theory]
    [InlineData("--sparql-rate", "0")]
    [InlineData("--sparql-rate", "-5")]
    [InlineData("--write-rate", "0")]
    [InlineData("--write-rate", "-5")]
    [InlineData("--sparql-row-limit", "0")]
    [InlineData("--sparql-row-limit", "-5")]
    public void Serve_refuses_a_rate_below_one_before_starting(string option, string value)
    {
        var data = Path.Combine(_dir, "serve-data");
        AssertUsage(PhdProcess.Run(null, "serve", "--data", data, "--urls", "http://127.0.0.1:0", option, value, "--no-demo"), option);
    }
}
