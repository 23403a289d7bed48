using PhdResolver.Sparql.Evaluation;

namespace PhdResolver.Sparql.Optimizer;

/// <summary>
/// Greedy ordering of a BGP: start with the pattern with the fewest estimated matches, then
/// repeatedly take the cheapest pattern connected to the variables bound so far (a pattern
/// with no shared variable would be a cross product, so it waits). A variable bound by an
/// earlier pattern makes a position selective; its effect is guessed by position.
/// </summary>
internal static class JoinOrder
{
    public static Bgp Order(Bgp bgp, Func<TriplePattern, long> estimate, Deadline? deadline = null)
    {
        int n = bgp.Triples.Count;
        if (n <= 1) return bgp;
        var baseCost = new long[n];
        for (int i = 0; i < n; i++) baseCost[i] = estimate(bgp.Triples[i]);
        var bound = new HashSet<string>(StringComparer.Ordinal);
        var used = new bool[n];
        var result = new List<TriplePattern>(n);
        for (int step = 0; step < n; step++)
        {
            int best = -1;
            bool bestConnected = false;
            long bestCost = long.MaxValue;
            for (int i = 0; i < n; i++)
            {
                if (used[i]) continue;
                deadline?.Tick(); // n^2 steps: a BGP of 10^6 patterns must stop at the deadline
                var t = bgp.Triples[i];
                bool connected = bound.Count == 0 || Shares(t, bound);
                long cost = Adjusted(t, baseCost[i], bound);
                if (best < 0 || (connected && !bestConnected) || (connected == bestConnected && cost < bestCost))
                {
                    best = i; bestConnected = connected; bestCost = cost;
                }
            }
            used[best] = true;
            var chosen = bgp.Triples[best];
            result.Add(chosen);
            foreach (var pt in new[] { chosen.Subject, chosen.Predicate, chosen.Object })
                if (VarAnalysis.VarName(pt) is { } name) bound.Add(name);
        }
        return new Bgp(result);
    }

    private static bool Shares(TriplePattern t, HashSet<string> bound) =>
        IsBound(t.Subject, bound) || IsBound(t.Predicate, bound) || IsBound(t.Object, bound);

    private static bool IsBound(PatternTerm t, HashSet<string> bound) => VarAnalysis.VarName(t) is { } n && bound.Contains(n);

    private static long Adjusted(TriplePattern t, long cost, HashSet<string> bound)
    {
        if (IsBound(t.Subject, bound)) cost = Math.Max(1, cost / 1000);
        if (IsBound(t.Object, bound)) cost = Math.Max(1, cost / 100);
        if (IsBound(t.Predicate, bound)) cost = Math.Max(1, cost / 10);
        return cost;
    }
}
