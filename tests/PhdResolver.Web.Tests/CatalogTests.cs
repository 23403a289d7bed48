using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using PhdResolver.Rdf;
using PhdResolver.Web.Catalog;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>/catalog (DCAT-3) and the N-Quads dump: built off the request path, atomic, ETag and Range.</summary>
public sealed class CatalogTests
{
    private const string Dcat = "http://www.w3.org/ns/dcat#";

    private static TestHost Start() => TestHost.Start(o => o with { SeedDemoData = true, DumpDelay = TimeSpan.FromMilliseconds(50) });

    private static async Task<DumpService> Built(TestHost h, int atLeast = 1)
    {
        var dumps = (DumpService)h.App.Services.GetService(typeof(DumpService))!;
        for (int i = 0; i < 600 && (dumps.Builds < atLeast || dumps.Current is null); i++) await Task.Delay(100);
        Assert.True(dumps.Builds >= atLeast, "the dump was not built");
        return dumps;
    }

    private static Dataset Unzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return Dataset.Parse(reader.ReadToEnd(), RdfFormat.NQuads);
    }

    [Fact]
    public async Task Catalog_is_dcat_with_one_dataset_per_facility_and_the_dump_as_distribution()
    {
        await using var h = Start();
        await Built(h);
        var reg = ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        var r = await h.Client.GetWithAccept("/catalog", "text/turtle");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var ds = Dataset.Parse(await r.Content.ReadAsStringAsync(), RdfFormat.Turtle);
        var cat = reg.Iris.Catalog;
        Assert.Contains(ds, q => q.Subject == cat && q.Predicate == Vocab.Rdf.Type && q.Object is Iri t && t.Value == Dcat + "Catalog");
        var datasets = ds.Where(q => q.Subject == cat && q.Predicate is Iri p && p.Value == Dcat + "dataset").Select(q => q.Object).ToList();
        Assert.Equal(reg.Facilities.Count(f => f.Tombstone is null) + 1, datasets.Count);
        var download = ds.Single(q => q.Predicate is Iri p && p.Value == Dcat + "downloadURL").Object;
        Assert.Equal("http://localhost" + DumpService.UrlPath, ((Iri)download).Value);
        foreach (var f in reg.Facilities)
            Assert.Contains(ds, q => q.Predicate is Iri p && p.Value == "http://purl.org/dc/terms/publisher" && q.Object == reg.RecordIri(f.Pid));

        var ld = await h.Client.GetWithAccept("/catalog", "application/ld+json");
        Assert.True(Isomorphism.AreIsomorphic(Dataset.Parse(await ld.Content.ReadAsStringAsync(), RdfFormat.JsonLd), ds));
        var html = TestHost.ParseHtml(await (await h.Client.GetWithAccept("/catalog", "text/html")).Content.ReadAsStringAsync());
        Assert.Contains(html.QuerySelectorAll("a"), a => a.GetAttribute("href") == DumpService.UrlPath);
        Assert.NotNull(html.QuerySelector("meta[name=description]"));
        var sitemap = await h.Client.GetStringAsync("/sitemap.xml?x=1");
        Assert.Contains("<loc>http://localhost/catalog</loc>", sitemap, StringComparison.Ordinal);
        Assert.Contains("<loc>http://localhost" + DumpService.UrlPath + "</loc>", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_holds_every_quad_with_etag_range_and_304()
    {
        await using var h = Start();
        var dumps = await Built(h);
        var r = await h.Client.GetAsync(DumpService.UrlPath);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/gzip", r.MediaType());
        Assert.Equal("bytes", Assert.Single(r.Headers.AcceptRanges));
        var body = await r.Content.ReadAsByteArrayAsync();
        var quads = Unzip(body);
        var store = ((StoreHost)h.App.Services.GetService(typeof(StoreHost))!).Store;
        using (var snap = store.OpenSnapshot()) Assert.Equal(snap.QuadCount, quads.Count);
        Assert.Equal(dumps.Current!.Quads, quads.Count);

        var range = await h.Client.Send(HttpMethod.Get, DumpService.UrlPath, m => m.Headers.Range = new RangeHeaderValue(10, 109));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(body.AsSpan(10, 100).ToArray(), await range.Content.ReadAsByteArrayAsync());

        var etag = r.Headers.ETag!;
        var again = await h.Client.Send(HttpMethod.Get, DumpService.UrlPath, m => m.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        // Written through a temporary file renamed over the dump: none is left behind.
        var dir = Path.GetDirectoryName(dumps.Current.Path)!;
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public async Task A_registry_change_rewrites_the_dump()
    {
        await using var h = Start();
        var dumps = await Built(h);
        int before = dumps.Builds;
        var reg = ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        reg.RegisterFacility(new PhdResolver.Registry.NewFacility { Name = "Dump test core" }, "test");
        await Built(h, before + 1);
        var quads = Unzip(await (await h.Client.GetAsync(DumpService.UrlPath)).Content.ReadAsByteArrayAsync());
        Assert.Contains(quads, q => q.Object is Literal l && l.Lexical == "Dump test core");
    }
}
