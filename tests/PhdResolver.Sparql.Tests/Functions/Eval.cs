using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Tests.Functions;

/// <summary>Evaluates expression text through the real parser, with a few fixed variable bindings.</summary>
internal static class Eval
{
    private const string Prefixes =
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX ex: <http://example.org/> ";

    internal sealed class Bindings(Dictionary<string, Term> values) : IBindingAccessor
    {
        public Term? Get(Var variable) => values.TryGetValue(variable.Name, out var t) ? t : null;
    }

    public static readonly EvalContext Context = new()
    {
        BaseIri = "http://example.org/base/",
        Now = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
    };

    public static Expression Parse(string expression)
    {
        var q = SparqlParser.ParseQuery(Prefixes + "SELECT (" + expression + " AS ?result) WHERE {}");
        return q.Projection[0].Expression!;
    }

    public static Term? Term(string expression, Dictionary<string, Term>? vars = null, EvalContext? context = null) =>
        ExpressionEvaluator.Evaluate(Parse(expression), new Bindings(vars ?? []), context ?? Context);

    /// <summary>The result in N-Triples form, or "error".</summary>
    public static string Text(string expression, Dictionary<string, Term>? vars = null) =>
        Term(expression, vars)?.ToString() ?? "error";

    public static Literal Lit(string nt)
    {
        var t = Term(nt) ?? throw new ArgumentException("not a constant: " + nt);
        return (Literal)t;
    }
}
