using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:minExclusive, sh:minInclusive, sh:maxExclusive, sh:maxInclusive. Incomparable values violate.</summary>
internal sealed class RangeConstraint(Term bound, Iri component) : IConstraint
{
    private readonly bool _min = component.Equals(Sh.MinExclusiveConstraintComponent) || component.Equals(Sh.MinInclusiveConstraintComponent);
    private readonly bool _inclusive = component.Equals(Sh.MinInclusiveConstraintComponent) || component.Equals(Sh.MaxInclusiveConstraintComponent);

    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            // Compare value against bound: min → value > bound (or >=), max → value < bound (or <=).
            int? c = XsdOrder.CompareValues(values[i], bound);
            bool ok = c is { } v && (_min ? (_inclusive ? v >= 0 : v > 0) : (_inclusive ? v <= 0 : v < 0));
            if (!ok) ctx.Report(this, shape, focus, values[i], component);
        }
    }

    public string Describe(ValidationResult r)
    {
        string op = (_min, _inclusive) switch { (true, true) => "at least", (true, false) => "more than", (false, true) => "at most", _ => "less than" };
        return $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} should be {op} {Shacl.Describe.Term(bound)}";
    }
}
