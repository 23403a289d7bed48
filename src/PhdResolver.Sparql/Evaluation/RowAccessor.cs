using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>Exposes one solution row to the expression evaluator; decodes ids only when asked.</summary>
internal sealed class RowAccessor(QueryContext ctx, GraphScope scope) : IBindingAccessor
{
    public uint[] Row = [];

    /// <summary>The active graph, for EXISTS patterns inside GRAPH.</summary>
    public GraphScope Scope { get; } = scope;

    public Term? Get(Var variable) =>
        ctx.Vars.TryGetSlot(variable.Name, out int s) && s < Row.Length && Row[s] != 0 ? ctx.GetTerm(Row[s]) : null;
}
