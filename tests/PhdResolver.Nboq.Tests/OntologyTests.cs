using PhdResolver.NboqGen;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Tests;

public class OntologyTests
{
    private static readonly Lazy<Dataset> Onto = new(() => Rdf.LoadRepo("ontology/nbo-q.ttl"));

    private static readonly string[] DeclaringTypes =
    [
        "http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2002/07/owl#ObjectProperty",
        "http://www.w3.org/2002/07/owl#DatatypeProperty", "http://www.w3.org/2002/07/owl#AnnotationProperty",
        Rdf.Skos + "Concept", Rdf.Skos + "ConceptScheme", "http://www.w3.org/2002/07/owl#Ontology",
    ];

    private static HashSet<string> Declared(Dataset d) =>
        d.Where(q => q.Predicate == Rdf.Type && q.Object is Iri t && DeclaringTypes.Contains(t.Value) && q.Subject is Iri)
         .Select(q => ((Iri)q.Subject).Value).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Parses_with_our_Turtle_parser_and_has_the_expected_size()
    {
        var d = Onto.Value;
        Assert.True(d.Count > 10_000, $"only {d.Count} triples");
        var version = d.Objects(new Iri(Rdf.Nboq), "http://www.w3.org/2002/07/owl#versionIRI").Single();
        Assert.Equal("https://w3id.org/nbo-q/2.2.0/", ((Iri)version).Value);
    }

    [Fact]
    public void Every_term_has_label_definition_tier_and_extension()
    {
        var d = Onto.Value;
        var missing = new List<string>();
        foreach (var iri in Declared(d).Where(i => i.StartsWith(Rdf.Nboq, StringComparison.Ordinal) && i != Rdf.Nboq))
        {
            var s = new Iri(iri);
            if (d.Lexical(s, Vocab.Rdfs.Label.Value) is null) missing.Add(iri + " label");
            if (d.Lexical(s, Rdf.Skos + "definition") is null) missing.Add(iri + " definition");
            var tier = d.Lexical(s, Rdf.Nboq + "tier");
            if (tier is not ("1" or "2" or "3")) missing.Add(iri + " tier");
            if (d.Lexical(s, Rdf.Nboq + "extension") is not ("Core" or "Basic" or "AdvancedConfocal" or "Calibration")) missing.Add(iri + " extension");
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void No_dangling_references_in_ontology_and_shapes()
    {
        var onto = Onto.Value;
        var declared = Declared(onto);
        declared.Add("https://w3id.org/nbo-q/2.2.0/");
        var dangling = new SortedSet<string>(StringComparer.Ordinal);
        string[] files = ["ontology/nbo-q.ttl", "shapes/tier1.ttl", "shapes/tier2.ttl", "shapes/tier3.ttl", "shapes/records.ttl"];
        // Shapes and shape files (under .../shapes/) are declared by being subjects in some shapes file.
        var local = files.SelectMany(f => Rdf.LoadRepo(f)).Where(q => q.Subject is Iri).Select(q => ((Iri)q.Subject).Value)
            .Where(s => s.StartsWith(Rdf.Nboq + "shapes/", StringComparison.Ordinal)).ToHashSet();
        foreach (var file in files)
        {
            var d = Rdf.LoadRepo(file);
            foreach (var q in d)
                foreach (var t in new[] { q.Subject, q.Predicate, q.Object })
                    if (t is Iri i && i.Value.StartsWith(Rdf.Nboq, StringComparison.Ordinal) && !declared.Contains(i.Value) && !local.Contains(i.Value))
                        dangling.Add($"{file}: {i.Value}");
        }
        Assert.Empty(dangling);
    }

    [Fact]
    public void Every_predicate_used_is_declared_or_standard()
    {
        var onto = Onto.Value;
        var declared = Declared(onto);
        string[] standard = ["http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", Rdf.Skos, "http://purl.org/dc/terms/", Rdf.Sh];
        foreach (var file in new[] { "ontology/nbo-q.ttl", "shapes/tier1.ttl", "shapes/tier2.ttl", "shapes/tier3.ttl", "shapes/records.ttl" })
        {
            var bad = Rdf.LoadRepo(file).Select(q => ((Iri)q.Predicate).Value).Distinct()
                .Where(p => !declared.Contains(p) && !standard.Any(ns => p.StartsWith(ns, StringComparison.Ordinal))).ToList();
            Assert.True(bad.Count == 0, $"{file}: undeclared predicates {string.Join(", ", bad)}");
        }
    }

    [Fact]
    public void Every_NBO_element_and_attribute_has_its_term()
    {
        if (!Paths.HaveReference()) return;
        var d = Onto.Value;
        var declared = Declared(d);
        var missing = new List<string>();
        foreach (var e in NboTables.ReadElements(Paths.Reference))
        {
            var iri = Rdf.Nboq + Naming.ClassName(e.Name);
            if (!declared.Contains(iri) || !d.Objects(new Iri(iri), Rdf.Nboq + "nboPath").OfType<Literal>().Any(l => l.Lexical == e.Path))
                missing.Add("element " + e.Path);
        }
        var attributes = NboTables.ReadAttributes(Paths.Reference);
        Assert.Equal(1014, attributes.Count);
        foreach (var a in attributes)
        {
            var name = Naming.PropertyName(a.Name);
            bool ok = new[] { name, name + "Value" }.Any(n => declared.Contains(Rdf.Nboq + n)
                && d.Lexical(new Iri(Rdf.Nboq + n), Rdf.Nboq + "nboName") == a.Name);
            if (!ok) missing.Add($"attribute {a.ElementPath}/{a.Name}");
            if (!declared.Contains(Rdf.Nboq + Naming.ClassName(a.Element))) missing.Add($"class for {a.ElementPath}");
        }
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("Laser", "LightSource")]
    [InlineData("CMOS", "Camera")]
    [InlineData("Camera", "Detector")]
    [InlineData("InvertedMicroscope", "MicroscopeStand")]
    [InlineData("ExcitationFilter", "Filter")]
    [InlineData("Objective", "InstrumentComponent")]
    [InlineData("ObjectiveSettings", "Settings")]
    public void Class_hierarchy_follows_NBO(string sub, string super)
    {
        var v = NboqVocabulary.Default;
        Assert.True(v.IsSubClassOf(v.Class(sub)!, v.Class(super)!), $"{sub} is not a {super}");
    }

    [Fact]
    public void Enumerations_are_SKOS_schemes_and_quantities_have_unit_properties()
    {
        var d = Onto.Value;
        var immersion = new Iri(Rdf.Nboq + "ImmersionTypeList-Mineral_Oil");
        Assert.Equal("Mineral Oil", d.Lexical(immersion, Rdf.Skos + "notation"));
        Assert.Contains(new Iri(Rdf.Nboq + "ImmersionTypeList"), d.Objects(immersion, Rdf.Skos + "inScheme"));
        var wd = new Iri(Rdf.Nboq + "workingDistance");
        Assert.Contains(new Iri(Rdf.Nboq + "workingDistanceUnit"), d.Objects(wd, Rdf.Nboq + "unitProperty"));
        Assert.Contains(new Iri("http://qudt.org/vocab/unit/MilliM"), d.Objects(wd, Rdf.Nboq + "defaultUnit"));
        Assert.Contains(new Iri("http://qudt.org/schema/qudt/Unit"), d.Objects(new Iri(Rdf.Nboq + "workingDistanceUnit"), Vocab.Rdfs.Namespace + "range"));
        Assert.Contains(new Iri("http://www.w3.org/2001/XMLSchema#double"), d.Objects(new Iri(Rdf.Nboq + "lensNA"), Vocab.Rdfs.Namespace + "range"));
    }

    [Fact]
    public void Committed_ontology_and_shapes_are_what_the_generator_writes()
    {
        if (!Paths.HaveReference()) return;
        foreach (var (path, text) in Generator.Generate(Paths.Reference))
        {
            var committed = File.ReadAllText(Path.Combine(Paths.RepoRoot, path));
            Assert.True(committed == text, $"{path} is stale: run tools/PhdResolver.NboqGen with ../shared/reference and .");
        }
    }
}
