namespace PhdResolver.Cli.Tests;

[Trait("Category", "Cli")]
public class ConformanceCommandTests
{
    [Fact]
    public void PrintsOneLinePerSuiteAndATotalAndWritesEarl()
    {
        var earl = Path.Combine(Path.GetTempPath(), $"phd-earl-{Guid.NewGuid():N}.ttl");
        try
        {
            var r = PhdProcess.Run(null, "conformance", "ntriples", "--earl", earl);
            if (r.Stderr.Contains("cannot find the W3C test suites", StringComparison.Ordinal))
            {
                Assert.False(Environment.GetEnvironmentVariable("CI") == "true", r.Stderr);
                return;
            }
            var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches(@"^ntriples: \d+ passed, \d+ failed, \d+ skipped$", lines[^2]);
            Assert.Matches(@"^\d+ passed, \d+ failed$", lines[^1]);
            var report = File.ReadAllText(earl);
            Assert.Contains("earl:Assertion", report, StringComparison.Ordinal);
            Assert.Contains("rdf-n-triples", report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(earl);
        }
    }

    [Fact]
    public void UnknownSuiteIsAUsageError()
    {
        var r = PhdProcess.Run(null, "conformance", "nosuch");
        Assert.Equal(2, r.ExitCode);
    }
}

[Trait("Category", "Cli")]
public class UsageErrorTests
{
    [Theory]
    [InlineData("nosuchverb")]
    [InlineData("convert")]
    [InlineData("query", "--data")]
    public void UsageErrorsExitWithTwoAndNoStackTrace(params string[] args)
    {
        var r = PhdProcess.Run(null, args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("phd:", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }
}
