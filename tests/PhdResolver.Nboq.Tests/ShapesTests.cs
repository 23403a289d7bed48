using PhdResolver.NboqGen;
using PhdResolver.Rdf;
using Term = PhdResolver.Rdf.Term;

namespace PhdResolver.Nboq.Tests;

public class ShapesTests
{
    private sealed record PropShape(string Class, string Path, string Severity, string? MinCount, string? Datatype, bool HasIn);

    private static List<PropShape> Read(Dataset all)
    {
        var d = new Indexed(all);
        var result = new List<PropShape>();
        foreach (var ns in all.Where(q => q.Predicate is Iri p && p.Value == Rdf.Sh + "targetClass"))
            foreach (var ps in d.Objects(ns.Subject, Rdf.Sh + "property"))
                result.Add(new PropShape(((Iri)ns.Object).Value[Rdf.Nboq.Length..],
                    ((Iri)d.Objects(ps, Rdf.Sh + "path").Single()).Value[Rdf.Nboq.Length..],
                    ((Iri)d.Objects(ps, Rdf.Sh + "severity").Single()).Value[Rdf.Sh.Length..],
                    d.Lexical(ps, Rdf.Sh + "minCount"),
                    (d.Objects(ps, Rdf.Sh + "datatype").SingleOrDefault() as Iri)?.Value,
                    d.Objects(ps, Rdf.Sh + "in").Any()));
        return result;
    }

    /// <summary>Subject-indexed lookups: scanning the whole shapes graph per lookup is too slow.</summary>
    private sealed class Indexed(Dataset d)
    {
        private readonly ILookup<Term, Quad> _bySubject = d.ToLookup(q => q.Subject);
        public IEnumerable<Term> Objects(Term s, string p) => _bySubject[s].Where(q => ((Iri)q.Predicate).Value == p).Select(q => q.Object);
        public string? Lexical(Term s, string p) => Objects(s, p).OfType<Literal>().FirstOrDefault()?.Lexical;
    }

    [Fact]
    public void Every_attribute_has_a_shape_at_its_tier_with_the_right_severity()
    {
        if (!Paths.HaveReference()) return;
        var attributes = NboTables.ReadAttributes(Paths.Reference);
        var elements = NboTables.ReadElements(Paths.Reference).GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.First());
        var onto = Rdf.LoadRepo("ontology/nbo-q.ttl");
        var shapes = Enumerable.Range(1, 3).Select(t => Read(TierShapes.ForTier(t))).ToList();

        // Expected: per (class, property) the lowest tier of its rows, MUST if any row at that tier is required.
        var expected = attributes
            .Select(a => (a, Tier: int.TryParse(a.Tier, out var t) ? t : int.Parse(elements[a.ElementPath].Tier, System.Globalization.CultureInfo.InvariantCulture)))
            .GroupBy(x => (Class: Naming.ClassName(x.a.Element), x.a.Name))
            .Select(g => (g.Key, Tier: g.Min(x => x.Tier), Must: g.Where(x => x.Tier == g.Min(y => y.Tier)).Any(x => x.a.Required), Row: g.First().a))
            .ToList();
        Assert.True(expected.Count > 900);

        var problems = new List<string>();
        foreach (var (key, tier, must, row) in expected)
        {
            var name = Naming.PropertyName(row.Name);
            for (int t = 1; t <= 3; t++)
            {
                var hits = shapes[t - 1].Where(s => s.Class == key.Class && (s.Path == name || s.Path == name + "Value")).ToList();
                if (t < tier) { if (hits.Count > 0) problems.Add($"{key} appears below its tier {tier}"); continue; }
                if (hits.Count != 1) { problems.Add($"{key}: {hits.Count} shapes at tier {t}"); continue; }
                var s = hits[0];
                if (s.Severity != (must ? "Violation" : "Warning")) problems.Add($"{key}: severity {s.Severity}");
                if (s.MinCount != "1") problems.Add($"{key}: minCount {s.MinCount}");
                var range = onto.Objects(new Iri(Rdf.Nboq + s.Path), Vocab.Rdfs.Namespace + "range").OfType<Iri>().FirstOrDefault()?.Value;
                if (row.IsReference) { if (s.Datatype is not null) problems.Add($"{key}: reference with datatype"); }
                else if (range == Rdf.Skos + "Concept") { if (!s.HasIn) problems.Add($"{key}: enumeration without sh:in"); }
                else if (s.Datatype is null || s.Datatype != range) problems.Add($"{key}: datatype {s.Datatype} vs range {range}");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Higher_tiers_include_the_lower_ones()
    {
        var n = Enumerable.Range(1, 3).Select(t => TierShapes.ForTier(t).Count).ToArray();
        Assert.True(n[0] < n[1] && n[1] < n[2], string.Join(",", n));
        var t1 = TierShapes.ForTier(1);
        var t3 = TierShapes.ForTier(3);
        Assert.All(t1.Where(q => !q.Subject.IsBlankNode && !q.Object.IsBlankNode), q => Assert.True(t3.Contains(q)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TierShapes.ForTier(4));
    }

    [Fact]
    public void Record_shapes_cover_the_PIDINST_mandatory_properties()
    {
        var records = TierShapes.Records();
        var instance = new Iri("https://w3id.org/nbo-q/shapes/InstrumentInstance");
        var mandatory = records.Objects(instance, Rdf.Sh + "property")
            .Where(ps => records.Objects(ps, Rdf.Sh + "severity").Contains(new Iri(Rdf.Sh + "Violation")) && records.Lexical(ps, Rdf.Sh + "minCount") == "1")
            .Select(ps => ((Iri)records.Objects(ps, Rdf.Sh + "path").Single()).Value[Rdf.Nboq.Length..]).ToHashSet();
        Assert.Superset(new HashSet<string> { "identifier", "identifierType", "schemaVersion", "landingPage", "name", "owner", "manufacturer" }, mandatory);
        foreach (var level in new[] { "Facility", "InstrumentModel", "InstrumentInstance", "HardwareDescriptor" })
            Assert.Contains(new Iri(Rdf.Nboq + level), records.Objects(new Iri("https://w3id.org/nbo-q/shapes/" + level), Rdf.Sh + "targetClass"));
    }
}
