using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Evaluation;

/// <summary>
/// One FILTER conjunct prepared for repeated evaluation. A conjunct that reads a single variable
/// and nothing non-deterministic is a function of that variable's term id alone, so its outcome
/// is memoised per id: <c>?type != :Component</c> or <c>?na &gt;= 1.4</c> then decode and compare
/// each distinct term once per query instead of once per row. Ids are stable within a query
/// (one snapshot; overlay ids are query-local and never reused), so the memo cannot go stale.
/// </summary>
internal sealed class Condition
{
    private const int MemoCap = 1 << 20; // beyond this, evaluate without remembering (bounded memory)

    public readonly Expression Expression;
    public readonly int[] Slots;      // slots the conjunct reads
    private readonly int _memoSlot;   // -1: not memoisable
    private readonly Dictionary<uint, bool>? _memo;
    private readonly int _boundSlot;  // BOUND(?x) / !BOUND(?x): answered from the row without decoding
    private readonly bool _boundWanted;

    public Condition(Expression e, VarTable vars)
    {
        Expression = e;
        var names = VarAnalysis.ExprVars(e, out bool exists);
        Slots = [.. names.Select(vars.Slot)];
        _memoSlot = -1;
        _boundSlot = -1;
        if (e is BuiltInCall { Name: "BOUND", Args: [VarExpr bv] }) { _boundSlot = vars.Slot(bv.Variable); _boundWanted = true; }
        else if (e is UnaryExpr { Op: UnaryOp.Not, Operand: BuiltInCall { Name: "BOUND", Args: [VarExpr nv] } }) { _boundSlot = vars.Slot(nv.Variable); _boundWanted = false; }
        else if (!exists && Slots.Length == 1 && Deterministic(e)) { _memoSlot = Slots[0]; _memo = []; }
    }

    /// <summary>The FILTER outcome for a row: effective boolean value, errors as false.</summary>
    public bool Test(RowAccessor acc, uint[] row, EvalContext ec)
    {
        if (_boundSlot >= 0) return (row[_boundSlot] != 0) == _boundWanted;
        if (_memo is null) return Eval(acc, row, ec);
        uint id = row[_memoSlot];
        if (_memo.TryGetValue(id, out bool r)) return r;
        r = Eval(acc, row, ec);
        if (_memo.Count < MemoCap) _memo[id] = r;
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
