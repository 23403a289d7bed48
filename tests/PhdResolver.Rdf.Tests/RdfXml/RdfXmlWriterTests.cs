namespace PhdResolver.Rdf.Tests;

public class RdfXmlWriterTests
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private static string Write(IEnumerable<Quad> quads, WriterOptions? options = null)
    {
        var sw = new StringWriter();
        var w = new RdfXmlWriter(sw, options);
        foreach (var q in quads) w.OnQuad(q);
        w.Finish();
        return sw.ToString();
    }

    private static Dataset Read(string xml, string? baseIri = null)
    {
        var ds = new Dataset();
        new RdfXmlParser().Parse(new StringReader(xml), ds, new ParserOptions { BaseIri = baseIri });
        return ds;
    }

    private static Dataset Nt(string text)
    {
        var ds = new Dataset();
        new NTriplesParser(quads: true).Parse(new StringReader(text), ds);
        return ds;
    }

    [Fact]
    public void Typed_node_elements_prefixes_and_literals()
    {
        var data = Nt($"""
            <http://ex.org/m1> <{Rdf}type> <http://ex.org/voc#Microscope> .
            <http://ex.org/m1> <http://ex.org/voc#name> "Zeiss"@en .
            <http://ex.org/m1> <http://ex.org/voc#year> "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> .
            <http://ex.org/m1> <http://other.org/part> _:b .
            _:b <http://ex.org/voc#name> "line1\nline2\r\n & <tag>" .
            """);
        string xml = Write(data, new WriterOptions { Prefixes = new Dictionary<string, string> { ["voc"] = "http://ex.org/voc#" } });
        Assert.Contains("<voc:Microscope rdf:about=\"http://ex.org/m1\">", xml, StringComparison.Ordinal);
        Assert.Contains("<voc:name xml:lang=\"en\">Zeiss</voc:name>", xml, StringComparison.Ordinal);
        Assert.Contains("xmlns:ns0=\"http://other.org/\"", xml, StringComparison.Ordinal);
        Assert.Contains("rdf:nodeID=", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<rdf:type", xml, StringComparison.Ordinal);
        Assert.True(Isomorphism.AreIsomorphic(data, Read(xml)), xml);
    }

    [Fact]
    public void Named_graphs_are_merged_into_one_graph()
    {
        var data = Nt("""
            <http://ex/s> <http://ex/p> "a" <http://ex/g1> .
            <http://ex/s> <http://ex/p> "a" <http://ex/g2> .
            <http://ex/s> <http://ex/p> "b" .
            """);
        var back = Read(Write(data));
        Assert.Equal(2, back.Count);
        Assert.All(back, q => Assert.Null(q.Graph));
    }

    [Fact]
    public void Predicate_without_an_xml_local_name_is_refused_clearly()
    {
        var w = new RdfXmlWriter(new StringWriter());
        var ex = Assert.Throws<NotSupportedException>(() =>
            w.OnQuad(new Quad(new Iri("http://ex/s"), new Iri("http://ex/p/123"), new Literal("x"))));
        Assert.Contains("<http://ex/p/123>", ex.Message, StringComparison.Ordinal);
        Assert.Contains("XML local name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserved_rdf_syntax_names_are_refused_as_predicates()
    {
        var w = new RdfXmlWriter(new StringWriter());
        Assert.Throws<NotSupportedException>(() => w.OnQuad(new Quad(new Iri("http://ex/s"), new Iri(Rdf + "li"), new Literal("x"))));
        Assert.Throws<NotSupportedException>(() => w.OnQuad(new Quad(new Iri("http://ex/s"), new Iri(Rdf + "about"), new Literal("x"))));
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_refused()
    {
        var data = new[] { new Quad(new Iri("http://ex/s"), new Iri("http://ex/p"), new Literal("bell\u0007")) };
        // Refused before anything is written (a typed UnwritableDataException, a NotSupportedException).
        var output = new StringWriter();
        var w = new RdfXmlWriter(output);
        foreach (var q in data) w.OnQuad(q);
        var e = Assert.Throws<UnwritableDataException>(w.Finish);
        Assert.Contains("U+0007", e.Message, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Type_that_is_not_a_qname_stays_an_rdf_type_property()
    {
        var data = Nt($"<http://ex/s> <{Rdf}type> <http://ex/types/42> .");
        string xml = Write(data);
        Assert.Contains("<rdf:Description rdf:about=\"http://ex/s\">", xml, StringComparison.Ordinal);
        Assert.Contains("<rdf:type rdf:resource=\"http://ex/types/42\"/>", xml, StringComparison.Ordinal);
        Assert.True(Isomorphism.AreIsomorphic(data, Read(xml)));
    }

    [Fact]
    public void Base_iri_gives_relative_references_that_resolve_back()
    {
        var data = Nt("""
            <http://ex.org/reg/m1> <http://ex.org/voc#part> <http://ex.org/reg/m2> .
            <http://ex.org/reg/m1> <http://ex.org/voc#doc> <http://elsewhere.org/x> .
            """);
        string xml = Write(data, new WriterOptions { BaseIri = "http://ex.org/reg/" });
        Assert.Contains("xml:base=\"http://ex.org/reg/\"", xml, StringComparison.Ordinal);
        Assert.Contains("rdf:about=\"m1\"", xml, StringComparison.Ordinal);
        Assert.True(Isomorphism.AreIsomorphic(data, Read(xml)), xml);
    }

    [Fact]
    public void Compact_output_round_trips_whitespace_literals()
    {
        var data = Nt("""
            <http://ex/s> <http://ex/p> "  " .
            <http://ex/s> <http://ex/q> "" .
            <http://ex/s> <http://ex/r> ""@de .
            <http://ex/s> <http://ex/t> "\t tab" .
            """);
        string xml = Write(data, new WriterOptions { Pretty = false });
        Assert.True(Isomorphism.AreIsomorphic(data, Read(xml)), xml);
    }

    [Fact]
    public void Empty_graph_is_a_valid_document()
    {
        Assert.Empty(Read(Write([])));
    }
}
