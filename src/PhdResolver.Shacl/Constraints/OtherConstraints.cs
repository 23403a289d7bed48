using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:closed true: the value nodes have no properties beyond the shape's property paths and sh:ignoredProperties.</summary>
internal sealed class ClosedConstraint(HashSet<Term> allowed) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            var outgoing = ctx.Data.Outgoing(values[i]);
            for (int j = 0; j < outgoing.Count; j++)
            {
                var (p, o) = outgoing[j];
                if (allowed.Contains(p) || p is not Iri pi) continue;
                ctx.Report(this, shape, focus, o, Sh.ClosedConstraintComponent, new PredicatePath(pi));
                if (ctx.InCheck) return;
            }
        }
    }

    public string Describe(ValidationResult r) => $"unexpected property {r.ResultPath?.Display} (value {Shacl.Describe.Value(r.Value)}): not allowed by {r.SourceShape.DisplayName}";
}

/// <summary>sh:hasValue: one of the value nodes is the given term.</summary>
internal sealed class HasValueConstraint(Term value) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        if (!EqualsDisjointConstraint.Contains(values, value)) ctx.Report(this, shape, focus, null, Sh.HasValueConstraintComponent);
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: must include {Shacl.Describe.Term(value)}";
}

/// <summary>sh:in: every value node is one of the listed terms.</summary>
internal sealed class InConstraint(IReadOnlyList<Term> members) : IConstraint
{
    private readonly HashSet<Term> _set = [.. members];

    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
            if (!_set.Contains(values[i])) ctx.Report(this, shape, focus, values[i], Sh.InConstraintComponent);
    }

    public string Describe(ValidationResult r) =>
        $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} is not one of {Shacl.Describe.Terms(members)}";
}
