using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Nboq.Validation;

/// <summary>
/// Validates NBO-Q data at a documentation tier: the shapes are <see cref="TierShapes.ForTier"/>, plus
/// <see cref="TierShapes.Records"/> when the data holds PID-level records. Compiled shapes are cached
/// per tier, so validating many descriptors compiles them once.
/// </summary>
public static class TierValidator
{
    private static readonly Lazy<ShapesGraph>[,] s_compiled = new Lazy<ShapesGraph>[TierShapes.MaxTier + 1, 2];
    private static readonly Lazy<Term[]> s_recordClasses = new(() =>
        [.. new ShaclGraph(TierShapes.Records()).WithPredicate(Sh.TargetClass).Select(x => x.O).Distinct()]);

    static TierValidator()
    {
        for (int t = TierShapes.MinTier; t <= TierShapes.MaxTier; t++)
            for (int r = 0; r < 2; r++)
            {
                int tier = t;
                bool records = r == 1;
                s_compiled[t, r] = new Lazy<ShapesGraph>(() => new ShapesGraph(Quads(tier, records, null)));
            }
    }

    /// <summary>True when the data holds any of the record types (facility, model, instance, descriptor).</summary>
    public static bool HasRecords(ShaclGraph data) => s_recordClasses.Value.Any(c => data.InstancesOf(c).Count > 0);

    /// <summary>The compiled shapes for <paramref name="tier"/>; <paramref name="extra"/> shapes make an uncached graph.</summary>
    public static ShapesGraph Shapes(int tier, bool records, IEnumerable<Quad>? extra = null)
    {
        if (tier is < TierShapes.MinTier or > TierShapes.MaxTier) throw new ArgumentOutOfRangeException(nameof(tier), tier, "tier must be 1, 2 or 3");
        return extra is null ? s_compiled[tier, records ? 1 : 0].Value : new ShapesGraph(Quads(tier, records, extra));
    }

    private static IEnumerable<Quad> Quads(int tier, bool records, IEnumerable<Quad>? extra)
    {
        IEnumerable<Quad> q = TierShapes.ForTier(tier);
        if (records) q = q.Concat(TierShapes.Records());
        return extra is null ? q : q.Concat(extra);
    }

    /// <summary>
    /// Validates <paramref name="data"/> at <paramref name="tier"/>: the SHACL report and its tier summary.
    /// <paramref name="extensions"/> (see <see cref="NboExtensions.Parse"/>) keeps only the NBO-Q shapes of those
    /// extensions; null means all of them. <paramref name="ct"/> stops the SHACL run (see <see cref="ShaclValidator.Validate(ShaclGraph, CancellationToken)"/>).
    /// </summary>
    public static (ValidationReport Report, TierReport Summary) Validate(ShaclGraph data, int tier, IEnumerable<Quad>? extraShapes = null, IReadOnlySet<string>? extensions = null, CancellationToken ct = default)
    {
        var shapes = extensions is null || NboExtensions.All.All(extensions.Contains)
            ? Shapes(tier, HasRecords(data), extraShapes)
            : ShapesFor(tier, HasRecords(data), extraShapes, extensions);
        var report = new ShaclValidator(shapes).Validate(data, ct);
        return (report, Summarize(report, data, shapes, tier));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, bool, string), ShapesGraph> s_byExtensions = new();

    private static ShapesGraph ShapesFor(int tier, bool records, IEnumerable<Quad>? extra, IReadOnlySet<string> extensions)
    {
        if (tier is < TierShapes.MinTier or > TierShapes.MaxTier) throw new ArgumentOutOfRangeException(nameof(tier), tier, "tier must be 1, 2 or 3");
        var key = (tier, records, string.Join(",", NboExtensions.All.Where(extensions.Contains)));
        if (extra is null && s_byExtensions.TryGetValue(key, out var cached)) return cached;
        var quads = Quads(tier, records, null).ToList();
        // Drop the sh:property links to property shapes of other extensions (record shapes carry none and stay).
        var other = quads.Where(q => q.Predicate == Nboq.Extension && q.Object is Literal l && !extensions.Contains(l.Lexical)).Select(q => q.Subject).ToHashSet();
        IEnumerable<Quad> kept = quads.Where(q => !(q.Predicate == Sh.Property && other.Contains(q.Object)));
        var graph = new ShapesGraph(extra is null ? kept : kept.Concat(extra));
        if (extra is null) s_byExtensions.TryAdd(key, graph);
        return graph;
    }

    /// <summary>
    /// Which cumulative extension sets (Core; Core + Basic; ...) <paramref name="data"/> meets at <paramref name="tier"/>
    /// (MUST level), for a compliance section: "tier 2: Core + Basic".
    /// </summary>
    public static IReadOnlyList<(IReadOnlySet<string> Extensions, bool Conforms)> ExtensionsMet(ShaclGraph data, int tier) =>
        [.. NboExtensions.Cumulative.Select(set => (set, Validate(data, tier, null, set).Summary.Conforms))];

    /// <summary>The active targeted shapes of a shapes graph with their active SHOULD (sh:Warning) property shapes, those that have
    /// any: the same for every data graph, so worked out once per shapes graph (a bulk import summarises thousands of reports).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ShapesGraph, List<(Shape Shape, List<Shape> Props)>> s_recommended = new();

    private static List<(Shape, List<Shape>)> Recommended(ShapesGraph shapes)
    {
        var list = new List<(Shape, List<Shape>)>();
        foreach (var shape in shapes.TargetedShapes)
        {
            if (shape.Deactivated) continue;
            var props = shapes.Graph.Objects(shape.Node, Sh.Property).Select(shapes.GetShape).Where(p => !p.Deactivated && p.Severity.Equals(Sh.Warning)).ToList();
            if (props.Count > 0) list.Add((shape, props));
        }
        return list;
    }

    /// <summary>
    /// Groups a report by described thing and counts the SHOULD fields met (tier null: no tier arithmetic).
    /// Each (focus node, path, constraint component) is one finding however many shapes asked for it (a class's
    /// shape and a context subclass's, or tier 1 and tier 2 shapes of the same field): the finding is required
    /// when any of them requires it, and carries the lowest tier that does.
    /// </summary>
    public static TierReport Summarize(ValidationReport report, ShaclGraph data, ShapesGraph shapes, int? tier)
    {
        var g = shapes.Graph;
        var merged = new Dictionary<(Term Focus, string Path, Iri Component), (ValidationResult Result, bool Required, int? Tier)>();
        var keys = new List<(Term, string, Iri)>();
        var warned = new HashSet<(Term, Term)>();
        foreach (var r in report.Results)
        {
            bool required = r.Severity.Equals(Sh.Violation);
            int? fieldTier = TierOf(g, r.SourceShape.Node);
            if (!required) warned.Add((r.FocusNode, r.SourceShape.Node));
            var key = (r.FocusNode, r.ResultPath?.Display ?? "", r.SourceConstraintComponent);
            if (!merged.TryGetValue(key, out var seen)) { merged[key] = (r, required, fieldTier); keys.Add(key); continue; }
            // Required beats recommended; among equals the lowest tier wins.
            bool better = required && !seen.Required
                || required == seen.Required && (fieldTier ?? int.MaxValue) < (seen.Tier ?? int.MaxValue);
            if (better) merged[key] = (r, required, fieldTier);
        }

        int violations = 0, warnings = 0;
        int minViolatedTier = int.MaxValue;
        var groups = new Dictionary<Term, List<Finding>>();
        var order = new List<Term>();
        foreach (var key in keys)
        {
            var (r, required, fieldTier) = merged[key];
            if (required)
            {
                violations++;
                minViolatedTier = Math.Min(minViolatedTier, fieldTier ?? TierShapes.MinTier);
            }
            else warnings++;
            if (!groups.TryGetValue(r.FocusNode, out var list))
            {
                groups[r.FocusNode] = list = [];
                order.Add(r.FocusNode);
            }
            bool missing = r.SourceConstraintComponent.Equals(Sh.MinCountConstraintComponent)
                || r.SourceConstraintComponent.Equals(Sh.QualifiedMinCountConstraintComponent);
            string field = FieldName(r);
            list.Add(new Finding(field, missing, required, fieldTier, missing ? "missing" : r.Constraint.Describe(r)));
        }

        int total = 0, met = 0;
        foreach (var (shape, props) in s_recommended.GetValue(shapes, Recommended))
        {
            foreach (var focus in shape.FocusNodes(data))
                foreach (var p in props)
                {
                    total++;
                    if (!warned.Contains((focus, p.Node))) met++;
                }
        }

        var components = order
            .Select(n => new ComponentFindings(n, TypeOf(data, n), LabelOf(data, n),
                [.. groups[n].OrderByDescending(f => f.Required).ThenBy(f => f.Tier ?? 0).ThenBy(f => f.Field, StringComparer.Ordinal)])
                { Schema = SchemaOf(data, n) })
            .OrderBy(c => c.Type ?? "~", StringComparer.Ordinal).ThenBy(c => c.Label ?? "~", StringComparer.Ordinal)
            .ToList();
        int? highest = tier is null ? null : violations == 0 ? tier : Math.Min(tier.Value, minViolatedTier - 1);
        return new TierReport(tier, violations, warnings, total, met, highest, components);
    }

    /// <summary>The Micro-Meta App schema the node was imported from ("Objective.json"), if it was.</summary>
    private static string? SchemaOf(ShaclGraph data, Term node) =>
        data.Object(node, Nboq.Term("mmaSchemaId")) is Literal l ? l.Lexical : null;

    private static int? TierOf(ShaclGraph shapes, Term shapeNode) =>
        shapes.Object(shapeNode, Nboq.Tier) is Literal l && int.TryParse(l.Lexical, NumberStyles.None, CultureInfo.InvariantCulture, out int t) ? t : null;

    private static string FieldName(ValidationResult r)
    {
        if (r.SourceShape.Label is { } label) return Humanize(label);
        if (r.ResultPath is PredicatePath p) return Humanize(ShaclPath.LocalName(p.Predicate));
        return r.ResultPath?.Display ?? "the node";
    }

    private static string? TypeOf(ShaclGraph data, Term node) =>
        data.Objects(node, Vocab.Rdf.Type).OfType<Iri>().Select(ShaclPath.LocalName).OrderBy(s => s, StringComparer.Ordinal).FirstOrDefault();

    private static string? LabelOf(ShaclGraph data, Term node)
    {
        foreach (var p in (Iri[])[Nboq.Term("name"), Vocab.Rdfs.Label, Nboq.Term("model")])
            if (data.Object(node, p) is Literal l) return l.Lexical;
        return null;
    }

    /// <summary>"LensNA" → "Lens NA", "WorkingDistance" → "Working distance" (acronyms keep their capitals).</summary>
    public static string Humanize(string name)
    {
        var words = new List<string>();
        int start = 0;
        for (int i = 1; i <= name.Length; i++)
        {
            bool boundary = i == name.Length || name[i] == '_' || name[i] == ' '
                || (char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
                || (char.IsUpper(name[i]) && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]));
            if (!boundary) continue;
            var w = name[start..i].Trim('_', ' ');
            if (w.Length > 0) words.Add(w);
            start = i;
        }
        for (int i = 1; i < words.Count; i++)
            if (!words[i].All(c => char.IsUpper(c) || char.IsDigit(c))) words[i] = words[i].ToLowerInvariant();
        return string.Join(' ', words);
    }
}
