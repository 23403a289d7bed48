using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Results;

public class ResultFormatTests
{
    private static readonly Iri Dt = new("http://example.org/dt");

    /// <summary>Values that stress every syntax's escaping.</summary>
    private static BindingsResult Tricky(bool xml = false) => new(["a", "b", "c"],
    [
        [new Literal("say \"hi\", then\nleave\ttab\r\nend"), new Literal("ünïcödé ✓ 𝄞", "de-CH"), new Iri("http://example.org/ä?x=1&y=<2>")],
        [new Literal("]]> & <tag> 'single'"), null, new BlankNode("b1")],
        [null, new Literal("42", Vocab.Xsd.Integer), new Literal("x,y", Dt)],
        [new Literal(""), new Literal("1.5e3", Vocab.Xsd.Double), new Literal(xml ? "back\\slash ctl" : "back\\slash \u0001 ctl")], // XML 1.0 has no U+0001
        [new Literal("-0.5", Vocab.Xsd.Decimal), new Literal("true", Vocab.Xsd.Boolean), new BlankNode("b1")],
    ]);

    private static string Write(QueryResult r, SparqlResultFormat f)
    {
        var sw = new StringWriter();
        SparqlResultFormats.CreateWriter(f, sw).Write(r);
        return sw.ToString();
    }

    [Theory]
    [InlineData(SparqlResultFormat.Json)]
    [InlineData(SparqlResultFormat.Xml)]
    [InlineData(SparqlResultFormat.Tsv)]
    public void TypedFormatsRoundTripExactly(SparqlResultFormat f)
    {
        bool xml = f == SparqlResultFormat.Xml;
        var text = Write(Tricky(xml), f);
        var back = Assert.IsType<BindingsResult>(SparqlResultFormats.Parse(text, f));
        Assert.Equal(["a", "b", "c"], back.Variables);
        var rows = back.Rows.ToList();
        var expected = Tricky(xml).Rows.ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(expected[i], rows[i]);
    }

    [Theory]
    [InlineData("nul \u0000 here")]
    [InlineData("ctl \u0001")]
    [InlineData("\uffff")]
    public void Xml_results_refuse_characters_xml_cannot_carry(string value)
    {
        var r = new BindingsResult(["a"], [[new Literal(value)]]);
        var e = Assert.Throws<ResultSyntaxException>(() => Write(r, SparqlResultFormat.Xml));
        Assert.Contains("JSON", e.Message, StringComparison.Ordinal);
        // JSON carries any well-formed string: it is where the message sends the client.
        var back = Assert.IsType<BindingsResult>(SparqlResultFormats.Parse(Write(r, SparqlResultFormat.Json), SparqlResultFormat.Json));
        Assert.Equal(new Literal(value), back.Rows.Single()[0]);
    }

    [Fact]
    public void Xml_results_refuse_a_lone_surrogate() // built here: theory data would not keep it unpaired
    {
        var r = new BindingsResult(["a"], [[new Literal("lone " + (char)0xD800 + " surrogate")]]);
        Assert.Throws<ResultSyntaxException>(() => Write(r, SparqlResultFormat.Xml));
        Assert.Contains("<literal>𝄞</literal>", Write(new BindingsResult(["a"], [[new Literal("𝄞")]]), SparqlResultFormat.Xml), StringComparison.Ordinal); // a pair is fine
    }

    [Fact]
    public void CsvRoundTripsStringForms()
    {
        var text = Write(Tricky(), SparqlResultFormat.Csv);
        Assert.StartsWith("a,b,c\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\"say \"\"hi\"\", then\nleave\ttab\r\nend\"", text, StringComparison.Ordinal);
        Assert.Contains(",\"x,y\"\r\n", text, StringComparison.Ordinal);
        Assert.Contains("http://example.org/ä?x=1&y=<2>", text, StringComparison.Ordinal);
        var back = Assert.IsType<BindingsResult>(SparqlResultFormats.Parse(text, SparqlResultFormat.Csv));
        var rows = back.Rows.ToList();
        Assert.Equal(new Literal("say \"hi\", then\nleave\ttab\r\nend"), rows[0][0]);
        Assert.Equal(new Literal("ünïcödé ✓ 𝄞"), rows[0][1]);
        Assert.Equal(new Literal("http://example.org/ä?x=1&y=<2>"), rows[0][2]);
        Assert.Null(rows[1][1]);
        Assert.Equal(new BlankNode("b1"), rows[1][2]);
        Assert.Null(rows[3][0]); // the empty string reads as unbound: CSV cannot tell them apart
        Assert.True(PhdResolver.Conformance.SparqlResultComparer.Equivalent(back, Tricky(), true, stringsOnly: true, out var diff), diff);
    }

    [Fact]
    public void TsvEscapesAndAbbreviates()
    {
        var text = Write(Tricky(), SparqlResultFormat.Tsv);
        var lines = text.Split('\n');
        Assert.Equal("?a\t?b\t?c", lines[0]);
        Assert.Equal("\"say \\\"hi\\\", then\\nleave\\ttab\\r\\nend\"\t\"ünïcödé ✓ 𝄞\"@de-CH\t<http://example.org/ä?x=1&y=\\u003C2\\u003E>", lines[1]);
        Assert.Equal("\t42\t\"x,y\"^^<http://example.org/dt>", lines[3]);
        Assert.Equal("-0.5\t\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>\t_:b1", lines[5]);
        Assert.Equal(7, lines.Length); // header + 5 rows + the empty tail after the last LF
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void TsvSafeNeutralisesCellsThatStartAFormula()
    {
        // Each value once as the verbatim TSV field a spreadsheet would evaluate, once as tsv-safe writes it.
        var r = new BindingsResult(["x"], [
            [new Literal("=HYPERLINK(1)")], [new Literal("+1")], [new Literal("@a")], [new Literal("-1", Vocab.Xsd.Integer)],
            [new Iri("http://example.org/=x")], [new Literal("plain")], [new Literal("a=b")], [null],
        ]);
        var verbatim = new StringWriter();
        new TsvResultWriter(verbatim).Write(r);
        Assert.Equal("?x\n\"=HYPERLINK(1)\"\n\"+1\"\n\"@a\"\n-1\n<http://example.org/=x>\n\"plain\"\n\"a=b\"\n\n", verbatim.ToString());
        var safe = new StringWriter();
        new TsvResultWriter(safe, spreadsheetSafe: true).Write(r);
        Assert.Equal("?x\n'\"=HYPERLINK(1)\"\n'\"+1\"\n'\"@a\"\n'-1\n<http://example.org/=x>\n\"plain\"\n\"a=b\"\n\n", safe.ToString());
    }

    [Fact]
    public void XmlEscapesCdataTerminatorAndCarriageReturn()
    {
        var text = Write(Tricky(xml: true), SparqlResultFormat.Xml);
        Assert.DoesNotContain("]]>", text, StringComparison.Ordinal);
        Assert.Contains("]]&gt; &amp; &lt;tag&gt;", text, StringComparison.Ordinal);
        Assert.Contains("&#xD;", text, StringComparison.Ordinal);
        Assert.Contains("<literal xml:lang=\"de-CH\">ünïcödé ✓ 𝄞</literal>", text, StringComparison.Ordinal);
        Assert.Contains("<literal datatype=\"http://www.w3.org/2001/XMLSchema#integer\">42</literal>", text, StringComparison.Ordinal);
        Assert.Contains("<bnode>b1</bnode>", text, StringComparison.Ordinal);
        // The unbound ?b of row 2 is simply absent.
        Assert.Equal(13, text.Split("<binding ").Length - 1);
    }

    [Fact]
    public void JsonWarningsComeAfterTheRowsAndReadersIgnoreThem()
    {
        var sw = new StringWriter();
        var w = SparqlResultFormats.CreateWriter(SparqlResultFormat.Json, sw);
        Assert.True(w.CarriesWarnings);
        w.WriteHead(["x"]);
        w.WriteRow([new Literal("1")]);
        w.WriteEnd(["cut at \"1\" row"]);
        var text = sw.ToString();
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal("cut at \"1\" row", doc.RootElement.GetProperty("warnings")[0].GetString());
        Assert.True(text.IndexOf("\"warnings\"", StringComparison.Ordinal) > text.IndexOf("\"bindings\"", StringComparison.Ordinal));
        var back = Assert.IsType<BindingsResult>(SparqlResultFormats.Parse(text, SparqlResultFormat.Json));
        Assert.Single(back.Rows);
    }

    [Theory]
    [InlineData(SparqlResultFormat.Xml)]
    [InlineData(SparqlResultFormat.Csv)]
    [InlineData(SparqlResultFormat.Tsv)]
    public void SyntaxesWithoutAPlaceForWarningsRefuseThem(SparqlResultFormat f)
    {
        var w = SparqlResultFormats.CreateWriter(f, new StringWriter());
        Assert.False(w.CarriesWarnings);
        w.WriteHead(["x"]);
        Assert.Throws<NotSupportedException>(() => w.WriteEnd(["cut"]));
    }

    [Fact]
    public void JsonEscapes()
    {
        var text = Write(Tricky(), SparqlResultFormat.Json);
        Assert.Contains("\"say \\\"hi\\\", then\\nleave\\ttab\\r\\nend\"", text, StringComparison.Ordinal);
        Assert.Contains("\"back\\\\slash \\u0001 ctl\"", text, StringComparison.Ordinal);
        Assert.Contains("\"xml:lang\":\"de-CH\"", text, StringComparison.Ordinal); // compact: no indentation, no spaces
        using var doc = System.Text.Json.JsonDocument.Parse(text); // valid JSON
        Assert.Equal(5, doc.RootElement.GetProperty("results").GetProperty("bindings").GetArrayLength());
    }

    [Theory]
    [InlineData(SparqlResultFormat.Json)]
    [InlineData(SparqlResultFormat.Xml)]
    [InlineData(SparqlResultFormat.Csv)]
    [InlineData(SparqlResultFormat.Tsv)]
    public void BooleansRoundTrip(SparqlResultFormat f)
    {
        foreach (var v in new[] { true, false })
            Assert.Equal(new BooleanResult(v), SparqlResultFormats.Parse(Write(new BooleanResult(v), f), f));
    }

    [Theory]
    [InlineData(SparqlResultFormat.Json)]
    [InlineData(SparqlResultFormat.Xml)]
    [InlineData(SparqlResultFormat.Csv)]
    [InlineData(SparqlResultFormat.Tsv)]
    public void EmptyAndDegenerateResultsRoundTrip(SparqlResultFormat f)
    {
        // No variables, one empty solution (SELECT * {}); one variable, unbound; no solutions.
        var cases = new BindingsResult[]
        {
            new([], [Array.Empty<Term?>()]),
            new(["x"], [new Term?[] { null }, [new Iri("http://e/")]]),
            new(["x", "y"], []),
        };
        foreach (var c in cases)
        {
            var back = Assert.IsType<BindingsResult>(SparqlResultFormats.Parse(Write(c, f), f));
            Assert.Equal(c.Variables, back.Variables);
            Assert.Equal(c.Rows.Count(), back.Rows.Count());
            Assert.True(PhdResolver.Conformance.SparqlResultComparer.Equivalent(c, back, true, f == SparqlResultFormat.Csv, out var diff), $"{f}: {diff}");
        }
    }

    [Fact]
    public void WritersStreamRowsAsTheyCome()
    {
        // A lazy, effectively endless row source: the writer must not materialise it.
        static IEnumerable<Term?[]> Rows()
        {
            for (int i = 0; ; i++)
            {
                if (i == 3) throw new InvalidOperationException("stop");
                yield return [new Literal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Vocab.Xsd.Integer)];
            }
        }
        foreach (var f in SparqlResultFormats.All)
        {
            var sw = new StringWriter();
            Assert.Throws<InvalidOperationException>(() => SparqlResultFormats.CreateWriter(f, sw).Write(new BindingsResult(["n"], Rows())));
            Assert.Contains("2", sw.ToString(), StringComparison.Ordinal); // rows 0..2 were already written
        }
    }

    [Theory]
    [InlineData(SparqlResultFormat.Json, "{ \"head\": { \"vars\": [\"x\"] }, \"results\": { \"bindings\": [ { \"x\": { \"type\": \"uri\" } } ] } }", "$.results.bindings[0]")]
    [InlineData(SparqlResultFormat.Json, "{ \"head\": {\n  \"vars\": [\"x\" }", "line 2")]
    [InlineData(SparqlResultFormat.Xml, "<sparql xmlns='http://www.w3.org/2005/sparql-results#'>\n<head/>\n<results><result><binding name='x'><foo/></binding></result></results></sparql>", "line 3")]
    [InlineData(SparqlResultFormat.Xml, "<sparql>\n<head>\n</sparql>", "line 3")]
    [InlineData(SparqlResultFormat.Tsv, "?x\t?y\n<http://a>\t\"unterminated\n", "line 2, column 12")]
    [InlineData(SparqlResultFormat.Tsv, "?x\n<http://a>\t<http://b>\n", "line 2")]
    [InlineData(SparqlResultFormat.Tsv, "x\n", "line 1")]
    [InlineData(SparqlResultFormat.Csv, "x,y\na,\"b\n", "unterminated")]
    [InlineData(SparqlResultFormat.Csv, "x,y\na,b\"c\n", "line 2")]
    public void MalformedInputReportsWhere(SparqlResultFormat f, string text, string where)
    {
        var e = Assert.Throws<RdfSyntaxException>(() => SparqlResultFormats.Parse(text, f));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TsvReadsTurtleTermSpellings()
    {
        var text = "?a\t?b\t?c\t?d\n'single'\t\"\"\"long \"quoted\" \"\"\"\t\"\\u00e9\\U0001D11E\"@EN\t1.0E6\n";
        var r = Assert.IsType<BindingsResult>(SparqlResultFormats.Parse(text, SparqlResultFormat.Tsv));
        var row = r.Rows.Single();
        Assert.Equal(new Literal("single"), row[0]);
        Assert.Equal(new Literal("long \"quoted\" "), row[1]);
        Assert.Equal(new Literal("é𝄞", "en"), row[2]);
        Assert.Equal(new Literal("1.0E6", Vocab.Xsd.Double), row[3]);
    }

    [Fact]
    public void XmlReadsMarkupLiteralsAndIgnoresLinks()
    {
        var text = "<?xml version='1.0'?><sparql xmlns='http://www.w3.org/2005/sparql-results#'><head><variable name='x'/><link href='meta'/></head>"
            + "<results><result><binding name='x'><literal datatype='http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral'><b>bold</b> text</literal></binding></result>"
            + "<result><binding name='x'><literal>  spaced  </literal></binding></result></results></sparql>";
        var rows = Assert.IsType<BindingsResult>(SparqlResultFormats.Parse(text, SparqlResultFormat.Xml)).Rows.ToList();
        Assert.StartsWith("<b", ((Literal)rows[0][0]!).Lexical, StringComparison.Ordinal);
        Assert.EndsWith("bold</b> text", ((Literal)rows[0][0]!).Lexical, StringComparison.Ordinal);
        Assert.Equal(new Literal("  spaced  "), rows[1][0]);
    }
}
