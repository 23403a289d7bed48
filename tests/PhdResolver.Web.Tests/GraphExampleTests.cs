using System.Text.Json;
using PhdResolver.Web.Sparql;

namespace PhdResolver.Web.Tests;

/// <summary>
/// The five example queries of README "The graph" and the /sparql page, each pinned on the demo
/// data: the records and the descriptors are one graph, and the answers follow from it.
/// </summary>
public sealed class GraphExampleTests(DemoHost fixture) : IClassFixture<DemoHost>
{
    private readonly HttpClient _c = fixture.Host.Client;

    private async Task<List<Dictionary<string, string>>> Rows(string query)
    {
        var r = await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString(query));
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, text);
        using var doc = JsonDocument.Parse(text);
        var rows = new List<Dictionary<string, string>>();
        foreach (var b in doc.RootElement.GetProperty("results").GetProperty("bindings").EnumerateArray())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in b.EnumerateObject()) row[p.Name] = p.Value.GetProperty("value").GetString()!;
            rows.Add(row);
        }
        return rows;
    }

    private static string Local(string iri) => iri[(iri.LastIndexOfAny(['/', '#']) + 1)..];

    [Fact]
    public async Task A_facilities_in_a_country_with_a_current_561_nm_and_NA_1_4_oil_confocal()
    {
        var rows = await Rows(SparqlExamples.FacilitiesWith561AndOil.Query);
        // Only Confocal 1 in DE qualifies: Confocal 2 (NL, water objective) does not, nor do widefields.
        var row = Assert.Single(rows);
        Assert.Equal("Demo Light Microscopy Core (example data)", row["name"]);
        Assert.Equal("RRID:SCR_DEMO01", row["rrid"]);
        Assert.Equal("ror:0zzdem023", row["ror"]);
        Assert.Equal("http://localhost/doi:10.5072/phd-demo.confocal-1", row["instrument"]);
        Assert.Equal("http://localhost/RRID:SCR_DEMO01", row["facility"]);
    }

    [Fact]
    public async Task F_text_query_joins_full_text_hits_with_current_configurations()
    {
        var rows = await Rows(SparqlExamples.TextSearchCurrent.Query);
        Assert.NotEmpty(rows);
        Assert.Contains(rows, r => r["name"].StartsWith("Confocal 1", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.StartsWith("http://localhost/phd:", r["phd"], StringComparison.Ordinal));
        var scores = rows.Select(r => double.Parse(r["score"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.OrderDescending(), scores); // best first
    }

    [Fact]
    public async Task B_instruments_per_facility_and_modality()
    {
        var rows = await Rows(SparqlExamples.InstrumentsPerFacility.Query);
        Assert.Equal(
            [
                "Demo Light Microscopy Core (example data)|confocal|1",
                "Demo Light Microscopy Core (example data)|widefield|1",
                "Second Demo Imaging Facility (example data)|confocal|1",
                "Second Demo Imaging Facility (example data)|widefield|1",
            ],
            rows.Select(r => r["facility"] + "|" + r["modality"] + "|" + r["instruments"]));
    }

    [Fact]
    public async Task C_what_changed_between_two_versions()
    {
        var rows = await Rows(SparqlExamples.ChangesBetweenVersions.Query);
        var changes = rows.Select(r => r["change"] + " " + r["component"] + " " + Local(r["property"]) + " " + r["value"]).ToList();
        // c2: a 40x/1.2 water objective replaces the 20x air objective; the 639 nm laser was removed.
        Assert.Contains(changes, c => c.StartsWith("added instrument hasComponent ", StringComparison.Ordinal) && c.EndsWith("#obj40", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("removed instrument hasComponent ", StringComparison.Ordinal) && c.EndsWith("#obj20", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("removed instrument hasComponent ", StringComparison.Ordinal) && c.EndsWith("#laser639", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("added obj40 lensNA 1.2", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("removed laser639 wavelength", StringComparison.Ordinal));
        // Nothing about the components both versions share.
        Assert.DoesNotContain(changes, c => c.Contains(" obj63 ", StringComparison.Ordinal) || c.Contains(" laser561 ", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.DoesNotContain(r["component"], new[] { "obj63", "laser561", "stand", "pmt1" }));
    }

    [Fact]
    public async Task D_every_detector_of_any_subclass_by_manufacturer()
    {
        var rows = await Rows(SparqlExamples.DetectorsByManufacturer.Query);
        var got = rows.Select(r => r.GetValueOrDefault("manufacturer", "-") + "|" + Local(r["type"]) + "|" + r["detectors"]).ToList();
        // PMTs of both confocals (current configurations only: c1 of Confocal 1 is not counted twice),
        // the sCMOS camera of Widefield 1 and the CMOS camera of Widefield 2, through rdfs:subClassOf*.
        Assert.Contains("Carl Zeiss Microscopy|PhotoMultiplier|2", got);
        Assert.Contains("Leica Microsystems|PhotoMultiplier|1", got);
        Assert.Contains("Example Cameras Ltd|CMOS|1", got);
        Assert.Contains(got, g => g.StartsWith("Hamamatsu", StringComparison.Ordinal) || g.Contains("Camera|", StringComparison.Ordinal) || g.Contains("CMOS|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task E_instruments_whose_current_configuration_does_not_meet_tier_2()
    {
        var rows = await Rows(SparqlExamples.BelowTier2.Query);
        // Confocal 1's current c2 meets tier 2; the others were written at tier 1 or less.
        Assert.Equal(["Confocal 2 (imaging hall)|1", "Widefield 1 (room B2.108)|1", "Widefield 2 (teaching lab)|0"], rows.Select(r => r["name"] + "|" + r["tier"]));
    }

    [Fact]
    public void The_README_shows_the_same_five_queries()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PhdResolver.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        static string Norm(string s) => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        string readme = Norm(File.ReadAllText(Path.Combine(dir!.FullName, "README.md")));
        foreach (var ex in new[] { SparqlExamples.FacilitiesWith561AndOil, SparqlExamples.InstrumentsPerFacility, SparqlExamples.ChangesBetweenVersions, SparqlExamples.DetectorsByManufacturer, SparqlExamples.BelowTier2 })
        {
            string body = ex.Query[ex.Query.IndexOf("SELECT", StringComparison.Ordinal)..];
            Assert.Contains(Norm(body), readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Describe_over_sparql_and_the_landing_page_RDF_carry_the_same_triples_plus_linked_names()
    {
        const string iri = "http://localhost/doi:10.5072/phd-demo.confocal-1";
        var d = await _c.GetAsync("/sparql?query=" + Uri.EscapeDataString($"DESCRIBE <{iri}>") + "&format=nt");
        var viaSparql = await d.Content.ReadAsStringAsync();
        Assert.True(d.IsSuccessStatusCode, viaSparql);
        var req = new HttpRequestMessage(HttpMethod.Get, "/doi:10.5072/phd-demo.confocal-1");
        req.Headers.Accept.ParseAdd("application/n-triples");
        var page = await _c.SendAsync(req);
        if ((int)page.StatusCode is 301 or 302 or 303)
        {
            req = new HttpRequestMessage(HttpMethod.Get, page.Headers.Location);
            req.Headers.Accept.ParseAdd("application/n-triples");
            page = await _c.SendAsync(req);
        }
        var viaPage = await page.Content.ReadAsStringAsync();
        Assert.True(page.IsSuccessStatusCode, viaPage);
        var a = Rdf.Dataset.Parse(viaSparql, Rdf.RdfFormat.NTriples);
        var b = Rdf.Dataset.Parse(viaPage, Rdf.RdfFormat.NTriples);
        Assert.True(a.Count > 10);
        // The page adds the types, names and identifiers of the records it links to (README "The graph"):
        // without those triples (subjects: the linked records and their identifier nodes) it is the DESCRIBE.
        var linked = a.Where(q => q.Object is Rdf.Iri o && o.Value != iri).Select(q => q.Object).ToHashSet();
        var linkedNodes = b.Where(q => linked.Contains(q.Subject) && q.Object is Rdf.BlankNode).Select(q => q.Object).ToHashSet();
        var own = new Rdf.Dataset();
        foreach (var q in b) if (!linked.Contains(q.Subject) && !linkedNodes.Contains(q.Subject)) own.Add(q);
        Assert.True(Rdf.Isomorphism.AreIsomorphic(a, own), $"DESCRIBE gave {a.Count} triples, the page {own.Count} of its own");
        var extra = b.Where(q => linked.Contains(q.Subject)).Select(q => ((Rdf.Iri)q.Predicate).Value).ToHashSet();
        Assert.Contains("https://schema.org/name", extra);
        Assert.Subset(new HashSet<string> { "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://schema.org/name", "https://schema.org/identifier" }, extra);
    }
}
