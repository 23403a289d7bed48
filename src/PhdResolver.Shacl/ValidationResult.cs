using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>One sh:ValidationResult.</summary>
public sealed record ValidationResult(
    Term FocusNode,
    ShaclPath? ResultPath,
    Term? Value,
    Shape SourceShape,
    Iri SourceConstraintComponent,
    Iri Severity,
    IConstraint Constraint)
{
    /// <summary>sh:sourceConstraint: the sh:sparql node of a SPARQL-based constraint (null otherwise).</summary>
    public Term? SourceConstraint { get; init; }

    /// <summary>Messages the constraint produced itself (SHACL-SPARQL's ?message or instantiated sh:message templates).</summary>
    public IReadOnlyList<Term>? ConstraintMessages { get; init; }

    /// <summary>sh:resultMessage values: the constraint's own messages, else the shape's sh:message, else a generated explanation.</summary>
    public IReadOnlyList<Term> Messages =>
        ConstraintMessages is { Count: > 0 } own ? own
        : SourceShape.Messages.Count > 0 ? SourceShape.Messages
        : [new Literal(Constraint.Describe(this))];
}
