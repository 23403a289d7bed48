using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:not, sh:and, sh:or, sh:xone: each value node is checked against the member shapes.</summary>
internal sealed class LogicalConstraint(Iri component, IReadOnlyList<Shape> members) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (!Holds(ctx, values[i])) ctx.Report(this, shape, focus, values[i], component);
            if (ctx.InCheck && ctx.Failed) return;
        }
    }

    private bool Holds(ValidationContext ctx, Term v)
    {
        if (ReferenceEquals(component, Sh.NotConstraintComponent)) return !ctx.Conforms(v, members[0]);
        if (ReferenceEquals(component, Sh.AndConstraintComponent))
        {
            foreach (var m in members) if (!ctx.Conforms(v, m)) return false;
            return true;
        }
        if (ReferenceEquals(component, Sh.OrConstraintComponent))
        {
            foreach (var m in members) if (ctx.Conforms(v, m)) return true;
            return false;
        }
        int n = 0;
        foreach (var m in members) if (ctx.Conforms(v, m) && ++n > 1) return false;
        return n == 1;
    }

    public string Describe(ValidationResult r)
    {
        string names = string.Join(", ", members.Select(m => m.DisplayName));
        string what = ReferenceEquals(component, Sh.NotConstraintComponent) ? $"must not match {names}"
            : ReferenceEquals(component, Sh.AndConstraintComponent) ? $"must match all of {names}"
            : ReferenceEquals(component, Sh.OrConstraintComponent) ? $"must match at least one of {names}"
            : $"must match exactly one of {names}";
        return $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} {what}";
    }
}
