using System.Collections.Concurrent;
using PhdResolver.Nboq;
using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Web.Records;

/// <summary>One tier's verdict: MUST violations (sh:Violation) and unmet SHOULDs (sh:Warning).</summary>
internal sealed record TierResult(int Tier, IReadOnlyList<ValidationResult> Violations, IReadOnlyList<ValidationResult> Warnings)
{
    public bool Conforms => Violations.Count == 0;
}

/// <summary>Tier compliance of a descriptor: "conforms at tier N (MUST)" plus the SHOULD findings per tier.</summary>
internal sealed record ComplianceReport(IReadOnlyList<TierResult> Tiers)
{
    /// <summary>The highest tier whose MUST constraints (and all lower tiers') hold; 0 when not even tier 1.</summary>
    public int ConformsAt
    {
        get
        {
            int n = 0;
            foreach (var t in Tiers.OrderBy(t => t.Tier))
            {
                if (!t.Conforms) break;
                n = t.Tier;
            }
            return n;
        }
    }
}

/// <summary>Validates descriptors against the tier shapes (compiled once per tier, then reused).</summary>
internal static class Compliance
{
    private static readonly ConcurrentDictionary<int, ShaclValidator> Validators = new();
    private static readonly Iri Violation = new("http://www.w3.org/ns/shacl#Violation");

    public static ShaclValidator ValidatorFor(int tier) =>
        Validators.GetOrAdd(tier, t => new ShaclValidator(new ShapesGraph(TierShapes.ForTier(t))));

    public static TierResult Check(IEnumerable<Quad> graph, int tier)
    {
        var report = ValidatorFor(tier).Validate(graph);
        return new TierResult(tier,
            [.. report.Results.Where(r => r.Severity == Violation)],
            [.. report.Results.Where(r => r.Severity != Violation)]);
    }

    public static ComplianceReport Evaluate(IReadOnlyCollection<Quad> graph) =>
        new([.. Enumerable.Range(TierShapes.MinTier, TierShapes.MaxTier - TierShapes.MinTier + 1).Select(t => Check(graph, t))]);
}
