using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>A SPARQL expression tree, shared by the syntax tree and the algebra.</summary>
public abstract record Expression
{
    public sealed override string ToString() => SseWriter.Write(this);
}

public sealed record VarExpr(Var Variable) : Expression;

public sealed record ConstantExpr(Term Term) : Expression;

public enum BinaryOp { Or, And, Equal, NotEqual, Less, Greater, LessOrEqual, GreaterOrEqual, Add, Subtract, Multiply, Divide }

public sealed record BinaryExpr(BinaryOp Op, Expression Left, Expression Right) : Expression;

public enum UnaryOp { Not, Plus, Minus }

public sealed record UnaryExpr(UnaryOp Op, Expression Operand) : Expression;

public sealed record InExpr(Expression Operand, IReadOnlyList<Expression> List, bool Negated) : Expression;

/// <summary>A built-in call; <see cref="Name"/> is the upper-case keyword (STR, REGEX, ...).</summary>
public sealed record BuiltInCall(string Name, IReadOnlyList<Expression> Args) : Expression;

/// <summary>A call of a function named by IRI (casts such as xsd:integer(?x) included).</summary>
public sealed record FunctionCall(Iri Function, IReadOnlyList<Expression> Args, bool Distinct) : Expression;

/// <summary>EXISTS / NOT EXISTS. <see cref="Algebra"/> is filled in by the algebra builder.</summary>
public sealed record ExistsExpr(bool Negated, GroupPattern Pattern) : Expression
{
    public Op? Algebra { get; init; }
}

public enum AggregateKind { Count, Sum, Min, Max, Avg, Sample, GroupConcat }

/// <summary>An aggregate; <see cref="Argument"/> is null for COUNT(*).</summary>
public sealed record AggregateExpr(AggregateKind Kind, bool Distinct, Expression? Argument, string? Separator) : Expression;
