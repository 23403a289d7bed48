namespace PhdResolver.Rdf.Tests;

public class TurtleWriterTests
{
    public static TheoryData<string, bool> PositiveEval()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (suite, trig) in new[] { ("rdf-turtle", false), ("rdf-trig", true) })
            foreach (var t in W3cManifest.Load(suite).Where(t => !t.IsNegative))
                data.Add(t.Name, trig);
        return data;
    }

    private static string Write(IEnumerable<Quad> quads, bool trig, WriterOptions? options)
    {
        var sw = new StringWriter();
        var w = new TurtleWriter(sw, trig, options);
        foreach (var q in quads) w.OnQuad(q);
        w.Finish();
        return sw.ToString();
    }

    private static Dataset Read(string text, bool trig, string? baseIri = null)
    {
        var ds = new Dataset();
        new TurtleParser(trig).Parse(new StringReader(text), ds, new ParserOptions { BaseIri = baseIri });
        return ds;
    }

    [Theory]
    [MemberData(nameof(PositiveEval))]
    public void W3c_results_round_trip(string name, bool trig)
    {
        var t = W3cManifest.Get(trig ? "rdf-trig" : "rdf-turtle", name);
        var source = t.Result is not null ? TurtleW3cTests.ParseResult(t, trig) : TurtleW3cTests.ParseAction(t, trig);
        var parsed = TurtleW3cTests.ParseAction(t, trig);
        var variants = new[]
        {
            new WriterOptions { Prefixes = parsed.Prefixes },
            new WriterOptions(),
            new WriterOptions { Prefixes = parsed.Prefixes, BaseIri = t.BaseIri },
            new WriterOptions { Prefixes = parsed.Prefixes, Pretty = false },
        };
        foreach (var options in variants)
        {
            var text = Write(source, trig, options);
            Dataset back;
            try { back = Read(text, trig, options.BaseIri); }
            catch (RdfSyntaxException e) { throw new Xunit.Sdk.XunitException($"output does not parse: {e.Message}\n{text}"); }
            Assert.True(Isomorphism.AreIsomorphic(source, back), $"not isomorphic after writing:\n{text}");
        }
    }

    [Fact]
    public void Pretty_layout()
    {
        var text = """
            @prefix ex: <http://example.org/> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            ex:s a ex:T ; ex:n 1, 2.5, 1e3, true, "007"^^xsd:integer, "1.0"^^xsd:double ;
                 ex:b [ ex:c "x"@en ] ; ex:l ( 1 2 ) ; ex:e () ;
                 ex:shared _:x . ex:t ex:shared _:x .
            """;
        var ds = Read(text, false);
        var output = Write(ds, false, new WriterOptions { Prefixes = ds.Prefixes });
        Assert.Equal("""
            @prefix ex: <http://example.org/> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

            ex:s a ex:T ;
                ex:n 1, 2.5, 1e3, true, 007, "1.0"^^xsd:double ;
                ex:b [ ex:c "x"@en ] ;
                ex:l ( 1 2 ) ;
                ex:e () ;
                ex:shared _:b0 .

            ex:t ex:shared _:b0 .

            """.Replace("\r\n", "\n", StringComparison.Ordinal), output);
    }

    [Fact]
    public void Well_known_prefixes_only_when_used()
    {
        var ds = Read("<http://e/s> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"^^<http://www.w3.org/2001/XMLSchema#token> .", false);
        var output = Write(ds, false, null);
        Assert.Contains("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", output, StringComparison.Ordinal);
        Assert.Contains("@prefix xsd: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("@prefix owl: ", output, StringComparison.Ordinal);
        Assert.Contains("\"x\"^^xsd:token", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://e/a/b", "<http://e/a/b>")]
    [InlineData("http://e/.a", "<http://e/.a>")]
    [InlineData("http://e/a.", "<http://e/a.>")]
    [InlineData("http://e/-a", "<http://e/-a>")]
    [InlineData("http://e/a.b-c_d:e%20", "e:a.b-c_d:e%20")]
    [InlineData("http://e/1a", "e:1a")]
    [InlineData("http://e/é", "e:é")]
    [InlineData("http://e/", "e:")]
    public void Local_names_are_safe_or_the_iri_is_written_in_full(string iri, string expected)
    {
        var output = Write([new Quad(new Iri("http://x/s"), new Iri("http://x/p"), new Iri(iri))], false,
            new WriterOptions { Prefixes = new Dictionary<string, string> { ["e"] = "http://e/" } });
        Assert.Contains(" " + expected + " .", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Cyclic_blank_nodes_are_labelled()
    {
        var a = new BlankNode("a");
        var b = new BlankNode("b");
        var p = new Iri("http://e/p");
        var quads = new[] { new Quad(a, p, b), new Quad(b, p, a) };
        var text = Write(quads, false, null);
        Assert.True(Isomorphism.AreIsomorphic(quads, Read(text, false)));
        Assert.Contains("_:b0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_with_quotes_and_line_breaks()
    {
        var lit = new Literal("line1\n\"quoted\"\\ end\"");
        var quads = new[] { new Quad(new Iri("http://e/s"), new Iri("http://e/p"), lit) };
        var text = Write(quads, false, null);
        Assert.Contains("\"\"\"", text, StringComparison.Ordinal);
        Assert.Equal(lit, Read(text, false).Single().Object);
    }

    [Fact]
    public void Trig_graphs_and_blank_node_graph_names()
    {
        var g = new BlankNode("g");
        var quads = new[]
        {
            new Quad(new Iri("http://e/s"), new Iri("http://e/p"), new Iri("http://e/o")),
            new Quad(new Iri("http://e/s"), new Iri("http://e/p"), new Iri("http://e/o"), new Iri("http://e/g")),
            new Quad(new Iri("http://e/s"), new Iri("http://e/p"), new BlankNode("x"), g),
            new Quad(g, new Iri("http://e/p"), new Literal("meta")),
        };
        var text = Write(quads, true, new WriterOptions { Prefixes = new Dictionary<string, string> { ["e"] = "http://e/" } });
        Assert.Contains("e:g {", text, StringComparison.Ordinal);
        Assert.True(Isomorphism.AreIsomorphic(quads, Read(text, true)));
    }
}
