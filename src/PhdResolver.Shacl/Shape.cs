using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>
/// A compiled shape: its targets, attributes and constraints. Node shapes have no <see cref="Path"/>;
/// property shapes do. Shapes are compiled once per shapes graph and shared by all validations.
/// </summary>
public sealed class Shape
{
    private readonly List<IConstraint> _constraints = [];

    internal Shape(Term node) => Node = node;

    /// <summary>The shape's node in the shapes graph (the sh:sourceShape of its results).</summary>
    public Term Node { get; }

    /// <summary>The property path; null for node shapes.</summary>
    public ShaclPath? Path { get; internal set; }

    public bool IsPropertyShape => Path is not null || IllFormedPath;

    /// <summary>sh:path was given but is not a well-formed path: the shape is ignored.</summary>
    internal bool IllFormedPath { get; set; }

    public bool Deactivated { get; internal set; }

    public Iri Severity { get; internal set; } = Sh.Violation;

    /// <summary>sh:message values (literals) copied into results as sh:resultMessage.</summary>
    public IReadOnlyList<Term> Messages { get; internal set; } = [];

    /// <summary>sh:name or rdfs:label, for human-readable summaries.</summary>
    public string? Label { get; internal set; }

    public IReadOnlyList<Term> TargetNodes { get; internal set; } = [];
    public IReadOnlyList<Term> TargetClasses { get; internal set; } = [];
    public IReadOnlyList<Term> TargetSubjectsOf { get; internal set; } = [];
    public IReadOnlyList<Term> TargetObjectsOf { get; internal set; } = [];

    /// <summary>The shape is also a class (implicit class target, §2.1.3.3).</summary>
    public bool ImplicitClassTarget { get; internal set; }

    public bool HasTargets => ImplicitClassTarget || TargetNodes.Count + TargetClasses.Count + TargetSubjectsOf.Count + TargetObjectsOf.Count > 0;

    public IReadOnlyList<IConstraint> Constraints => _constraints;

    internal List<IConstraint> MutableConstraints => _constraints;

    /// <summary>A short name for people: the label, else the path, else the node's local name.</summary>
    public string DisplayName => Label ?? Path?.Display ?? ShaclPath.LocalName(Node);

    /// <summary>The focus nodes of this shape's targets in <paramref name="data"/>, each once.</summary>
    public IReadOnlyList<Term> FocusNodes(ShaclGraph data)
    {
        var acc = new NodeSet();
        foreach (var n in TargetNodes) acc.Add(n);
        foreach (var c in TargetClasses) acc.AddRange(data.InstancesOf(c));
        if (ImplicitClassTarget) acc.AddRange(data.InstancesOf(Node));
        foreach (var p in TargetSubjectsOf)
            foreach (var (s, _) in data.WithPredicate(p)) acc.Add(s);
        foreach (var p in TargetObjectsOf)
            foreach (var (_, o) in data.WithPredicate(p)) acc.Add(o);
        return acc.Items;
    }

    public override string ToString() => Node.ToString();
}
