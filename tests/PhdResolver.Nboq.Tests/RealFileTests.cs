using PhdResolver.Nboq.Import;
using PhdResolver.Nboq.Validation;
using PhdResolver.Shacl;

namespace PhdResolver.Nboq.Tests;

/// <summary>
/// The two shared real 4DN records declare tier 3. Every required result they still get at tiers 1-3 is listed
/// here with the JSON path of the object it is about, and each is a field the file really lacks or gets wrong
/// (reason in the comment), never a mapping gap: a new result, or one that goes away, fails the test.
/// </summary>
public class RealFileTests
{
    private static SortedSet<string> Results(string file)
    {
        var imp = MmaImporter.ImportFile(Path.Combine(Paths.Examples, file), new ImportOptions { KeepDanglingLinks = true });
        var data = new ShaclGraph(imp.Data);
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        for (int tier = 1; tier <= 3; tier++)
        {
            var (_, summary) = TierValidator.Validate(data, tier);
            foreach (var c in summary.Components)
                foreach (var f in c.Findings.Where(f => f.Required))
                    lines.Add($"{imp.Report.NodePaths.GetValueOrDefault(c.Node, c.Node.ToString())} | {f.Field} | {(f.Missing ? "missing" : "invalid")} | tier {f.Tier}");
        }
        return lines;
    }

    [Fact]
    public void The_model_2_record_meets_tiers_1_to_3_at_MUST_level()
    {
        if (!Paths.HaveReference()) return;
        Assert.Empty(Results("microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json"));
    }

    [Fact]
    public void The_model_1_record_gets_exactly_the_listed_results()
    {
        if (!Paths.HaveReference()) return;
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "RealFiles", "TESM_MMA_el_91719.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var actual = Results("microscope_configuration__TESM_MMA_el_91719.json");
        var unexpected = actual.Where(l => !expected.Contains(l)).ToList();
        var gone = expected.Where(l => !actual.Contains(l)).ToList();
        Assert.True(unexpected.Count == 0 && gone.Count == 0,
            $"new results:\n{string.Join("\n", unexpected)}\nresults no longer reported:\n{string.Join("\n", gone)}");
    }
}
