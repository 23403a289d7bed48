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
