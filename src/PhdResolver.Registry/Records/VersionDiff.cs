using PhdResolver.Rdf;

namespace PhdResolver.Registry.Records;

public enum ChangeKind : byte { Added, Removed, Changed }

/// <summary>A value in a diff: a term, or a component (blank node) named by its key.</summary>
public sealed record DiffValue(Term? Term, string? ComponentKey)
{
    public override string ToString() => Term?.ToString() ?? "[" + ComponentKey + "]";
}

/// <summary>The values of one property of one component that went away and that came.</summary>
public sealed record PropertyChange(Iri Predicate, IReadOnlyList<DiffValue> Removed, IReadOnlyList<DiffValue> Added);

/// <summary>
/// One component (a subject of the graph) that was added, removed or changed. <see cref="Key"/>
/// identifies it across versions: its IRI, or for a blank node the path from an IRI subject
/// (<c>&lt;instrument&gt; / hasObjective[Objective: Plan-Apo 63x]</c>), since blank node labels
/// differ between versions.
/// </summary>
public sealed record ComponentChange(string Key, IReadOnlyList<string> Types, string? Label, ChangeKind Kind, IReadOnlyList<PropertyChange> Properties);

/// <summary>What changed from one version to another, grouped by component. Empty when the graphs are equal.</summary>
public sealed record VersionDiff(DescriptorVersion From, DescriptorVersion To, IReadOnlyList<ComponentChange> Components)
{
    public bool IsEmpty => Components.Count == 0;
}
