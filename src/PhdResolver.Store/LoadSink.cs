using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// Feeds parsed quads into a write transaction. Parsers label blank nodes with process-local
/// counters ("b1", "b2", ...) that a later process would reuse, so every blank node label seen
/// here is mapped, for the life of the transaction, to a fresh store-unique blank node.
/// </summary>
internal sealed class LoadSink(WriteTransaction tx, uint defaultGraph) : IRdfSink
{
    private readonly Dictionary<string, uint> _blankNodes = new(StringComparer.Ordinal);

    public long Count { get; private set; }

    public void OnQuad(in Quad quad)
    {
        uint g = quad.Graph is null ? defaultGraph : Map(quad.Graph);
        tx.InsertIds(Map(quad.Subject), Map(quad.Predicate), Map(quad.Object), g);
        Count++;
    }

    private uint Map(Term t)
    {
        if (t is not BlankNode b) return tx.Intern(t);
        if (!_blankNodes.TryGetValue(b.Id, out uint id))
        {
            id = tx.InternFreshBlankNode();
            _blankNodes.Add(b.Id, id);
        }
        return id;
    }
}
