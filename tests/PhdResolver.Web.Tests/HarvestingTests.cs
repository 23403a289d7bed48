using System.IO.Compression;
using System.Net;
using System.Text.Json;
using PhdResolver.Rdf;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>
/// What search engines and generic harvesters read (issue 14, items 3, 4 and 6): schema.org JSON-LD
/// with Google's Dataset fields, one canonical URL per record, sitemap dates, Cache-Control,
/// compression and meta descriptions.
/// </summary>
public sealed class HarvestingTests(DemoHost fx) : IClassFixture<DemoHost>
{
    private const string Schema = "https://schema.org/";
    private static readonly Iri Type = Vocab.Rdf.Type;
    private readonly HttpClient _c = fx.Host.Client;

    private string Descriptor => fx.Instance + "/c2";
    private string ModelPath => "/" + fx.Registry.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1").Model;

    private async Task<(AngleSharp.Html.Dom.IHtmlDocument Doc, HttpResponseMessage Response)> Page(string path)
    {
        var r = await _c.GetWithAccept(path, "text/html");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (TestHost.ParseHtml(await r.Content.ReadAsStringAsync()), r);
    }

    private static string JsonLdOf(AngleSharp.Html.Dom.IHtmlDocument doc) =>
        Assert.Single(doc.QuerySelectorAll("script[type='application/ld+json']")).TextContent;

    private static IEnumerable<Term> Objects(Dataset ds, Term s, string p) =>
        ds.Where(q => q.Subject == s && q.Predicate is Iri i && i.Value == p).Select(q => q.Object);

    private static string? Text(Dataset ds, Term s, string p) => Objects(ds, s, p).OfType<Literal>().Select(l => l.Lexical).FirstOrDefault();

    [Fact]
    public async Task Descriptor_json_ld_has_google_dataset_required_and_recommended_fields()
    {
        var (doc, _) = await Page(Descriptor);
        string json = JsonLdOf(doc);
        using var parsed = JsonDocument.Parse(json);
        // schema.org is the vocabulary (terms such as "name"), NBO-Q keeps its prefix; the context is inline.
        var context = parsed.RootElement.GetProperty("@context");
        Assert.Equal(Schema, context.GetProperty("@vocab").GetString());
        Assert.Equal("https://w3id.org/nbo-q/", context.GetProperty("nboq").GetString());
        Assert.DoesNotContain("\"schema:", json, StringComparison.Ordinal);

        // Google reads the JSON as written: the Dataset node with plain-string name, description and dates.
        var nodes = parsed.RootElement.TryGetProperty("@graph", out var g) ? g.EnumerateArray().ToList() : [parsed.RootElement];
        var dataset = nodes.Single(n => n.TryGetProperty("@type", out var t) && (t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Any(x => x.GetString() == "Dataset") : t.GetString() == "Dataset"));
        var description = dataset.GetProperty("description").GetString()!;
        Assert.InRange(description.Length, 50, 5000);
        Assert.Equal(JsonValueKind.String, dataset.GetProperty("name").ValueKind);
        foreach (var date in new[] { "dateCreated", "dateModified", "datePublished" })
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", dataset.GetProperty(date).GetString());
        Assert.Equal("https://creativecommons.org/publicdomain/zero/1.0/", dataset.GetProperty("license").GetString());

        // The same data as RDF (what any JSON-LD processor makes of it).
        var ds = Dataset.Parse(json, RdfFormat.JsonLd);
        var self = ds.Where(q => q.Predicate == Type && q.Object is Iri o && o.Value == Schema + "Dataset").Select(q => q.Subject).Single();
        var v2 = fx.Registry.GetVersions(fx.Registry.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1").Pid)[1];
        Assert.Equal(v2.GraphIri, ((Iri)self).Value); // the stable IRI {base}phd:ACC, not the page path
        Assert.Equal("c2", Text(ds, self, Schema + "version"));
        // identifier: one PropertyValue per PID, with propertyID and value.
        var ids = Objects(ds, self, Schema + "identifier").ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id =>
        {
            Assert.Contains(ds, q => q.Subject == id && q.Predicate == Type && q.Object is Iri t && t.Value == Schema + "PropertyValue");
            Assert.NotNull(Text(ds, id, Schema + "propertyID"));
            Assert.NotNull(Text(ds, id, Schema + "value"));
        });
        Assert.Contains(ids, id => Text(ds, id, Schema + "value") == v2.Pid.ToString());
        // creator and publisher: the facility, named, with its identifiers, in the same document.
        foreach (var role in new[] { "creator", "publisher" })
        {
            var who = Assert.Single(Objects(ds, self, Schema + role));
            Assert.Contains(ds, q => q.Subject == who && q.Predicate == Type && q.Object is Iri t && t.Value == Schema + "Organization");
            Assert.False(string.IsNullOrEmpty(Text(ds, who, Schema + "name")), role + " has no name");
            Assert.NotEmpty(Objects(ds, who, Schema + "identifier"));
        }
        // keywords from the component types, the catalogue, the levels.
        var keywords = Objects(ds, self, Schema + "keywords").OfType<Literal>().Select(l => l.Lexical).ToList();
        Assert.Contains("light microscope", keywords);
        Assert.True(keywords.Count >= 4, string.Join(", ", keywords));
        var catalog = Assert.Single(Objects(ds, self, Schema + "includedInDataCatalog"));
        Assert.Contains(ds, q => q.Subject == catalog && q.Predicate == Type && q.Object is Iri t && t.Value == Schema + "DataCatalog");
        Assert.NotNull(Text(ds, catalog, Schema + "name"));
        var instanceIri = fx.Registry.RecordIri(v2.Instance);
        Assert.Contains(instanceIri, Objects(ds, self, Schema + "isPartOf"));
        Assert.Contains(ds, q => q.Subject == instanceIri && q.Predicate.ToString().Contains("schema.org/name", StringComparison.Ordinal));
        Assert.NotEmpty(Objects(ds, self, Schema + "url"));
        Assert.Single(Objects(ds, self, Schema + "isAccessibleForFree"));
    }

    [Fact]
    public async Task Every_level_has_its_schema_org_type_and_schema_same_as()
    {
        var expected = new Dictionary<string, string>
        {
            [fx.Facility] = "Organization", [ModelPath] = "ProductModel", [fx.Instance] = "IndividualProduct", [Descriptor] = "Dataset",
        };
        foreach (var (path, type) in expected)
        {
            var (doc, _) = await Page(path);
            var ds = Dataset.Parse(JsonLdOf(doc), RdfFormat.JsonLd);
            Assert.True(ds.Any(q => q.Predicate == Type && q.Object is Iri t && t.Value == Schema + type), path + " is not a schema:" + type);
            Assert.True(ds.Any(q => q.Predicate is Iri p && p.Value == Schema + "dateModified"), path + " has no dateModified");
        }
        // The DOI of the instrument is schema:sameAs (not only owl:sameAs), and so is the instance's hasPart.
        var (inst, _) = await Page(fx.Instance);
        var ids = Dataset.Parse(JsonLdOf(inst), RdfFormat.JsonLd);
        Assert.Contains(ids, q => q.Predicate is Iri p && p.Value == Schema + "sameAs" && q.Object is Iri o && o.Value == "https://doi.org/10.5072/phd-demo.confocal-1");
        Assert.Equal(2, ids.Count(q => q.Predicate is Iri p && p.Value == Schema + "hasPart"));
    }

    [Fact]
    public async Task Home_page_has_website_with_search_action_and_data_catalog()
    {
        var (doc, _) = await Page("/");
        string json = JsonLdOf(doc);
        var ds = Dataset.Parse(json, RdfFormat.JsonLd);
        var site = ds.Single(q => q.Predicate == Type && q.Object is Iri t && t.Value == Schema + "WebSite").Subject;
        var action = Assert.Single(Objects(ds, site, Schema + "potentialAction"));
        Assert.Contains(ds, q => q.Subject == action && q.Object is Iri t && t.Value == Schema + "SearchAction");
        Assert.Contains("/search?q={search_term_string}", json, StringComparison.Ordinal);
        Assert.Contains("\"query-input\":\"required name=search_term_string\"", json, StringComparison.Ordinal);
        var catalog = ds.Single(q => q.Predicate == Type && q.Object is Iri t && t.Value == Schema + "DataCatalog").Subject;
        Assert.Equal(fx.Registry.Iris.Catalog, catalog); // the catalogue the descriptors' includedInDataCatalog names
    }

    [Fact]
    public async Task Every_landing_page_names_its_canonical_url_in_html_and_header()
    {
        foreach (var path in new[] { fx.Facility, ModelPath, fx.Instance, Descriptor })
        {
            var (doc, r) = await Page(path);
            var link = Assert.Single(doc.QuerySelectorAll("link[rel=canonical]"));
            Assert.Equal("http://localhost" + path, link.GetAttribute("href"));
            Assert.Contains(r.Headers.GetValues("Link"), v => v.Contains("<http://localhost" + path + ">; rel=\"canonical\"", StringComparison.Ordinal));
        }
        // ?format=html and the cache-bypass parameter show the same page: canonical drops the query.
        var (q, _) = await Page(Descriptor + "?format=html");
        Assert.Equal("http://localhost" + Descriptor, q.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Model_under_its_facility_names_the_model_page_as_canonical()
    {
        string underFacility = fx.Facility + ModelPath;
        var (doc, r) = await Page(underFacility);
        Assert.Equal("http://localhost" + ModelPath, doc.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Contains(r.Headers.GetValues("Link"), v => v.Contains("<http://localhost" + ModelPath + ">; rel=\"canonical\"", StringComparison.Ordinal));
        // Both pages describe the one model IRI.
        var a = Dataset.Parse(JsonLdOf(doc), RdfFormat.JsonLd);
        var (own, _) = await Page(ModelPath);
        var b = Dataset.Parse(JsonLdOf(own), RdfFormat.JsonLd);
        Iri SubjectOfType(Dataset ds) => (Iri)ds.Single(q => q.Predicate == Type && q.Object is Iri t && t.Value == Schema + "ProductModel").Subject;
        Assert.Equal(SubjectOfType(b), SubjectOfType(a));
    }

    [Fact]
    public async Task Other_spellings_of_a_record_answer_301_to_its_canonical_path()
    {
        var inst = fx.Registry.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1");
        var v1 = fx.Registry.GetVersions(inst.Pid)[0];
        var spellings = new Dictionary<string, string>
        {
            ["/doi:10.5072/phd-demo.confocal-1"] = fx.Instance,                     // lone instance PID
            ["/DOI:10.5072/PHD-DEMO.CONFOCAL-1"] = fx.Instance,                     // lone PID, other case
            [fx.Instance.ToLowerInvariant()] = fx.Instance,                         // concatenated path, other case
            ["/" + v1.Pid] = fx.Instance + "/c1",                                   // the descriptor's own PID
            ["/" + v1.Pid.ToString().ToLowerInvariant()] = fx.Instance + "/c1",     // its accession in lower case
            [fx.Instance + "/" + v1.Pid] = fx.Instance + "/c1",                     // concatenated path with the accession
            [fx.Facility.ToLowerInvariant()] = fx.Facility,
            [ModelPath.ToLowerInvariant()] = ModelPath,
        };
        foreach (var (from, to) in spellings)
        {
            if (from == to) continue;
            var r = await _c.GetAsync(from);
            Assert.True(r.StatusCode == HttpStatusCode.MovedPermanently, $"{from}: {(int)r.StatusCode}");
            Assert.Equal(to, r.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Every_page_has_a_meta_description()
    {
        foreach (var path in new[] { "/", "/search", "/sparql", "/ontology", "/ontology/Objective", fx.Facility, ModelPath, fx.Instance, Descriptor })
        {
            var (doc, _) = await Page(path);
            var meta = Assert.Single(doc.QuerySelectorAll("meta[name=description]"));
            Assert.InRange(meta.GetAttribute("content")!.Length, 50, 300);
        }
        var (d, _) = await Page(Descriptor);
        Assert.StartsWith("Persistent hardware descriptor phd:", d.QuerySelector("meta[name=description]")!.GetAttribute("content"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cacheable_responses_carry_cache_control_also_on_304()
    {
        foreach (var path in new[] { "/", Descriptor, "/ontology", "/ontology/Objective", "/sitemap.xml", "/static/site.css", "/robots.txt" })
        {
            var r = await _c.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var cc = r.Headers.CacheControl;
            Assert.True(cc is not null && cc.Public && cc.MaxAge > TimeSpan.Zero, path + ": " + cc);
            var etag = r.Headers.ETag!;
            var again = await _c.Send(HttpMethod.Get, path, m => m.Headers.IfNoneMatch.Add(etag));
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(cc.ToString(), again.Headers.CacheControl?.ToString());
        }
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Text_responses_are_compressed_and_the_ontology_index_is_small(string encoding)
    {
        foreach (var (path, accept) in new[] { ("/ontology", "text/html"), (Descriptor, "text/html"), (Descriptor, "text/turtle"), ("/sitemap.xml", "*/*") })
        {
            var plain = await (await _c.GetWithAccept(path, accept)).Content.ReadAsByteArrayAsync();
            var r = await _c.Send(HttpMethod.Get, path, m => { m.Headers.TryAddWithoutValidation("Accept", accept); m.Headers.TryAddWithoutValidation("Accept-Encoding", encoding); });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(encoding, Assert.Single(r.Content.Headers.ContentEncoding));
            Assert.Contains("Accept-Encoding", r.Headers.Vary);
            var packed = await r.Content.ReadAsByteArrayAsync();
            using var input = new MemoryStream(packed);
            using Stream unpack = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            await unpack.CopyToAsync(output);
            Assert.Equal(plain, output.ToArray());
            if (path == "/ontology") Assert.True(packed.Length <= 50 * 1024, $"/ontology is {packed.Length} bytes with {encoding}");
        }
    }

    [Fact]
    public async Task Ontology_index_lists_terms_in_collapsible_groups()
    {
        var (doc, _) = await Page("/ontology");
        Assert.True(doc.QuerySelectorAll("details > summary").Length >= 3);
        Assert.True(doc.QuerySelectorAll("details ul.terms a").Length > 500);
        Assert.True(doc.All.Length < 5000, $"{doc.All.Length} elements");
    }

    [Fact]
    public async Task Sitemap_has_lastmod_on_every_url()
    {
        var xml = System.Xml.Linq.XDocument.Parse(await _c.GetStringAsync("/sitemap.xml"));
        System.Xml.Linq.XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = xml.Descendants(ns + "url").ToList();
        Assert.True(urls.Count > 100);
        Assert.All(urls, u => Assert.NotNull(u.Element(ns + "lastmod")));
    }
}

/// <summary>Sitemap dates follow the registry: a new version moves its instance's and siblings' lastmod.</summary>
public sealed class SitemapDateTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Instance_lastmod_moves_when_a_version_is_added_and_matches_last_modified()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        await using var h = TestHost.Start(o => o with { SeedDemoData = true, Clock = clock });
        var reg = ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        var widefield = reg.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.widefield-1");
        string path = PhdResolver.Registry.Resolution.Paths.Of(widefield);
        Dictionary<string, string> Lastmods(string xml)
        {
            System.Xml.Linq.XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
            return System.Xml.Linq.XDocument.Parse(xml).Descendants(ns + "url")
                .ToDictionary(u => u.Element(ns + "loc")!.Value, u => u.Element(ns + "lastmod")!.Value);
        }
        var before = Lastmods(await h.Client.GetStringAsync("/sitemap.xml"));
        Assert.Equal("2026-01-05T10:00:00Z", before["http://localhost" + path]);

        clock.Now = new DateTimeOffset(2026, 2, 1, 8, 30, 0, TimeSpan.Zero);
        reg.SubmitVersion(widefield.Pid.ToString(), Dataset.Parse(PhdResolver.Web.Demo.DemoSeed.Read("confocal-1-c2.ttl"), RdfFormat.Turtle), 1, "test");
        var after = Lastmods(await h.Client.GetStringAsync("/sitemap.xml"));
        foreach (var page in new[] { path, path + "/c1", path + "/c2" })
            Assert.Equal("2026-02-01T08:30:00Z", after["http://localhost" + page]);
        // The page's Last-Modified is the same date.
        var r = await h.Client.GetWithAccept(path + "/c1", "text/html");
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 8, 30, 0, TimeSpan.Zero), r.Content.Headers.LastModified);
    }
}
