using System.Globalization;
using System.Net;
using System.Text.Json;
using PhdResolver.Rdf;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>A host with the demo facility seeded; read-only tests share it.</summary>
public sealed class DemoHost : IDisposable
{
    public DemoHost()
    {
        Host = TestHost.Start(o => o with { SeedDemoData = true });
        Registry = ((RegistryHost)Host.App.Services.GetService(typeof(RegistryHost))!).Registry;
        var confocal = Registry.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1");
        Instance = PhdResolver.Registry.Resolution.Paths.Of(confocal);
        Facility = "/" + confocal.Facility;
    }

    public TestHost Host { get; }
    public PhdResolver.Registry.RegistryService Registry { get; }
    public string Instance { get; }
    public string Facility { get; }
    public void Dispose() => Host.Dispose();
}

public sealed class RecordTests(DemoHost fx) : IClassFixture<DemoHost>
{
    private readonly HttpClient _c = fx.Host.Client;

    [Fact]
    public async Task Home_lists_the_facility_and_facility_lists_instruments()
    {
        var home = TestHost.ParseHtml(await _c.GetStringAsync("/"));
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == fx.Facility);
        var f = TestHost.ParseHtml(await (await _c.GetWithAccept(fx.Facility, "text/html")).Content.ReadAsStringAsync());
        Assert.Contains(f.QuerySelectorAll("ul.items a"), a => a.GetAttribute("href") == fx.Instance);
    }

    [Fact]
    public async Task Instance_page_has_breadcrumb_versions_cite_as_and_a_json_ld_block()
    {
        var r = await _c.GetWithAccept(fx.Instance, "text/html");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
        Assert.Equal(3, doc.QuerySelectorAll("nav.breadcrumb > *").Length);
        Assert.Equal(2, doc.QuerySelectorAll("table.versions tbody tr").Length);
        Assert.Contains("doi:10.5072/phd-demo.confocal-1", doc.QuerySelector(".citeas")!.TextContent, StringComparison.Ordinal);
        var block = doc.QuerySelector("script[type='application/ld+json']")!.TextContent;
        var ds = Dataset.Parse(block, RdfFormat.JsonLd);
        Assert.Contains(ds, q => q.Predicate == new Iri("https://schema.org/name") && q.Object is Literal { Lexical: "Confocal 1 (room B2.114)" });
        Assert.Contains(ds, q => q.Object == new Iri("https://w3id.org/nbo-q/InstrumentInstance"));
        // Every representation is linked from the page.
        var alts = doc.QuerySelectorAll("a[rel=alternate]").Select(a => a.GetAttribute("type")).ToList();
        foreach (var t in new[] { "application/ld+json", "text/turtle", "application/n-triples", "application/n-quads", "application/trig", "application/rdf+xml", "application/x-bibtex", "application/x-research-info-systems", "application/vnd.citationstyles.csl+json", "application/vnd.datacite.datacite+xml" })
            Assert.Contains(t, alts);
    }

    [Theory]
    [InlineData("application/ld+json", RdfFormat.JsonLd)]
    [InlineData("text/turtle", RdfFormat.Turtle)]
    [InlineData("application/n-triples", RdfFormat.NTriples)]
    [InlineData("application/n-quads", RdfFormat.NQuads)]
    [InlineData("application/trig", RdfFormat.TriG)]
    [InlineData("application/rdf+xml", RdfFormat.RdfXml)]
    public async Task Every_level_negotiates_every_rdf_syntax(string accept, RdfFormat format)
    {
        foreach (var path in new[] { fx.Facility, fx.Instance, fx.Instance + "/c2", "/" + fx.Registry.Models.First().Pid })
        {
            var r = await _c.GetWithAccept(path, accept);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(accept, r.MediaType());
            Assert.Contains("Accept", r.Headers.Vary);
            var ds = Dataset.Parse(await r.Content.ReadAsStringAsync(), format);
            // The subject is the record's stable IRI ({base}{own PID}), not the path it was asked by.
            var res = fx.Registry.Resolver.Resolve(path);
            var self = res.Version?.GraphIri ?? fx.Registry.RecordIri((res.Instance?.Pid ?? res.Model?.Pid ?? res.Facility!.Pid)).Value;
            Assert.Contains(ds, q => q.Subject == new Iri(self));
        }
    }

    [Fact]
    public async Task Descriptor_quads_keep_their_named_graph_in_dataset_syntaxes()
    {
        var nq = Dataset.Parse(await (await _c.GetWithAccept(fx.Instance + "/c1", "application/n-quads")).Content.ReadAsStringAsync(), RdfFormat.NQuads);
        Assert.Contains(nq, q => q.Graph is not null && q.Object == new Iri("https://w3id.org/nbo-q/Objective"));
    }

    [Fact]
    public async Task Q_values_are_honoured_and_format_overrides()
    {
        var r = await _c.GetWithAccept(fx.Instance, "text/html;q=0.5, text/turtle;q=0.9");
        Assert.Equal("text/turtle", r.MediaType());
        var f = await _c.GetWithAccept(fx.Instance + "?format=jsonld", "text/turtle");
        Assert.Equal("application/ld+json", f.MediaType());
        var browser = await _c.GetWithAccept(fx.Instance, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal("text/html", browser.MediaType());
    }

    [Fact]
    public async Task Unsupported_type_is_406_listing_alternatives()
    {
        var r = await _c.GetWithAccept(fx.Instance, "application/pdf");
        var p = await r.AssertProblem(406);
        var alts = p.GetProperty("alternatives").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("text/html", alts);
        Assert.Contains("application/trig", alts);
    }

    [Fact]
    public async Task Conditional_get_by_etag_and_by_date()
    {
        var r = await _c.GetWithAccept(fx.Instance, "text/turtle");
        Assert.NotNull(r.Headers.ETag);
        Assert.NotNull(r.Content.Headers.LastModified);
        var byTag = await _c.Send(HttpMethod.Get, fx.Instance, m =>
        {
            m.Headers.TryAddWithoutValidation("Accept", "text/turtle");
            m.Headers.TryAddWithoutValidation("If-None-Match", r.Headers.ETag!.ToString());
        });
        Assert.Equal(HttpStatusCode.NotModified, byTag.StatusCode);
        var byDate = await _c.Send(HttpMethod.Get, fx.Instance + "?format=nt", m =>
            m.Headers.IfModifiedSince = r.Content.Headers.LastModified!.Value.AddMinutes(1));
        Assert.Equal(HttpStatusCode.NotModified, byDate.StatusCode);
        var stale = await _c.Send(HttpMethod.Get, fx.Instance + "?format=nq", m =>
            m.Headers.IfModifiedSince = r.Content.Headers.LastModified!.Value.AddDays(-1));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
    }

    [Fact]
    public async Task Head_on_landing_pages()
    {
        var head = await _c.Send(HttpMethod.Head, fx.Instance);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.True(head.Headers.Contains("Link"));
        var latest = await _c.Send(HttpMethod.Head, fx.Instance + "/latest");
        Assert.Equal(HttpStatusCode.Found, latest.StatusCode);
    }

    [Fact]
    public async Task Redirects_latest_302_and_canonical_301()
    {
        var latest = await _c.GetAsync(fx.Instance + "/latest");
        Assert.Equal(HttpStatusCode.Found, latest.StatusCode);
        Assert.EndsWith(fx.Instance + "/c2", latest.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var lone = await _c.GetAsync("/doi:10.5072/phd-demo.confocal-1");
        Assert.Equal(HttpStatusCode.MovedPermanently, lone.StatusCode);
        Assert.Equal(fx.Instance, lone.Headers.Location!.OriginalString);
        var upper = await _c.GetAsync(fx.Instance.Replace("doi:10.5072/phd-demo.confocal-1", "DOI:10.5072/PHD-DEMO.CONFOCAL-1", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.MovedPermanently, upper.StatusCode);
        Assert.Equal(fx.Instance, upper.Headers.Location!.OriginalString);
        var keepsFormat = await _c.GetAsync(fx.Instance + "/latest?format=ttl");
        Assert.EndsWith("/c2?format=ttl", keepsFormat.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var acc = fx.Registry.GetVersions(fx.Registry.Instances.First(i => i.Pid.ToString().Contains("confocal-1", StringComparison.Ordinal)).Pid)[0].Pid;
        var byAccession = await _c.GetAsync("/" + acc);
        Assert.Equal(HttpStatusCode.MovedPermanently, byAccession.StatusCode);
        Assert.Equal(fx.Instance + "/c1", byAccession.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("https://doi.org/10.5072/phd-demo.confocal-1")]
    [InlineData("doi:10.5072/phd-demo.confocal-1")]
    [InlineData("DOI:10.5072/PHD-DEMO.CONFOCAL-1")]
    public async Task Resolve_accepts_url_forms(string pid)
    {
        var r = await _c.GetAsync("/resolve?pid=" + Uri.EscapeDataString(pid));
        Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode);
        Assert.Equal(fx.Instance, r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Resolve_errors_are_problem_details()
    {
        await (await _c.GetAsync("/resolve")).AssertProblem(400);
        await (await _c.GetAsync("/resolve?pid=doi:10.5072/does-not-exist")).AssertProblem(404);
        await (await _c.GetAsync("/doi:10.5072/does-not-exist")).AssertProblem(404);
    }

    [Fact]
    public async Task Signposting_link_headers()
    {
        var c2 = string.Join(", ", (await _c.GetWithAccept(fx.Instance + "/c2", "text/html")).Headers.GetValues("Link"));
        foreach (var rel in new[] { "cite-as", "describedby", "type", "collection", "license", "author", "predecessor-version", "latest-version", "version-history", "linkset" })
            Assert.Contains($"rel=\"{rel}\"", c2, StringComparison.Ordinal);
        var c1 = string.Join(", ", (await _c.GetAsync(fx.Instance + "/c1")).Headers.GetValues("Link"));
        Assert.Contains("rel=\"successor-version\"", c1, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"predecessor-version\"", c1, StringComparison.Ordinal);
        var inst = string.Join(", ", (await _c.GetAsync(fx.Instance)).Headers.GetValues("Link"));
        Assert.Contains("rel=\"item\"", inst, StringComparison.Ordinal);
        Assert.Contains("<https://doi.org/10.5072/phd-demo.confocal-1>; rel=\"cite-as\"", inst, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linksets_in_both_syntaxes()
    {
        var json = await _c.GetWithAccept(fx.Instance, "application/linkset+json");
        Assert.Equal("application/linkset+json", json.MediaType());
        var root = (await json.Json()).GetProperty("linkset")[0];
        Assert.Equal("http://localhost" + fx.Instance, root.GetProperty("anchor").GetString());
        Assert.True(root.GetProperty("describedby").GetArrayLength() >= 6);
        var text = await _c.GetWithAccept(fx.Instance, "application/linkset");
        Assert.Equal("application/linkset", text.MediaType());
        Assert.Contains("anchor=\"http://localhost" + fx.Instance + "\"", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Citation_exports()
    {
        var bib = await _c.GetWithAccept(fx.Instance + "/c2", "application/x-bibtex");
        Assert.Equal("application/x-bibtex", bib.MediaType());
        Assert.StartsWith("@misc{", await bib.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ris = await _c.GetAsync(fx.Instance + "/c2?format=ris");
        Assert.Equal("application/x-research-info-systems", ris.MediaType());
        Assert.Contains("TY  - DATA", await ris.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csl = await _c.GetWithAccept(fx.Instance, "application/vnd.citationstyles.csl+json");
        var item = (await csl.Json())[0];
        Assert.Equal("10.5072/phd-demo.confocal-1", item.GetProperty("DOI").GetString());
        var dc = await _c.GetAsync(fx.Instance + "?format=datacite");
        var x = System.Xml.Linq.XDocument.Parse(await dc.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://datacite.org/schema/kernel-4";
        Assert.Equal("Instrument", x.Descendants(ns + "resourceType").Single().Attribute("resourceTypeGeneral")!.Value);
        Assert.Equal("DOI", x.Descendants(ns + "identifier").Single().Attribute("identifierType")!.Value);
        // DataCite is for instruments only.
        await (await _c.GetAsync(fx.Facility + "?format=datacite")).AssertProblem(406);
    }

    [Fact]
    public async Task Descriptor_page_has_methods_compliance_components_and_diff()
    {
        var doc = TestHost.ParseHtml(await (await _c.GetWithAccept(fx.Instance + "/c2", "text/html")).Content.ReadAsStringAsync());
        var methods = doc.QuerySelector("p.methods")!.TextContent;
        Assert.Contains("63×/1.40 NA mineral oil immersion objective", methods, StringComparison.Ordinal);
        Assert.Contains("561 nm laser", methods, StringComparison.Ordinal);
        Assert.Contains("phd:", methods, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("table.compliance"));
        Assert.Contains("conforms at tier 2", doc.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(doc.QuerySelectorAll("h3"), h => h.TextContent == "Objectives");
        Assert.Contains("639 nm diode laser", doc.QuerySelector("ul.diff")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("link[rel=predecessor-version]"));
    }

    /// <summary>
    /// Issue 11 item 7: component specifications in words with units (never a raw literal such as 40.0e0), the
    /// extension sets met next to each tier, "Changes since" in words (no IRIs, no prefixed names) and a Methods
    /// paragraph that uses the filter bands and detector types.
    /// </summary>
    [Fact]
    public async Task Descriptor_page_shows_specifications_extension_sets_and_changes_in_words()
    {
        var doc = TestHost.ParseHtml(await (await _c.GetWithAccept(fx.Instance + "/c2", "text/html")).Content.ReadAsStringAsync());
        var rows = doc.QuerySelectorAll("table.components tr").ToList();
        string Spec(string name) => rows.Single(r => r.QuerySelector("td")?.TextContent == name).QuerySelector("td.spec")!.TextContent;
        Assert.Contains("Objective: 40× / 1.20 NA, water", Spec("C-Apochromat 40x/1.2 W Corr"), StringComparison.Ordinal);
        Assert.Contains("Working distance: 0.28 mm", Spec("C-Apochromat 40x/1.2 W Corr"), StringComparison.Ordinal);
        Assert.Contains("Band: 525/50 nm band pass", Spec("Emission 525/50"), StringComparison.Ordinal);
        Assert.Contains("Detector type: photomultiplier tube (PMT)", Spec("Multialkali PMT (channel 1)"), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[0-9]e0", doc.QuerySelector("section, main, body")!.QuerySelectorAll("table.components").Select(t => t.TextContent).Aggregate("", string.Concat));

        // Confocal 1 c2 conforms at tier 2 with every extension: all four sets at tiers 1 and 2.
        var ext = doc.QuerySelectorAll("table.compliance td.extensions").Select(td => td.TextContent).ToList();
        Assert.Equal("Core + Basic + Advanced & Confocal + Calibration & Performance", ext[0]);
        Assert.Equal(ext[0], ext[1]);

        var diff = doc.QuerySelector("ul.diff")!.TextContent;
        Assert.Contains("added objective 'C-Apochromat 40x/1.2 W Corr'", diff, StringComparison.Ordinal);
        Assert.Contains("removed laser '639 nm diode laser'", diff, StringComparison.Ordinal);
        // The instrument's component list names its components, the removed ones (only in c1) included.
        Assert.Contains("has component laser '639 nm diode laser', objective 'Plan-Apochromat 20x/0.8' → objective 'C-Apochromat 40x/1.2 W Corr'", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("http", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("nboq:", diff, StringComparison.Ordinal);

        var methods = doc.QuerySelector("p.methods")!.TextContent;
        Assert.Contains("525/50 nm band pass emission filter", methods, StringComparison.Ordinal);
        Assert.Contains("photomultiplier tube (PMT)", methods, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Descriptor_page_checks_the_extensions_the_reader_ticks()
    {
        static int Violations(AngleSharp.Dom.IDocument d, int tier) =>
            d.QuerySelectorAll("table.compliance tbody tr").ElementAt(tier - 1).QuerySelectorAll("td")[1].TextContent is var t && t == "met" ? 0 : int.Parse(t.Split(' ')[0], CultureInfo.InvariantCulture);
        var all = TestHost.ParseHtml(await (await _c.GetWithAccept(fx.Instance + "/c2", "text/html")).Content.ReadAsStringAsync());
        Assert.Equal(4, all.QuerySelectorAll("form.extensions input[type=checkbox][checked]").Length);
        var core = TestHost.ParseHtml(await (await _c.GetWithAccept(fx.Instance + "/c2?extensions=core", "text/html")).Content.ReadAsStringAsync());
        Assert.Equal(["core"], core.QuerySelectorAll("form.extensions input[checked]").Select(i => i.GetAttribute("value")!));
        Assert.Contains("Checked with the shapes of: Core", core.Body!.TextContent, StringComparison.Ordinal);
        // Fewer shapes can only remove findings (the real Micro-Meta App files, where Core alone removes some,
        // are checked in DescriptorValidationTests; the demo's tier-3 gaps are all Core fields).
        Assert.True(Violations(core, 3) <= Violations(all, 3), $"tier 3 with Core only: {Violations(core, 3)}, with all: {Violations(all, 3)}");
        // The same choice as two parameters (what the form sends) gives the same page section.
        var two = TestHost.ParseHtml(await (await _c.GetWithAccept(fx.Instance + "/c2?extensions=core&extensions=basic", "text/html")).Content.ReadAsStringAsync());
        Assert.Equal(2, two.QuerySelectorAll("form.extensions input[checked]").Length);
        await (await _c.GetAsync(fx.Instance + "/c2?extensions=bogus")).AssertProblem(400);
        Assert.Equal(400, (int)(await _c.GetWithAccept(fx.Instance + "/c2?extensions=bogus", "text/html")).StatusCode);
    }

    [Fact]
    public void Snippet_parts_are_escaped_and_only_matches_are_marked_up_by_the_web_layer()
    {
        PhdResolver.Registry.Search.SnippetPart[] parts = [new("a <b> & ", false), new("<i>x</i>", true), new("\"end\"", false)];
        Assert.Equal("a &lt;b&gt; &amp; <mark>&lt;i&gt;x&lt;/i&gt;</mark>&quot;end&quot;", SearchPage.SnippetHtml(parts));
    }

    [Fact]
    public async Task Search_html_and_json_with_facets_snippets_and_paging()
    {
        var html = TestHost.ParseHtml(await (await _c.GetWithAccept("/search?q=laser", "text/html")).Content.ReadAsStringAsync());
        Assert.NotEmpty(html.QuerySelectorAll("ol.hits li"));
        Assert.NotEmpty(html.QuerySelectorAll("p.snippet mark"));
        Assert.NotEmpty(html.QuerySelectorAll("aside.facets a"));
        var json = await (await _c.GetWithAccept("/search?q=objective", "application/json")).Json();
        Assert.True(json.GetProperty("total").GetInt64() >= 1);
        var first = json.GetProperty("hits")[0];
        Assert.Contains(first.GetProperty("snippetParts").EnumerateArray(), p => p.GetProperty("highlight").GetBoolean());
        Assert.Equal(first.GetProperty("snippet").GetString(), SearchPage.SnippetHtml([.. first.GetProperty("snippetParts").EnumerateArray()
            .Select(p => new PhdResolver.Registry.Search.SnippetPart(p.GetProperty("text").GetString()!, p.GetProperty("highlight").GetBoolean()))]));
        Assert.True(json.TryGetProperty("facets", out _));
        // Search text that cannot mean anything: 400 with a message that says what to write, never a 500, never echoed as markup.
        var hostile = await _c.GetWithAccept("/search?q=" + Uri.EscapeDataString("\"<script>alert(1)</script> OR (*"), "text/html");
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        var page = await hostile.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("is not closed", TestHost.ParseHtml(page).QuerySelector("p.error")!.TextContent, StringComparison.Ordinal);
        foreach (var bad in new[] { "*", "wavelength:570..550", "na>=1.4x", new string('a', 10_240) })
        {
            var problem = await (await _c.GetWithAccept("/search?q=" + Uri.EscapeDataString(bad), "application/json")).AssertProblem(400);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        }
        await (await _c.GetWithAccept("/search?level=planet", "application/json")).AssertProblem(400);

        // Selected facets are shown and each can be removed; new facets and ranges answer.
        var filtered = TestHost.ParseHtml(await (await _c.GetWithAccept("/search?q=laser&type=Laser&versions=current", "text/html")).Content.ReadAsStringAsync());
        var chips = filtered.QuerySelectorAll("p.selected a.chip");
        Assert.Equal(2, chips.Length);
        Assert.DoesNotContain("type=", chips[0].GetAttribute("href"), StringComparison.Ordinal);
        var ranged = await (await _c.GetWithAccept("/search?q=" + Uri.EscapeDataString("na>=1.4 wavelength:550..570"), "application/json")).Json();
        Assert.True(ranged.GetProperty("total").GetInt64() >= 1);
        Assert.True(ranged.GetProperty("facets").TryGetProperty("cmanufacturer", out _));
        Assert.True(ranged.GetProperty("facets").TryGetProperty("country", out _));
    }

    [Fact]
    public async Task Every_prefix_of_a_concatenated_path_resolves_to_its_level()
    {
        var parts = fx.Instance.Split('/', 4); // "", facility, model, instance (may contain '/')
        var model = TestHost.ParseHtml(await (await _c.GetWithAccept("/" + parts[2], "text/html")).Content.ReadAsStringAsync());
        Assert.Equal("instrument model", model.QuerySelector(".pid .badge")!.TextContent);
        Assert.Contains(model.QuerySelectorAll("ul.items a"), a => a.GetAttribute("href") == fx.Instance);
        Assert.Equal("facility", TestHost.ParseHtml(await _c.GetStringAsync("/" + parts[1])).QuerySelector(".pid .badge")!.TextContent);
        Assert.Equal("instrument", TestHost.ParseHtml(await _c.GetStringAsync(fx.Instance)).QuerySelector(".pid .badge")!.TextContent);
        Assert.Equal("configuration", TestHost.ParseHtml(await _c.GetStringAsync(fx.Instance + "/c1")).QuerySelector(".pid .badge")!.TextContent);
        await (await _c.GetAsync(fx.Instance + "/c9")).AssertProblem(404);
    }

    [Fact]
    public async Task Facility_model_prefix_resolves_with_rrids()
    {
        await using var h = TestHost.Start();
        var reg = ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        reg.RegisterFacility(new PhdResolver.Registry.NewFacility { Rrid = "RRID:SCR_000001", Name = "Test core" }, "test");
        reg.RegisterModel(new PhdResolver.Registry.NewModel { Rrid = "RRID:SCR_000002", Name = "Test model", Manufacturer = "Acme" }, "test");
        reg.RegisterInstance(new PhdResolver.Registry.NewInstance { Identifier = "doi:10.5072/t1", Name = "T1", Facility = "RRID:SCR_000001", Model = "RRID:SCR_000002" }, "test");
        var r = await h.Client.GetWithAccept("/RRID:SCR_000001/RRID:SCR_000002", "text/html");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
        Assert.Equal("instrument model", doc.QuerySelector(".pid .badge")!.TextContent);
        Assert.Contains(doc.QuerySelectorAll("ul.items a"), a => a.GetAttribute("href") == "/RRID:SCR_000001/RRID:SCR_000002/doi:10.5072/t1");
        var lower = await h.Client.GetAsync("/rrid:scr_000001/rrid:scr_000002/DOI:10.5072/T1");
        Assert.Equal(HttpStatusCode.MovedPermanently, lower.StatusCode);
        Assert.Equal("/RRID:SCR_000001/RRID:SCR_000002/doi:10.5072/t1", lower.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Every_breadcrumb_link_of_every_demo_landing_page_answers_200()
    {
        var reg = fx.Registry;
        var pages = new List<string>();
        var gone = new HashSet<string>(StringComparer.Ordinal); // the demo's withdrawn configuration: a 410 tombstone, breadcrumbs and all
        foreach (var i in reg.Instances)
        {
            var f = reg.GetFacility(i.Facility)!;
            var m = reg.GetModel(i.Model)!;
            pages.Add(PhdResolver.Registry.Resolution.Paths.Of(f));
            pages.Add(PhdResolver.Registry.Resolution.Paths.Of(m));
            pages.Add(PhdResolver.Registry.Resolution.Paths.Of(f, m));
            pages.Add(PhdResolver.Registry.Resolution.Paths.Of(i));
            foreach (var v in reg.GetVersions(i.Pid))
            {
                pages.Add(reg.PathOf(v));
                if (v.Tombstone is not null) gone.Add(reg.PathOf(v));
            }
        }
        int links = 0;
        foreach (var page in pages.Distinct())
        {
            var r = await _c.GetWithAccept(page, "text/html");
            Assert.True(r.StatusCode == (gone.Contains(page) ? HttpStatusCode.Gone : HttpStatusCode.OK), $"{page}: {(int)r.StatusCode}");
            var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
            foreach (var a in doc.QuerySelectorAll("nav.breadcrumb a"))
            {
                string href = a.GetAttribute("href")!;
                var (status, final) = await Follow(href);
                Assert.True(status == HttpStatusCode.OK, $"breadcrumb link {href} on {page} answers {(int)status} (at {final})");
                links++;
            }
        }
        Assert.True(links > pages.Count, "the demo pages have breadcrumb links");
    }

    /// <summary>GET with the browser's Accept, following redirects (canonical, latest, moved) by hand.</summary>
    private async Task<(HttpStatusCode, string)> Follow(string url)
    {
        for (int hop = 0; hop < 5; hop++)
        {
            var r = await _c.GetWithAccept(url, "text/html");
            if ((int)r.StatusCode is < 300 or >= 400 || r.Headers.Location is null) return (r.StatusCode, url);
            url = r.Headers.Location.OriginalString;
        }
        return (HttpStatusCode.LoopDetected, url);
    }

    [Fact]
    public async Task Json_ld_keeps_the_lexical_form_of_doubles()
    {
        // A JSON number would come back from toRdf as "4.05E2": the stored "405.0e0" must stay a string @value.
        var ld = await (await _c.GetWithAccept(fx.Instance + "/c1", "application/ld+json")).Content.ReadAsStringAsync();
        var html = TestHost.ParseHtml(await (await _c.GetWithAccept(fx.Instance + "/c1", "text/html")).Content.ReadAsStringAsync());
        var embedded = html.QuerySelector("script[type='application/ld+json']")!.TextContent;
        foreach (var json in new[] { ld, embedded })
        {
            Assert.Contains("\"@value\": \"405.0e0\"", json.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
            AssertNoNumbers(System.Text.Json.JsonDocument.Parse(json).RootElement);
        }
    }

    private static void AssertNoNumbers(System.Text.Json.JsonElement e)
    {
        switch (e.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Number: Assert.Fail($"bare JSON number {e.GetRawText()} in the JSON-LD"); break;
            case System.Text.Json.JsonValueKind.Object: foreach (var p in e.EnumerateObject()) AssertNoNumbers(p.Value); break;
            case System.Text.Json.JsonValueKind.Array: foreach (var x in e.EnumerateArray()) AssertNoNumbers(x); break;
        }
    }

    [Fact]
    public async Task Memoised_descriptor_pages_follow_moves_and_withdrawals()
    {
        // Per-version facts are memoised; what depends on mutable records (facility name in the
        // methods paragraph, tombstones) must still change with them.
        using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var host = (RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!;
        var reg = host.Registry;
        var inst = reg.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1");
        string c1 = reg.PathOf(reg.GetVersions(inst.Pid)[0]);
        string Methods(string html) => TestHost.ParseHtml(html).QuerySelector("p.methods")!.TextContent;
        string first = await (await h.Client.GetWithAccept(c1 + "?nocache=1", "text/html")).Content.ReadAsStringAsync();
        string again = await (await h.Client.GetWithAccept(c1 + "?nocache=1", "text/html")).Content.ReadAsStringAsync();
        Assert.Equal(first, again);
        var v1 = reg.GetVersions(inst.Pid)[0];
        Assert.Same(reg.Describe(v1), reg.Describe(v1)); // the registry memoises per version

        var other = reg.RegisterFacility(new PhdResolver.Registry.NewFacility { Name = "Second core" }, "test");
        reg.MoveInstance(inst.Pid.ToString(), other.Pid.ToString(), "test");
        string moved = reg.PathOf(reg.GetVersions(inst.Pid)[0]);
        var page = await h.Client.GetWithAccept(moved + "?nocache=1", "text/html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("at Second core", Methods(html), StringComparison.Ordinal);
        // The JSON-LD names the version by its stable IRI, which a move does not change.
        Assert.Contains(v1.GraphIri, TestHost.ParseHtml(html).QuerySelector("script[type='application/ld+json']")!.TextContent, StringComparison.Ordinal);

        reg.Withdraw(moved, "test withdrawal", "test");
        var gone = await h.Client.GetWithAccept(moved + "?nocache=1", "text/html");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var goneDoc = TestHost.ParseHtml(await gone.Content.ReadAsStringAsync());
        Assert.NotNull(goneDoc.QuerySelector(".tombstone"));
        Assert.Null(goneDoc.QuerySelector("p.methods"));
    }

    [Fact]
    public async Task Facility_page_lists_instances_after_registrations_and_moves()
    {
        // The facility page reads an index of instances by facility that is rebuilt after each change.
        using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        var inst = reg.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1");
        string home = "/" + inst.Facility;
        async Task<string[]> Listed(string facility) =>
            [.. TestHost.ParseHtml(await (await h.Client.GetWithAccept(facility + "?nocache=1", "text/html")).Content.ReadAsStringAsync())
                .QuerySelectorAll("ul.items a").Select(a => a.GetAttribute("href")!)];
        int before = (await Listed(home)).Length;
        var added = reg.RegisterInstance(new PhdResolver.Registry.NewInstance { Identifier = "doi:10.5072/idx.1", Name = "Indexed", Facility = inst.Facility.ToString(), Model = inst.Model.ToString() }, "test");
        Assert.Contains(PhdResolver.Registry.Resolution.Paths.Of(added), await Listed(home));
        var other = reg.RegisterFacility(new PhdResolver.Registry.NewFacility { Name = "Elsewhere" }, "test");
        var moved = reg.MoveInstance(added.Pid.ToString(), other.Pid.ToString(), "test");
        Assert.Equal(before, (await Listed(home)).Length);
        Assert.Equal([PhdResolver.Registry.Resolution.Paths.Of(moved)], await Listed("/" + other.Pid));
    }

    [Fact]
    public async Task Sitemap_lists_records()
    {
        var xml = await _c.GetStringAsync("/sitemap.xml");
        Assert.Contains("http://localhost" + fx.Instance + "/c2</loc>", xml, StringComparison.Ordinal);
    }
}
