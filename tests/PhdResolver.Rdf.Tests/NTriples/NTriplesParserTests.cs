using System.Text;

namespace PhdResolver.Rdf.Tests;

public class NTriplesParserTests
{
    private static List<Quad> Parse(string text, bool quads = false, bool viaStream = true)
    {
        var list = new List<Quad>();
        var sink = new DelegateSink(list.Add);
        var p = new NTriplesParser(quads);
        if (viaStream) p.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), sink);
        else p.Parse(new StringReader(text), sink);
        return list;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Escapes_in_strings(bool viaStream)
    {
        var q = Parse("<http://e/s> <http://e/p> \"a\\tb\\n\\\"c\\\\ \\u00E9\\U0001F600 \\b\\f\\r\\'\" .\n", viaStream: viaStream).Single();
        var lit = Assert.IsType<Literal>(q.Object);
        Assert.Equal("a\tb\n\"c\\ é😀 \b\f\r'", lit.Lexical);
    }

    [Fact]
    public void Uchar_in_iri()
    {
        var q = Parse("<http://e/\\u0073\\U00000074> <http://e/p> <http://e/o> .").Single();
        Assert.Equal("http://e/st", ((Iri)q.Subject).Value);
    }

    [Fact]
    public void Surrogate_pair_escapes_are_combined()
    {
        var q = Parse("<http://e/s> <http://e/p> \"\\uD83D\\uDE00\" .").Single();
        Assert.Equal("😀", ((Literal)q.Object).Lexical);
    }

    [Fact]
    public void Literals_with_language_and_datatype()
    {
        var qs = Parse("<http://e/s> <http://e/p> \"x\"@en-GB .\r\n<http://e/s> <http://e/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\r\n");
        Assert.Equal("en-GB", ((Literal)qs[0].Object).Language);
        Assert.Equal(Vocab.Xsd.Integer, ((Literal)qs[1].Object).Datatype);
    }

    [Fact]
    public void Blank_nodes_are_scoped_per_document()
    {
        var a = Parse("_:x <http://e/p> _:x .").Single();
        var b = Parse("_:x <http://e/p> _:x .").Single();
        Assert.Same(a.Subject, a.Object);
        Assert.NotEqual(a.Subject, b.Subject);
    }

    [Fact]
    public void Quads_and_default_graph()
    {
        var qs = Parse("<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n<http://e/s> <http://e/p> \"o\" _:g .\n<http://e/s> <http://e/p> \"o\" .", quads: true);
        Assert.Equal(new Iri("http://e/g"), qs[0].Graph);
        Assert.IsType<BlankNode>(qs[1].Graph);
        Assert.Null(qs[2].Graph);
    }

    [Fact]
    public void Repeated_iris_are_shared()
    {
        var qs = Parse("<http://e/s> <http://e/p> <http://e/o> .\n<http://e/s> <http://e/p> <http://e/o> .");
        Assert.Same(qs[0].Predicate, qs[1].Predicate);
    }

    [Theory]
    [InlineData("<http://e/s> <http://e/p> <http://e/o> .\n<http://e/s> <http://e/p> <http://e/ o> .", 2, 37)]
    [InlineData("\n\n<http://e/s> <p> <http://e/o> .", 3, 14)]
    [InlineData("<http://e/s> <http://e/p> \"é\"@1 .", 1, 30)]
    [InlineData("<http://e/s>\t<http://e/p> \"a\\zb\" .", 1, 29)]
    [InlineData("<http://e/s> <http://e/p> <http://e/o>", 1, 39)]
    [InlineData("<http://e/s> <http://e/p> <http://e/o> .\r\n\r\n<http://e/s> <http://e/p> <http://e/o> . x", 3, 42)]
    public void Errors_report_line_and_column(string text, int line, int column)
    {
        foreach (var viaStream in new[] { true, false })
        {
            var e = Assert.Throws<RdfSyntaxException>(() => Parse(text, viaStream: viaStream));
            Assert.Equal(line, e.Line);
            Assert.Equal(column, e.Column);
        }
    }

    [Fact]
    public void Lenient_mode_skips_bad_lines()
    {
        var errors = new List<RdfSyntaxException>();
        var ds = new Dataset();
        new NTriplesParser().Parse(new StringReader("<http://e/s> <http://e/p> <o> .\n<http://e/s> <http://e/p> <http://e/o> .\n"), ds,
            new ParserOptions { Lenient = true, OnError = errors.Add });
        Assert.Single(ds);
        Assert.Single(errors);
        Assert.Equal(1, errors[0].Line);
    }

    [Fact]
    public void Long_lines_and_many_lines_cross_buffer_boundaries()
    {
        var sb = new StringBuilder();
        var big = new string('x', 3_000_000);
        sb.Append("<http://e/s> <http://e/p> \"").Append(big).Append("\" .\n");
        for (int i = 0; i < 50_000; i++) sb.Append("<http://e/s").Append(i).Append("> <http://e/p> \"é").Append(i).Append("\"@en .\r\n");
        var qs = Parse(sb.ToString());
        Assert.Equal(50_001, qs.Count);
        Assert.Equal(big, ((Literal)qs[0].Object).Lexical);
        Assert.Equal("é49999", ((Literal)qs[^1].Object).Lexical);
    }

    [Fact]
    public void Bom_is_tolerated()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<http://e/s> <http://e/p> <http://e/o> .")).ToArray();
        var sink = new CountingSink();
        new NTriplesParser().Parse(new MemoryStream(bytes), sink);
        Assert.Equal(1, sink.Count);
    }

    [Fact]
    public void Invalid_utf8_is_an_error()
    {
        var bytes = Encoding.UTF8.GetBytes("<http://e/s> <http://e/p> \"a\" .").ToArray();
        bytes[28] = 0xFF;
        Assert.Throws<RdfSyntaxException>(() => new NTriplesParser().Parse(new MemoryStream(bytes), new CountingSink()));
    }

    [Fact]
    public void Writer_round_trips()
    {
        var text = "<http://e/s> <http://e/p> \"a\\tb\\n\\\"c\\\\ é\\u0001\"@en .\n_:b <http://e/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://e/g> .\n";
        var ds = new Dataset();
        new NTriplesParser(true).Parse(new StringReader(text), ds);
        var sw = new StringWriter();
        var w = new NTriplesWriter(sw, quads: true);
        foreach (var q in ds) w.OnQuad(q);
        w.Finish();
        var back = new Dataset();
        new NTriplesParser(true).Parse(new StringReader(sw.ToString()), back);
        Assert.True(Isomorphism.AreIsomorphic(ds, back));
        Assert.Contains("\"a\\tb\\n\\\"c\\\\ é\\u0001\"@en", sw.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NTriples_writer_drops_graph_names()
    {
        var sw = new StringWriter();
        var w = new NTriplesWriter(sw);
        w.OnQuad(new Quad(new Iri("http://e/s"), new Iri("http://e/p"), new Literal("o"), new Iri("http://e/g")));
        w.Finish();
        Assert.Equal("<http://e/s> <http://e/p> \"o\" .\n", sw.ToString());
    }
}
