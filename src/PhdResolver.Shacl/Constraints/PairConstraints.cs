using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:equals and sh:disjoint: compare the value nodes with the focus node's values of a predicate.</summary>
internal sealed class EqualsDisjointConstraint(Iri predicate, bool equals) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        var others = ctx.Data.Objects(focus, predicate);
        var ct = ctx.Cancellation; // values x others comparisons: checked per value
        if (equals)
        {
            for (int i = 0; i < values.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (!Contains(others, values[i])) ctx.Report(this, shape, focus, values[i], Sh.EqualsConstraintComponent);
            }
            for (int i = 0; i < others.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (!Contains(values, others[i])) ctx.Report(this, shape, focus, others[i], Sh.EqualsConstraintComponent);
            }
        }
        else
        {
            for (int i = 0; i < values.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (Contains(others, values[i])) ctx.Report(this, shape, focus, values[i], Sh.DisjointConstraintComponent);
            }
        }
    }

    internal static bool Contains(IReadOnlyList<Term> list, Term t)
    {
        for (int i = 0; i < list.Count; i++) if (list[i].Equals(t)) return true;
        return false;
    }

    public string Describe(ValidationResult r) => equals
        ? $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} differs from the values of {Shacl.Describe.Term(predicate)}"
        : $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} is also a value of {Shacl.Describe.Term(predicate)}";
}

/// <summary>sh:lessThan / sh:lessThanOrEquals: each value is below every value of the predicate; incomparable pairs violate.</summary>
internal sealed class LessThanConstraint(Iri predicate, bool orEquals) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        var others = ctx.Data.Objects(focus, predicate);
        for (int i = 0; i < values.Count; i++)
        {
            ctx.Cancellation.ThrowIfCancellationRequested(); // values x others comparisons
            for (int j = 0; j < others.Count; j++)
            {
                int? c = XsdOrder.CompareValues(values[i], others[j]);
                if (c is { } v && (orEquals ? v <= 0 : v < 0)) continue;
                ctx.Report(this, shape, focus, values[i], orEquals ? Sh.LessThanOrEqualsConstraintComponent : Sh.LessThanConstraintComponent);
            }
        }
    }

    public string Describe(ValidationResult r) =>
        $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} should be {(orEquals ? "at most" : "less than")} {Shacl.Describe.Term(predicate)}";
}
