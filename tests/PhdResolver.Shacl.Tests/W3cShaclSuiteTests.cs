using PhdResolver.Conformance;
using Xunit.Abstractions;

namespace PhdResolver.Shacl.Tests;

/// <summary>The W3C SHACL Core and SHACL-SPARQL suites must both pass in full.</summary>
[Trait("Category", "Conformance")]
public class W3cShaclSuiteTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("shacl-core", 98)]
    [InlineData("shacl-sparql", 22)]
    public void SuitePassesInFull(string suite, int count)
    {
        var root = SuiteRunner.LocateTestsRequiredInCi();
        if (root is null)
        {
            output.WriteLine("W3C suites not found; nothing checked (outside CI).");
            return;
        }
        var results = new SuiteRunner(root).Run(suite);
        var failed = results.Where(r => r.Outcome != Outcome.Passed).ToList();
        foreach (var r in failed) output.WriteLine($"FAIL {r.Id}: {r.Message}");
        Assert.Equal(count, results.Count);
        Assert.True(failed.Count == 0, string.Join(" | ", failed.Take(5).Select(r => r.Id + ": " + r.Message)));
    }
}
