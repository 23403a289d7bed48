using PhdResolver.Nboq.Import;
using PhdResolver.Nboq.Validation;
using PhdResolver.Rdf;
using PhdResolver.Registry.Validation;
using PhdResolver.Shacl;

namespace PhdResolver.Registry.Tests;

public sealed class DescriptorValidationTests
{
    internal static string Examples => Path.GetFullPath(Path.Combine(FindRoot(), "..", "shared", "reference", "micrometaapp", "examples"));

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }

    private const string Strambio = "microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json";

    public static TheoryData<string> MmaFiles() => [Strambio, "microscope_configuration__TESM_MMA_el_91719.json"];

    private static Dataset Import(string file) =>
        MmaImporter.ImportFile(Path.Combine(Examples, file), new ImportOptions { BaseIri = "https://lab.example.org/mma/x/", KeepDanglingLinks = true }).Data;

    private static (Term, string?, Iri) Key(TierIssue i) => (i.FocusNode, i.Path, i.Constraint);

    [Theory]
    [MemberData(nameof(MmaFiles))]
    public void Each_finding_appears_once_at_tier_3(string file)
    {
        var report = DescriptorValidation.Validate(Import(file), 3);
        Assert.NotEmpty(report.Issues);
        var dupes = report.Issues.GroupBy(Key).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToList();
        Assert.Empty(dupes);
        // The CLI's per-component summary and the RDF report are the folded results too.
        Assert.Equal(report.Issues.Count, report.Shacl.Results.Count);
        Assert.Equal(report.ViolationCount, report.Summary.Violations);
        Assert.Equal(report.WarningCount, report.Summary.Warnings);
    }

    /// <summary>A finding labelled tier t is reported by a tier-t run and not by a tier-(t-1) run: t is its lowest tier.</summary>
    [Theory]
    [MemberData(nameof(MmaFiles))]
    public void Each_finding_names_the_lowest_tier_that_requires_it(string file)
    {
        var data = Import(file);
        var byTier = new Dictionary<int, DescriptorReport>();
        for (int t = 1; t <= 3; t++) byTier[t] = DescriptorValidation.Validate(data, t);
        var top = byTier[3];
        Assert.Contains(top.Issues, i => i.Tier > 1); // the labels are not all 1
        foreach (var issue in top.Issues)
        {
            Assert.InRange(issue.Tier, 1, 3);
            Assert.Contains(byTier[issue.Tier].Issues, x => Key(x) == Key(issue) && x.Required == issue.Required);
            if (issue.Tier > 1)
                Assert.DoesNotContain(byTier[issue.Tier - 1].Issues, x => Key(x) == Key(issue) && x.Required == issue.Required);
        }
        // Lower tiers' findings are all still there, with the same label: nothing is lost by running once.
        foreach (var low in byTier[1].Issues)
            Assert.Contains(top.Issues, x => Key(x) == Key(low) && (x.Required || !low.Required) && (x.Required != low.Required || x.Tier == 1));
    }

    [Theory]
    [MemberData(nameof(MmaFiles))]
    public void Conforms_at_is_the_highest_tier_without_a_must_finding(string file)
    {
        var data = Import(file);
        var top = DescriptorValidation.Validate(data, 3);
        for (int t = 1; t <= 3; t++)
            Assert.Equal(t <= top.ConformsAt, DescriptorValidation.Validate(data, t).Conforms);
        Assert.InRange(top.ShouldMet, 0, top.ShouldTotal);
    }

    [Fact]
    public void The_fold_keeps_exactly_one_issue_per_distinct_finding()
    {
        // Nothing is lost and nothing repeated: one issue per distinct (focus, path, constraint) of the raw SHACL run.
        var file = Strambio;
        var data = Import(file);
        var (raw, _) = TierValidator.Validate(new ShaclGraph(data), 3);
        var folded = DescriptorValidation.Validate(data, 3);
        int distinct = raw.Results.Select(r => (r.FocusNode, r.ResultPath?.ToString(), r.SourceConstraintComponent)).Distinct().Count();
        Assert.Equal(distinct, folded.Issues.Count);
    }

    [Fact]
    public void A_tier_outside_1_to_3_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DescriptorValidation.Validate(new Dataset(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DescriptorValidation.Validate(new Dataset(), 4));
    }

    [Fact]
    public void The_real_model_2_record_is_accepted_at_tier_3_through_the_registry()
    {
        using var t = new TestRegistry();
        t.Seed();
        var s = t.Registry.SubmitValidated(TestRegistry.I, Import(Strambio), 3, "cli");
        Assert.True(s.Accepted, string.Join("; ", s.Report.Violations.Select(v => v.Message)));
        Assert.True(s.Created);
        // Its nodes were minted under the new version (importer IRIs are not ours to keep).
        Assert.All(t.Registry.GetGraph(s.Version!).Select(q => q.Subject).OfType<Iri>().Where(i => i.Value != s.Version!.GraphIri),
            i => Assert.StartsWith(s.Version!.GraphIri + "#", i.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_submission_writes_nothing()
    {
        using var t = new TestRegistry();
        t.Seed();
        // The model-1 record lacks fields the tier-1 shapes require (see Nboq's RealFileTests), so tier 1 refuses it.
        var data = Import("microscope_configuration__TESM_MMA_el_91719.json");
        var before = t.Registry.AuditLog().Count;
        var s = t.Registry.SubmitValidated(TestRegistry.I, data, 1, "cli");
        Assert.False(s.Accepted);
        Assert.False(s.Report.Conforms);
        Assert.Empty(t.Registry.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(TestRegistry.I)));
        Assert.Equal(before, t.Registry.AuditLog().Count);
    }

    public static TheoryData<string> DescriptorFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in new[] { Strambio, "microscope_configuration__TESM_MMA_el_91719.json" }) data.Add(f);
        foreach (var f in Directory.GetFiles(Path.Combine(FindRoot(), "src", "PhdResolver.Web", "Demo"), "*.ttl").Order(StringComparer.Ordinal)) data.Add(f);
        return data;
    }

    /// <summary>
    /// The extension sets the one full run derives (what the landing page shows next to the tier) equal what
    /// one SHACL run per cumulative set says (<see cref="TierValidator.ExtensionsMet"/>), at every tier, for the
    /// real Micro-Meta App files and every demo descriptor.
    /// </summary>
    [Theory]
    [MemberData(nameof(DescriptorFiles))]
    public void The_extension_sets_derived_from_one_run_are_those_one_run_per_set_finds(string file)
    {
        var data = file.EndsWith(".ttl", StringComparison.Ordinal) ? Dataset.Parse(File.ReadAllText(file), RdfFormat.Turtle) : Import(file);
        var report = DescriptorValidation.Validate(data, 3);
        var graph = new ShaclGraph(data);
        for (int t = 1; t <= 3; t++)
        {
            int expected = TierValidator.ExtensionsMet(graph, t).TakeWhile(x => x.Conforms).Count();
            Assert.True(expected == report.ExtensionSetsMetAt(t), $"{Path.GetFileName(file)} tier {t}: one run per set meets {expected} sets, the derivation says {report.ExtensionSetsMetAt(t)}");
        }
    }

    [Fact]
    public void A_real_file_meets_some_extension_sets_at_tier_3_and_not_others()
    {
        // Keeps the derivation test above from passing on all-or-nothing answers only.
        var counts = new[] { Strambio, "microscope_configuration__TESM_MMA_el_91719.json" }.Select(f => DescriptorValidation.Validate(Import(f), 3))
            .SelectMany(r => Enumerable.Range(1, 3).Select(t => r.ExtensionSetsMetAt(t)!.Value)).ToList();
        Assert.Contains(counts, c => c < NboExtensions.Cumulative.Count);
        Assert.Contains(counts, c => c > 0);
    }

    [Fact]
    public void Checking_core_only_drops_the_other_extensions_findings_of_a_real_file()
    {
        // The Strambio file meets tier 3 with every extension; the other real file does not, partly outside Core.
        var data = Import("microscope_configuration__TESM_MMA_el_91719.json");
        var all = DescriptorValidation.Validate(data, 3);
        var core = DescriptorValidation.Validate(data, 3, extensions: NboExtensions.Parse("core"));
        Assert.True(core.ViolationCount < all.ViolationCount, $"core only: {core.ViolationCount}, all: {all.ViolationCount}");
        Assert.All(core.Issues, i => Assert.Contains(all.Issues, a => a.FocusNode.Equals(i.FocusNode) && a.Path == i.Path && a.Constraint.Equals(i.Constraint)));
    }

    [Fact]
    public void A_report_with_chosen_extensions_does_not_claim_extension_sets()
    {
        var report = DescriptorValidation.Validate(Import(Strambio), 2, extensions: NboExtensions.Parse("core"));
        Assert.Null(report.ExtensionSetsMetAt(2));
    }
}
