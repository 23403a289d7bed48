using PhdResolver.Rdf;

namespace PhdResolver.Nboq;

/// <summary>
/// The SHACL shapes graph for a documentation tier: tier N is the union of shapes/tier1..N.ttl
/// (each file also says so with owl:imports). MUST constraints carry sh:Violation, SHOULD ones sh:Warning.
/// </summary>
public static class TierShapes
{
    public const int MinTier = 1;
    public const int MaxTier = 3;

    private static readonly Lazy<Dataset>[] Cache =
        [.. Enumerable.Range(MinTier, MaxTier).Select(t => new Lazy<Dataset>(() => Build(t)))];

    private static readonly Lazy<Dataset> RecordsCache = new(() => EmbeddedFiles.LoadTurtle("shapes/records.ttl"));

    /// <summary>A fresh copy of the shapes for <paramref name="tier"/> (1..3).</summary>
    public static Dataset ForTier(int tier)
    {
        if (tier is < MinTier or > MaxTier) throw new ArgumentOutOfRangeException(nameof(tier), tier, "tier must be 1, 2 or 3");
        return new Dataset(Cache[tier - 1].Value);
    }

    /// <summary>The shapes for the four PID-level records (facility, model, instance, descriptor).</summary>
    public static Dataset Records() => new(RecordsCache.Value);

    private static Dataset Build(int tier)
    {
        var all = new Dataset();
        for (int t = MinTier; t <= tier; t++)
            foreach (var q in EmbeddedFiles.LoadTurtle($"shapes/tier{t}.ttl")) all.Add(q);
        return all;
    }
}
