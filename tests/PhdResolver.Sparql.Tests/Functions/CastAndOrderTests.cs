using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

namespace PhdResolver.Sparql.Tests.Functions;

public class CastAndOrderTests
{
    private const string X = "^^<http://www.w3.org/2001/XMLSchema#";

    [Theory]
    [InlineData("xsd:integer(\"1.5\")", "error")]
    [InlineData("xsd:integer(\" 12 \")", "\"12\"" + X + "integer>")]
    [InlineData("xsd:integer(\"+33.3300\")", "error")]
    [InlineData("xsd:integer(1.9e0)", "\"1\"" + X + "integer>")]
    [InlineData("xsd:integer(\"-7.875\"^^xsd:float)", "\"-7\"" + X + "integer>")]
    [InlineData("xsd:integer(-2.5)", "\"-2\"" + X + "integer>")]
    [InlineData("xsd:integer(\"INF\"^^xsd:double)", "error")]
    [InlineData("xsd:integer(true)", "\"1\"" + X + "integer>")]
    [InlineData("xsd:integer(<http://x>)", "error")]
    [InlineData("xsd:decimal(\"+33.3300\")", "\"33.33\"" + X + "decimal>")]
    [InlineData("xsd:decimal(\"1e3\")", "error")]
    [InlineData("xsd:decimal(1.5e0)", "\"1.5\"" + X + "decimal>")]
    [InlineData("xsd:double(\"-10.2E3\")", "\"-1.02E4\"" + X + "double>")]
    [InlineData("xsd:double(\"abc\")", "error")]
    [InlineData("xsd:double(1)", "\"1.0E0\"" + X + "double>")]
    [InlineData("xsd:float(\"0.1\")", "\"1.0E-1\"" + X + "float>")]
    [InlineData("xsd:boolean(\"1\")", "\"true\"" + X + "boolean>")]
    [InlineData("xsd:boolean(\"0.0\")", "error")]
    [InlineData("xsd:boolean(\"TRUE\")", "error")]
    [InlineData("xsd:boolean(0.0)", "\"false\"" + X + "boolean>")]
    [InlineData("xsd:boolean(\"NaN\"^^xsd:double)", "\"false\"" + X + "boolean>")]
    [InlineData("xsd:boolean(-1)", "\"true\"" + X + "boolean>")]
    [InlineData("xsd:string(<http://x/>)", "\"http://x/\"")]
    [InlineData("xsd:string(1.0)", "\"1\"")]
    [InlineData("xsd:string(1.50)", "\"1.5\"")]
    [InlineData("xsd:string(1E0)", "\"1\"")]
    [InlineData("xsd:string(1.0E7)", "\"1.0E7\"")]
    [InlineData("xsd:string(\"1.25\"^^xsd:float)", "\"1.25\"")]
    [InlineData("xsd:string(\"0\"^^xsd:boolean)", "\"false\"")]
    [InlineData("xsd:string(\"abc\"@en)", "error")]
    [InlineData("xsd:dateTime(\"2002-10-10T17:00:00Z\")", "\"2002-10-10T17:00:00Z\"" + X + "dateTime>")]
    [InlineData("xsd:dateTime(\"2002-10-10\")", "error")]
    [InlineData("xsd:dateTime(1)", "error")]
    [InlineData("ex:unknown(1)", "error")]
    public void Casts(string expr, string expected) => Assert.Equal(expected, Eval.Text(expr));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"\"", false)]
    [InlineData("\"x\"", true)]
    [InlineData("0", false)]
    [InlineData("0.0", false)]
    [InlineData("\"NaN\"^^xsd:double", false)]
    [InlineData("-1e0", true)]
    [InlineData("\"abc\"^^xsd:integer", false)]
    [InlineData("\"maybe\"^^xsd:boolean", false)]
    [InlineData("\"x\"@en", true)]
    [InlineData("\"\"@en", false)]
    [InlineData("<http://x>", null)]
    [InlineData("\"x\"^^ex:t", null)]
    [InlineData("\"2002-10-10T17:00:00Z\"^^xsd:dateTime", null)]
    public void EffectiveBooleanValue(string term, bool? expected) =>
        Assert.Equal(expected, ExpressionEvaluator.EffectiveBooleanValue(Eval.Term(term)));

    [Fact]
    public void EffectiveBooleanValueOfErrorIsError() => Assert.Null(ExpressionEvaluator.EffectiveBooleanValue(null));

    [Fact]
    public void OrderByOrder()
    {
        Term[] ordered =
        [
            new BlankNode("a"),
            new BlankNode("b"),
            new Iri("http://a"),
            new Iri("http://b"),
            Eval.Lit("\"a\""),
            Eval.Lit("\"b\""),
            Eval.Lit("\"a\"@en"),
            Eval.Lit("\"NaN\"^^xsd:double"),
            Eval.Lit("1.0"),      // equal value: ties broken by datatype IRI (decimal < integer)
            Eval.Lit("1"),
            Eval.Lit("1.5e0"),
            Eval.Lit("2"),
            Eval.Lit("false"),
            Eval.Lit("true"),
            Eval.Lit("\"2000-01-01T00:00:00Z\"^^xsd:dateTime"),
            Eval.Lit("\"x\"^^ex:t"),         // others (and ill-typed literals) by datatype IRI, then lexical form
            Eval.Lit("\"abc\"^^xsd:integer"),
        ];
        Assert.True(ExpressionEvaluator.CompareForOrderBy(null, ordered[0]) < 0);
        Assert.Equal(0, ExpressionEvaluator.CompareForOrderBy(null, null));
        for (int i = 0; i < ordered.Length; i++)
        {
            Assert.Equal(0, ExpressionEvaluator.CompareForOrderBy(ordered[i], ordered[i]));
            for (int j = i + 1; j < ordered.Length; j++)
            {
                Assert.True(ExpressionEvaluator.CompareForOrderBy(ordered[i], ordered[j]) < 0, $"{ordered[i]} < {ordered[j]}");
                Assert.True(ExpressionEvaluator.CompareForOrderBy(ordered[j], ordered[i]) > 0, $"{ordered[j]} > {ordered[i]}");
            }
        }
    }
}
