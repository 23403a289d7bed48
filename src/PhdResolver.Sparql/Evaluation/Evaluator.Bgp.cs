using PhdResolver.Rdf;
using PhdResolver.Store;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>A triple-pattern position: a slot (variable) or a constant id.</summary>
internal readonly record struct PatPos(int Slot, uint Id)
{
    public bool IsVar => Slot >= 0;
    public uint ValueIn(uint[] row) => Slot >= 0 ? row[Slot] : Id;
}

/// <summary>
/// A BGP ready to run: positions per pattern in evaluation order, and the filter conjuncts to
/// test at each level (as soon as the level has bound everything they read). Variants for
/// seeds that pre-bind some of the BGP's variables are derived lazily (<see cref="Seeded"/>).
/// </summary>
internal sealed class CompiledBgp(PatPos[] s, PatPos[] p, PatPos[] o, Condition[] conditions)
{
    public readonly PatPos[] S = s, P = p, O = o;
    public readonly Condition[] Conditions = conditions;
    /// <summary>Per level, the conjuncts checked after it binds (null: none); set by <see cref="PlaceChecks"/>.</summary>
    public Condition[]?[] Checks = [];
    /// <summary>Distinct variable slots of the patterns (bit i of a seed mask = VarSlots[i] bound).</summary>
    public int[] VarSlots = [];
    public Dictionary<ulong, CompiledBgp>? Seeded;
    /// <summary>Whether levels 0 and 1 run as a merge join in the default graph (null: not decided yet).</summary>
    public bool? MergeInDefault;

    public CompiledBgp Permuted(int[] order)
    {
        int n = order.Length;
        var r = new CompiledBgp(new PatPos[n], new PatPos[n], new PatPos[n], Conditions) { VarSlots = VarSlots };
        for (int i = 0; i < n; i++) { r.S[i] = S[order[i]]; r.P[i] = P[order[i]]; r.O[i] = O[order[i]]; }
        return r;
    }

    /// <summary>Puts each conjunct at the first level after which all its slots are bound (slots
    /// bound by the seed count as bound from the start).</summary>
    public void PlaceChecks(uint[] seed)
    {
        int n = S.Length;
        var lists = new List<Condition>?[n];
        foreach (var c in Conditions)
        {
            int level = 0;
            foreach (int slot in c.Slots)
            {
                if (seed[slot] != 0) continue;
                int l = n - 1;
                for (int i = 0; i < n; i++)
                    if (S[i].Slot == slot || P[i].Slot == slot || O[i].Slot == slot) { l = i; break; }
                level = Math.Max(level, l);
            }
            (lists[level] ??= []).Add(c);
        }
        Checks = new Condition[]?[n];
        for (int i = 0; i < n; i++) Checks[i] = lists[i]?.ToArray();
    }
}

internal sealed partial class Evaluator
{
    private readonly Dictionary<Op, CompiledBgp> _bgps = new(ReferenceEqualityComparer.Instance);

    private PatPos Pos(PatternTerm t) =>
        VarAnalysis.VarName(t) is { } n ? new PatPos(_ctx.Vars.Slot(n), 0) : new PatPos(-1, _ctx.GetId(((TermNode)t).Term));

    /// <summary>Compiles <paramref name="b"/> once per operator (<paramref name="key"/>: the BGP, or
    /// the FILTER around it whose local conjuncts run inside the BGP's loop).</summary>
    private CompiledBgp Compile(Op key, Bgp b, IReadOnlyList<Expression>? conditions)
    {
        if (_bgps.TryGetValue(key, out var c)) return c;
        int n = b.Triples.Count;
        var conds = new List<Condition>();
        if (conditions is not null) foreach (var e in conditions) conds.Add(GetCondition(e));
        var cb = new CompiledBgp(new PatPos[n], new PatPos[n], new PatPos[n], [.. conds]);
        var slots = new List<int>();
        for (int i = 0; i < n; i++)
        {
            cb.S[i] = Pos(b.Triples[i].Subject);
            cb.P[i] = Pos(b.Triples[i].Predicate);
            cb.O[i] = Pos(b.Triples[i].Object);
            foreach (var pp in (ReadOnlySpan<PatPos>)[cb.S[i], cb.P[i], cb.O[i]])
                if (pp.IsVar && !slots.Contains(pp.Slot)) slots.Add(pp.Slot);
        }
        cb.VarSlots = [.. slots];
        cb.PlaceChecks(EmptyRow());
        _bgps[key] = cb;
        return cb;
    }

    /// <summary>
    /// The variant of <paramref name="cb"/> for this seed. The optimizer ordered the patterns
    /// without knowing what a seed (the left row of an index nested-loop join, an OPTIONAL's
    /// left side, a VALUES row) binds; with <c>?cfg</c> bound, <c>?d :componentOf ?cfg</c> is a
    /// handful of quads while <c>?d a :Detector</c> is thousands. So per set of seed-bound
    /// variables the patterns are re-ordered once with the store's estimates, using the first
    /// such seed's values as constants.
    /// </summary>
    private CompiledBgp ForSeed(CompiledBgp cb, uint[] seed, GraphScope scope)
    {
        if (cb.VarSlots.Length > 64) return cb;
        ulong mask = 0;
        for (int i = 0; i < cb.VarSlots.Length; i++)
            if (seed[cb.VarSlots[i]] != 0) mask |= 1UL << i;
        if (mask == 0) return cb;
        cb.Seeded ??= [];
        if (cb.Seeded.TryGetValue(mask, out var v)) return v;
        v = cb.Permuted(SeededOrder(cb, seed, scope));
        v.PlaceChecks(seed);
        cb.Seeded[mask] = v;
        return v;
    }

    /// <summary>Greedy order as <see cref="Optimizer.JoinOrder"/>, but with the seed's values as constants.</summary>
    private int[] SeededOrder(CompiledBgp cb, uint[] seed, GraphScope scope)
    {
        int n = cb.S.Length;
        var baseCost = new long[n];
        for (int i = 0; i < n; i++)
            baseCost[i] = _ctx.Estimate(cb.S[i].ValueIn(seed), cb.P[i].ValueIn(seed), cb.O[i].ValueIn(seed), scope);
        var bound = new HashSet<int>();
        foreach (int s in cb.VarSlots) if (seed[s] != 0) bound.Add(s);
        var used = new bool[n];
        var order = new int[n];
        for (int step = 0; step < n; step++)
        {
            int best = -1;
            bool bestConnected = false;
            long bestCost = long.MaxValue;
            for (int i = 0; i < n; i++)
            {
                if (used[i]) continue;
                bool bs = Later(cb.S[i]), bp = Later(cb.P[i]), bo = Later(cb.O[i]);
                bool connected = bound.Count == 0 || bs || bp || bo || Seeded(cb.S[i]) || Seeded(cb.P[i]) || Seeded(cb.O[i]);
                long cost = baseCost[i];
                if (bs) cost = Math.Max(1, cost / 1000);
                if (bo) cost = Math.Max(1, cost / 100);
                if (bp) cost = Math.Max(1, cost / 10);
                if (best < 0 || (connected && !bestConnected) || (connected == bestConnected && cost < bestCost))
                {
                    best = i; bestConnected = connected; bestCost = cost;
                }
            }
            used[best] = true;
            order[step] = best;
            foreach (var pp in (ReadOnlySpan<PatPos>)[cb.S[best], cb.P[best], cb.O[best]])
                if (pp.IsVar) bound.Add(pp.Slot);
        }
        return order;

        // A variable bound by an earlier pattern (not by the seed: those are already in the estimate).
        bool Later(PatPos pp) => pp.IsVar && seed[pp.Slot] == 0 && bound.Contains(pp.Slot);
        bool Seeded(PatPos pp) => pp.IsVar && seed[pp.Slot] != 0;
    }

    private IEnumerable<uint[]> EvalBgp(Bgp bgp, uint[] seed, GraphScope scope) =>
        RunBgp(ForSeed(Compile(bgp, bgp, null), seed, scope), seed, scope);

    /// <summary>
    /// Index nested-loop join of the triple patterns, in the order given. One row buffer and one
    /// cursor per pattern; filter conjuncts are tested at the level that binds their last
    /// variable, so a failing row is dropped before the deeper levels run; a copy is made only
    /// per result.
    /// </summary>
    private IEnumerable<uint[]> RunBgp(CompiledBgp cb, uint[] seed, GraphScope scope, bool shared = false, int[]? distinctSlots = null)
    {
        int n = cb.S.Length;
        // Under DISTINCT + projection: once a solution is out, the levels below the last one that
        // binds a projected variable can only vary dropped variables, i.e. produce duplicates,
        // so the search backtracks straight to that level (an existential cut: "some ?i1 of the
        // facility is confocal" stops at the first one).
        int cut = distinctSlots is null ? n - 1 : CutLevel(cb, seed, distinctSlots);
        var acc = cb.Conditions.Length > 0 ? new RowAccessor(_ctx, scope) : null;
        if (n == 0)
        {
            foreach (var c in cb.Conditions)
                if (!c.Test(acc!, seed, _ctx.Expr)) yield break;
            yield return seed;
            yield break;
        }
        var row = Rows.Copy(seed);
        var cursors = new MatchCursor[n];
        var fresh = new byte[n]; // bit 1 s, 2 p, 4 o: positions this level binds
        var checks = cb.Checks;
        int level = 0;
        var merge = cut == n - 1 ? StartMerge(cb, row, scope, fresh) : null;
        if (merge is null) Open(ref cursors[0], cb, 0, row, scope, out fresh[0]);
        while (level >= 0)
        {
            if (merge is not null && level <= 1)
            {
                // Levels 0 and 1 together: the next pair of quads sharing their subject.
                if (!merge.MoveNext())
                {
                    Unbind(cb, 1, fresh[1], row);
                    Unbind(cb, 0, fresh[0], row);
                    yield break;
                }
                if (!Bind(cb, 0, fresh[0], row, merge.A.S, merge.A.P, merge.A.O)) continue;
                if (checks[0] is { } c0 && !Passes(c0, acc!, row)) continue;
                if (!Bind(cb, 1, fresh[1], row, merge.B.S, merge.B.P, merge.B.O)) continue;
                if (merge.RestOfLevel1 is { } c1 && !Passes(c1, acc!, row)) continue;
                level = 1;
            }
            else
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
                if (checks[level] is { } cs && !Passes(cs, acc!, row)) continue;
            }
            if (level == n - 1)
            {
                yield return shared ? row : Rows.Copy(row);
                if (cut < n - 1)
                {
                    if (cut < 0) yield break;
                    for (; level > cut; level--) Unbind(cb, level, fresh[level], row);
                }
                continue;
            }
            level++;
            Open(ref cursors[level], cb, level, row, scope, out fresh[level]);
        }
    }

    /// <summary>
    /// A merge join for the first two patterns when both are <c>?x :p O</c> on one unbound
    /// subject variable, with constant predicates: both sides come from the store in subject
    /// order, so the join is one pass over each instead of a lookup per row of the first
    /// (the lookup chain costs ~10x a sequential step). Taken when the second side is at most
    /// <see cref="MergeRatio"/> times the first (else the lookups touch less), and only in the
    /// union default graph. Null: join by lookups.
    /// </summary>
    private MergeJoin? StartMerge(CompiledBgp cb, uint[] row, GraphScope scope, byte[] fresh)
    {
        if (!scope.IsDefault || cb.S.Length < 2) return null;
        if (cb.MergeInDefault == false) return null;
        var (s0, s1) = (cb.S[0], cb.S[1]);
        if (!s0.IsVar || s1.Slot != s0.Slot || row[s0.Slot] != 0 || cb.P[0].IsVar || cb.P[1].IsVar) return null;
        var (o0, o1) = (cb.O[0], cb.O[1]);
        if (o0.IsVar && (o0.Slot == s0.Slot || row[o0.Slot] != 0)) return null;
        if (o1.IsVar && (o1.Slot == s0.Slot || o1.Slot == o0.Slot || row[o1.Slot] != 0)) return null;
        if (cb.MergeInDefault is null)
        {
            long a = _ctx.Estimate(0, cb.P[0].Id, o0.IsVar ? 0 : o0.Id, scope);
            long b = _ctx.Estimate(0, cb.P[1].Id, o1.IsVar ? 0 : o1.Id, scope);
            cb.MergeInDefault = a >= MergeMinRows && b <= MergeRatio * a;
            if (cb.MergeInDefault == false) return null;
        }
        var m = new MergeJoin(_ctx);
        if (!_ctx.OpenBySubject(ref m.Left, cb.P[0].Id, o0.IsVar ? 0 : o0.Id)
            || !_ctx.OpenBySubject(ref m.Right, cb.P[1].Id, o1.IsVar ? 0 : o1.Id))
        {
            cb.MergeInDefault = false;
            return null;
        }
        fresh[0] = (byte)(1 | (o0.IsVar ? 4 : 0));
        fresh[1] = (byte)(o1.IsVar ? 4 : 0); // the subject is level 0's
        // Level-1 conjuncts that read only the right side's object (FILTER(?type != :Component))
        // are tested once per right quad while its run is buffered, not once per pair.
        m.RestOfLevel1 = cb.Checks[1];
        if (o1.IsVar && cb.Checks[1] is { } level1)
        {
            var rightOnly = level1.Where(c => c.Slots is [var only] && only == o1.Slot).ToArray();
            if (rightOnly.Length > 0)
            {
                var scratch = Rows.Copy(row);
                var acc = new RowAccessor(_ctx, scope);
                int slot = o1.Slot;
                m.KeepRight = q =>
                {
                    scratch[slot] = q.O;
                    return Passes(rightOnly, acc, scratch);
                };
                var rest = level1.Except(rightOnly).ToArray();
                m.RestOfLevel1 = rest.Length > 0 ? rest : null;
            }
        }
        return m;
    }

    private const int MergeRatio = 8;
    private const int MergeMinRows = 64;

    /// <summary>
    /// Pairs of quads with equal subjects from two subject-ordered enumerators: for each subject
    /// in both, every left quad with every right quad (the right run is buffered).
    /// </summary>
    private sealed class MergeJoin(QueryContext ctx)
    {
        public QuadEnumerator Left, Right;
        public IdQuad A, B;
        /// <summary>Right quads failing this never enter a run (null: keep all).</summary>
        public Func<IdQuad, bool>? KeepRight;
        /// <summary>The level-1 conjuncts still to test per pair.</summary>
        public Condition[]? RestOfLevel1;
        private readonly List<IdQuad> _run = [];
        private int _next;
        private bool _started, _hasLeft, _hasRight, _inRun;
        private uint _runSubject;

        public bool MoveNext()
        {
            if (!_started)
            {
                _started = true;
                _hasLeft = Left.MoveNext();
                _hasRight = Right.MoveNext();
            }
            while (true)
            {
                ctx.Tick();
                if (_inRun)
                {
                    if (_next < _run.Count) { B = _run[_next++]; return true; }
                    _hasLeft = Left.MoveNext();
                    if (_hasLeft && Left.Current.S == _runSubject) { A = Left.Current; B = _run[0]; _next = 1; return true; }
                    _inRun = false;
                }
                if (!_hasLeft || !_hasRight) return false;
                uint ls = Left.Current.S, rs = Right.Current.S;
                if (ls < rs) { _hasLeft = Left.MoveNext(); continue; }
                if (ls > rs) { _hasRight = Right.MoveNext(); continue; }
                _run.Clear();
                while (_hasRight && Right.Current.S == ls)
                {
                    if (KeepRight is null || KeepRight(Right.Current)) _run.Add(Right.Current);
                    _hasRight = Right.MoveNext();
                }
                if (_run.Count == 0)
                {
                    // Every right quad of this subject was filtered out: no pairs for it.
                    while (_hasLeft && Left.Current.S == ls) _hasLeft = Left.MoveNext();
                    continue;
                }
                _runSubject = ls;
                _inRun = true;
                A = Left.Current;
                B = _run[0];
                _next = 1;
                return true;
            }
        }
    }

    /// <summary>
    /// Rows of <paramref name="op"/> for a consumer that reads each row before pulling the next
    /// and keeps nothing of it (projection, grouping): a BGP then hands out its working buffer
    /// instead of a copy per solution, which is most of the allocation of a scan-and-aggregate.
    /// </summary>
    private IEnumerable<uint[]> EvalTransient(Op op, uint[] seed, GraphScope scope, int[]? distinctSlots = null)
    {
        if (op is Bgp b) return RunBgp(ForSeed(Compile(b, b, null), seed, scope), seed, scope, shared: true, distinctSlots);
        if (op is Filter f && FilterPlan(f) is { InBgp: true, Outer.Length: 0 })
            return RunBgp(ForSeed(_bgps[f], seed, scope), seed, scope, shared: true, distinctSlots);
        return Eval(op, seed, scope);
    }

    /// <summary>The deepest level binding one of <paramref name="slots"/> (-1: none is bound by the
    /// BGP, so every solution projects to the same row).</summary>
    private static int CutLevel(CompiledBgp cb, uint[] seed, int[] slots)
    {
        int cut = -1;
        foreach (int slot in slots)
        {
            if (seed[slot] != 0) continue;
            for (int i = 0; i < cb.S.Length; i++)
                if (cb.S[i].Slot == slot || cb.P[i].Slot == slot || cb.O[i].Slot == slot) { cut = Math.Max(cut, i); break; }
        }
        return cut;
    }

    private bool Passes(Condition[] cs, RowAccessor acc, uint[] row)
    {
        foreach (var c in cs)
            if (!c.Test(acc, row, _ctx.Expr)) return false;
        return true;
    }

    private void Open(ref MatchCursor cursor, CompiledBgp cb, int i, uint[] row, GraphScope scope, out byte fresh)
    {
        uint s = cb.S[i].ValueIn(row), p = cb.P[i].ValueIn(row), o = cb.O[i].ValueIn(row);
        fresh = (byte)((s == 0 ? 1 : 0) | (p == 0 ? 2 : 0) | (o == 0 ? 4 : 0));
        _ctx.Open(ref cursor, s, p, o, scope);
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
