using PhdResolver.Rdf;

namespace PhdResolver.Store.Tests;

/// <summary>Every pattern shape against a brute-force model, on a compacted base and on base + overlay.</summary>
public class IndexMatchTests
{
    private static List<IdQuad> Brute(HashSet<IdQuad> model, uint? s, uint? p, uint? o, uint? g) =>
        model.Where(q => (s is null || q.S == s) && (p is null || q.P == p) && (o is null || q.O == o) && (g is null || q.G == g))
             .OrderBy(q => q.S).ThenBy(q => q.P).ThenBy(q => q.O).ThenBy(q => q.G).ToList();

    private static List<IdQuad> Sorted(QuadEnumerator e)
    {
        var r = new List<IdQuad>();
        foreach (var q in e) r.Add(q);
        return r.OrderBy(q => q.S).ThenBy(q => q.P).ThenBy(q => q.O).ThenBy(q => q.G).ToList();
    }

    private static void CheckAllShapes(IndexSet idx, HashSet<IdQuad> model, Random rnd)
    {
        Assert.Equal(model.Count, idx.QuadCount);
        var probes = model.OrderBy(_ => rnd.Next()).Take(40).ToList();
        probes.Add(new IdQuad(9999, 9999, 9999, 9999)); // ids matching nothing
        foreach (var q in probes)
        {
            for (int mask = 0; mask < 16; mask++)
            {
                uint? s = (mask & 1) != 0 ? q.S : null, p = (mask & 2) != 0 ? q.P : null;
                uint? o = (mask & 4) != 0 ? q.O : null, g = (mask & 8) != 0 ? q.G : null;
                var expected = Brute(model, s, p, o, g);
                Assert.Equal(expected, Sorted(idx.Match(s, p, o, g)));
                var reopened = default(QuadEnumerator); // the in-place form of Match (nested-loop joins)
                idx.Open(ref reopened, s ?? 0, p ?? 0, o ?? 0, g);
                Assert.Equal(expected, Sorted(reopened));
                Assert.Equal(expected.Count, idx.Count(s, p, o, g));
                Assert.True(idx.Estimate(s, p, o, g) >= expected.Count, $"estimate below count for mask {mask}");
                if (g is null)
                {
                    var distinct = expected.Select(x => (x.S, x.P, x.O)).Distinct().Count();
                    Assert.Equal(distinct, idx.Count(s, p, o, null, MatchFlags.DistinctTriples));
                    Assert.Equal(expected.Count(x => x.G != 0), idx.Count(s, p, o, null, MatchFlags.NamedGraphsOnly));
                }
            }
        }
        Assert.Equal(model.Select(x => x.G).Distinct().Order().ToList(), idx.GraphIds());

        // Subject-ordered ranges (merge-join input): a predicate, optionally an object, any or one graph.
        foreach (var q in probes)
        {
            foreach (uint o in (uint[])[0, q.O])
            {
                foreach (uint? g in (uint?[])[null, q.G])
                {
                    var e = default(QuadEnumerator);
                    idx.OpenBySubject(ref e, q.P, o, g);
                    var got = new List<IdQuad>();
                    foreach (var x in e) got.Add(x);
                    Assert.True(got.Zip(got.Skip(1)).All(t => t.First.S <= t.Second.S), "not in subject order");
                    Assert.Equal(Brute(model, null, q.P, o == 0 ? null : o, g), got.OrderBy(x => x.S).ThenBy(x => x.P).ThenBy(x => x.O).ThenBy(x => x.G).ToList());
                }
                var d = default(QuadEnumerator);
                idx.OpenBySubject(ref d, q.P, o, null, MatchFlags.DistinctTriples);
                int n = 0;
                foreach (var _ in d) n++;
                Assert.Equal(Brute(model, null, q.P, o == 0 ? null : o, null).Select(x => (x.S, x.O)).Distinct().Count(), n);
            }
        }
    }

    [Fact]
    public void Every_pattern_shape_matches_like_a_scan()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        var rnd = new Random(7);
        var model = new HashSet<IdQuad>();
        uint[] ids;
        using (var tx = store.BeginWrite())
        {
            // Ids 1..50 for terms; graphs are 0 (default) and three of them.
            ids = Enumerable.Range(0, 50).Select(i => tx.Intern(new Iri($"http://example.org/t{i}"))).ToArray();
            while (model.Count < 6000)
            {
                var q = new IdQuad(ids[rnd.Next(40)], ids[40 + rnd.Next(6)], ids[rnd.Next(40)], rnd.Next(4) == 0 ? 0 : ids[46 + rnd.Next(3)]);
                model.Add(q);
                tx.InsertIds(q.S, q.P, q.O, q.G);
            }
            tx.Commit();
        }
        var idx = store.Indexes;
        Assert.Empty(idx.Orders[0].Adds); // big commit: compacted into the base
        CheckAllShapes(idx, model, rnd);

        // Small commits stay in the overlay: deletes of base quads, adds, and re-adds.
        for (int round = 0; round < 3; round++)
        {
            using var tx = store.BeginWrite();
            foreach (var q in model.OrderBy(_ => rnd.Next()).Take(150).ToList())
            {
                tx.DeleteIds(q.S, q.P, q.O, q.G);
                model.Remove(q);
            }
            for (int i = 0; i < 150; i++)
            {
                var q = new IdQuad(ids[rnd.Next(40)], ids[40 + rnd.Next(6)], ids[rnd.Next(40)], rnd.Next(4) == 0 ? 0 : ids[46 + rnd.Next(3)]);
                model.Add(q);
                tx.InsertIds(q.S, q.P, q.O, q.G);
            }
            tx.Commit();
            Assert.NotEmpty(store.Indexes.Orders[0].Dels);
            CheckAllShapes(store.Indexes, model, rnd);
        }

        // And the same after a restart (rebuilt from SQLite).
        store.Dispose();
        using var reopened = dir.Open();
        CheckAllShapes(reopened.Indexes, model, rnd);
    }

    [Fact]
    public void Subject_and_graph_lookups_search_the_shorter_run_and_match_like_a_scan()
    {
        // Open with subject and graph bound reads the subject's SPOG run or the graph's GSPO run, whichever is
        // shorter. Here both happen: subject t0 sits in 60 graphs (its run is longer than any small graph's),
        // the other subjects in one big graph (their runs are shorter than the graph's), and a few quads of t0
        // stay in the overlay.
        using var dir = new TempDir();
        using var store = dir.Open();
        var model = new HashSet<IdQuad>();
        uint[] ids;
        using (var tx = store.BeginWrite())
        {
            ids = Enumerable.Range(0, 120).Select(i => tx.Intern(new Iri($"http://example.org/t{i}"))).ToArray();
            void Add(IdQuad q) { model.Add(q); tx.InsertIds(q.S, q.P, q.O, q.G); }
            for (int g = 0; g < 60; g++) Add(new IdQuad(ids[0], ids[1], ids[2 + g % 5], ids[60 + g]));
            for (int i = 2; i < 60; i++)
                for (int k = 0; k < 120; k++) Add(new IdQuad(ids[i], ids[1 + k % 3], ids[k], ids[119]));
            tx.Commit();
        }
        Assert.Empty(store.Indexes.Orders[0].Adds); // big commit: compacted into the base (the directories exist)
        using (var tx = store.BeginWrite())
        {
            var q = new IdQuad(ids[0], ids[1], ids[9], ids[119]);
            model.Add(q);
            tx.InsertIds(q.S, q.P, q.O, q.G);
            tx.Commit();
        }
        var idx = store.Indexes;
        Assert.True(idx.Orders[(int)IndexOrder.Spog].RunLength(ids[0]) > idx.Orders[(int)IndexOrder.Gspo].RunLength(ids[61]));
        Assert.True(idx.Orders[(int)IndexOrder.Spog].RunLength(ids[5]) < idx.Orders[(int)IndexOrder.Gspo].RunLength(ids[119]));
        foreach (uint s in (uint[])[ids[0], ids[5], ids[59], 9999])
            foreach (uint g in (uint[])[ids[61], ids[119], 0, 9999])
                foreach (uint p in (uint[])[0, ids[1], ids[2]])
                    foreach (uint o in (uint[])[0, ids[3], ids[9]])
                    {
                        var e = default(QuadEnumerator);
                        idx.Open(ref e, s, p, o, g);
                        Assert.Equal(Brute(model, s, p == 0 ? null : p, o == 0 ? null : o, g), Sorted(e));
                    }
    }

    [Fact]
    public void One_graph_or_more_is_known_in_constant_time()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        Assert.True(store.Indexes.HoldsOneGraphAtMost());
        var s = new Iri("http://example.org/s");
        var p = new Iri("http://example.org/p");
        using (var tx = store.BeginWrite()) { tx.Insert(new Quad(s, p, new Literal("a"))); tx.Commit(); }
        Assert.True(store.Indexes.HoldsOneGraphAtMost());
        using (var tx = store.BeginWrite()) { tx.Insert(new Quad(s, p, new Literal("a"), new Iri("http://example.org/g"))); tx.Commit(); }
        Assert.False(store.Indexes.HoldsOneGraphAtMost());
        using (var snap = store.OpenSnapshot())
            Assert.Equal(1, snap.Count(null, null, null, GraphFilter.Default)); // the union still dedups
    }

    [Fact]
    public void Default_graph_union_or_separate()
    {
        using var dir = new TempDir();
        var s = new Iri("http://example.org/s");
        var p = new Iri("http://example.org/p");
        var g1 = new Iri("http://example.org/g1");
        var g2 = new Iri("http://example.org/g2");
        using (var store = dir.Open())
        {
            using var tx = store.BeginWrite();
            tx.Insert(new Quad(s, p, new Literal("a")));
            tx.Insert(new Quad(s, p, new Literal("a"), g1));
            tx.Insert(new Quad(s, p, new Literal("a"), g2));
            tx.Insert(new Quad(s, p, new Literal("b"), g2));
            tx.Commit();
            using var snap = store.OpenSnapshot();
            Assert.Equal(2, snap.Count(null, null, null, GraphFilter.Default)); // union: a, b once each
            Assert.All(snap.Match(s, null, null, GraphFilter.Default), q => Assert.Null(q.Graph));
            Assert.Equal(4, snap.Count(null, null, null, GraphFilter.Any));
            Assert.Equal(3, snap.Count(null, null, null, GraphFilter.AllNamed));
            Assert.Equal(2, snap.Count(s, null, null, GraphFilter.Named(g2)));
            Assert.Equal(0, snap.Count(s, null, null, GraphFilter.Named(new Iri("http://example.org/none"))));
            Assert.Equal([g1, g2], snap.NamedGraphs());
        }
        using (var store = dir.Open(new StoreOptions { DefaultGraph = DefaultGraphMode.Separate }))
        {
            using var snap = store.OpenSnapshot();
            Assert.Equal(1, snap.Count(null, null, null, GraphFilter.Default));
            Assert.Equal(new Quad(s, p, new Literal("a")), Assert.Single(snap.Match(null, null, null, GraphFilter.Default)));
        }
    }
}
