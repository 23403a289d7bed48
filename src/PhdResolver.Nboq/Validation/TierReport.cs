using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Validation;

/// <summary>
/// A validation outcome in the terms of DESIGN.md §5: "conforms at tier N (MUST)" means no sh:Violation
/// (MUST fields all present and well-formed); SHOULD misses are sh:Warning and never fail a tier;
/// <see cref="RecommendedMet"/> of <see cref="RecommendedTotal"/> counts the SHOULD fields that are met.
/// </summary>
public sealed record TierReport(
    int? Tier,
    int Violations,
    int Warnings,
    int RecommendedTotal,
    int RecommendedMet,
    int? HighestTierMet,
    IReadOnlyList<ComponentFindings> Components)
{
    /// <summary>No violations (warnings allowed).</summary>
    public bool Conforms => Violations == 0;
}

/// <summary>What is wrong with one described thing (a component, the instrument, a record).</summary>
public sealed record ComponentFindings(Term Node, string? Type, string? Label, IReadOnlyList<Finding> Findings)
{
    /// <summary>The Micro-Meta App schema the thing was imported from ("Objective.json"), when known.</summary>
    public string? Schema { get; init; }
}

/// <summary>One missing or invalid field.</summary>
/// <param name="Field">the field's name for people ("Lens NA")</param>
/// <param name="Missing">true: the field is absent (too few values); false: present but invalid</param>
/// <param name="Required">true for MUST (sh:Violation), false for SHOULD and below</param>
/// <param name="Tier">the tier that asks for the field, if the shape says</param>
/// <param name="Detail">what is wrong, in plain words</param>
public sealed record Finding(string Field, bool Missing, bool Required, int? Tier, string Detail);
