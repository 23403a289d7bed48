namespace PhdResolver.Sparql.Tests.Functions;

public class FunctionTests
{
    private const string X = "^^<http://www.w3.org/2001/XMLSchema#";
    private const string T = "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>";
    private const string Fa = "\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean>";

    [Theory]
    [InlineData("STRLEN(\"a\\U0001F600b\")", "\"3\"" + X + "integer>")]
    [InlineData("SUBSTR(\"a\\U0001F600bc\", 2, 2)", "\"\U0001F600b\"")]
    [InlineData("SUBSTR(\"foobar\", 4)", "\"bar\"")]
    [InlineData("SUBSTR(\"foobar\"@en, 4, 1)", "\"b\"@en")]
    [InlineData("SUBSTR(\"foobar\"^^xsd:string, 0, 3)", "\"fo\"")]
    [InlineData("SUBSTR(\"12345\", 1.5, 2.6)", "\"234\"")]
    [InlineData("SUBSTR(\"12345\", 0e0/0, 3)", "\"\"")]
    [InlineData("UCASE(\"foo\"@en)", "\"FOO\"@en")]
    [InlineData("LCASE(\"BAR\")", "\"bar\"")]
    [InlineData("ENCODE_FOR_URI(\"Los Angeles ~é\")", "\"Los%20Angeles%20~%C3%A9\"")]
    [InlineData("CONCAT(\"a\"@en, \"b\"@en)", "\"ab\"@en")]
    [InlineData("CONCAT(\"a\"@en, \"b\")", "\"ab\"")]
    [InlineData("CONCAT()", "\"\"")]
    [InlineData("CONCAT(\"a\", 1)", "error")]
    [InlineData("CONTAINS(\"foobar\"@en, \"bar\")", T)]
    [InlineData("CONTAINS(\"foobar\", \"bar\"@en)", "error")]
    [InlineData("STRSTARTS(\"foobar\"@en, \"foo\"@fr)", "error")]
    [InlineData("STRENDS(\"foobar\"@en, \"bar\"@en)", T)]
    [InlineData("STRBEFORE(\"abc\", \"b\")", "\"a\"")]
    [InlineData("STRBEFORE(\"abc\"@en, \"bc\")", "\"a\"@en")]
    [InlineData("STRBEFORE(\"abc\"@en, \"z\")", "\"\"")]
    [InlineData("STRBEFORE(\"abc\"@en, \"\")", "\"\"@en")]
    [InlineData("STRBEFORE(\"abc\", \"b\"@cy)", "error")]
    [InlineData("STRAFTER(\"abc\"^^xsd:string, \"b\")", "\"c\"")]
    [InlineData("STRAFTER(\"abc\"@en, \"b\"@en)", "\"c\"@en")]
    [InlineData("STRAFTER(\"abc\", \"xyz\")", "\"\"")]
    [InlineData("langMatches(\"en-US\", \"en\")", T)]
    [InlineData("langMatches(\"en\", \"en-US\")", Fa)]
    [InlineData("langMatches(\"fr\", \"*\")", T)]
    [InlineData("langMatches(\"\", \"*\")", Fa)]
    [InlineData("STRLANG(\"chat\", \"fr\")", "\"chat\"@fr")]
    [InlineData("STRLANG(\"chat\"@en, \"fr\")", "error")]
    [InlineData("STRDT(\"123\", xsd:integer)", "\"123\"" + X + "integer>")]
    [InlineData("STRDT(\"123\"@en, xsd:integer)", "error")]
    [InlineData("STR(<http://x/>)", "\"http://x/\"")]
    [InlineData("LANG(\"a\"@en-GB)", "\"en-GB\"")]
    [InlineData("LANG(\"a\")", "\"\"")]
    [InlineData("DATATYPE(\"a\")", "<http://www.w3.org/2001/XMLSchema#string>")]
    [InlineData("DATATYPE(\"a\"@en)", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>")]
    [InlineData("IRI(\"rel\")", "<http://example.org/base/rel>")]
    [InlineData("IRI(\"http://a/b\")", "<http://a/b>")]
    [InlineData("isNumeric(\"12\"^^xsd:byte)", T)]
    [InlineData("isNumeric(\"1200\"^^xsd:byte)", Fa)]
    [InlineData("isNumeric(\"12\")", Fa)]
    [InlineData("IF(1/0, 1, 2)", "error")]
    [InlineData("IF(\"\", 1, 2)", "\"2\"" + X + "integer>")]
    [InlineData("COALESCE(1/0, ?unbound, 3)", "\"3\"" + X + "integer>")]
    [InlineData("COALESCE()", "error")]
    [InlineData("sameTerm(1, 1.0)", Fa)]
    [InlineData("ABS(-1.5)", "\"1.5\"" + X + "decimal>")]
    [InlineData("ROUND(2.5)", "\"3.0\"" + X + "decimal>")]
    [InlineData("ROUND(-2.5)", "\"-2.0\"" + X + "decimal>")]
    [InlineData("ROUND(-2.5e0)", "\"-2.0E0\"" + X + "double>")]
    [InlineData("CEIL(1.1)", "\"2.0\"" + X + "decimal>")]
    [InlineData("FLOOR(-1.1)", "\"-2.0\"" + X + "decimal>")]
    [InlineData("ABS(-3)", "\"3\"" + X + "integer>")]
    [InlineData("MD5(\"abc\")", "\"900150983cd24fb0d6963f7d28e17f72\"")]
    [InlineData("SHA1(\"abc\")", "\"a9993e364706816aba3e25717850c26c9cd0d89d\"")]
    [InlineData("MD5(\"abc\"@en)", "error")]
    public void Strings(string expr, string expected) => Assert.Equal(expected, Eval.Text(expr));

    [Theory]
    [InlineData("REGEX(\"Alice\", \"^ali\", \"i\")", T)]
    [InlineData("REGEX(\"Alice\", \"^ali\")", Fa)]
    [InlineData("REGEX(\"a\\nb\", \"a.b\")", Fa)]
    [InlineData("REGEX(\"a\\nb\", \"a.b\", \"s\")", T)]
    [InlineData("REGEX(\"a\\nb\", \"^b$\", \"m\")", T)]
    [InlineData("REGEX(\"a\\nb\", \"^b$\")", Fa)]
    [InlineData("REGEX(\"ab\\n\", \"b$\")", Fa)]
    [InlineData("REGEX(\"abc\", \"a b c\", \"x\")", T)]
    [InlineData("REGEX(\"a.c\", \".\", \"q\")", T)]
    [InlineData("REGEX(\"abc\", \".\", \"q\")", Fa)]
    [InlineData("REGEX(\"abc\", \"a\", \"z\")", "error")]
    [InlineData("REGEX(\"abc\", \"(\")", "error")]
    [InlineData("REGEX(\"abc\"@en, \"b\")", T)]
    [InlineData("REGEX(\"abc\", \"b\"@en)", "error")]
    [InlineData("REGEX(<http://x>, \"x\")", "error")]
    [InlineData("REPLACE(\"abcd\", \"b\", \"Z\")", "\"aZcd\"")]
    [InlineData("REPLACE(\"abab\", \"B\", \"Z\", \"i\")", "\"aZaZ\"")]
    [InlineData("REPLACE(\"abcd\"@en, \"(b)(c)\", \"$2$1\")", "\"acbd\"@en")]
    [InlineData("REPLACE(\"abcd\", \"b\", \"\\\\$\")", "\"a$cd\"")]
    [InlineData("REPLACE(\"abcd\", \"b\", \"$\")", "error")]
    public void Regexes(string expr, string expected) => Assert.Equal(expected, Eval.Text(expr));

    [Fact]
    public void RegexTimeoutIsAnError()
    {
        string evil = new string('a', 40) + "!";
        var vars = new Dictionary<string, Rdf.Term> { ["s"] = new Rdf.Literal(evil) };
        var started = DateTime.UtcNow;
        Assert.Equal("error", Eval.Text("REGEX(?s, \"^(a|aa)+$\")", vars));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("YEAR(\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime)", "\"2010\"" + X + "integer>")]
    [InlineData("MONTH(\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime)", "\"12\"" + X + "integer>")]
    [InlineData("DAY(\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime)", "\"21\"" + X + "integer>")]
    [InlineData("HOURS(\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime)", "\"15\"" + X + "integer>")]
    [InlineData("MINUTES(\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime)", "\"38\"" + X + "integer>")]
    [InlineData("SECONDS(\"2010-12-21T15:38:02.5-08:00\"^^xsd:dateTime)", "\"2.5\"" + X + "decimal>")]
    [InlineData("TIMEZONE(\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime)", "\"-PT8H\"" + X + "dayTimeDuration>")]
    [InlineData("TIMEZONE(\"2010-12-21T15:38:02Z\"^^xsd:dateTime)", "\"PT0S\"" + X + "dayTimeDuration>")]
    [InlineData("TIMEZONE(\"2010-12-21T15:38:02+05:30\"^^xsd:dateTime)", "\"PT5H30M\"" + X + "dayTimeDuration>")]
    [InlineData("TIMEZONE(\"2010-12-21T15:38:02\"^^xsd:dateTime)", "error")]
    [InlineData("TZ(\"2010-12-21T15:38:02-08:00\"^^xsd:dateTime)", "\"-08:00\"")]
    [InlineData("TZ(\"2010-12-21T15:38:02\"^^xsd:dateTime)", "\"\"")]
    [InlineData("YEAR(\"-0044-03-15T12:00:00\"^^xsd:dateTime)", "\"-44\"" + X + "integer>")]
    [InlineData("YEAR(\"2010-02-30T00:00:00\"^^xsd:dateTime)", "error")]
    [InlineData("YEAR(\"2010-12-21\")", "error")]
    [InlineData("NOW() = \"2024-05-06T07:08:09Z\"^^xsd:dateTime", T)]
    public void DateTimes(string expr, string expected) => Assert.Equal(expected, Eval.Text(expr));

    [Fact]
    public void NonDeterministicFunctions()
    {
        Assert.Equal(Eval.Term("NOW()"), Eval.Term("NOW()"));
        var uuid = Assert.IsType<Rdf.Iri>(Eval.Term("UUID()"));
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", uuid.Value);
        Assert.Matches("^[0-9a-f-]{36}$", Assert.IsType<Rdf.Literal>(Eval.Term("STRUUID()")).Lexical);
        var rand = Assert.IsType<Rdf.Literal>(Eval.Term("RAND()"));
        Assert.Equal("true", Eval.Term("RAND() >= 0 && RAND() < 1")!.ToString()[1..5]);
        Assert.Equal(Rdf.Vocab.Xsd.Double, rand.Datatype);
    }

    [Fact]
    public void BNodeWithLabelIsStablePerRow()
    {
        var e = Eval.Parse("BNODE(\"x\")");
        var ctx = new Sparql.Functions.EvalContext();
        var b = new Eval.Bindings([]);
        object row1 = new(), row2 = new();
        var a1 = Sparql.Functions.ExpressionEvaluator.Evaluate(e, b, ctx, row1);
        var a2 = Sparql.Functions.ExpressionEvaluator.Evaluate(e, b, ctx, row1);
        var c = Sparql.Functions.ExpressionEvaluator.Evaluate(e, b, ctx, row2);
        Assert.IsType<Rdf.BlankNode>(a1);
        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, c);
        Assert.NotEqual(Eval.Term("BNODE()"), Eval.Term("BNODE()"));
    }
}
