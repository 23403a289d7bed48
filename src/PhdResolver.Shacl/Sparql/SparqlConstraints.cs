using PhdResolver.Rdf;

namespace PhdResolver.Shacl.Sparql;

/// <summary>The bindings every SHACL-SPARQL query gets: $this, $shapesGraph, $currentShape.</summary>
internal static class StandardBindings
{
    public static List<(string Name, Term Value)> For(Shape shape, Term focus) =>
        [("this", focus), ("shapesGraph", SparqlDataGraph.ShapesGraphName), ("currentShape", shape.Node)];

    public static SparqlDataGraph Data(ValidationContext ctx) =>
        ctx.GetState(SparqlDataGraph.Key, c => SparqlDataGraph.Create(c.Data, c.Shapes.Graph));
}

/// <summary>An <c>sh:sparql</c> constraint (§5): one SELECT per focus node, one result per solution.</summary>
internal sealed class SparqlConstraint(Term node, QueryTemplate query, IReadOnlyList<Term> messages) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        var data = StandardBindings.Data(ctx);
        var (vars, rows) = data.Select(query.Bind(StandardBindings.For(shape, focus)), ctx.Cancellation);
        SolutionMapping.Report(ctx, this, shape, focus, vars, rows, Sh.SparqlConstraintComponent, node, messages, []);
    }

    public string Describe(ValidationResult result) => $"SPARQL constraint {Shacl.Describe.Term(node)} reports a problem";
}

/// <summary>
/// A constraint of a SPARQL-based constraint component (§6): the shape's parameter values are
/// pre-bound under the parameter names. ASK validators run per value node (false = a result);
/// SELECT validators run per focus node like <see cref="SparqlConstraint"/>.
/// </summary>
internal sealed class ComponentConstraint(
    Iri component, QueryTemplate query, bool isAsk, IReadOnlyList<(string Name, Term Value)> parameters,
    IReadOnlyList<Term> messages) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        var data = StandardBindings.Data(ctx);
        var bindings = StandardBindings.For(shape, focus);
        bindings.AddRange(parameters);
        if (!isAsk)
        {
            var (vars, rows) = data.Select(query.Bind(bindings), ctx.Cancellation);
            SolutionMapping.Report(ctx, this, shape, focus, vars, rows, component, null, messages, parameters);
            return;
        }
        bindings.Add(("value", focus));
        int valueSlot = bindings.Count - 1;
        foreach (var v in values)
        {
            bindings[valueSlot] = ("value", v);
            if (data.Ask(query.Bind(bindings), ctx.Cancellation)) continue;
            ctx.Report(new ValidationResult(focus, shape.Path, v, shape, component, shape.Severity, this)
            {
                ConstraintMessages = messages.Count > 0 ? SolutionMapping.Fill(messages, ["value", "this"], [v, focus], parameters) : null,
            });
            if (ctx.InCheck && ctx.Failed) return;
        }
    }

    public string Describe(ValidationResult result) =>
        $"{Shacl.Describe.Subject(result)}: value {Shacl.Describe.Value(result.Value)} does not satisfy {Shacl.Describe.Term(component)}";
}
