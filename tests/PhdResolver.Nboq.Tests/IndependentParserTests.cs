using System.Diagnostics;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Tests;

/// <summary>
/// Cross-checks our Turtle with N3.js. Needs node and `npm ci` (or `npm install`) in tests/js; without them the
/// test passes vacuously locally and fails under CI=true.
/// </summary>
[Trait("Category", "EndToEnd")]
public class IndependentParserTests
{
    [Fact]
    public void N3js_parses_ontology_and_shapes_with_the_same_triple_counts()
    {
        var js = Path.Combine(Paths.RepoRoot, "tests", "js");
        if (!Directory.Exists(Path.Combine(js, "node_modules", "n3")))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("run `npm ci` in tests/js first");
            return;
        }
        string[] files = ["ontology/nbo-q.ttl", "shapes/tier1.ttl", "shapes/tier2.ttl", "shapes/tier3.ttl", "shapes/records.ttl"];
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Paths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(js, "parse-turtle.js"));
        foreach (var f in files) psi.ArgumentList.Add(f);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        var counts = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToDictionary(x => x[0], x => int.Parse(x[1], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var f in files)
            Assert.Equal(Rdf.LoadRepo(f).Count, counts[f]);
    }
}
