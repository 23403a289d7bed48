using System.Text.Json;

namespace PhdResolver.Cli.Tests;

/// <summary><c>phd validate --tier</c> on the Micro-Meta App examples and on hand-made descriptors.</summary>
[Trait("Category", "Cli")]
public class ValidateCommandTests : IDisposable
{
    private const string TesmMma = "microscope_configuration__TESM_MMA_el_91719.json";
    private const string Strambio = "microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json";

    private const string Objective = """
        @prefix nboq: <https://w3id.org/nbo-q/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://example.org/phd/instrument/7/component/42> a nboq:Objective ;
            nboq:name "UPlanSApo 60x/1.35 Oil" ;
            nboq:id "Objective:42" ;
            nboq:catalogNumber "N1480700" ;
            nboq:manufacturer "Olympus" ;
            nboq:model "UPLSAPO60XO" ;
            nboq:contrastModulation nboq:ContrastModulationPlate-None ;
            nboq:correction nboq:ObjectiveCorrection-PlanApo ;
            nboq:dicValue false ;
            nboq:infinityCorrected true ;
            MAGNIFICATION
            LENSNA
            nboq:name "UPlanSApo 60x/1.35 Oil" .
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-validate-" + Guid.NewGuid().ToString("N"));

    public ValidateCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string Descriptor(bool lensNA, string magnification = "\"60\"^^xsd:double") =>
        Write("objective.ttl", Objective
            .Replace("MAGNIFICATION", $"nboq:magnification {magnification} ;", StringComparison.Ordinal)
            .Replace("LENSNA", lensNA ? "nboq:lensNA \"1.35\"^^xsd:double ;" : "", StringComparison.Ordinal));

    /// <summary>The Micro-Meta App examples beside the repository (../shared/reference); null outside CI when absent.</summary>
    private static string? Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PhdResolver.sln"))) dir = dir.Parent;
        var path = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "micrometaapp", "examples", name));
        if (path is not null && File.Exists(path)) return path;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"Micro-Meta App example {name} not found");
        return null;
    }

    private static string LastLine(string s) => s.TrimEnd().Split('\n')[^1];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TesmExampleMissesRequiredFieldsAtEveryTier(int tier)
    {
        if (Example(TesmMma) is not { } file) return;
        string t = tier.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The model 1 record links to a component it does not hold: refused, naming the JSON path, unless kept.
        var refused = PhdProcess.Run(null, "validate", file, "--tier", t);
        Assert.Equal(1, refused.ExitCode); // bad input (README: exit codes)
        Assert.Contains("$.microscope.components[15].ExcitationFilter: links to component", refused.Stderr, StringComparison.Ordinal);

        var r = PhdProcess.Run(null, "validate", file, "--tier", t, "--keep-dangling-links");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"NBO-Q tier {tier} validation of {TesmMma}", r.Stdout, StringComparison.Ordinal);
        // Named with its schema; a field the 1.x file really lacks (no Type on its dichroics).
        Assert.Contains("StandardDichroic 'TESM Cube 1 dichroic' (StandardDichroic.json, …/component/f59e5f72-8ff4-463f-bfc2-58b880e6fc57)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("missing Type (required for tier 1)", r.Stdout, StringComparison.Ordinal);
        Assert.StartsWith($"does not conform at tier {tier} (MUST): ", LastLine(r.Stdout), StringComparison.Ordinal);
        Assert.Contains("; no tier met; ", LastLine(r.Stdout), StringComparison.Ordinal);
        Assert.Equal("", r.Stderr);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void StrambioExampleConformsAndReportsJson(int tier)
    {
        if (Example(Strambio) is not { } file) return;
        string t = tier.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = PhdProcess.Run(null, "validate", file, "--tier", t);
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith($"conforms at tier {tier} (MUST); ", LastLine(text.Stdout), StringComparison.Ordinal);

        var json = PhdProcess.Run(null, "validate", file, "--tier", t, "--format", "json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal(tier, root.GetProperty("tier").GetInt32());
        Assert.True(root.GetProperty("conforms").GetBoolean());
        Assert.Equal(0, root.GetProperty("counts").GetProperty("violations").GetInt32());
        var first = root.GetProperty("components")[0];
        Assert.True(first.GetProperty("findings").GetArrayLength() > 0);   // recommended fields still listed
        Assert.Contains(root.GetProperty("components").EnumerateArray(), c => c.TryGetProperty("schema", out var s) && s.GetString() == "Objective.json");
    }

    [Fact]
    public void ExtensionsSelectTheShapes()
    {
        if (Example(Strambio) is not { } file) return;
        var r = PhdProcess.Run(null, "validate", file, "--tier", "3", "--extensions", "core");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("NBO-Q tier 3 validation of " + Strambio + " (extensions: Core)", r.Stdout, StringComparison.Ordinal);
        var all = PhdProcess.Run(null, "validate", file, "--tier", "3", "--extensions", "all");
        // Core alone checks fewer fields than all four extensions.
        Assert.NotEqual(LastLine(all.Stdout), LastLine(r.Stdout));

        var bad = PhdProcess.Run(null, "validate", file, "--tier", "3", "--extensions", "core,fancy");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown NBO extension 'fancy'", bad.Stderr, StringComparison.Ordinal);
        var noTier = PhdProcess.Run(null, "validate", file, "--shapes", file, "--extensions", "core");
        Assert.Equal(2, noTier.ExitCode);
    }

    [Fact]
    public void ImportOutFormatFollowsTheExtension()
    {
        if (Example(Strambio) is not { } file) return;
        var ttl = Path.Combine(_dir, "x.ttl");
        var refused = PhdProcess.Run(null, "import-mma", file, "--out", ttl);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Turtle holds no named graphs", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("TriG (.trig)", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ttl));   // nothing written

        Assert.Equal(0, PhdProcess.Run(null, "import-mma", file, "--out", ttl, "--no-layout").ExitCode);
        Assert.StartsWith("@prefix", File.ReadAllText(ttl), StringComparison.Ordinal);
        Assert.Equal(0, PhdProcess.Run(null, "validate", ttl, "--tier", "1").ExitCode);   // Turtle, so it parses as Turtle

        var nq = Path.Combine(_dir, "x.nq");
        Assert.Equal(0, PhdProcess.Run(null, "import-mma", file, "--out", nq).ExitCode);
        Assert.Contains("/layout> .", File.ReadAllText(nq), StringComparison.Ordinal);   // N-Quads with the layout graph

        var unknown = PhdProcess.Run(null, "import-mma", file, "--out", Path.Combine(_dir, "x.data"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("cannot tell the RDF syntax", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadMicroMetaAppInputNamesTheJsonPath()
    {
        var notMma = PhdProcess.Run(null, "import-mma", Write("package.json", """{ "name": "x", "version": "1.0.0" }"""), "--out", Path.Combine(_dir, "o.trig"));
        Assert.NotEqual(0, notMma.ExitCode);
        Assert.Contains("$: not a Micro-Meta App file", notMma.Stderr, StringComparison.Ordinal);
        var version = PhdProcess.Run(null, "import-mma", Write("v3.json", """{ "Schema_ID": "Instrument.json", "ID": "i", "ModelVersion": "3.0.0" }"""), "--out", Path.Combine(_dir, "o.trig"));
        Assert.NotEqual(0, version.ExitCode);
        Assert.Contains("$.ModelVersion: unknown Micro-Meta App model version '3.0.0'", version.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "o.trig")));
    }

    /// <summary>The CLI prints the registry's one tier check: each finding once per component, with the tier that asks for it.</summary>
    [Fact]
    public void Tier_three_json_lists_each_finding_once()
    {
        if (Example(TesmMma) is not { } file) return;
        var json = PhdProcess.Run(null, "validate", file, "--tier", "3", "--format", "json", "--keep-dangling-links");
        Assert.Equal(1, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        int findings = 0;
        foreach (var c in doc.RootElement.GetProperty("components").EnumerateArray())
        {
            var keys = c.GetProperty("findings").EnumerateArray().Select(f => f.GetRawText()).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            findings += keys.Count;
        }
        var counts = doc.RootElement.GetProperty("counts");
        Assert.Equal(counts.GetProperty("violations").GetInt32() + counts.GetProperty("warnings").GetInt32(), findings);
    }

    [Fact]
    public void CompleteObjectiveConformsAtTierOneWithWarnings()
    {
        var r = PhdProcess.Run(null, "validate", Descriptor(lensNA: true), "--tier", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Objective 'UPlanSApo 60x/1.35 Oil' (…/component/42): missing Annotation ref (recommended for tier 1)", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("conforms at tier 1 (MUST); 1 of 4 recommended fields present", LastLine(r.Stdout));
    }

    [Fact]
    public void BrokenObjectiveNamesTheMissingAndInvalidFields()
    {
        var r = PhdProcess.Run(null, "validate", Descriptor(lensNA: false, magnification: "\"sixty\""), "--tier", "1");
        Assert.Equal(1, r.ExitCode);
        var line = r.Stdout.Split('\n').Single(l => l.StartsWith("Objective 'UPlanSApo 60x/1.35 Oil' (…/component/42): ", StringComparison.Ordinal));
        Assert.Contains("missing Lens NA (required for tier 1)", line, StringComparison.Ordinal);
        Assert.Contains("invalid Magnification: ", line, StringComparison.Ordinal);
        Assert.StartsWith("does not conform at tier 1 (MUST): 2 required fields missing or invalid; no tier met", LastLine(r.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public void TierTwoShowsTheHighestTierMet()
    {
        var r = PhdProcess.Run(null, "validate", Descriptor(lensNA: true), "--tier", "2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("missing Working distance (required for tier 2)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("; highest tier met: 1; ", LastLine(r.Stdout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4", "text")]
    [InlineData("1", "xml")]
    public void BadOptionsAreUnusableInput(string tier, string format)
    {
        var r = PhdProcess.Run(null, "validate", Descriptor(lensNA: true), "--tier", tier, "--format", format);
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsAUsageErrorAndMalformedInputIsBadInput()
    {
        // README: 1 for bad input (syntax errors, malformed MMA JSON), 2 for usage errors.
        var missing = PhdProcess.Run(null, "validate", Path.Combine(_dir, "nope.ttl"), "--tier", "1");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file", missing.Stderr, StringComparison.Ordinal);

        var badJson = PhdProcess.Run(null, "validate", Write("broken.json", "{ \"Schema_ID\": "), "--tier", "1");
        Assert.Equal(1, badJson.ExitCode);
        Assert.Contains("not valid JSON", badJson.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badJson.Stderr, StringComparison.Ordinal);

        var noShapes = PhdProcess.Run(null, "validate", Descriptor(lensNA: true));
        Assert.Equal(2, noShapes.ExitCode);
    }
}
