using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:node: every value node conforms to the node shape (its own results are not reported).</summary>
internal sealed class NodeConstraint(Shape target) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (!ctx.Conforms(values[i], target)) ctx.Report(this, shape, focus, values[i], Sh.NodeConstraintComponent);
            if (ctx.InCheck && ctx.Failed) return;
        }
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} does not match {target.DisplayName}";
}

/// <summary>sh:property: each value node is validated against the property shape; its results are reported as they are.</summary>
internal sealed class PropertyConstraint(Shape property) : IConstraint
{
    public Shape Property { get; } = property;

    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            ctx.Validate(Property, values[i]);
            if (ctx.InCheck && ctx.Failed) return;
        }
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: does not match {Property.DisplayName}";
}

/// <summary>
/// sh:qualifiedValueShape with sh:qualifiedMinCount / sh:qualifiedMaxCount: counts the value nodes that
/// conform to the shape (and, with sh:qualifiedValueShapesDisjoint, to none of the sibling shapes).
/// </summary>
internal sealed class QualifiedConstraint(Shape qualified, int? min, int? max, Func<IReadOnlyList<Shape>>? siblings) : IConstraint
{
    private IReadOnlyList<Shape>? _siblings;

    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        var sibs = _siblings ??= siblings?.Invoke() ?? [];
        int count = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (!ctx.Conforms(values[i], qualified)) continue;
            bool inSibling = false;
            foreach (var s in sibs)
                if (ctx.Conforms(values[i], s)) { inSibling = true; break; }
            if (!inSibling) count++;
        }
        if (min is { } lo && count < lo) ctx.Report(this, shape, focus, null, Sh.QualifiedMinCountConstraintComponent);
        if (max is { } hi && count > hi) ctx.Report(this, shape, focus, null, Sh.QualifiedMaxCountConstraintComponent);
    }

    public string Describe(ValidationResult r) => r.SourceConstraintComponent.Equals(Sh.QualifiedMinCountConstraintComponent)
        ? $"{Shacl.Describe.Subject(r)}: needs at least {min} values matching {qualified.DisplayName}"
        : $"{Shacl.Describe.Subject(r)}: at most {max} values may match {qualified.DisplayName}";
}
