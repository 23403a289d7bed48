using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// A queryable dataset built from quads in memory, with no system of record: the same dictionary
/// and five index orders as the store, so a query over it runs the engine's usual plans (SHACL-SPARQL
/// validates a data graph this way, where it used to write a throw-away SQLite store per run).
/// Terms are kept as given, blank node labels included: a label names one node across the quads.
/// </summary>
public static class InMemoryDataset
{
    /// <summary>Builds an immutable dataset of <paramref name="quads"/> (duplicates are dropped).
    /// <paramref name="mode"/> says what the default graph of queries is.</summary>
    public static StoreSnapshot Build(IEnumerable<Quad> quads, DefaultGraphMode mode = DefaultGraphMode.Separate)
    {
        ArgumentNullException.ThrowIfNull(quads);
        var dict = new TermDictionary();
        var keys = new List<Key>();
        foreach (var q in quads)
        {
            uint g = q.Graph is null ? IdQuad.DefaultGraph : dict.Intern(q.Graph);
            keys.Add(Key.From(IndexOrder.Spog, new IdQuad(dict.Intern(q.Subject), dict.Intern(q.Predicate), dict.Intern(q.Object), g)));
        }
        var indexes = keys.Count == 0 ? IndexSet.Empty : IndexSet.Build([.. keys]);
        return new StoreSnapshot(indexes, dict, mode);
    }
}
