using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.ReadModels;

namespace PhdResolver.Registry.Tests;

/// <summary>The registry's read models: what the web layer renders without computing anything itself.</summary>
public sealed class ReadModelTests
{
    private const string Nboq = "https://w3id.org/nbo-q/";

    private static Dataset Descriptor(string objectiveName, double na)
    {
        var ds = new Dataset();
        var inst = new Iri("https://lab.example.org/x/instrument");
        var stand = new Iri("https://lab.example.org/x/stand");
        var obj = new Iri("https://lab.example.org/x/objective");
        var cam = new Iri("https://lab.example.org/x/camera");
        ds.Add(new Quad(inst, Vocab.Rdf.Type, new Iri(Nboq + "Instrument")));
        ds.Add(new Quad(stand, Vocab.Rdf.Type, new Iri(Nboq + "MicroscopeStand")));
        ds.Add(new Quad(stand, new Iri(Nboq + "manufacturer"), new Literal("Acme")));
        ds.Add(new Quad(stand, new Iri(Nboq + "model"), new Literal("Stand 9")));
        ds.Add(new Quad(obj, Vocab.Rdf.Type, new Iri(Nboq + "Objective")));
        ds.Add(new Quad(obj, new Iri(Nboq + "name"), new Literal(objectiveName)));
        ds.Add(new Quad(obj, new Iri(Nboq + "magnification"), new Literal("63", Vocab.Xsd.Double)));
        ds.Add(new Quad(obj, new Iri(Nboq + "lensNA"), new Literal(na.ToString(System.Globalization.CultureInfo.InvariantCulture), Vocab.Xsd.Double)));
        ds.Add(new Quad(cam, Vocab.Rdf.Type, new Iri(Nboq + "Camera")));
        ds.Add(new Quad(cam, new Iri(Nboq + "name"), new Literal("sCMOS <1>")));
        return ds;
    }

    [Fact]
    public void Descriptor_facts_are_typed_memoised_and_complete()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v1 = t.Registry.SubmitVersion(TestRegistry.I, Descriptor("Plan-Apo 63x", 1.4), 1, "cli");
        var v2 = t.Registry.SubmitVersion(TestRegistry.I, Descriptor("Plan-Apo 63x", 1.3), 1, "cli");
        var f1 = t.Registry.Describe(v1);
        Assert.Same(f1, t.Registry.Describe(v1));
        Assert.Null(f1.Diff);
        var f2 = t.Registry.Describe(v2);
        Assert.NotNull(f2.Diff);
        Assert.Equal(v1.Number, f2.Diff!.From.Number);
        Assert.Contains(f2.Diff.Components, c => c.Kind == Records.ChangeKind.Changed);
        // Components in page order, with categories from the ontology's class hierarchy (a Camera is a Detector).
        Assert.Equal(["Stand", "Objectives", "Detectors"], f1.Components.Select(c => c.Category).ToArray());
        Assert.Equal("Plan-Apo 63x", f1.Components[1].Name);
        Assert.Equal(3, f1.Compliance.Tier);
        Assert.InRange(f1.Compliance.ConformsAt, 0, 3);
    }

    [Fact]
    public void Methods_paragraph_is_plain_text_and_follows_the_facility()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(TestRegistry.I, Descriptor("Plan-Apo 63x", 1.4), 1, "cli");
        string text = t.Registry.MethodsParagraphOf(v, "https://phd.example.org/x/c1");
        Assert.StartsWith("Images were acquired on Confocal room 3 (Acme Stand 9) at Advanced Light Microscopy Facility, configuration c1.", text, StringComparison.Ordinal);
        Assert.Contains("63×/1.40 NA objective", text, StringComparison.Ordinal);
        Assert.Contains("sCMOS <1>", text, StringComparison.Ordinal); // text, not markup: escaping is the renderer's job
        Assert.EndsWith($"{v.Pid} (https://phd.example.org/x/c1).", text, StringComparison.Ordinal);
        t.Registry.MoveInstance(TestRegistry.I, TestRegistry.F2, "cli");
        Assert.Contains("at Imaging Core Boston", t.Registry.MethodsParagraphOf(v, "https://phd.example.org/x/c1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Record_model_of_a_facility_lists_its_current_instruments()
    {
        using var t = new TestRegistry();
        t.Seed();
        var r = t.Registry.Resolver.Resolve("/" + TestRegistry.F);
        var m = t.Registry.Record(r);
        Assert.Equal(PidLevel.Facility, m.Level);
        Assert.Equal("Confocal room 3", Assert.Single(m.Instances).Name);
        Assert.Single(m.Models);
        t.Registry.MoveInstance(TestRegistry.I, TestRegistry.F2, "cli");
        Assert.Empty(t.Registry.Record(t.Registry.Resolver.Resolve("/" + TestRegistry.F)).Instances);
        Assert.Single(t.Registry.Record(t.Registry.Resolver.Resolve("/" + TestRegistry.F2)).Instances);
    }

    [Fact]
    public void Ontology_catalog_labels_terms_and_compacts_others()
    {
        var cat = RegistryService.Ontology;
        Assert.True(cat.Count > 100);
        Assert.NotNull(cat.Find("Objective"));
        Assert.Equal("xsd:double", OntologyCatalog.Compact(Vocab.Xsd.Double));
        Assert.Equal("Objective", cat.LocalNameOf(new Iri(Nboq + "Objective")));
    }
}
