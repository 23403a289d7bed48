using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// An RDF dataset as the SPARQL engine and SHACL-SPARQL read it: terms as ids, quads as id tuples.
/// The embedded store's snapshots implement it over their in-memory indexes
/// (<see cref="StoreSnapshot"/>), <see cref="InMemoryDataset"/> over a few quads with no system of
/// record at all (SHACL's data and shapes graphs), and another backend can implement it over its own
/// storage; the engine sees nothing else (the model is Oxigraph's <c>QueryableDataset</c>: an
/// internal term type, pattern lookups on it, and the mapping to and from RDF terms).
/// <para>
/// The contract the engine relies on, and an implementation must keep:
/// <list type="bullet">
/// <item>An id is in [1, 2^31): the engine marks its own query-local terms with the top bit, and 0
/// means "any" in a pattern and "the default graph" as a graph id. Equal terms have one id, for the
/// dataset's lifetime (ids are compared, never terms).</item>
/// <item>The view is immutable: every call answers from the same state, so one query sees one state.</item>
/// <item><see cref="Open"/> fills the caller's <see cref="QuadEnumerator"/> in place: the embedded indexes
/// allocate nothing per lookup (a nested-loop join opens one per outer row), and any other source
/// wraps its own enumerator with <see cref="QuadEnumerator.FromSource"/>.</item>
/// </list>
/// </para>
/// </summary>
public interface IQueryableDataset
{
    /// <summary>The id of a stored term; false when the dataset does not have it (then nothing matches it).</summary>
    bool TryGetId(Term term, out uint id);

    /// <summary>The term of an id this dataset handed out.</summary>
    Term GetTerm(uint id);

    /// <summary>Maps a graph filter to the id-level graph argument and flags of <see cref="Open"/>;
    /// false if nothing can match (a named graph the dataset does not have).</summary>
    bool ResolveGraph(GraphFilter graph, out uint? g, out MatchFlags flags);

    /// <summary>Opens <paramref name="e"/> on the quads matching (s, p, o, g): s, p, o are ids or 0 for any;
    /// <paramref name="g"/> a graph id (0 the default graph's own quads) or null for every graph.</summary>
    void Open(ref QuadEnumerator e, uint s, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None);

    /// <summary>Opens <paramref name="e"/> on the quads with predicate <paramref name="p"/> (object
    /// <paramref name="o"/> unless 0) in ascending subject id order, for merge joins; false when the
    /// dataset cannot deliver that order cheaply (the engine then joins by lookups).</summary>
    bool OpenBySubject(ref QuadEnumerator e, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None);

    /// <summary>A cheap upper bound of the matches, for the optimizer's join order (null: any).</summary>
    long Estimate(uint? s, uint? p, uint? o, uint? g);

    /// <summary>Graph ids holding quads, ascending; 0 (the default graph) first when it has quads. A new list the caller owns.</summary>
    List<uint> GraphIds();

    /// <summary>True when every quad of the dataset lies in one of <paramref name="graphs"/> (distinct graph ids).
    /// Then the RDF merge of those graphs is the union of all graphs: the engine answers a FROM list (a client's
    /// <c>default-graph-uri</c>) that names every graph through the union default graph's faster paths. The
    /// default walks <see cref="GraphIds"/>; an implementation with exact counts can do better.</summary>
    bool HoldsOnlyGraphs(ReadOnlySpan<uint> graphs)
    {
        foreach (uint g in GraphIds())
            if (!graphs.Contains(g)) return false;
        return true;
    }
}
