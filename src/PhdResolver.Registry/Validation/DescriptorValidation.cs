using System.Globalization;
using PhdResolver.Nboq;
using PhdResolver.Nboq.Validation;
using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Registry.Validation;

/// <summary>
/// One SHACL finding, once: the (focus node, path, constraint component) it is about, whether it is
/// a MUST (sh:Violation) or a SHOULD (anything weaker), and the lowest tier that asks for it.
/// </summary>
/// <param name="Tier">the lowest tier whose shapes produce this finding (the shape's <c>nboq:tier</c>;
/// shapes without one, such as record or extension shapes, count as tier 1)</param>
public sealed record TierIssue(
    Term FocusNode,
    string? Path,
    Iri Constraint,
    bool Required,
    int Tier,
    string Message,
    ValidationResult Result);

/// <summary>
/// A descriptor's tier verdict in the terms of DESIGN.md §5, computed by ONE SHACL run with the
/// tier-N shapes (which contain every lower tier's). Each finding appears once
/// (<see cref="DescriptorValidation.Validate"/> proves it), labelled with its lowest tier.
/// </summary>
public sealed class DescriptorReport
{
    internal DescriptorReport(int tier, IReadOnlyList<TierIssue> issues, TierReport summary, ValidationReport shacl, IReadOnlyList<int>? extensionSetsMet = null)
    {
        Tier = tier;
        _extensionSetsMet = extensionSetsMet;
        Issues = issues;
        Summary = summary;
        Shacl = shacl;
        int lowestViolated = int.MaxValue;
        foreach (var i in issues) if (i.Required) lowestViolated = Math.Min(lowestViolated, i.Tier);
        ConformsAt = lowestViolated == int.MaxValue ? tier : Math.Min(tier, lowestViolated - 1);
    }

    /// <summary>The tier the descriptor was validated at (its shapes include every lower tier).</summary>
    public int Tier { get; }

    /// <summary>Every finding once, MUST first, then by tier.</summary>
    public IReadOnlyList<TierIssue> Issues { get; }

    public IEnumerable<TierIssue> Violations => Issues.Where(i => i.Required);
    public IEnumerable<TierIssue> Warnings => Issues.Where(i => !i.Required);
    public int ViolationCount => Issues.Count(i => i.Required);
    public int WarningCount => Issues.Count(i => !i.Required);

    /// <summary>No MUST finding at or below <see cref="Tier"/>: "conforms at tier N (MUST)".</summary>
    public bool Conforms => ConformsAt == Tier;

    /// <summary>The highest tier t ≤ <see cref="Tier"/> with no MUST finding at tiers 1..t; 0 when not even tier 1.</summary>
    public int ConformsAt { get; }

    /// <summary>SHOULD fields met, of <see cref="ShouldTotal"/> (per focus node and SHOULD property shape).</summary>
    public int ShouldMet => Summary.RecommendedMet;
    public int ShouldTotal => Summary.RecommendedTotal;

    /// <summary>Nboq's per-component summary (plain-words findings), for the CLI's text and JSON reports.</summary>
    public TierReport Summary { get; }

    /// <summary>The folded results as a SHACL report (one sh:ValidationResult per issue), for <c>--format turtle</c>.</summary>
    public ValidationReport Shacl { get; }

    private readonly IReadOnlyList<int>? _extensionSetsMet;

    /// <summary>
    /// How many of the cumulative NBO extension sets (<see cref="NboExtensions.Cumulative"/>: Core; Core + Basic;
    /// Core + Basic + Advanced &amp; Confocal; all four) the descriptor meets at <paramref name="tier"/> (MUST level):
    /// 0 (not even Core) to 4. Null when the report was made with a subset of the extensions or with extra shapes,
    /// where the question has no answer from this run.
    /// </summary>
    public int? ExtensionSetsMetAt(int tier) =>
        _extensionSetsMet is { } m && tier >= MinTierOf && tier <= Tier ? m[tier - MinTierOf] : null;

    private const int MinTierOf = TierShapes.MinTier;

    /// <summary>MUST findings labelled exactly <paramref name="tier"/>.</summary>
    public int ViolationsAt(int tier) => Issues.Count(i => i.Required && i.Tier == tier);

    /// <summary>SHOULD findings labelled exactly <paramref name="tier"/>.</summary>
    public int WarningsAt(int tier) => Issues.Count(i => !i.Required && i.Tier == tier);
}

/// <summary>
/// Tier validation, in one place, for every caller (CLI <c>phd validate</c>, <c>/api/validate</c>,
/// the write API, landing pages, the demo seed). It runs SHACL once through Nboq's
/// <see cref="TierValidator"/> with the tier-N shapes and folds the results so that each
/// (focus node, path, constraint component) appears once: the tier files repeat some constraints
/// (a SHOULD at tier 1 may become a MUST at tier 2, or a tier restates a lower tier's field), and
/// reporting each copy made a tier-1 gap count up to three times.
/// </summary>
public static class DescriptorValidation
{
    public const int MinTier = TierShapes.MinTier;
    public const int MaxTier = TierShapes.MaxTier;

    /// <summary>
    /// Validates <paramref name="data"/> at <paramref name="tier"/> (1..3); <paramref name="extraShapes"/> are added to the tier shapes;
    /// <paramref name="extensions"/> (<see cref="NboExtensions.Parse"/>) keeps only those NBO-Q extensions' shapes (null: all).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">the tier is not 1, 2 or 3</exception>
    /// <exception cref="ShaclException">the extra shapes cannot be used</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (a request's deadline): no report</exception>
    public static DescriptorReport Validate(IEnumerable<Quad> data, int tier, IEnumerable<Quad>? extraShapes = null, IReadOnlySet<string>? extensions = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Validate(new ShaclGraph(data), tier, extraShapes, extensions, ct);
    }

    /// <inheritdoc cref="Validate(IEnumerable{Quad}, int, IEnumerable{Quad}?, IReadOnlySet{string}?, CancellationToken)"/>
    public static DescriptorReport Validate(ShaclGraph graph, int tier, IEnumerable<Quad>? extraShapes = null, IReadOnlySet<string>? extensions = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (tier is < MinTier or > MaxTier) throw new ArgumentOutOfRangeException(nameof(tier), tier, "tier must be 1, 2 or 3");
        var extra = extraShapes as IReadOnlyCollection<Quad> ?? extraShapes?.ToList();
        var (report, summary) = TierValidator.Validate(graph, tier, extra, extensions, ct);
        var tiers = s_tiers[tier].Value;
        if (extra is not null)
        {
            tiers = new Dictionary<Term, int>(tiers);
            AddTiers(tiers, extra);
        }
        var issues = Fold(report, tiers);
        var setsMet = extensions is null && extra is null ? ExtensionSetsMet(report, tiers, s_extensions[tier].Value, tier) : null;
        if (issues.Count < report.Results.Count)
        {
            // The per-component summary (CLI text/JSON) from the folded results, so it lists each finding once too;
            // the SHOULD-met count stays the unfolded one (it is per shape, and folding drops shapes).
            var folded = TierValidator.Summarize(new ValidationReport([.. issues.Select(i => i.Result)]), graph,
                TierValidator.Shapes(tier, TierValidator.HasRecords(graph)), tier);
            summary = folded with { RecommendedTotal = summary.RecommendedTotal, RecommendedMet = summary.RecommendedMet };
        }
        return new DescriptorReport(tier, issues, summary, new ValidationReport([.. issues.Select(i => i.Result)]), setsMet);
    }

    /// <summary>
    /// The extension sets met per tier, from the one run with every extension's shapes. Leaving out an
    /// extension's shapes (what <see cref="TierValidator.ExtensionsMet"/> does, one run per set) drops exactly
    /// the results whose source shape names that extension, and no other result, so a MUST result of tier t
    /// whose shape names extension number e (Core = 0; no extension counts as Core: record shapes, required
    /// elements) denies tier t and above every cumulative set that contains e, i.e. all sets past the e-th.
    /// <c>DescriptorValidationTests</c> checks this against one run per set on the demo and real files.
    /// </summary>
    private static int[] ExtensionSetsMet(ValidationReport report, Dictionary<Term, int> tiers, Dictionary<Term, string> extensionOf, int tier)
    {
        int all = NboExtensions.Cumulative.Count;
        var met = new int[tier - MinTier + 1];
        Array.Fill(met, all);
        foreach (var r in report.Results)
        {
            if (!r.Severity.Equals(Sh.Violation)) continue;
            int t = tiers.TryGetValue(r.SourceShape.Node, out int x) ? x : MinTier;
            int e = 0;
            if (extensionOf.TryGetValue(r.SourceShape.Node, out var ext))
                for (int j = 0; j < NboExtensions.All.Count; j++) if (NboExtensions.All[j] == ext) { e = j; break; }
            for (int k = Math.Max(t, MinTier); k <= tier; k++) met[k - MinTier] = Math.Min(met[k - MinTier], e);
        }
        return met;
    }

    /// <summary>
    /// One issue per (focus, path, constraint component): a MUST wins over a SHOULD, and the tier is
    /// the lowest among the results of the winning severity. Order: MUST first, then tier, then input order.
    /// </summary>
    private static List<TierIssue> Fold(ValidationReport report, Dictionary<Term, int> tiers)
    {
        var byKey = new Dictionary<(Term, string?, Iri), int>();
        var issues = new List<TierIssue>();
        foreach (var r in report.Results)
        {
            bool required = r.Severity.Equals(Sh.Violation);
            int tier = tiers.TryGetValue(r.SourceShape.Node, out int t) ? t : MinTier;
            string? path = r.ResultPath?.ToString();
            var issue = new TierIssue(r.FocusNode, path, r.SourceConstraintComponent, required, tier,
                string.Join(" ", r.Messages.OfType<Literal>().Select(m => m.Lexical)), r);
            var key = (r.FocusNode, path, r.SourceConstraintComponent);
            if (!byKey.TryGetValue(key, out int at))
            {
                byKey[key] = issues.Count;
                issues.Add(issue);
                continue;
            }
            var seen = issues[at];
            if (required && !seen.Required) issues[at] = issue;
            else if (required == seen.Required && tier < seen.Tier) issues[at] = issue;
        }
        return [.. issues.Select((x, i) => (x, i)).OrderByDescending(p => p.x.Required).ThenBy(p => p.x.Tier).ThenBy(p => p.i).Select(p => p.x)];
    }

    // shape node -> its nboq:tier, per validated tier. Built from the same Dataset copies TierValidator
    // compiles (TierShapes hands out copies of one parse per tier), so blank property-shape nodes match.
    private static readonly Lazy<Dictionary<Term, int>>[] s_tiers =
        [.. Enumerable.Range(0, MaxTier + 1).Select(t => new Lazy<Dictionary<Term, int>>(() =>
        {
            var d = new Dictionary<Term, int>();
            if (t >= MinTier) AddTiers(d, TierShapes.ForTier(t));
            AddTiers(d, TierShapes.Records());
            return d;
        }))];

    // shape node -> the NBO extension its nboq:extension names, per validated tier (same copies as above).
    private static readonly Lazy<Dictionary<Term, string>>[] s_extensions =
        [.. Enumerable.Range(0, MaxTier + 1).Select(t => new Lazy<Dictionary<Term, string>>(() =>
        {
            var d = new Dictionary<Term, string>();
            if (t >= MinTier)
                foreach (var q in TierShapes.ForTier(t))
                    if (q.Predicate.Equals(Nboq.Nboq.Extension) && q.Object is Literal l) d[q.Subject] = l.Lexical;
            return d;
        }))];

    private static void AddTiers(Dictionary<Term, int> into, IEnumerable<Quad> shapes)
    {
        foreach (var q in shapes)
            if (q.Predicate.Equals(Nboq.Nboq.Tier) && q.Object is Literal l
                && int.TryParse(l.Lexical, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                into[q.Subject] = into.TryGetValue(q.Subject, out int had) ? Math.Min(had, n) : n;
    }
}
