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
    /// <summary>sh:resultMessage values: the shape's sh:message if any, else a generated explanation.</summary>
    public IReadOnlyList<Term> Messages =>
        SourceShape.Messages.Count > 0 ? SourceShape.Messages : [new Literal(Constraint.Describe(this))];
}
