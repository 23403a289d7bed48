using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>
/// One FILTER conjunct prepared for repeated evaluation. A conjunct that reads a single variable
/// and nothing non-deterministic is a function of that variable's term id alone, so its outcome
/// is memoised per id: <c>?na &gt;= 1.4</c> then decodes and compares each distinct term about once
/// per query instead of once per row; <c>?type != :Component</c> is a plain id comparison. Ids are stable within a query
/// (one snapshot; overlay ids are query-local and never reused), so the memo cannot go stale.
/// </summary>
internal sealed class Condition
{
    // Direct-mapped memo: bounded (MemoSize entries), no hashing structure to walk, and a hit is
    // two array reads. A conjunct over one variable sees few distinct values (types, NAs,
    // wavelengths), so collisions are rare; on one, the newer id simply takes the slot.
    private const int MemoBits = 12, MemoSize = 1 << MemoBits;

    public readonly Expression Expression;
    public readonly int[] Slots;      // slots the conjunct reads
    private readonly int _memoSlot;   // -1: not memoisable
    private readonly uint[]? _memoIds;  // 0: empty slot (0 is never a bound id)
    private readonly bool[]? _memoValues;
    private readonly int _boundSlot;  // BOUND(?x) / !BOUND(?x): answered from the row without decoding
    private readonly bool _boundWanted;
    private readonly int _sameSlot = -1; // ?x = <iri> / ?x != <iri>: answered by comparing ids
    private readonly uint _sameId;
    private readonly bool _sameWanted;

    /// <param name="idOf">The query's id for a constant term (interned: equal terms, equal ids).</param>
    public Condition(Expression e, VarTable vars, Func<Term, uint> idOf)
    {
        Expression = e;
        var names = VarAnalysis.ExprVars(e, out bool exists);
        Slots = [.. names.Select(vars.Slot)];
        _memoSlot = -1;
        _boundSlot = -1;
        if (e is BuiltInCall { Name: "BOUND", Args: [VarExpr bv] }) { _boundSlot = vars.Slot(bv.Variable); _boundWanted = true; }
        else if (e is UnaryExpr { Op: UnaryOp.Not, Operand: BuiltInCall { Name: "BOUND", Args: [VarExpr nv] } }) { _boundSlot = vars.Slot(nv.Variable); _boundWanted = false; }
        else if (SameTermTest(e) is var (v, term, wanted))
        {
            // An IRI or blank node equals exactly itself, and a literal never equals one (false,
            // not an error: §17.4.1.7 RDFterm-equal), so = / != against one is an id comparison.
            _sameSlot = vars.Slot(v);
            _sameId = idOf(term);
            _sameWanted = wanted;
        }
        else if (!exists && Slots.Length == 1 && Deterministic(e))
        {
            _memoSlot = Slots[0];
            _memoIds = new uint[MemoSize];
            _memoValues = new bool[MemoSize];
        }
    }

    private static (Var, Term, bool)? SameTermTest(Expression e) => e switch
    {
        BinaryExpr { Op: BinaryOp.Equal or BinaryOp.NotEqual, Left: VarExpr v, Right: ConstantExpr { Term: Iri or BlankNode } c } b => (v.Variable, c.Term, b.Op == BinaryOp.Equal),
        BinaryExpr { Op: BinaryOp.Equal or BinaryOp.NotEqual, Left: ConstantExpr { Term: Iri or BlankNode } c, Right: VarExpr v } b => (v.Variable, c.Term, b.Op == BinaryOp.Equal),
        _ => null,
    };

    /// <summary>The FILTER outcome for a row: effective boolean value, errors as false.</summary>
    public bool Test(RowAccessor acc, uint[] row, EvalContext ec)
    {
        if (_sameSlot >= 0)
        {
            uint v = row[_sameSlot];
            return v != 0 && (v == _sameId) == _sameWanted; // unbound: an error, i.e. false
        }
        if (_boundSlot >= 0) return (row[_boundSlot] != 0) == _boundWanted;
        if (_memoIds is null) return Eval(acc, row, ec);
        uint id = row[_memoSlot];
        if (id == 0) return Eval(acc, row, ec);
        int h = (int)((id * 0x9E3779B1u) >> (32 - MemoBits));
        if (_memoIds[h] == id) return _memoValues![h];
        bool r = Eval(acc, row, ec);
        _memoIds[h] = id;
        _memoValues![h] = r;
        return r;
    }

    private bool Eval(RowAccessor acc, uint[] row, EvalContext ec)
    {
        acc.Row = row;
        var v = ExpressionEvaluator.Evaluate(Expression, acc, ec, row);
        return v is not null && ExpressionEvaluator.EffectiveBooleanValue(v) == true;
    }

    /// <summary>FILTER(A &amp;&amp; B) keeps a row exactly when FILTER(A) and FILTER(B) both do (an error
    /// in either makes the conjunction false or an error, both of which reject the row), so
    /// conjunctions are split: each part can then be checked as early, and memoised as narrowly, as possible.</summary>
    public static void Conjuncts(Expression e, List<Expression> into)
    {
        if (e is BinaryExpr { Op: BinaryOp.And } b) { Conjuncts(b.Left, into); Conjuncts(b.Right, into); }
        else into.Add(e);
    }

    /// <summary>False for anything whose value may differ between two evaluations on the same
    /// input (fresh blank nodes, random numbers, UUIDs) or that reads more than the row (EXISTS).</summary>
    private static bool Deterministic(Expression e) => e switch
    {
        BuiltInCall c => c.Name is not ("RAND" or "UUID" or "STRUUID" or "BNODE") && c.Args.All(Deterministic),
        FunctionCall f => f.Args.All(Deterministic),
        BinaryExpr b => Deterministic(b.Left) && Deterministic(b.Right),
        UnaryExpr u => Deterministic(u.Operand),
        InExpr i => Deterministic(i.Operand) && i.List.All(Deterministic),
        ExistsExpr or AggregateExpr => false,
        _ => true,
    };
}
