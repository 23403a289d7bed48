using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>A triple-pattern position: a slot (variable) or a constant id.</summary>
internal readonly record struct PatPos(int Slot, uint Id)
{
    public bool IsVar => Slot >= 0;
    public uint ValueIn(uint[] row) => Slot >= 0 ? row[Slot] : Id;
}

internal sealed record CompiledBgp(PatPos[] S, PatPos[] P, PatPos[] O);

internal sealed partial class Evaluator
{
    private PatPos Pos(PatternTerm t) =>
        VarAnalysis.VarName(t) is { } n ? new PatPos(_ctx.Vars.Slot(n), 0) : new PatPos(-1, _ctx.GetId(((TermNode)t).Term));

    private CompiledBgp Compile(Bgp b)
    {
        if (_cache.TryGetValue(b, out var c)) return (CompiledBgp)c;
        int n = b.Triples.Count;
        var cb = new CompiledBgp(new PatPos[n], new PatPos[n], new PatPos[n]);
        for (int i = 0; i < n; i++)
        {
            cb.S[i] = Pos(b.Triples[i].Subject);
            cb.P[i] = Pos(b.Triples[i].Predicate);
            cb.O[i] = Pos(b.Triples[i].Object);
        }
        _cache[b] = cb;
        return cb;
    }

    /// <summary>
    /// Index nested-loop join of the triple patterns, in the order given (the optimizer ordered
    /// them). One row buffer and one cursor per pattern; a copy is made only per result.
    /// </summary>
    private IEnumerable<uint[]> EvalBgp(Bgp bgp, uint[] seed, GraphScope scope)
    {
        var cb = Compile(bgp);
        int n = cb.S.Length;
        if (n == 0) { yield return seed; yield break; }
        var row = (uint[])seed.Clone();
        var cursors = new MatchCursor[n];
        var fresh = new byte[n]; // bit 1 s, 2 p, 4 o: positions this level binds
        int level = 0;
        cursors[0] = Open(cb, 0, row, scope, out fresh[0]);
        while (level >= 0)
        {
            if (!cursors[level].MoveNext())
            {
                Unbind(cb, level, fresh[level], row);
                level--;
                continue;
            }
            _ctx.Tick();
            var q = cursors[level].Current;
            if (!Bind(cb, level, fresh[level], row, q.S, q.P, q.O)) continue;
            if (level == n - 1) { yield return (uint[])row.Clone(); continue; }
            level++;
            cursors[level] = Open(cb, level, row, scope, out fresh[level]);
        }
    }

    private MatchCursor Open(CompiledBgp cb, int i, uint[] row, GraphScope scope, out byte fresh)
    {
        uint s = cb.S[i].ValueIn(row), p = cb.P[i].ValueIn(row), o = cb.O[i].ValueIn(row);
        fresh = (byte)((s == 0 ? 1 : 0) | (p == 0 ? 2 : 0) | (o == 0 ? 4 : 0));
        return _ctx.Match(s, p, o, scope);
    }

    private static void Unbind(CompiledBgp cb, int i, byte fresh, uint[] row)
    {
        if ((fresh & 1) != 0) row[cb.S[i].Slot] = 0;
        if ((fresh & 2) != 0) row[cb.P[i].Slot] = 0;
        if ((fresh & 4) != 0) row[cb.O[i].Slot] = 0;
    }

    /// <summary>Binds the level's free positions; false when a variable repeated in the pattern
    /// (<c>?x :p ?x</c>) gets two different values.</summary>
    private static bool Bind(CompiledBgp cb, int i, byte fresh, uint[] row, uint s, uint p, uint o)
    {
        if (fresh == 0) return true;
        Unbind(cb, i, fresh, row);
        if ((fresh & 1) != 0) row[cb.S[i].Slot] = s;
        if ((fresh & 2) != 0)
        {
            ref uint x = ref row[cb.P[i].Slot];
            if (x == 0) x = p; else if (x != p) return false;
        }
        if ((fresh & 4) != 0)
        {
            ref uint x = ref row[cb.O[i].Slot];
            if (x == 0) x = o; else if (x != o) return false;
        }
        return true;
    }
}
