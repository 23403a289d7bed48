using System.Text;

namespace PhdResolver.Rdf.Tests;

/// <summary>A stream that hands out at most a few bytes per read, to exercise every buffer refill path.</summary>
internal sealed class TrickleStream(byte[] data, int chunk = 1) : Stream
{
    private int _pos;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _pos; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, chunk), data.Length - _pos);
        Array.Copy(data, _pos, buffer, offset, n);
        _pos += n;
        return n;
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public class TurtleParserTests
{
    private const string Base = "http://example.org/dir/doc.ttl";

    private static Dataset Parse(string text, bool trig = false, string? baseIri = Base)
    {
        var ds = new Dataset();
        new TurtleParser(trig).Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), ds, new ParserOptions { BaseIri = baseIri });
        return ds;
    }

    private static Literal Object(string text) => (Literal)Parse(text).Single().Object;

    [Theory]
    [InlineData("1", "1", "integer")]
    [InlineData("-5", "-5", "integer")]
    [InlineData("+5", "+5", "integer")]
    [InlineData("1.5", "1.5", "decimal")]
    [InlineData(".5", ".5", "decimal")]
    [InlineData("-.5", "-.5", "decimal")]
    [InlineData("1e3", "1e3", "double")]
    [InlineData("1.e3", "1.e3", "double")]
    [InlineData("1.5E-3", "1.5E-3", "double")]
    [InlineData(".5e+3", ".5e+3", "double")]
    public void Numerics_keep_their_lexical_form_and_get_the_xsd_type(string token, string lexical, string type)
    {
        var lit = Object($"<s> <p> {token} .");
        Assert.Equal(lexical, lit.Lexical);
        Assert.Equal(Vocab.Xsd.Namespace + type, lit.Datatype.Value);
    }

    [Fact]
    public void A_number_before_the_final_dot()
    {
        var ds = Parse("<s> <p> 1.\n<s> <p> 2.5.");
        Assert.Equal(["1", "2.5"], ds.Select(q => ((Literal)q.Object).Lexical));
    }

    [Fact]
    public void Booleans()
    {
        var ds = Parse("@prefix true: <http://t/> . <s> <p> true, false, true:x .");
        var objs = ds.Select(q => q.Object).ToList();
        Assert.Equal(new Literal("true", Vocab.Xsd.Boolean), objs[0]);
        Assert.Equal(new Literal("false", Vocab.Xsd.Boolean), objs[1]);
        Assert.Equal(new Iri("http://t/x"), objs[2]);
    }

    [Theory]
    [InlineData("\"a\\tb\\u00e9\\U0001F600\\\"\"", "a\tbé😀\"")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"\"\"two\nlines \"quoted\" \"\"\"", "two\nlines \"quoted\" ")]
    [InlineData("'''a''b'''", "a''b")]
    [InlineData("\"\"", "")]
    [InlineData("\"\"\"\"\"\"", "")]
    public void String_forms_and_escapes(string token, string lexical)
    {
        Assert.Equal(lexical, Object($"<s> <p> {token} .").Lexical);
    }

    [Fact]
    public void Language_and_datatype()
    {
        var ds = Parse("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . <s> <p> \"x\"@en-US, \"1\"^^xsd:int, \"2\"^^<http://www.w3.org/2001/XMLSchema#long> .");
        var objs = ds.Select(q => (Literal)q.Object).ToList();
        Assert.Equal("en-US", objs[0].Language);
        Assert.Equal(Vocab.Xsd.Int, objs[1].Datatype);
        Assert.Equal(Vocab.Xsd.Long, objs[2].Datatype);
    }

    [Theory]
    [InlineData("<x>", "http://example.org/dir/x")]
    [InlineData("<>", "http://example.org/dir/doc.ttl")]
    [InlineData("<#frag>", "http://example.org/dir/doc.ttl#frag")]
    [InlineData("<../up>", "http://example.org/up")]
    [InlineData("<//other.org/a>", "http://other.org/a")]
    [InlineData("<?q=1>", "http://example.org/dir/doc.ttl?q=1")]
    [InlineData("<http://a.org/b/../c>", "http://a.org/c")]
    public void Relative_iris_resolve_against_the_base(string token, string expected)
    {
        Assert.Equal(new Iri(expected), Parse($"{token} <p> <o> .").Single().Subject);
    }

    [Fact]
    public void Base_directives_chain_and_are_reported()
    {
        var bases = new List<string>();
        var prefixes = new List<(string, string)>();
        var quads = new List<Quad>();
        var sink = new RecordingSink(quads.Add, (p, n) => prefixes.Add((p, n)), bases.Add);
        new TurtleParser().Parse(new StringReader("@base <http://a.org/x/> . BASE <y/> PREFIX p: <z#> @prefix q: <http://q/> . p:s <o> q:o ."), sink);
        Assert.Equal(["http://a.org/x/", "http://a.org/x/y/"], bases);
        Assert.Equal([("p", "http://a.org/x/y/z#"), ("q", "http://q/")], prefixes);
        Assert.Equal(new Quad(new Iri("http://a.org/x/y/z#s"), new Iri("http://a.org/x/y/o"), new Iri("http://q/o")), quads.Single());
    }

    [Fact]
    public void Relative_iri_without_base_is_an_error()
    {
        Assert.Throws<RdfSyntaxException>(() => Parse("<s> <p> <o> .", baseIri: null));
    }

    [Fact]
    public void Local_name_escapes_and_percent_encodings()
    {
        var q = Parse("@prefix : <http://e/> . :a\\~b%20c:d.e :p :o.").Single();
        Assert.Equal(new Iri("http://e/a~b%20c:d.e"), q.Subject);
        Assert.Equal(new Iri("http://e/o"), q.Object);
    }

    [Fact]
    public void Collections_and_blank_node_property_lists()
    {
        var ds = Parse("@prefix : <http://e/> . :s :p (1 [ :q :r ] ()) ; :p2 [ :a :b ], [] .");
        // 3 items: 3 first + 3 rest; [ :q :r ]: 1; :p, :p2 x2; [ :a :b ]: 1
        Assert.Equal(6 + 1 + 3 + 1, ds.Count);
        Assert.Contains(ds, q => q.Predicate.Equals(Vocab.Rdf.First) && q.Object.Equals(Vocab.Rdf.Nil));
    }

    [Fact]
    public void Trig_blocks()
    {
        var ds = Parse("@prefix : <http://e/> . :a :b :c . :g { :s :p :o } GRAPH :h { :s :p :o . :s :p :o2 . } { :d :e :f } _:x { :s :p :o } [] { :s :p :o }", trig: true);
        Assert.Equal(7, ds.Count);
        Assert.Equal(2, ds.Count(q => q.Graph is null));
        Assert.Equal(2, ds.Count(q => q.Graph is BlankNode));
        Assert.Equal(2, ds.Count(q => new Iri("http://e/h").Equals(q.Graph)));
    }

    [Theory]
    [InlineData("<s> <p> <o> .\n<s> <p> <o>\n", 3, 1, "expected '.'")]
    [InlineData("@prefix : <http://e/> .\n:s :p :o ;\n   :q \"abc\\q\" .", 3, 11, "bad escape")]
    [InlineData("<s> <p> \"\"\"line1\nline2 \\x \"\"\" .", 2, 7, "bad escape")]
    [InlineData("<s> <p> \"é\" , und:x .", 1, 15, "undefined prefix")]
    [InlineData("# comment\n\n  <s> <p> <a b> .", 3, 13, "space in IRI")]
    [InlineData("<s> <p> \"x\"@-en .", 1, 12, "bad language tag")]
    [InlineData("<s> <p> 1.2.3 .", 1, 13, "cannot be a subject")]
    public void Errors_report_line_and_column(string text, int line, int column, string reason)
    {
        foreach (var chunk in new[] { 1, 3, 1 << 20 })
        {
            var e = Assert.Throws<RdfSyntaxException>(() =>
                new TurtleParser().Parse(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), new CountingSink(), new ParserOptions { BaseIri = Base }));
            Assert.Equal((line, column), (e.Line, e.Column));
            Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Lenient_mode_skips_bad_statements()
    {
        var errors = new List<RdfSyntaxException>();
        var ds = new Dataset();
        new TurtleParser().Parse(new StringReader("<s> <p> <o> .\n<s> <p> und:x .\n<s> <p> <o2> ."), ds,
            new ParserOptions { BaseIri = Base, Lenient = true, OnError = errors.Add });
        Assert.Equal(2, ds.Count);
        Assert.Single(errors);
    }

    public static TheoryData<string, bool> PositiveW3c()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (suite, trig) in new[] { ("rdf-turtle", false), ("rdf-trig", true) })
            foreach (var t in W3cManifest.Load(suite).Where(t => !t.IsNegative))
                data.Add(t.Name, trig);
        return data;
    }

    [Theory]
    [MemberData(nameof(PositiveW3c))]
    public void Byte_by_byte_input_gives_the_same_result(string name, bool trig)
    {
        var t = W3cManifest.Get(trig ? "rdf-trig" : "rdf-turtle", name);
        var expected = TurtleW3cTests.ParseAction(t, trig);
        var ds = new Dataset();
        new TurtleParser(trig).Parse(new TrickleStream(File.ReadAllBytes(t.Action)), ds, new ParserOptions { BaseIri = t.BaseIri });
        Assert.True(Isomorphism.AreIsomorphic(expected, ds));
    }

    [Fact]
    public void Large_document_with_long_tokens()
    {
        var sb = new StringBuilder("@prefix ex: <http://example.org/vocabulary/> .\n");
        var big = new string('é', 700_000);
        sb.Append("ex:s ex:p \"\"\"").Append(big).Append("\"\"\"^^ex:dt .\n");
        for (int i = 0; i < 20_000; i++) sb.Append("ex:s").Append(i).Append(" a ex:T ; ex:v ").Append(i).Append(", \"x\"@en .\n");
        var ds = Parse(sb.ToString());
        Assert.Equal(1 + 3 * 20_000, ds.Count);
        Assert.Equal(big, ((Literal)ds.First().Object).Lexical);
        Assert.Equal(new Iri("http://example.org/vocabulary/dt"), ((Literal)ds.First().Object).Datatype);
    }

    private sealed class RecordingSink(Action<Quad> quad, Action<string, string> prefix, Action<string> @base) : IRdfSink
    {
        public void OnQuad(in Quad q) => quad(q);
        public void OnPrefix(string p, string ns) => prefix(p, ns);
        public void OnBase(string b) => @base(b);
    }
}
