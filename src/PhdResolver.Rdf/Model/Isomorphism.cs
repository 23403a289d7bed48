namespace PhdResolver.Rdf;

/// <summary>
/// RDF dataset isomorphism (RDF 1.1 Concepts §3.6 / §4): a bijection between blank nodes that
/// maps one dataset onto the other. Blank nodes are coloured by iterated refinement (a hash of
/// the quads they occur in, with neighbouring blank nodes replaced by their colour); only nodes
/// that remain indistinguishable are matched by backtracking, with refinement after every guess.
/// </summary>
public static class Isomorphism
{
    public static bool AreIsomorphic(IEnumerable<Quad> a, IEnumerable<Quad> b)
    {
        var qa = new HashSet<Quad>(a);
        var qb = new HashSet<Quad>(b);
        if (qa.Count != qb.Count) return false;

        var ga = new List<Quad>();
        foreach (var q in qa)
        {
            if (HasBlank(q)) ga.Add(q);
            else if (!qb.Contains(q)) return false;
        }
        var gb = qb.Where(HasBlank).ToList();
        if (ga.Count != gb.Count) return false;
        if (ga.Count == 0) return true;

        var nodesA = BlankNodesOf(ga);
        var nodesB = BlankNodesOf(gb);
        if (nodesA.Count != nodesB.Count) return false;

        var colA = nodesA.ToDictionary(n => n, _ => 1L);
        var colB = nodesB.ToDictionary(n => n, _ => 1L);
        var byNodeA = Occurrences(ga);
        var byNodeB = Occurrences(gb);
        Refine(colA, byNodeA, colB, byNodeB);
        return Search(colA, byNodeA, colB, byNodeB, qb, ga, 0);
    }

    private static bool Search(Dictionary<BlankNode, long> colA, Dictionary<BlankNode, List<Quad>> occA,
        Dictionary<BlankNode, long> colB, Dictionary<BlankNode, List<Quad>> occB,
        HashSet<Quad> targetSet, List<Quad> source, int depth)
    {
        // Colour classes must have equal sizes on both sides.
        var classesA = colA.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList());
        var classesB = colB.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList());
        if (classesA.Count != classesB.Count) return false;
        foreach (var (c, list) in classesA)
            if (!classesB.TryGetValue(c, out var other) || other.Count != list.Count) return false;

        var ambiguous = classesA.Where(kv => kv.Value.Count > 1).OrderBy(kv => kv.Value.Count).FirstOrDefault();
        if (ambiguous.Value is null)
        {
            // Every class is a singleton: the colouring is the only candidate bijection.
            var map = new Dictionary<BlankNode, BlankNode>();
            foreach (var (c, list) in classesA) map[list[0]] = classesB[c][0];
            foreach (var q in source)
                if (!targetSet.Contains(MapQuad(q, map))) return false;
            return true;
        }
        if (depth > 64) return false;

        var pick = ambiguous.Value[0];
        long fresh = unchecked(ambiguous.Key * 31 + 0x7E3779B97F4A7C15L + depth);
        foreach (var candidate in classesB[ambiguous.Key])
        {
            var ca = new Dictionary<BlankNode, long>(colA) { [pick] = fresh };
            var cb = new Dictionary<BlankNode, long>(colB) { [candidate] = fresh };
            Refine(ca, occA, cb, occB);
            if (Search(ca, occA, cb, occB, targetSet, source, depth + 1)) return true;
        }
        return false;
    }

    /// <summary>Refines both colourings in lockstep so that equal colours mean the same thing on both sides.</summary>
    private static void Refine(Dictionary<BlankNode, long> a, Dictionary<BlankNode, List<Quad>> occA,
        Dictionary<BlankNode, long> b, Dictionary<BlankNode, List<Quad>> occB)
    {
        int distinct = a.Values.Distinct().Count();
        for (int round = 0; round < a.Count + 1; round++)
        {
            var na = Step(a, occA);
            var nb = Step(b, occB);
            foreach (var kv in na) a[kv.Key] = kv.Value;
            foreach (var kv in nb) b[kv.Key] = kv.Value;
            int d = a.Values.Distinct().Count();
            if (d == distinct) break;
            distinct = d;
        }
    }

    private static Dictionary<BlankNode, long> Step(Dictionary<BlankNode, long> colour, Dictionary<BlankNode, List<Quad>> occ)
    {
        var next = new Dictionary<BlankNode, long>(colour.Count);
        var sigs = new List<long>();
        foreach (var (node, quads) in occ)
        {
            sigs.Clear();
            foreach (var q in quads)
            {
                long h = 17;
                h = Mix(h, TermHash(q.Subject, node, colour));
                h = Mix(h, TermHash(q.Predicate, node, colour));
                h = Mix(h, TermHash(q.Object, node, colour));
                h = Mix(h, q.Graph is null ? 3 : TermHash(q.Graph, node, colour));
                sigs.Add(h);
            }
            sigs.Sort();
            long s = colour[node];
            foreach (var x in sigs) s = Mix(s, x);
            next[node] = s;
        }
        return next;
    }

    private static long TermHash(Term t, BlankNode self, Dictionary<BlankNode, long> colour) => t switch
    {
        BlankNode b when b.Equals(self) => 0x5151,
        BlankNode b => Mix(0x7171, colour[b]),
        _ => StableHash(t.ToString()),
    };

    private static long Mix(long h, long x) => unchecked((h ^ x) * 0x100000001B3L + (h >>> 29));

    private static long StableHash(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s) h = unchecked((h ^ c) * 1099511628211UL);
        return (long)h;
    }

    private static Quad MapQuad(in Quad q, Dictionary<BlankNode, BlankNode> map) =>
        new(Map(q.Subject, map), Map(q.Predicate, map), Map(q.Object, map), q.Graph is null ? null : Map(q.Graph, map));

    private static Term Map(Term t, Dictionary<BlankNode, BlankNode> map) => t is BlankNode b ? map[b] : t;

    private static bool HasBlank(Quad q) =>
        q.Subject is BlankNode || q.Predicate is BlankNode || q.Object is BlankNode || q.Graph is BlankNode;

    private static HashSet<BlankNode> BlankNodesOf(List<Quad> quads)
    {
        var set = new HashSet<BlankNode>();
        foreach (var q in quads)
        {
            if (q.Subject is BlankNode s) set.Add(s);
            if (q.Predicate is BlankNode p) set.Add(p);
            if (q.Object is BlankNode o) set.Add(o);
            if (q.Graph is BlankNode g) set.Add(g);
        }
        return set;
    }

    private static Dictionary<BlankNode, List<Quad>> Occurrences(List<Quad> quads)
    {
        var d = new Dictionary<BlankNode, List<Quad>>();
        foreach (var q in quads)
        {
            foreach (var t in new[] { q.Subject, q.Predicate, q.Object, q.Graph })
            {
                if (t is not BlankNode b) continue;
                if (!d.TryGetValue(b, out var list)) d[b] = list = [];
                if (list.Count == 0 || !list[^1].Equals(q)) list.Add(q);
            }
        }
        return d;
    }
}
