using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

// The set functions of §18.5.1. Values that are errors or unbound (null) are skipped by COUNT, MIN,
// MAX, SAMPLE and GROUP_CONCAT but make SUM and AVG an error, as op:numeric-add would.

/// <summary>DISTINCT: forwards each distinct term once (RDF term identity, as DISTINCT on solutions); errors pass through.</summary>
internal sealed class DistinctAccumulator(IAggregateAccumulator inner) : IAggregateAccumulator
{
    private readonly HashSet<Term> _seen = [];

    public void Add(Term? value)
    {
        if (value is null || _seen.Add(value)) inner.Add(value);
    }

    public Term? Result() => inner.Result();
}

internal sealed class CountAccumulator : IAggregateAccumulator
{
    private long _count;

    public void Add(Term? value)
    {
        if (value is not null) _count++;
    }

    public Term? Result() => NumericValue.FromInteger(_count).ToLiteral();
}

internal sealed class SumAccumulator : IAggregateAccumulator
{
    private NumericValue _sum = NumericValue.FromInteger(0);
    private bool _error;

    public void Add(Term? value)
    {
        if (_error) return;
        // Not "out _sum": the out parameter would alias the in parameter being read.
        if (!XsdTypes.TryNumeric(value, out var n) || !NumericValue.TryArithmetic(NumericOp.Add, _sum, n, out var sum)) _error = true;
        else _sum = sum;
    }

    public Term? Result() => _error ? null : _sum.ToLiteral();
}

/// <summary>AVG = SUM / COUNT with op:numeric-divide (integers give a decimal); the average of nothing is 0.</summary>
internal sealed class AvgAccumulator : IAggregateAccumulator
{
    private NumericValue _sum = NumericValue.FromInteger(0);
    private long _count;
    private bool _error;

    public void Add(Term? value)
    {
        if (_error) return;
        // Not "out _sum": the out parameter would alias the in parameter being read.
        if (!XsdTypes.TryNumeric(value, out var n) || !NumericValue.TryArithmetic(NumericOp.Add, _sum, n, out var sum)) _error = true;
        else { _sum = sum; _count++; }
    }

    public Term? Result()
    {
        if (_error) return null;
        if (_count == 0) return NumericValue.FromInteger(0).ToLiteral();
        return NumericValue.TryArithmetic(NumericOp.Divide, _sum, NumericValue.FromInteger(_count), out var avg) ? avg.ToLiteral() : null;
    }
}

/// <summary>MIN / MAX in the ORDER BY order, so mixed types still give an answer.</summary>
internal sealed class MinMaxAccumulator(bool max) : IAggregateAccumulator
{
    private Term? _best;

    public void Add(Term? value)
    {
        if (value is null) return;
        if (_best is null) { _best = value; return; }
        int c = TermComparer.CompareForOrderBy(value, _best);
        if (max ? c > 0 : c < 0) _best = value;
    }

    public Term? Result() => _best;
}

internal sealed class SampleAccumulator : IAggregateAccumulator
{
    private Term? _sample;

    public void Add(Term? value) => _sample ??= value;

    public Term? Result() => _sample;
}

/// <summary>GROUP_CONCAT: lexical forms (IRIs by their text) joined by the separator into a simple literal; blank nodes are an error.</summary>
internal sealed class GroupConcatAccumulator(string separator) : IAggregateAccumulator
{
    /// <summary>Longest result: a group of millions of rows would otherwise grow one string until
    /// the process runs out of memory, long before any deadline. The same cap as every string function.</summary>
    public const int MaxLength = StringFunctions.MaxLength;

    private readonly StringBuilder _text = new();
    private bool _any;
    private bool _error;

    public void Add(Term? value)
    {
        if (value is null || _error) return;
        string? s = value switch
        {
            Literal l => l.Lexical,
            Iri i => i.Value,
            _ => null,
        };
        if (s is null) { _error = true; return; }
        if ((long)_text.Length + separator.Length + s.Length > MaxLength)
            throw new SparqlLimitException($"GROUP_CONCAT would be longer than {MaxLength} characters; narrow the groups");
        if (_any) _text.Append(separator);
        _text.Append(s);
        _any = true;
    }

    public Term? Result() => _error ? null : new Literal(_text.ToString());
}
