using PhdResolver.Conformance;
using Xunit.Abstractions;

namespace PhdResolver.Sparql.Tests;

/// <summary>
/// The SPARQL 1.0 / 1.1 query and update evaluation suites: no failures and nothing skipped
/// (<see cref="SparqlEvalSuite.Excluded"/> is empty; a test added there must be named in the README).
/// </summary>
[Trait("Category", "Conformance")]
public class W3cEvalSuiteTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sparql10")]
    [InlineData("sparql11-query")]
    [InlineData("sparql11-update")]
    public void SuitePassesCompletely(string suite)
    {
        var root = SuiteRunner.LocateTestsRequiredInCi();
        if (root is null)
        {
            output.WriteLine("W3C suites not found; nothing checked (outside CI).");
            return;
        }
        var results = new SuiteRunner(root).Run(suite);
        var failed = results.Where(r => r.Outcome == Outcome.Failed).ToList();
        var skipped = results.Where(r => r.Outcome == Outcome.Skipped).ToList();
        output.WriteLine($"{suite}: {results.Count - failed.Count - skipped.Count} passed, {failed.Count} failed, {skipped.Count} skipped");
        foreach (var r in failed) output.WriteLine($"FAIL {r.Id}: {r.Message}");
        Assert.NotEmpty(results);
        Assert.True(failed.Count == 0, string.Join(" | ", failed.Take(5).Select(r => r.Id + ": " + r.Message)));
        Assert.Empty(skipped);
    }
}
