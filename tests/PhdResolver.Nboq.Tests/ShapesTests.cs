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

    /// <summary>
    /// The comparison with the NBO tables, row by row: each attribute row has a property shape on its element's class
    /// (or the context subclass where the tables give the element different rules in different parents) at the row's
    /// tier, MUST for an "R" row (or SHOULD flagged nboq:nboRequired where Micro-Meta App does not require it at that
    /// tier), SHOULD otherwise, with the row's extension and a sound datatype; each required element row has a
    /// qualified cardinality on its parent.
    /// </summary>
    [Fact]
    public void Every_NBO_table_row_has_its_shape_tier_level_and_extension()
    {
        if (!Paths.HaveReference()) return;
        var attributes = NboTables.ReadAttributes(Paths.Reference);
        var elements = NboTables.ReadElements(Paths.Reference).GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.First());
        var onto = Rdf.LoadRepo("ontology/nbo-q.ttl");
        var ontoIndex = new Indexed(onto);
        var shapes = new List<Row>();
        for (int t = 1; t <= 3; t++) shapes.AddRange(Rows(TierShapes.ForTier(t), t));

        // Context subclasses: nboq:nboPath of the classes that specialise an element by parent.
        var contextByPath = onto.Where(q => q.Predicate is Iri p && p.Value == Rdf.Nboq + "nboPath")
            .Select(q => (Path: ((Literal)q.Object).Lexical, Class: ((Iri)q.Subject).Value[Rdf.Nboq.Length..]))
            .GroupBy(x => x.Path).ToDictionary(g => g.Key, g => g.Select(x => x.Class).ToList());

        var problems = new List<string>();
        int checkedRows = 0;
        foreach (var a in attributes)
        {
            checkedRows++;
            int tier = TierOf(a.Tier, elements.GetValueOrDefault(a.ElementPath)?.Tier);
            var baseClass = Naming.ClassName(a.Element);
            var cls = contextByPath.GetValueOrDefault(a.ElementPath)?.FirstOrDefault(c => c != baseClass && c.EndsWith(baseClass, StringComparison.Ordinal)) ?? baseClass;
            var name = Naming.PropertyName(a.Name);
            var hits = shapes.Where(r => r.Targets.Contains(cls) && (r.Path == name || r.Path == name + "Value") && r.Tier == tier).ToList();
            var key = $"{a.ElementPath}/{a.Name} (tier {tier}, {(a.Required ? "R" : "-")}, {a.Extension})";
            if (hits.Count == 0) { problems.Add($"{key}: no shape on {cls} at tier {tier}"); continue; }
            bool ok = a.Required ? hits.Any(h => h.Severity == "Violation" || h.NboRequired) : hits.Any(h => h.Severity == "Warning" && !h.NboRequired);
            if (!ok) problems.Add($"{key}: severity {string.Join("/", hits.Select(h => h.Severity + (h.NboRequired ? "+nboRequired" : "")))}");
            if (!hits.Any(h => h.Extension == a.Extension))
            {
                // Rows of one (class, attribute, tier) from several extensions share one shape: it names one of them.
                var sameShape = attributes.Where(o => Naming.ClassName(o.Element) == baseClass && o.Name == a.Name && TierOf(o.Tier, elements.GetValueOrDefault(o.ElementPath)?.Tier) == tier).Select(o => o.Extension);
                if (!hits.Any(h => sameShape.Contains(h.Extension))) problems.Add($"{key}: extension {string.Join("/", hits.Select(h => h.Extension))}");
            }
            if (hits.Any(h => h.MinCount != "1")) problems.Add($"{key}: minCount");
            var range = ontoIndex.Objects(new Iri(Rdf.Nboq + hits[0].Path), Vocab.Rdfs.Namespace + "range").OfType<Iri>().FirstOrDefault()?.Value;
            if (a.IsReference) { if (hits[0].Datatype is not null) problems.Add($"{key}: reference with datatype"); }
            else if (range == Rdf.Skos + "Concept") { if (!hits[0].HasIn) problems.Add($"{key}: enumeration without sh:in"); }
            else if (hits[0].Datatype is null || hits[0].Datatype != range) problems.Add($"{key}: datatype {hits[0].Datatype} vs range {range}");
        }

        int requiredElements = 0;
        foreach (var e in elements.Values.Where(e => e.ParentPath is not null && (e.Required || e.Cardinality.StartsWith('1'))))
        {
            if (!elements.TryGetValue(e.ParentPath!, out var parent)) continue;
            requiredElements++;
            int tier = TierOf(e.Tier, "1");
            var hits = shapes.Where(r => r.Targets.Contains(Naming.ClassName(parent.Name)) && r.QualifiedName == e.Name && r.Tier == tier).ToList();
            if (hits.Count != 1) problems.Add($"element {e.Path} ({e.Cardinality}, tier {tier}): {hits.Count} qualified shapes on {parent.Name}");
            else if (hits[0].Extension != e.Extension) problems.Add($"element {e.Path}: extension {hits[0].Extension}");
        }
        Assert.True(checkedRows > 1000 && requiredElements == 39, $"{checkedRows} rows, {requiredElements} required elements");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static int TierOf(string tier, string? fallback) =>
        int.TryParse(tier, out var t) && t is >= 1 and <= 3 ? t : int.TryParse(fallback, out var f) && f is >= 1 and <= 3 ? f : 3;

    private sealed record Row(HashSet<string> Targets, int Tier, string? Path, string? QualifiedName, string Severity, bool NboRequired, string? Extension, string? MinCount, string? Datatype, bool HasIn);

    private static List<Row> Rows(Dataset all, int tier)
    {
        var d = new Indexed(all);
        var result = new List<Row>();
        foreach (var ns in all.Where(q => q.Predicate is Iri p && p.Value == Rdf.Sh + "targetClass").Select(q => q.Subject).Distinct())
        {
            if (d.Lexical(ns, Rdf.Nboq + "tier") != tier.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
            var targets = d.Objects(ns, Rdf.Sh + "targetClass").Select(t => ((Iri)t).Value[Rdf.Nboq.Length..]).ToHashSet(StringComparer.Ordinal);
            foreach (var ps in d.Objects(ns, Rdf.Sh + "property"))
            {
                bool qualified = d.Objects(ps, Rdf.Sh + "qualifiedValueShape").Any();
                result.Add(new Row(targets, tier,
                    qualified ? null : ((Iri)d.Objects(ps, Rdf.Sh + "path").Single()).Value[Rdf.Nboq.Length..],
                    qualified ? d.Lexical(ps, Rdf.Sh + "name") : null,
                    ((Iri)d.Objects(ps, Rdf.Sh + "severity").Single()).Value[Rdf.Sh.Length..],
                    d.Lexical(ps, Rdf.Nboq + "nboRequired") == "true",
                    d.Lexical(ps, Rdf.Nboq + "extension"),
                    d.Lexical(ps, Rdf.Sh + "minCount"),
                    (d.Objects(ps, Rdf.Sh + "datatype").SingleOrDefault() as Iri)?.Value,
                    d.Objects(ps, Rdf.Sh + "in").Any()));
            }
        }
        return result;
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
