using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>
/// One constraint of a shape: a constraint component with its parameter values bound.
/// Implementations report violations through <see cref="ValidationContext.Report"/> and should
/// stop early when <see cref="ValidationContext.Failed"/> is set (a conformance check needs only one).
/// </summary>
public interface IConstraint
{
    /// <param name="ctx">the running validation</param>
    /// <param name="shape">the shape the constraint belongs to</param>
    /// <param name="focus">the focus node</param>
    /// <param name="values">the value nodes: the focus node for node shapes, the path's values for property shapes</param>
    void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values);

    /// <summary>A plain-words explanation of a result this constraint produced (used for messages and summaries).</summary>
    string Describe(ValidationResult result);
}

/// <summary>
/// Adds constraints for parameters beyond SHACL Core (SHACL-SPARQL's sh:sparql and
/// SPARQL-based constraint components plug in here). Called once per shape during compilation.
/// </summary>
public interface IConstraintProvider
{
    void AddConstraints(ShapesGraph shapes, Shape shape, ICollection<IConstraint> constraints);
}
