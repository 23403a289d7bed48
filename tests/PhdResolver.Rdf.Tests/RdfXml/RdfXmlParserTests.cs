using System.Text;

namespace PhdResolver.Rdf.Tests;

public class RdfXmlParserTests
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Head = "<rdf:RDF xmlns:rdf='" + Rdf + "' xmlns:ex='http://ex/'>";

    private static List<Quad> Parse(string xml, string? baseIri = "http://base/doc")
    {
        var list = new List<Quad>();
        new RdfXmlParser().Parse(new StringReader(xml), new DelegateSink(list.Add), new ParserOptions { BaseIri = baseIri });
        return list;
    }

    private static Dataset Nt(string text)
    {
        var ds = new Dataset();
        new NTriplesParser().Parse(new StringReader(text), ds);
        return ds;
    }

    private static void AssertGraph(string expectedNt, List<Quad> actual) =>
        Assert.True(Isomorphism.AreIsomorphic(Nt(expectedNt), actual), "got:\n" + string.Join("\n", actual));

    private static RdfSyntaxException Fails(string xml) =>
        Assert.Throws<RdfSyntaxException>(() => Parse(xml));

    [Fact]
    public void Li_numbering_restarts_per_node_element()
    {
        var quads = Parse(Head + """
            <rdf:Bag rdf:about="http://ex/bag">
              <rdf:li>a</rdf:li>
              <rdf:li rdf:parseType="Resource"><rdf:li>inner</rdf:li></rdf:li>
              <rdf:li rdf:resource="http://ex/c"/>
            </rdf:Bag></rdf:RDF>
            """);
        AssertGraph($"""
            <http://ex/bag> <{Rdf}type> <{Rdf}Bag> .
            <http://ex/bag> <{Rdf}_1> "a" .
            <http://ex/bag> <{Rdf}_2> _:r .
            _:r <{Rdf}_1> "inner" .
            <http://ex/bag> <{Rdf}_3> <http://ex/c> .
            """, quads);
    }

    [Fact]
    public void Xml_base_and_lang_are_scoped_to_their_element()
    {
        var quads = Parse(Head + """
            <rdf:Description rdf:about="a" xml:lang="en">
              <ex:p>hello</ex:p>
              <ex:p xml:lang="">plain</ex:p>
              <ex:q xml:base="http://other/dir/" rdf:resource="b"/>
              <ex:r rdf:resource="b"/>
            </rdf:Description></rdf:RDF>
            """);
        AssertGraph("""
            <http://base/a> <http://ex/p> "hello"@en .
            <http://base/a> <http://ex/p> "plain" .
            <http://base/a> <http://ex/q> <http://other/dir/b> .
            <http://base/a> <http://ex/r> <http://base/b> .
            """, quads);
    }

    [Fact]
    public void Root_node_element_without_rdf_RDF()
    {
        var quads = Parse($"<ex:Thing xmlns:ex='http://ex/' xmlns:rdf='{Rdf}' rdf:about='http://ex/t' ex:name='T'/>");
        AssertGraph($"""
            <http://ex/t> <{Rdf}type> <http://ex/Thing> .
            <http://ex/t> <http://ex/name> "T" .
            """, quads);
    }

    [Fact]
    public void Parse_type_literal_is_exclusive_canonical_xml()
    {
        var quads = Parse(Head + """
            <rdf:Description rdf:about="http://ex/s">
              <ex:p rdf:parseType="Literal"><a:b xmlns:a="http://a/" xmlns:unused="http://u/" z="1" a:y="2"><c/>x &amp; y<!--note--></a:b></ex:p>
            </rdf:Description></rdf:RDF>
            """);
        var lit = Assert.IsType<Literal>(Assert.Single(quads).Object);
        Assert.Equal(Rdf + "XMLLiteral", lit.Datatype.Value);
        Assert.Equal("<a:b xmlns:a=\"http://a/\" z=\"1\" a:y=\"2\"><c></c>x &amp; y<!--note--></a:b>", lit.Lexical);
    }

    [Fact]
    public void Unknown_parse_type_is_treated_as_literal()
    {
        var quads = Parse(Head + "<rdf:Description rdf:about='http://ex/s'><ex:p rdf:parseType='Other'>t<b/></ex:p></rdf:Description></rdf:RDF>");
        Assert.Equal("t<b></b>", ((Literal)Assert.Single(quads).Object).Lexical);
    }

    [Fact]
    public void Collections_build_rdf_lists_and_empty_is_nil()
    {
        var quads = Parse(Head + """
            <rdf:Description rdf:about="http://ex/s">
              <ex:list rdf:parseType="Collection"><rdf:Description rdf:about="http://ex/1"/><ex:T/></ex:list>
              <ex:none rdf:parseType="Collection"/>
            </rdf:Description></rdf:RDF>
            """);
        AssertGraph($"""
            <http://ex/s> <http://ex/list> _:c1 .
            _:c1 <{Rdf}first> <http://ex/1> .
            _:c1 <{Rdf}rest> _:c2 .
            _:c2 <{Rdf}first> _:t .
            _:t <{Rdf}type> <http://ex/T> .
            _:c2 <{Rdf}rest> <{Rdf}nil> .
            <http://ex/s> <http://ex/none> <{Rdf}nil> .
            """, quads);
    }

    [Fact]
    public void Rdf_ID_on_property_element_reifies_the_statement()
    {
        var quads = Parse(Head + "<rdf:Description rdf:about='http://ex/s'><ex:p rdf:ID='r1'>v</ex:p></rdf:Description></rdf:RDF>");
        AssertGraph($"""
            <http://ex/s> <http://ex/p> "v" .
            <http://base/doc#r1> <{Rdf}type> <{Rdf}Statement> .
            <http://base/doc#r1> <{Rdf}subject> <http://ex/s> .
            <http://base/doc#r1> <{Rdf}predicate> <http://ex/p> .
            <http://base/doc#r1> <{Rdf}object> "v" .
            """, quads);
    }

    [Fact]
    public void Empty_property_element_forms()
    {
        var quads = Parse(Head + """
            <rdf:Description rdf:about="http://ex/s">
              <ex:a/>
              <ex:b></ex:b>
              <ex:c rdf:nodeID="n" ex:x="1"/>
              <ex:d rdf:datatype="http://ex/dt"/>
              <ex:e>  </ex:e>
            </rdf:Description></rdf:RDF>
            """);
        AssertGraph("""
            <http://ex/s> <http://ex/a> "" .
            <http://ex/s> <http://ex/b> "" .
            <http://ex/s> <http://ex/c> _:n .
            _:n <http://ex/x> "1" .
            <http://ex/s> <http://ex/d> ""^^<http://ex/dt> .
            <http://ex/s> <http://ex/e> "  " .
            """, quads);
    }

    [Fact]
    public void Unqualified_legacy_attributes_are_rdf_attributes()
    {
        var quads = Parse(Head + "<rdf:Description about='http://ex/s'><ex:p resource='http://ex/o'/></rdf:Description></rdf:RDF>");
        AssertGraph("<http://ex/s> <http://ex/p> <http://ex/o> .", quads);
    }

    [Fact]
    public void Namespace_declarations_are_reported_as_prefixes()
    {
        var ds = new Dataset();
        new RdfXmlParser().Parse(new StringReader(Head + "</rdf:RDF>"), ds);
        Assert.Equal("http://ex/", ds.Prefixes["ex"]);
        Assert.Equal(Rdf, ds.Prefixes["rdf"]);
    }

    [Fact]
    public void Duplicate_rdf_ID_reports_the_second_use_with_its_position()
    {
        var ex = Fails(Head + "\n<rdf:Description rdf:ID='a'/>\n  <rdf:Description rdf:ID='a'/></rdf:RDF>");
        Assert.Equal(3, ex.Line);
        Assert.Equal(4, ex.Column);
        Assert.Contains("rdf:ID 'a'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<rdf:Description rdf:about='http://ex/s'><ex:p>text<ex:N/></ex:p></rdf:Description>", "both text and a node element")]
    [InlineData("<rdf:Description rdf:about='http://ex/s'><ex:p><ex:N/><ex:M/></ex:p></rdf:Description>", "only one node element")]
    [InlineData("<rdf:Description rdf:about='http://ex/s' rdf:resource='http://ex/o'/>", "rdf:resource is not allowed on a node element")]
    [InlineData("<rdf:Description rdf:about='http://ex/s'><ex:p rdf:resource='http://ex/o'>text</ex:p></rdf:Description>", "text content")]
    [InlineData("<rdf:Description rdf:about='http://ex/s' foo='x'/>", "has no namespace")]
    [InlineData("<rdf:Description rdf:about='http://ex/s'>stray</rdf:Description>", "only property elements")]
    [InlineData("<Thing/>", "has no namespace")]
    [InlineData("<rdf:Description rdf:bagID='b'/>", "cannot be used as an attribute")]
    public void Grammar_errors(string body, string reason)
    {
        var ex = Fails(Head + body + "</rdf:RDF>");
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.True(ex.Line > 0 && ex.Column > 0);
    }

    [Fact]
    public void Malformed_xml_is_a_syntax_error_with_position()
    {
        var ex = Fails(Head + "\n<rdf:Description></rdf:RDF>");
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Relative_iri_without_base_is_an_error()
    {
        var ex = Assert.Throws<RdfSyntaxException>(() => Parse(Head + "<rdf:Description rdf:about='rel'/></rdf:RDF>", baseIri: null));
        Assert.Contains("no base IRI", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Internal_entities_are_expanded()
    {
        var quads = Parse($"<!DOCTYPE rdf:RDF [<!ENTITY ex 'http://ex/'>]>" + Head + "<rdf:Description rdf:about='&ex;s'><ex:p rdf:resource='&ex;o'/></rdf:Description></rdf:RDF>");
        AssertGraph("<http://ex/s> <http://ex/p> <http://ex/o> .", quads);
    }

    [Fact]
    public void External_entities_are_never_resolved()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "SECRET");
            var uri = new Uri(file).AbsoluteUri;
            string xml = $"<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM '{uri}'>]>" + Head + "<rdf:Description rdf:about='http://ex/s'><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>";
            List<Quad>? quads = null;
            try { quads = Parse(xml); }
            catch (RdfSyntaxException) { return; } // refusing the document is fine
            Assert.DoesNotContain(quads, q => q.Object is Literal l && l.Lexical.Contains("SECRET", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Entity_expansion_bombs_are_refused()
    {
        var sb = new StringBuilder("<!DOCTYPE rdf:RDF [<!ENTITY a0 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'>");
        for (int i = 1; i < 10; i++)
            sb.Append($"<!ENTITY a{i} '{string.Concat(Enumerable.Repeat($"&a{i - 1};", 10))}'>");
        sb.Append("]>").Append(Head).Append("<rdf:Description rdf:about='http://ex/s'><ex:p>&a9;</ex:p></rdf:Description></rdf:RDF>");
        Assert.Throws<RdfSyntaxException>(() => Parse(sb.ToString()));
    }

    [Fact]
    public void Stream_input_honours_the_xml_encoding_declaration()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version='1.0' encoding='ISO-8859-1'?>" + Head
            + "<rdf:Description rdf:about='http://ex/s'><ex:p>caf\u00e9</ex:p></rdf:Description></rdf:RDF>");
        var list = new List<Quad>();
        new RdfXmlParser().Parse(new MemoryStream(bytes), new DelegateSink(list.Add));
        Assert.Equal("caf\u00e9", ((Literal)Assert.Single(list).Object).Lexical);
    }

    [Fact]
    public void Triples_go_to_the_default_graph_option()
    {
        var g = new Iri("http://ex/g");
        var list = new List<Quad>();
        new RdfXmlParser().Parse(new StringReader(Head + "<rdf:Description rdf:about='http://ex/s' ex:p='v'/></rdf:RDF>"),
            new DelegateSink(list.Add), new ParserOptions { DefaultGraph = g });
        Assert.Equal(g, Assert.Single(list).Graph);
    }
}

public class RdfXmlLenientTests
{
    [Fact]
    public void Lenient_mode_skips_bad_elements_and_reports_them()
    {
        const string xml = "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:ex='http://ex/'>"
            + "<rdf:Description rdf:about='http://ex/s'>"
            + "<ex:bad rdf:resource='http://ex/o'>text<ex:deep><ex:deeper/></ex:deep></ex:bad>"
            + "<ex:good>1</ex:good>"
            + "</rdf:Description>"
            + "<rdf:li/>"
            + "<rdf:Description rdf:about='http://ex/t' ex:p='2'/>"
            + "</rdf:RDF>";
        var errors = new List<RdfSyntaxException>();
        var list = new List<Quad>();
        new RdfXmlParser().Parse(new StringReader(xml), new DelegateSink(list.Add),
            new ParserOptions { Lenient = true, OnError = errors.Add });
        Assert.Equal(2, errors.Count);
        Assert.Equal(["1", "2"], list.Select(q => ((Literal)q.Object).Lexical));
    }

    [Fact]
    public void Lenient_mode_does_not_recover_from_malformed_xml()
    {
        Assert.Throws<RdfSyntaxException>(() => new RdfXmlParser().Parse(
            new StringReader("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><a></rdf:RDF>"),
            new CountingSink(), new ParserOptions { Lenient = true }));
    }
}

public class RdfXmlDtdTests
{
    [Fact]
    public void External_dtd_is_not_fetched_and_does_not_fail()
    {
        const string xml = "<!DOCTYPE rdf:RDF PUBLIC \"-//DUBLIN CORE//DCMES DTD 2002/07/31//EN\" \"http://invalid.example/dcmes.dtd\">"
            + "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
            + "<rdf:Description rdf:about='http://ex/s'><dc:title>T</dc:title></rdf:Description></rdf:RDF>";
        var list = new List<Quad>();
        new RdfXmlParser().Parse(new StringReader(xml), new DelegateSink(list.Add));
        Assert.Single(list);
    }

    [Fact]
    public void Xml_errors_read_like_our_own()
    {
        var ex = Assert.Throws<RdfSyntaxException>(() => new RdfXmlParser().Parse(
            new StringReader("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n  <a></b></rdf:RDF>"), new CountingSink()));
        Assert.Equal(2, ex.Line);
        Assert.DoesNotContain("position", ex.Message, StringComparison.Ordinal);
    }
}
