namespace PhdResolver.Rdf.Tests;

/// <summary>Inputs found by bench/fuzz (afl++ through SharpFuzz), kept as regression tests (issue 12, item 7).</summary>
public class FuzzRegressionTests
{
    private static readonly RdfFormat[] Writers = [RdfFormat.Turtle, RdfFormat.TriG, RdfFormat.NTriples, RdfFormat.NQuads, RdfFormat.RdfXml, RdfFormat.JsonLd];

    /// <summary>Parses, writes in every syntax and reads each output back: all must succeed and agree.</summary>
    private static void RoundTrips(string text, RdfFormat format)
    {
        var ds = Dataset.Parse(text, format, new ParserOptions { BaseIri = "http://fuzz.test/doc" });
        foreach (var f in Writers)
        {
            string written = ds.Write(f);
            var back = Dataset.Parse(written, f, new ParserOptions { BaseIri = "http://fuzz.test/doc" });
            Assert.True(Isomorphism.AreIsomorphic(ds, back), $"{f}:\n{written}");
        }
    }

    [Fact]
    public void JsonLd_writer_leaves_out_a_prefix_named_like_an_iri_scheme_in_the_data()
    {
        // bench/fuzz/findings/turtle/jsonld-writer-iri-confused-with-prefix.ttl: prefix "p" and the
        // absolute IRI <p:tht//.ae>; compaction refused with "IRI confused with a compact IRI", so
        // valid data could not be written as JSON-LD at all.
        RoundTrips("@prefix p: <htxample/s>.\np: <htt0://a.example/p> <p:tht//.ae> .\n", RdfFormat.Turtle);
    }

    [Theory]
    [InlineData("N")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("[1,")]
    public void JsonLd_writer_keeps_an_rdf_json_literal_that_is_not_json(string lexical)
    {
        // bench/fuzz/findings/nquads/jsonld-writer-*.nq: "N"^^rdf:JSON is valid RDF (an ill-typed literal), but
        // the JSON-LD writer threw "invalid JSON literal" (the fromRdf algorithm's error, kept for the W3C
        // suite); duplicate keys escaped as ArgumentException. Now written typed with the rdf:JSON IRI.
        string nq = "<http://e/s> <http://e/p> \"" + lexical.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON> .\n";
        RoundTrips(nq, RdfFormat.NQuads);
    }

    [Theory]
    [InlineData("=fr")]
    [InlineData("f[")]
    [InlineData("en-")]
    [InlineData("-en")]
    [InlineData("en us")]
    public void RdfXml_refuses_a_bad_xml_lang_with_a_position(string lang)
    {
        // bench/fuzz/findings/rdfxml/bad-xml-lang*.rdf: the tag was kept, and Turtle and N-Triples output could not be read back.
        string xml = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n"
            + $"<rdf:Description rdf:about=\"http://e/s\" xml:lang=\"{lang}\" e:p=\"chat\"/>\n</rdf:RDF>";
        var e = Assert.Throws<RdfSyntaxException>(() => Dataset.Parse(xml, RdfFormat.RdfXml));
        Assert.Contains("bad language tag", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void RdfXml_keeps_good_language_tags_and_an_empty_one()
    {
        string xml = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\" xml:lang=\"de-CH-1996\">\n"
            + "<rdf:Description rdf:about=\"http://e/s\" e:p=\"a\"/><rdf:Description rdf:about=\"http://e/t\" xml:lang=\"\" e:p=\"b\"/>\n</rdf:RDF>";
        var ds = Dataset.Parse(xml, RdfFormat.RdfXml);
        Assert.Contains(ds, q => q.Object is Literal { Language: "de-CH-1996" });
        Assert.Contains(ds, q => q.Object is Literal { Lexical: "b", Language: null });
    }

    [Fact]
    public void RdfXml_refuses_an_xml_base_with_characters_no_iri_holds()
    {
        // bench/fuzz/findings/rdfxml/xml-base-*.rdf: a base with a newline (a space after attribute normalisation) or '>'
        // made every relative reference under it an IRI that no other syntax could write.
        string xml = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">\n"
            + "<rdf:Description xml:base=\"http://e/a b/\" rdf:about=\"x\" e:p=\"v\"/>\n</rdf:RDF>";
        var e = Assert.Throws<RdfSyntaxException>(() => Dataset.Parse(xml, RdfFormat.RdfXml));
        Assert.Contains("xml:base", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void JsonLd_writer_leaves_out_a_prefix_that_is_a_bare_scheme()
    {
        // bench/fuzz/findings/jsonld/bare-scheme-prefix.jsonld: "~": "http:" compacted http://www.w3.org/... to
        // "~://www.w3.org/...", which reads back as an IRI with the scheme "~" (refused: "@type must be an IRI").
        var ds = Dataset.Parse("{\"@context\":{\"~\":\"http:\"},\"@id\":\"http://e/s\",\"http://e/p\":true}", RdfFormat.JsonLd);
        string written = ds.Write(RdfFormat.JsonLd);
        Assert.True(Isomorphism.AreIsomorphic(ds, Dataset.Parse(written, RdfFormat.JsonLd)), written);
    }

    public static TheoryData<string> DuplicateKeyFiles() => new() { "duplicate-key-0.jsonld", "duplicate-key-1.jsonld", "duplicate-key-5.jsonld", "duplicate-key-10.jsonld" };

    [Theory]
    [MemberData(nameof(DuplicateKeyFiles))]
    public void JsonLd_with_duplicate_keys_is_a_syntax_error_with_a_position(string name)
    {
        // Found by fuzzing: JsonObject threw ArgumentException ("An item with the same key has
        // already been added") when JSON-LD processing first touched the object.
        string text = File.ReadAllText(Path.Combine(FindRepo(), "bench", "fuzz", "findings", "jsonld", name));
        var e = Assert.Throws<RdfSyntaxException>(() => Dataset.Parse(text, RdfFormat.JsonLd));
        Assert.True(e.Line > 0, e.Message);
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("repository root (PhdResolver.sln) not found");
    }

    public static TheoryData<string> Findings()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(FindRepo(), "bench", "fuzz", "findings"), "*", SearchOption.AllDirectories))
            if (RdfFormats.TryFromFileName(f, out _)) data.Add(Path.GetRelativePath(FindRepo(), f));
        return data;
    }

    /// <summary>
    /// Every input fuzzing found (bench/fuzz/findings) is either refused with a syntax error that
    /// names a position, or parses and is written in every syntax, and each output reads back as
    /// the same graph. Before the fixes, RDF/XML with relative namespaces (xmlns:eg="httpfr") or
    /// IRIs with spaces parsed into data no writer could write readably.
    /// </summary>
    [Theory]
    [MemberData(nameof(Findings))]
    public void Fuzz_findings_are_refused_with_a_position_or_round_trip(string relative)
    {
        string path = Path.Combine(FindRepo(), relative);
        Assert.True(RdfFormats.TryFromFileName(path, out var format));
        Dataset ds;
        try
        {
            using var s = File.OpenRead(path);
            ds = new Dataset();
            RdfFormats.CreateParser(format).Parse(s, ds, new ParserOptions { BaseIri = "http://fuzz.test/doc" });
        }
        catch (RdfSyntaxException e)
        {
            Assert.True(e.Line > 0 || e.JsonPath is not null, e.Message);
            return;
        }
        foreach (var f in Writers)
        {
            string written;
            try
            {
                written = ds.Write(f);
            }
            catch (UnwritableDataException)
            {
                continue;
            }
            var back = Dataset.Parse(written, f, new ParserOptions { BaseIri = "http://fuzz.test/doc" });
            Assert.True(Isomorphism.AreIsomorphic(ds, back), $"{f}:\n{written}");
        }
    }
}
