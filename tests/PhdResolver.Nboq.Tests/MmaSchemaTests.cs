using System.Text;
using PhdResolver.Nboq.Import;
using PhdResolver.Nboq.Validation;
using PhdResolver.Rdf;
using PhdResolver.Shacl;
using Xunit.Abstractions;

namespace PhdResolver.Nboq.Tests;

/// <summary>
/// Tests generated from the Micro-Meta App schemas: every field maps to a property the shapes check, and a
/// component holding exactly what Micro-Meta App requires at tier N conforms at tier N; without any one of those
/// fields it does not, and the report names the field.
/// </summary>
public class MmaSchemaTests(ITestOutputHelper output)
{
    private static ImportResult Import(string json) =>
        MmaImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(json)), new ImportOptions { Time = DateTimeOffset.UnixEpoch });

    private static IEnumerable<MmaSchemas.Schema> Hardware => MmaSchemas.Default.ByFile.Values.Where(s => s.IsComponent || s.IsStand);

    /// <summary>Schema fields with no NBO v02-01 attribute at all: kept as key/value annotations (with a report entry).</summary>
    private static readonly HashSet<string> NotInNbo = new(StringComparer.Ordinal)
    {
        "AcquisitionSoftware.json Language", "SoftwareModule.json Language",
        "MechanicalStage.json XYZResolutionUnit", "PiezoElectricStage.json XYZResolutionUnit",
        "Shutter.json OperatingFrequency", "Shutter.json OperatingFrequencyUnit",
    };

    /// <summary>Fields mapped to an NBO property that NBO attaches to another element (so no shape on this class checks it).</summary>
    private static readonly HashSet<string> ElsewhereInNbo = new(StringComparer.Ordinal)
    {
        "Laser usedAcoustoOpticalDevice",   // NBO: Image/.../LightSourceSettings/UsedAcoustoOpticalDevice
    };

    [Fact]
    public void Every_schema_field_maps_to_a_property_the_shapes_check()
    {
        if (!Paths.HaveReference()) return;
        var shapes = new ShaclGraph(TierShapes.ForTier(3));
        var checkedPaths = new Dictionary<Term, HashSet<Term>>();   // class -> sh:path of the shapes that target it
        foreach (var (shape, cls) in shapes.WithPredicate(Sh.TargetClass))
        {
            if (!checkedPaths.TryGetValue(cls, out var set)) checkedPaths[cls] = set = [];
            foreach (var p in shapes.Objects(shape, Sh.Property))
                if (shapes.Object(p, Sh.Path) is Iri path)
                {
                    set.Add(path);
                    set.Add(new Iri(path.Value + "Unit"));   // the companion unit property of a quantity
                }
        }
        // Structure and what every component carries (its name and free-text description) are not tier facts.
        var structural = new HashSet<string>(StringComparer.Ordinal) { "hasPart", "hasComponent", "refersTo", "unmappedField", "layoutField", "location", "id", "name", "description" };

        var problems = new List<string>();
        int fields = 0;
        foreach (var s in Hardware)
        {
            var built = MmaSchemas.Default.Build(s, null);
            var r = Import(built.Text);
            foreach (var u in r.Report.Unmapped.Where(u => u.JsonPath.StartsWith(built.ComponentPath + ".", StringComparison.Ordinal)))
                if (!NotInNbo.Contains($"{s.File} {u.Key}")) problems.Add($"{s.File} {u.JsonPath}: not mapped ({u.Reason})");
            fields += s.Fields.Count;

            // Every statement about the component (and its nested parts) uses a property some shape on its class checks.
            var data = new ShaclGraph(r.Data);
            var root = new Iri(MmaImporter.ImporterAgent.Value.Length > 0 ? ComponentIri(r, built) : "");
            var todo = new Queue<Term>([root]);
            var seen = new HashSet<Term>();
            while (todo.TryDequeue(out var node))
            {
                if (!seen.Add(node)) continue;
                var types = data.Objects(node, Vocab.Rdf.Type).ToList();
                foreach (var (p, o) in data.Outgoing(node))
                {
                    if (p is not Iri pi || !pi.Value.StartsWith(Nboq.Namespace, StringComparison.Ordinal)) continue;
                    var local = pi.Value[Nboq.Namespace.Length..];
                    if (local == "hasPart") todo.Enqueue(o);
                    if (structural.Contains(local) || local.StartsWith("mma", StringComparison.Ordinal)) continue;
                    if (!types.Any(t => checkedPaths.TryGetValue(t, out var set) && set.Contains(pi)) && !ElsewhereInNbo.Contains($"{ShortName(types)} {local}"))
                        problems.Add($"{s.File}: {ShortName(types)} nboq:{local} is written but no shape on the class checks it");
                }
            }
        }
        output.WriteLine($"{Hardware.Count()} schemas, {fields} fields");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string ShortName(List<Term> types) => string.Join("/", types.OfType<Iri>().Select(t => t.Value[(t.Value.LastIndexOf('/') + 1)..]));

    private static string ComponentIri(ImportResult r, MmaSchemas.Built built) =>
        r.Data.Single(q => q.Predicate is Iri p && p.Value == Nboq.Id.Value && q.Object is Literal l && l.Lexical == built.ComponentId).Subject is Iri i ? i.Value : "";

    public static TheoryData<int> Tiers => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_component_with_what_MMA_requires_at_tier_N_conforms_and_without_any_one_field_does_not(int tier)
    {
        if (!Paths.HaveReference()) return;
        var problems = new List<string>();
        var stricter = new List<string>();
        int omitted = 0;
        foreach (var s in Hardware)
        {
            var full = Violations(MmaSchemas.Default.Build(s, tier), tier);
            if (full.Count > 0) problems.Add($"{s.File} at tier {tier}: {string.Join("; ", full)}");

            foreach (var f in MmaSchemas.Select(s.Fields, tier))
            {
                if (MmaSchemas.Bookkeeping.Contains(f.Name) || f.Name == "Name") continue;   // written by the app itself
                omitted++;
                var without = Violations(MmaSchemas.Default.Build(s, tier, omit: f.Name), tier);
                var words = TierValidator.Humanize(MmaNames.NboName(f.Name)).ToLowerInvariant();
                if (without.Any(v => v.StartsWith(words, StringComparison.OrdinalIgnoreCase))) continue;
                // No finding: fine only where the NBO tables themselves do not require the field (Micro-Meta App is
                // stricter than NBO there); a field NBO requires that goes unnoticed is a mapping gap.
                if (NboRequires(s, f.Name, tier) is { } row)
                    problems.Add($"{s.File} at tier {tier} without {f.Name}: NBO requires it ({row}) but no finding names '{words}': [{string.Join("; ", without)}]");
                else stricter.Add($"{s.File} {f.Name}");
            }
        }
        output.WriteLine($"tier {tier}: {omitted} omissions checked; Micro-Meta App requires, NBO does not: {string.Join(", ", stricter)}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static readonly Lazy<IReadOnlyList<PhdResolver.NboqGen.NboAttribute>> s_rows = new(() => PhdResolver.NboqGen.NboTables.ReadAttributes(Paths.Reference));

    /// <summary>An NBO row marked R, at a tier up to <paramref name="tier"/>, for the field on the schema's class or a superclass.</summary>
    private static string? NboRequires(MmaSchemas.Schema s, string field, int tier)
    {
        var vocab = NboqVocabulary.Default;
        var cls = SchemaClassMap.ClassFor(vocab, s.File);
        if (cls is null) return "no class";
        var name = MmaNames.NboName(field);
        // The rows of the most specific classes win: an element that lists the attribute itself overrides its ancestors.
        var rows = s_rows.Value
            .Where(a => a.Name == name || a.Name == name + "Ref")
            .Select(a => (Row: a, Class: vocab.Class(PhdResolver.NboqGen.Naming.ClassName(a.Element))))
            .Where(x => x.Class is not null && vocab.IsSubClassOf(cls, x.Class))
            .ToList();
        var nearest = rows.Where(x => !rows.Any(y => y.Class != x.Class && vocab.IsSubClassOf(y.Class!, x.Class!))).ToList();
        foreach (var (a, _) in nearest)
            if (a.Required && (int.TryParse(a.Tier, out var t) ? t : 1) <= tier) return $"{a.ElementPath}/{a.Name} tier {a.Tier}";
        return null;
    }

    /// <summary>The required findings on anything but the instrument node (the generated instrument is not complete).</summary>
    private static List<string> Violations(MmaSchemas.Built built, int tier)
    {
        var imp = Import(built.Text);
        var (_, summary) = TierValidator.Validate(new ShaclGraph(imp.Data), tier);
        return [.. summary.Components.Where(c => c.Type != "Instrument").SelectMany(c => c.Findings.Where(f => f.Required).Select(f => $"{f.Field} ({c.Type})"))];
    }
}

/// <summary>Bad input: a clear error naming the JSON path, and no data.</summary>
public class MmaBadInputTests
{
    private static MmaImportException Fails(string json) =>
        Assert.Throws<MmaImportException>(() => MmaImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(json))));

    [Fact]
    public void A_JSON_file_that_is_not_Micro_Meta_App_is_refused_naming_the_path()
    {
        Assert.StartsWith("$: not a Micro-Meta App file", Fails("""{ "name": "package.json", "version": "1.0.0" }""").Message, StringComparison.Ordinal);
        Assert.StartsWith("$.Schema_ID: ", Fails("""{ "Schema_ID": "Objective.json", "ID": "x" }""").Message, StringComparison.Ordinal);
        Assert.StartsWith("$: ", Fails("[1, 2]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_model_version_is_refused_naming_the_path()
    {
        var e = Fails("""{ "Schema_ID": "Instrument.json", "ID": "i", "Name": "n", "ModelVersion": "3.00.0", "components": [] }""");
        Assert.StartsWith("$.ModelVersion: unknown Micro-Meta App model version '3.00.0'", e.Message, StringComparison.Ordinal);
        e = Fails("""{ "Schema_ID": "Image.json", "ID": "img", "ModelVersion": "9" }""");
        Assert.StartsWith("$.ModelVersion: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dangling_link_is_refused_naming_the_path()
    {
        const string missing = "11111111-2222-4333-8444-555555555555";
        var cube = $$"""{ "Schema_ID": "Instrument.json", "ID": "i", "Name": "n", "ModelVersion": "2.01.0", "components": [ { "Schema_ID": "FilterCube.json", "ID": "c1", "Name": "cube", "StandardDichroic": "StandardDichroic/{{missing}}" } ] }""";
        Assert.StartsWith("$.components[0].StandardDichroic: links to component '" + missing + "'", Fails(cube).Message, StringComparison.Ordinal);

        var list = $$"""{ "Schema_ID": "Instrument.json", "ID": "i", "Name": "n", "ModelVersion": "2.01.0", "components": [ { "Schema_ID": "FilterCubeTurret.json", "ID": "t1", "Name": "turret", "FilterCube": ["{{missing}}"] } ] }""";
        Assert.StartsWith("$.components[0].FilterCube[0]: links to component", Fails(list).Message, StringComparison.Ordinal);

        var linked = $$"""{ "Schema_ID": "Instrument.json", "ID": "i", "Name": "n", "ModelVersion": "2.01.0", "components": [ { "Schema_ID": "CCD.json", "ID": "cam", "Name": "camera" } ], "linkedFields": { "CCD_cam": { "RelayLens": { "value": "{{missing}}", "schemaType": "CCD" } } } }""";
        Assert.StartsWith("$.linkedFields.CCD_cam.RelayLens.value: links to component", Fails(linked).Message, StringComparison.Ordinal);
    }
}
