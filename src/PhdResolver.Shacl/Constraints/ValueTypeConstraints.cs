using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:class: every value node is a SHACL instance of the class.</summary>
internal sealed class ClassConstraint(Term cls) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
            if (values[i] is Literal || !ctx.Data.IsInstanceOf(values[i], cls))
                ctx.Report(this, shape, focus, values[i], Sh.ClassConstraintComponent);
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} is not {Shacl.Describe.A(cls)}";
}

/// <summary>sh:datatype: every value node is a literal of the datatype with a valid lexical form.</summary>
internal sealed class DatatypeConstraint(Iri datatype) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
            if (values[i] is not Literal l || !l.Datatype.Equals(datatype) || !XsdTypes.IsWellTyped(l))
                ctx.Report(this, shape, focus, values[i], Sh.DatatypeConstraintComponent);
    }

    public string Describe(ValidationResult r) =>
        r.Value is Literal l && l.Datatype.Equals(datatype)
            ? $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} is not a valid {Shacl.Describe.Term(datatype)} value"
            : $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} should be {Shacl.Describe.A(datatype)}";
}

/// <summary>sh:nodeKind: IRI, blank node, literal or a combination.</summary>
internal sealed class NodeKindConstraint(Iri kind) : IConstraint
{
    private readonly bool _iri = kind.Equals(Sh.IRI) || kind.Equals(Sh.BlankNodeOrIRI) || kind.Equals(Sh.IRIOrLiteral);
    private readonly bool _blank = kind.Equals(Sh.BlankNode) || kind.Equals(Sh.BlankNodeOrIRI) || kind.Equals(Sh.BlankNodeOrLiteral);
    private readonly bool _literal = kind.Equals(Sh.Literal) || kind.Equals(Sh.BlankNodeOrLiteral) || kind.Equals(Sh.IRIOrLiteral);

    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            bool ok = values[i].Kind switch { TermKind.Iri => _iri, TermKind.BlankNode => _blank, _ => _literal };
            if (!ok) ctx.Report(this, shape, focus, values[i], Sh.NodeKindConstraintComponent);
        }
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} should be {Shacl.Describe.A(kind)}";
}
