using Microsoft.Data.Sqlite;
using PhdResolver.Rdf;

namespace PhdResolver.Store.Tests;

/// <summary><see cref="IQueryableDataset"/> over quads in memory, <see cref="QuadEnumerator.FromSource"/>, and the
/// typed storage errors.</summary>
public class QueryableDatasetTests
{
    private static readonly Iri S = new("http://example.org/s");
    private static readonly Iri P = new("http://example.org/p");
    private static readonly Iri G = new("http://example.org/g");

    private static List<IdQuad> All(IQueryableDataset d, uint s, uint p, uint o, uint? g)
    {
        var e = default(QuadEnumerator);
        d.Open(ref e, s, p, o, g);
        var list = new List<IdQuad>();
        while (e.MoveNext()) list.Add(e.Current);
        return list;
    }

    [Fact]
    public void An_in_memory_dataset_answers_patterns_by_id_with_no_store()
    {
        var b = new BlankNode("x");
        var d = InMemoryDataset.Build([
            new Quad(S, P, new Literal("a"), null),
            new Quad(S, P, new Literal("a"), null), // a duplicate: kept once
            new Quad(S, P, b, G),
            new Quad(b, P, new Literal("b"), G),
        ]);
        Assert.True(d.TryGetId(S, out uint s));
        Assert.True(d.TryGetId(P, out uint p));
        Assert.True(d.TryGetId(G, out uint g));
        Assert.True(d.TryGetId(b, out uint bn)); // blank node labels are kept as given
        Assert.False(d.TryGetId(new Iri("http://example.org/absent"), out _));
        Assert.Equal(3, d.QuadCount);
        Assert.Single(All(d, s, p, 0, IdQuad.DefaultGraph));
        Assert.Equal(2, All(d, 0, p, 0, g).Count);
        Assert.Equal([IdQuad.DefaultGraph, g], d.GraphIds());
        Assert.Equal(b, d.GetTerm(All(d, s, 0, 0, g).Single().O));
        Assert.Equal(bn, All(d, s, 0, 0, g).Single().O);
    }

    [Fact]
    public void Holds_only_graphs_counts_every_quad_including_the_default_graph_and_later_commits()
    {
        var g2 = new Iri("http://example.org/g2");
        using var dir = new TempDir();
        using var store = dir.Open();
        using (var tx = store.BeginWrite())
        {
            tx.Insert(new Quad(S, P, new Literal("a"), G));
            tx.Insert(new Quad(S, P, new Literal("b"), G));
            tx.Insert(new Quad(S, P, new Literal("a"), g2)); // the same triple in a second graph
            tx.Commit();
        }
        uint g, h;
        using (var snap = store.OpenSnapshot())
        {
            Assert.True(snap.TryGetId(G, out g));
            Assert.True(snap.TryGetId(g2, out h));
            Assert.True(snap.HoldsOnlyGraphs([g, h]));
            Assert.False(snap.HoldsOnlyGraphs([g]));   // g2's quad is outside
            Assert.False(snap.HoldsOnlyGraphs([h]));
            Assert.False(snap.HoldsOnlyGraphs([]));
            // The interface's default (a walk of GraphIds) agrees with the snapshot's counting.
            Assert.True(((IQueryableDataset)new GraphIdsOnly(snap)).HoldsOnlyGraphs([g, h]));
            Assert.False(((IQueryableDataset)new GraphIdsOnly(snap)).HoldsOnlyGraphs([g]));
        }
        using (var tx = store.BeginWrite())
        {
            tx.Insert(new Quad(S, P, new Literal("c"))); // the default graph (id 0), in the overlay
            tx.Delete(new Quad(S, P, new Literal("a"), g2)); // g2 emptied
            tx.Commit();
        }
        using (var snap = store.OpenSnapshot())
        {
            Assert.False(snap.HoldsOnlyGraphs([g, h])); // the default graph's quad is in none of them
            Assert.True(snap.HoldsOnlyGraphs([IdQuad.DefaultGraph, g]));
        }
    }

    /// <summary>A dataset that keeps the interface's default <see cref="IQueryableDataset.HoldsOnlyGraphs"/>.</summary>
    private sealed class GraphIdsOnly(StoreSnapshot inner) : IQueryableDataset
    {
        public bool TryGetId(Term term, out uint id) => inner.TryGetId(term, out id);
        public Term GetTerm(uint id) => inner.GetTerm(id);
        public bool ResolveGraph(GraphFilter graph, out uint? g, out MatchFlags flags) => inner.ResolveGraph(graph, out g, out flags);
        public void Open(ref QuadEnumerator e, uint s, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None) => inner.Open(ref e, s, p, o, g, flags);
        public bool OpenBySubject(ref QuadEnumerator e, uint p, uint o, uint? g, MatchFlags flags = MatchFlags.None) => inner.OpenBySubject(ref e, p, o, g, flags);
        public long Estimate(uint? s, uint? p, uint? o, uint? g) => inner.Estimate(s, p, o, g);
        public List<uint> GraphIds() => inner.GraphIds();
    }

    [Fact]
    public void A_source_enumerator_yields_what_its_source_yields()
    {
        IdQuad[] quads = [new(1, 2, 3, 0), new(4, 5, 6, 7)];
        var e = QuadEnumerator.FromSource(((IEnumerable<IdQuad>)quads).GetEnumerator());
        var seen = new List<IdQuad>();
        while (e.MoveNext()) seen.Add(e.Current);
        Assert.Equal(quads, seen);
        Assert.False(e.MoveNext());
    }

    [Fact]
    public void A_directory_in_use_is_a_typed_error()
    {
        using var dir = new TempDir();
        using var first = dir.Open();
        var e = Assert.Throws<StoreException>(() => dir.Open());
        Assert.Equal(StoreErrorKind.InUse, e.Kind);
        Assert.Contains(dir.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_a_typed_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(System.IO.Path.Combine(dir.Path, QuadStore.DatabaseFileName), new string('x', 4096));
        var e = Assert.Throws<StoreException>(() => dir.Open());
        Assert.Equal(StoreErrorKind.Corrupt, e.Kind);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public void A_newer_store_schema_is_a_typed_error()
    {
        using var dir = new TempDir();
        dir.Open().Dispose();
        using (var c = new SqliteConnection($"Data Source={System.IO.Path.Combine(dir.Path, QuadStore.DatabaseFileName)};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE meta SET value = '99' WHERE key = 'schema'";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreException>(() => dir.Open());
        Assert.Equal(StoreErrorKind.SchemaMismatch, e.Kind);
        Assert.Contains("99", e.Message, StringComparison.Ordinal);
    }
}
