using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>Turns a shape's SHACL Core parameters into constraints (one per parameter value, §4).</summary>
internal static class CoreConstraints
{
    public static void Compile(ShapesGraph sg, Shape shape, List<IConstraint> into)
    {
        var g = sg.Graph;
        var n = shape.Node;
        bool property = shape.IsPropertyShape;

        foreach (var c in g.Objects(n, Sh.Class)) into.Add(new ClassConstraint(c));
        foreach (var d in g.Objects(n, Sh.Datatype)) if (d is Iri di) into.Add(new DatatypeConstraint(di));
        foreach (var k in g.Objects(n, Sh.NodeKind)) if (k is Iri ki) into.Add(new NodeKindConstraint(ki));

        if (property)
        {
            foreach (var v in g.Objects(n, Sh.MinCount)) if (ShapesGraph.Int(v) is { } min) into.Add(new MinCountConstraint(min));
            foreach (var v in g.Objects(n, Sh.MaxCount)) if (ShapesGraph.Int(v) is { } max) into.Add(new MaxCountConstraint(max));
        }

        foreach (var v in g.Objects(n, Sh.MinExclusive)) into.Add(new RangeConstraint(v, Sh.MinExclusiveConstraintComponent));
        foreach (var v in g.Objects(n, Sh.MinInclusive)) into.Add(new RangeConstraint(v, Sh.MinInclusiveConstraintComponent));
        foreach (var v in g.Objects(n, Sh.MaxExclusive)) into.Add(new RangeConstraint(v, Sh.MaxExclusiveConstraintComponent));
        foreach (var v in g.Objects(n, Sh.MaxInclusive)) into.Add(new RangeConstraint(v, Sh.MaxInclusiveConstraintComponent));

        foreach (var v in g.Objects(n, Sh.MinLength)) if (ShapesGraph.Int(v) is { } len) into.Add(new LengthConstraint(len, isMin: true));
        foreach (var v in g.Objects(n, Sh.MaxLength)) if (ShapesGraph.Int(v) is { } len) into.Add(new LengthConstraint(len, isMin: false));
        string? flags = g.Object(n, Sh.Flags) is Literal f ? f.Lexical : null;
        foreach (var v in g.Objects(n, Sh.Pattern)) if (v is Literal p) into.Add(new PatternConstraint(p.Lexical, flags));
        foreach (var v in g.Objects(n, Sh.LanguageIn))
            into.Add(new LanguageInConstraint([.. g.List(v).OfType<Literal>().Select(l => l.Lexical)]));
        if (property && g.Objects(n, Sh.UniqueLang).Any(IsTrue)) into.Add(new UniqueLangConstraint());

        foreach (var v in g.Objects(n, Sh.EqualsP)) if (v is Iri p) into.Add(new EqualsDisjointConstraint(p, equals: true));
        foreach (var v in g.Objects(n, Sh.Disjoint)) if (v is Iri p) into.Add(new EqualsDisjointConstraint(p, equals: false));
        if (property)
        {
            foreach (var v in g.Objects(n, Sh.LessThan)) if (v is Iri p) into.Add(new LessThanConstraint(p, orEquals: false));
            foreach (var v in g.Objects(n, Sh.LessThanOrEquals)) if (v is Iri p) into.Add(new LessThanConstraint(p, orEquals: true));
        }

        foreach (var v in g.Objects(n, Sh.Not)) into.Add(new LogicalConstraint(Sh.NotConstraintComponent, [sg.GetShape(v)]));
        foreach (var v in g.Objects(n, Sh.And)) into.Add(new LogicalConstraint(Sh.AndConstraintComponent, Shapes(sg, g.List(v))));
        foreach (var v in g.Objects(n, Sh.Or)) into.Add(new LogicalConstraint(Sh.OrConstraintComponent, Shapes(sg, g.List(v))));
        foreach (var v in g.Objects(n, Sh.Xone)) into.Add(new LogicalConstraint(Sh.XoneConstraintComponent, Shapes(sg, g.List(v))));
        foreach (var v in g.Objects(n, Sh.Node)) into.Add(new NodeConstraint(sg.GetShape(v)));
        foreach (var v in g.Objects(n, Sh.Property)) into.Add(new PropertyConstraint(sg.GetShape(v)));

        if (property) AddQualified(sg, shape, into);

        if (g.Objects(n, Sh.Closed).Any(IsTrue))
        {
            var allowed = new HashSet<Term>();
            foreach (var ps in g.Objects(n, Sh.Property))
                if (g.Object(ps, Sh.Path) is Iri p) allowed.Add(p);
            foreach (var list in g.Objects(n, Sh.IgnoredProperties))
                foreach (var p in g.List(list)) allowed.Add(p);
            into.Add(new ClosedConstraint(allowed));
        }

        foreach (var v in g.Objects(n, Sh.HasValue)) into.Add(new HasValueConstraint(v));
        foreach (var v in g.Objects(n, Sh.In)) into.Add(new InConstraint(g.List(v)));
    }

    /// <summary>Only the literal <c>true</c> switches a boolean parameter on (the W3C suite checks that "1" does not).</summary>
    internal static bool IsTrue(Term t) => t.Equals(s_true);

    private static readonly Literal s_true = new("true", Vocab.Xsd.Boolean);

    private static Shape[] Shapes(ShapesGraph sg, List<Term> nodes)
    {
        var result = new Shape[nodes.Count];
        for (int i = 0; i < nodes.Count; i++) result[i] = sg.GetShape(nodes[i]);
        return result;
    }

    private static void AddQualified(ShapesGraph sg, Shape shape, List<IConstraint> into)
    {
        var g = sg.Graph;
        var n = shape.Node;
        int? min = ShapesGraph.Int(g.Object(n, Sh.QualifiedMinCount));
        int? max = ShapesGraph.Int(g.Object(n, Sh.QualifiedMaxCount));
        if (min is null && max is null) return;
        bool disjoint = g.Objects(n, Sh.QualifiedValueShapesDisjoint).Any(IsTrue);
        foreach (var q in g.Objects(n, Sh.QualifiedValueShape))
        {
            // Sibling shapes (§4.7.3): sh:property/sh:qualifiedValueShape of every shape that has this
            // one as sh:property, minus this qualified value shape. Resolved lazily, once compilation has settled.
            Func<IReadOnlyList<Shape>>? siblings = !disjoint ? null : () =>
            {
                var set = new NodeSet();
                foreach (var parent in g.Subjects(Sh.Property, n))
                    foreach (var sib in g.Objects(parent, Sh.Property))
                        foreach (var sq in g.Objects(sib, Sh.QualifiedValueShape)) set.Add(sq);
                return [.. set.Items.Where(t => !t.Equals(q)).Select(sg.GetShape)];
            };
            into.Add(new QualifiedConstraint(sg.GetShape(q), min, max, siblings));
        }
    }
}
