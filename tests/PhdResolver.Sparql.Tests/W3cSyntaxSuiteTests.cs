using PhdResolver.Conformance;
using Xunit.Abstractions;

namespace PhdResolver.Sparql.Tests;

/// <summary>The SPARQL 1.0 and 1.1 syntax suites must pass in full.</summary>
[Trait("Category", "Conformance")]
public class W3cSyntaxSuiteTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sparql10-syntax")]
    [InlineData("sparql11-syntax")]
    public void SuitePassesInFull(string suite)
    {
        var root = SuiteRunner.LocateTestsRequiredInCi();
        if (root is null)
        {
            output.WriteLine("W3C suites not found; nothing checked (outside CI).");
            return;
        }
        var results = new SuiteRunner(root).Run(suite);
        var failed = results.Where(r => r.Outcome != Outcome.Passed).ToList();
        output.WriteLine($"{suite}: {results.Count - failed.Count} passed, {failed.Count} not passed");
        foreach (var r in failed) output.WriteLine($"FAIL {r.Id}: {r.Message}");
        Assert.NotEmpty(results);
        Assert.True(failed.Count == 0, string.Join(" | ", failed.Take(5).Select(r => r.Id + ": " + r.Message)));
    }
}
