using Microsoft.Data.Sqlite;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Search;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using static PhdResolver.Registry.Tests.TestRegistry;

namespace PhdResolver.Registry.Tests;

/// <summary>What the Lucene index adds: analysis, synonyms, typos, ranges, facets, consistency and text:query.</summary>
public class SearchFeatureTests
{
    private const string Nbo = "https://w3id.org/nbo-q/";

    /// <summary>A confocal descriptor with an objective, a 561 nm laser, a GaAsP PMT and an sCMOS camera.</summary>
    internal static Dataset Rich()
    {
        var ds = new Dataset();
        var inst = new Iri("https://lab.example.org/lsm/1");
        void Add(Term s, string p, Term o) => ds.Add(new Quad(s, new Iri(Nbo + p), o));
        void Type(Term s, string c) => ds.Add(new Quad(s, Vocab.Rdf.Type, new Iri(Nbo + c)));
        Literal D(double d) => new(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), new Iri("http://www.w3.org/2001/XMLSchema#double"));
        Type(inst, "Instrument");
        var obj = new Iri("https://lab.example.org/lsm/1#obj");
        Type(obj, "Objective");
        Add(inst, "hasComponent", obj);
        Add(obj, "name", new Literal("Plan-Apochromat 63x/1.40 Oil DIC"));
        Add(obj, "manufacturer", new Literal("Carl Zeiss Microscopy"));
        Add(obj, "lensNA", D(1.4));
        Add(obj, "magnification", D(63));
        var laser = new Iri("https://lab.example.org/lsm/1#l561");
        Type(laser, "Laser");
        Add(inst, "hasComponent", laser);
        Add(laser, "name", new Literal("561 nm DPSS laser"));
        Add(laser, "manufacturer", new Literal("Coherent"));
        Add(laser, "wavelength", D(561));
        Add(laser, "wavelengthUnit", new Iri("http://qudt.org/vocab/unit/NanoM"));
        Add(laser, "power", D(0.02));
        Add(laser, "powerUnit", new Iri("http://qudt.org/vocab/unit/W"));
        var pmt = new Iri("https://lab.example.org/lsm/1#pmt");
        Type(pmt, "PhotoMultiplier");
        Add(inst, "hasComponent", pmt);
        Add(pmt, "name", new Literal("GaAsP channel 1"));
        Add(pmt, "manufacturer", new Literal("Hamamatsu"));
        var cam = new Iri("https://lab.example.org/lsm/1#cam");
        Type(cam, "CMOS");
        Add(inst, "hasComponent", cam);
        Add(cam, "name", new Literal("ORCA-Fusion sCMOS"));
        Add(cam, "manufacturer", new Literal("Hamamatsu"));
        Add(cam, "pixelSize", D(6.5));
        return ds;
    }

    private static TestRegistry RichRegistry()
    {
        var t = new TestRegistry();
        t.Registry.RegisterFacility(new NewFacility { Rrid = F, Name = "Advanced Light Microscopy Facility", City = "Heidelberg", Country = "DE" }, "cli");
        t.Registry.RegisterFacility(new NewFacility { Ror = F2, Name = "Imaging Core Boston", City = "Boston", Country = "US" }, "cli");
        t.Registry.RegisterModel(new NewModel { Rrid = M, Name = "LSM980", Manufacturer = "Zeiss", Modality = "confocal" }, "cli");
        t.Registry.RegisterModel(new NewModel { Rrid = "RRID:SCR_000777", Name = "Ti2-E", Manufacturer = "Nikon", Modality = "widefield" }, "cli");
        t.Registry.RegisterInstance(new NewInstance { Identifier = I, Name = "Confocal room 3", Facility = F, Model = M, Description = "Inverted confocal with Airyscan" }, "cli");
        t.Registry.RegisterInstance(new NewInstance { Identifier = "hdl:21.T11998/abc", Name = "Widefield B", Facility = F2, Model = "RRID:SCR_000777" }, "cli");
        t.Registry.SubmitVersion(I, Rich(), 2, "cli");
        t.Registry.SubmitVersion("hdl:21.T11998/abc", Graph("CFI Plan Fluor 20x", immersion: "air"), 1, "cli");
        return t;
    }

    private static List<string> Pids(SearchResults r) => [.. r.Hits.Select(h => h.Pid)];
    private static string V1(TestRegistry t) => t.Registry.GetVersions(Pid.Parse(I))[0].Accession.ToString();

    [Theory]
    [InlineData("objectives")]       // stemming
    [InlineData("Objective")]
    [InlineData("63x/1.40")]         // word-delimiter splitting
    [InlineData("63x")]
    [InlineData("sCMOS")]
    [InlineData("scmos")]
    [InlineData("cmos")]
    [InlineData("PMT")]              // synonyms: curated list
    [InlineData("photomultiplier")]  // ... and the ontology's class label
    [InlineData("detector")]         // a superclass label: PMTs and cameras are detectors
    [InlineData("camera")]
    [InlineData("GaAsP")]
    [InlineData("Hamamatsu")]
    [InlineData("Hamamtsu")]         // a typo
    [InlineData("Zeis")]
    [InlineData("\"oil dic\"")]
    [InlineData("DPSS")]
    [InlineData("lasers 561")]
    public void Finds_the_descriptor(string q)
    {
        using var t = RichRegistry();
        var r = t.Registry.Search(q);
        Assert.Contains(V1(t), Pids(r));
    }

    [Theory]
    [InlineData("LSM980")]
    [InlineData("LSM 980")]
    [InlineData("lsm980")]
    [InlineData("laser scanning microscope")] // LSM's synonym
    public void Model_names_match_in_parts(string q)
    {
        using var t = RichRegistry();
        Assert.Contains(M, Pids(t.Registry.Search(q, new SearchFilter { Level = PidLevel.Model })));
    }

    [Theory]
    [InlineData("na>=1.4", true)]
    [InlineData("na >= 1.4", true)]
    [InlineData("NA≥1.4", true)]
    [InlineData("na>1.4", false)]
    [InlineData("na:1.4", true)]
    [InlineData("wavelength:550..570", true)]
    [InlineData("wavelength:562..570", false)]
    [InlineData("wl:..561", true)]
    [InlineData("magnification>=60", true)]
    [InlineData("mag<60", false)]
    [InlineData("power:20", true)]      // 0.02 W is 20 mW
    [InlineData("pixel<=6.5", true)]
    [InlineData("laser wavelength:550..570", true)]
    [InlineData("camera na>=1.5", false)]
    public void Numeric_ranges(string q, bool found)
    {
        using var t = RichRegistry();
        Assert.Equal(found, Pids(t.Registry.Search(q)).Contains(V1(t)));
    }

    [Fact]
    public void Facets_cover_component_type_and_manufacturer_country_modality_and_filter()
    {
        using var t = RichRegistry();
        var all = t.Registry.Search(null);
        Assert.Contains(new FacetCount("Hamamatsu", 1), all.Facets.ComponentManufacturer);
        Assert.Contains(new FacetCount("PhotoMultiplier", 1), all.Facets.ComponentType);
        Assert.Contains(new FacetCount("CMOS", 1), all.Facets.ComponentType);
        Assert.Contains(new FacetCount("DE", 3), all.Facets.Country); // facility, instance, version
        Assert.Contains(new FacetCount("confocal", 3), all.Facets.Modality); // model, instance, version
        Assert.Contains(new FacetCount("descriptor", 2), all.Facets.Level);
        var hama = t.Registry.Search("detector", new SearchFilter { ComponentManufacturer = "Hamamatsu" });
        Assert.Equal([V1(t)], Pids(hama));
        Assert.Equal("Hamamatsu", hama.Filter.ComponentManufacturer);
        Assert.Equal(0, t.Registry.Search("detector", new SearchFilter { Country = "US" }).Total);
        Assert.Equal(2, t.Registry.Search(null, new SearchFilter { Modality = "widefield", Level = null }).Hits.Count(h => h.Level != PidLevel.Model));
        // Counts are over the hits: "laser" hits one document, with one type of each component.
        var lasers = t.Registry.Search("laser");
        Assert.All(lasers.Facets.ComponentType, f => Assert.Equal(1, f.Count));
    }

    [Fact]
    public void Snippets_mark_matches_as_runs_of_plain_text()
    {
        using var t = RichRegistry();
        var hit = t.Registry.Search("photomultiplier").Hits.Single(h => h.Level == PidLevel.Descriptor);
        Assert.Contains(hit.Snippet, p => p.Highlight);
        var phrase = t.Registry.Search("\"oil dic\"").Hits.Single();
        Assert.Contains(phrase.Snippet, p => p.Highlight && p.Text.Equals("Oil DIC", StringComparison.Ordinal)); // one run for the phrase
    }

    [Fact]
    public void The_index_follows_every_commit_and_its_generation_the_registry()
    {
        using var t = RichRegistry();
        var (reg, ix) = t.Registry.SearchGenerations;
        Assert.Equal(reg, ix);
        Assert.True(reg >= 8);
        Assert.Equal(t.Registry.SearchablePids().Order(), t.Registry.IndexedPids().Order());
        t.Reopen();
        Assert.True(t.Registry.SearchIndexReady.IsCompleted); // equal generations: no rebuild
        Assert.Equal(reg, t.Registry.SearchGenerations.Index);
        Assert.Contains(V1(t), Pids(t.Registry.Search("GaAsP")));
    }

    [Fact]
    public async Task A_missing_index_is_rebuilt_from_the_registry()
    {
        using var t = RichRegistry();
        var expected = t.Registry.SearchablePids().Order().ToList();
        t.Registry.Dispose();
        Directory.Delete(Path.Combine(t.Dir, "search"), recursive: true);
        t.Reopen();
        await t.Registry.SearchIndexReady;
        Assert.Equal(expected, t.Registry.IndexedPids().Order());
        Assert.Equal(t.Registry.SearchGenerations.Registry, t.Registry.SearchGenerations.Index);
    }

    [Fact]
    public async Task A_corrupt_index_is_rebuilt_from_the_registry()
    {
        using var t = RichRegistry();
        var expected = t.Registry.SearchablePids().Order().ToList();
        t.Registry.Dispose();
        string folder = Directory.GetDirectories(Path.Combine(t.Dir, "search")).Single();
        foreach (var f in Directory.GetFiles(folder))
            if (!f.EndsWith("write.lock", StringComparison.Ordinal)) File.WriteAllBytes(f, new byte[17]); // every file garbage
        t.Reopen();
        await t.Registry.SearchIndexReady;
        Assert.Equal(expected, t.Registry.IndexedPids().Order());
        Assert.Single(Directory.GetDirectories(Path.Combine(t.Dir, "search"))); // the broken folder is gone
    }

    [Fact]
    public async Task A_stale_index_keeps_answering_until_the_rebuild_swaps_in()
    {
        using var t = RichRegistry();
        var expected = t.Registry.SearchablePids().Order().ToList();
        long generation = t.Registry.SearchGenerations.Registry;
        t.Registry.Dispose();
        t.Store.Dispose();
        // A crash between the SQLite commit and the Lucene commit: the registry is one generation ahead.
        using (var c = new SqliteConnection($"Data Source={Path.Combine(t.Dir, PhdResolver.Store.QuadStore.DatabaseFileName)};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE reg_meta SET value = $g WHERE key = 'search-generation'";
            cmd.Parameters.AddWithValue("$g", (generation + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        t.Reopen();
        Assert.Contains(V1(t), Pids(t.Registry.Search("GaAsP"))); // the old index answers (before or after the swap)
        await t.Registry.SearchIndexReady;
        Assert.Equal((generation + 1, generation + 1), t.Registry.SearchGenerations);
        Assert.Equal(expected, t.Registry.IndexedPids().Order());
    }

    [Fact]
    public void Text_query_joins_hits_with_graph_patterns()
    {
        using var t = RichRegistry();
        var engine = new SparqlEngine(t.Store, new SparqlOptions { PropertyFunctions = t.Registry.PropertyFunctions });
        string version = t.Registry.RecordIri(t.Registry.GetVersions(Pid.Parse(I))[0].Pid).Value;
        var r = (BindingsResult)engine.Query("""
            PREFIX text: <http://jena.apache.org/text#>
            PREFIX nboq: <https://w3id.org/nbo-q/>
            SELECT ?phd ?score ?instrument WHERE {
              (?phd ?score) text:query ("GaAsP detector" 10) .
              ?instrument nboq:currentVersion ?phd .
            }
            """);
        var row = Assert.Single(r.Rows.ToList());
        Assert.Equal(version, ((Iri)row[0]!).Value);
        Assert.True(double.Parse(((Literal)row[1]!).Lexical, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(t.Registry.RecordIri(Pid.Parse(I)).Value, ((Iri)row[2]!).Value);

        // The plain form; a constant subject keeps only that record.
        var plain = (BindingsResult)engine.Query("SELECT ?s WHERE { ?s <http://jena.apache.org/text#query> \"confocal\" }");
        Assert.Contains(plain.Rows.ToList(), x => ((Iri)x[0]!).Value == t.Registry.RecordIri(Pid.Parse(M)).Value);
        var ask = (BooleanResult)engine.Query($"ASK {{ <{version}> <http://jena.apache.org/text#query> \"hamamatsu\" }}");
        Assert.True(ask.Value);

        // Bad arguments are refused with a message; without the registration the pattern is an ordinary triple.
        Assert.Throws<PropertyFunctionException>(() => engine.Query("SELECT ?s WHERE { ?s <http://jena.apache.org/text#query> ?x }"));
        Assert.Contains("not closed", Assert.Throws<PropertyFunctionException>(() => engine.Query("SELECT ?s WHERE { ?s <http://jena.apache.org/text#query> \"\\\"oil\" }")).Message, StringComparison.Ordinal);
        var bare = (BindingsResult)new SparqlEngine(t.Store).Query("SELECT ?s WHERE { ?s <http://jena.apache.org/text#query> \"confocal\" }");
        Assert.Empty(bare.Rows);
    }
}
