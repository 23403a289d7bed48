using System.Text;
using System.Text.Json;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Tests;

public class ImporterTests
{
    private const string V2 = "microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json";
    private const string V1 = "microscope_configuration__TESM_MMA_el_91719.json";
    private const string Base = "https://example.org/phd/mma/";
    // The model 1 record links a filter set to an excitation filter it no longer holds: kept, not refused, here.
    private static readonly ImportOptions Fixed = new() { Time = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), KeepDanglingLinks = true };

    [Fact]
    public void A_real_dangling_link_is_refused_by_default_naming_its_path()
    {
        if (!Paths.HaveReference()) return;
        var e = Assert.Throws<MmaImportException>(() => MmaImporter.ImportFile(Path.Combine(Paths.Examples, V1)));
        Assert.StartsWith("$.microscope.components[15].ExcitationFilter: links to component '3bac62f5-b0cd-4f38-928a-1e710c2aa38a'", e.Message, StringComparison.Ordinal);
    }

    private static ImportResult ImportExample(string name) => MmaImporter.ImportFile(Path.Combine(Paths.Examples, name), Fixed);

    /// <summary>Every JSON property in the document, counted independently of the importer.</summary>
    private static int CountProperties(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Sum(p => 1 + CountProperties(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Sum(CountProperties),
        _ => 0,
    };

    // Quads: the importer names its agent but no longer describes it (2 quads fewer per file): a registered
    // descriptor may only speak about its own nodes, and the agent IRI lies in the ontology namespace.
    public static TheoryData<string, int, int> Examples => new()
    {
        { V2, 6730, 2281 },   // more fields mapped than before issue 11 (links, aliases, file elements): 2214 -> 2281
        { V1, 3375, 694 },  // 575 -> 694 (1.x CutIn/CutOut bands now become Wavelength/FWHM)
        { "microscope_setting_a1.json", 222, 8 },
        { "microscope_setting_a2.json", 247, 8 },
        { "microscope_setting_d1.json", 120, 6 },
        { "microscope_setting_d2.json", 170, 6 },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_imports_with_no_field_dropped(string file, int quads, int mapped)
    {
        if (!Paths.HaveReference()) return;
        var r = ImportExample(file);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Paths.Examples, file)));
        Assert.Equal(CountProperties(doc.RootElement), r.Report.FieldCount);
        Assert.Equal(quads, r.Data.Count);
        Assert.Equal(mapped, r.Report.MappedCount);
        // Every kept field is in the RDF with its JSON path.
        var paths = r.Data.Where(q => q.Predicate == PhdResolver.Nboq.Nboq.JsonPath).Select(q => ((Literal)q.Object).Lexical).ToHashSet();
        Assert.All(r.Report.Unmapped.Concat(r.Report.Layout), n => Assert.Contains(n.JsonPath, paths));
    }

    [Fact]
    public void Model_2_values_land_on_the_right_components()
    {
        if (!Paths.HaveReference()) return;
        var d = ImportExample(V2).Data;
        var inst = Base + "instrument/55581e96-039b-4804-ac80-57405cbbc962";
        Iri C(string id) => new($"{inst}/component/{id}");
        Assert.Equal(78, d.Objects(new Iri(inst), Rdf.Nboq + "hasComponent").Count());   // 77 components + the stand

        var objective = C("d95992e9-45c5-4409-a651-bf624b6a6317");
        Assert.Contains(new Iri(Rdf.Nboq + "Objective"), d.Objects(objective, Vocab.Rdf.Type.Value));
        Assert.Equal("60", d.Lexical(objective, Rdf.Nboq + "magnification"));
        Assert.Equal("1.4", d.Lexical(objective, Rdf.Nboq + "lensNA"));
        Assert.Contains(new Iri(Rdf.Nboq + "ImmersionTypeList-Mineral_Oil"), d.Objects(objective, Rdf.Nboq + "immersionType"));
        Assert.Contains(new Iri("http://qudt.org/vocab/unit/MilliM"), d.Objects(objective, Rdf.Nboq + "workingDistanceUnit"));

        var laser = C("6d38cfc1-4b07-4042-9aa0-9a9a460df594");
        Assert.Contains(new Iri(Rdf.Nboq + "Laser"), d.Objects(laser, Vocab.Rdf.Type.Value));
        var range = d.Objects(laser, Rdf.Nboq + "hasPart").First(p => d.Objects(p, Vocab.Rdf.Type.Value).Contains(new Iri(Rdf.Nboq + "IlluminationWavelengthRange")));
        Assert.Equal("405", d.Lexical(range, Rdf.Nboq + "peakWavelength"));
        Assert.Contains(new Iri("http://qudt.org/vocab/unit/NanoM"), d.Objects(range, Rdf.Nboq + "peakWavelengthUnit"));

        var stand = C("cca396be-ac9a-4c03-8506-894eb29c8e76");
        Assert.Contains(new Iri(Rdf.Nboq + "InvertedMicroscope"), d.Objects(stand, Vocab.Rdf.Type.Value));
        Assert.Equal("Olympus/Biomedical Imaging Group", d.Lexical(stand, Rdf.Nboq + "manufacturer"));
        Assert.Equal("Custom built on the basis of IX71", d.Lexical(stand, Rdf.Nboq + "model"));

        // linkedFields: the CCD's relay lens, on the NBO reference property the shapes check (a nboq:refersTo sub-property).
        Assert.Contains(C("8f3db333-7747-4da6-90df-1e7e863b6cba"), d.Objects(C("fcbcb14b-f321-466e-96b4-25d74910ec2c"), Rdf.Nboq + "relayLensRef"));
        // Drawing fields live in the layout graph only.
        Assert.All(d.Where(q => q.Predicate == PhdResolver.Nboq.Nboq.LayoutField), q => Assert.Equal(new Iri(inst + "/layout"), q.Graph));
    }

    [Fact]
    public void Pre_2_model_puts_stand_facts_on_a_stand()
    {
        if (!Paths.HaveReference()) return;
        var r = ImportExample(V1);
        Assert.Equal("1.05.3", r.Report.ModelVersion);
        var inst = Base + "instrument/a2ff84d6-7319-42e0-bed7-27bbe36591a8";
        var stand = new Iri(inst + "/stand");
        Assert.Contains(new Iri(Rdf.Nboq + "InvertedMicroscope"), r.Data.Objects(stand, Vocab.Rdf.Type.Value));
        Assert.Equal("Biomedical Imaging Group", r.Data.Lexical(stand, Rdf.Nboq + "manufacturer"));
        Assert.Equal("TIRF Epifluoroscence Structured Light", r.Data.Lexical(stand, Rdf.Nboq + "model"));
        var laser = new Iri(inst + "/component/af7a7bec-575d-4d81-9f37-6521f53b6162");
        Assert.Equal("491", r.Data.Lexical(laser, Rdf.Nboq + "wavelength"));
        Assert.Equal("Cobolt Calypso 100", r.Data.Lexical(laser, Rdf.Nboq + "model"));
    }

    [Fact]
    public void Reimport_is_isomorphic_and_uses_only_declared_terms()
    {
        if (!Paths.HaveReference()) return;
        var a = ImportExample(V2).Data;
        var b = ImportExample(V2).Data;
        Assert.True(Isomorphism.AreIsomorphic(a, b));
        var v = NboqVocabulary.Default;
        var undeclared = a.Select(q => q.Predicate).OfType<Iri>().Distinct()
            .Where(p => p.Value.StartsWith(Rdf.Nboq, StringComparison.Ordinal) && v.Property(p.Value[Rdf.Nboq.Length..]) is null).ToList();
        Assert.Empty(undeclared);
        var prov = a.Where(q => q.Predicate is Iri i && i.Value == "http://www.w3.org/ns/prov#endedAtTime").Single();
        Assert.Equal("2025-01-02T03:04:05Z", ((Literal)prov.Object).Lexical);
    }

    [Fact]
    public void Image_settings_refer_to_the_instrument_components()
    {
        const string json = """
        { "Schema_ID": "Image.json", "ID": "img-1", "Name": "cells", "ModelVersion": "2.01.0", "Tier": 1,
          "InstrumentName": "TESM", "InstrumentID": "55581e96-039b-4804-ac80-57405cbbc962",
          "AcquisitionSoftware": ["8c056ac5-d28a-4f76-a176-5e052723df92"],
          "ObjectiveSettings": [ { "ID": "os-1", "Schema_ID": "ObjectiveSettings.json", "ComponentID": "d95992e9-45c5-4409-a651-bf624b6a6317",
                                   "Temperature": 37, "TemperatureUnit": "°C", "PositionX": 3 } ] }
        """;
        var r = MmaImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(json)), Fixed);
        var inst = Base + "instrument/55581e96-039b-4804-ac80-57405cbbc962";
        var os = new Iri(Base + "image/img-1/ObjectiveSettings/os-1");
        Assert.Contains(new Iri(inst + "/component/d95992e9-45c5-4409-a651-bf624b6a6317"), r.Data.Objects(os, Rdf.Nboq + "refersTo"));
        Assert.Contains(new Iri("http://qudt.org/vocab/unit/DEG_C"), r.Data.Objects(os, Rdf.Nboq + "temperatureUnit"));
        Assert.Single(r.Report.Layout);
        Assert.Equal("Image", r.Report.Kind);
    }

    [Fact]
    public void Truncated_json_gives_line_and_column()
    {
        var e = Assert.Throws<MmaImportException>(() => MmaImporter.Import(new MemoryStream("{\n  \"Schema_ID\": \"Instrument.json\",\n  \"ID\": "u8.ToArray())));
        Assert.Equal(3, e.Line);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "hello": "world" }""", "not a Micro-Meta App file")]
    [InlineData("""{ "Schema_ID": "Objective.json" }""", "Schema_ID is 'Objective.json'")]
    [InlineData("[1, 2]", "array of 2 items")]
    [InlineData("42", "not a Micro-Meta App file")]
    public void Non_MMA_input_is_rejected_clearly(string json, string expected)
    {
        var e = Assert.Throws<MmaImportException>(() => MmaImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
