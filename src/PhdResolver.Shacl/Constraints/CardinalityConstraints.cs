using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:minCount (property shapes only).</summary>
internal sealed class MinCountConstraint(int min) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        if (values.Count < min) ctx.Report(this, shape, focus, null, Sh.MinCountConstraintComponent);
    }

    public string Describe(ValidationResult r) =>
        min == 1 ? $"missing {Shacl.Describe.Subject(r)}" : $"{Shacl.Describe.Subject(r)}: needs at least {min} values";
}

/// <summary>sh:maxCount (property shapes only).</summary>
internal sealed class MaxCountConstraint(int max) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        if (values.Count > max) ctx.Report(this, shape, focus, null, Sh.MaxCountConstraintComponent);
    }

    public string Describe(ValidationResult r) =>
        $"{Shacl.Describe.Subject(r)}: too many values (at most {max} allowed)";
}
