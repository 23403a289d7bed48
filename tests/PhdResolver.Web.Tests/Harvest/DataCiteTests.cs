using System.Net;
using System.Text;
using System.Xml.Linq;
using PhdResolver.Registry;
using PhdResolver.Tests.Harvest;

namespace PhdResolver.Web.Tests.Harvest;

/// <summary>DataCite XML as served by content negotiation: valid kernel 4.6, real UTF-8, the PIDINST mapping, and listed in Signposting.</summary>
public sealed class DataCiteTests(DemoHost fx) : IClassFixture<DemoHost>
{
    private static readonly XNamespace D = DataCiteSchema.Namespace;
    private readonly HttpClient _c = fx.Host.Client;

    private async Task<(XDocument Doc, byte[] Bytes, HttpResponseMessage Response)> Get(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var r = await _c.GetWithAccept(path, "application/vnd.datacite.datacite+xml");
        Assert.Equal(expected, r.StatusCode);
        Assert.Equal("application/vnd.datacite.datacite+xml", r.MediaType());
        Assert.Equal("utf-8", r.Content.Headers.ContentType?.CharSet);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        // Declared UTF-8 and really UTF-8 (a strict decoder), no byte order mark.
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.ASCII.GetString(bytes, 0, Math.Min(60, bytes.Length)), StringComparison.OrdinalIgnoreCase);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        using var ms = new MemoryStream(bytes);
        return (XDocument.Load(ms), bytes, r);
    }

    private IEnumerable<string> InstanceAndDescriptorPaths()
    {
        foreach (var i in fx.Registry.Instances)
        {
            // Canonical paths: a bare PID answers 301 to them (the test client does not follow redirects).
            yield return PhdResolver.Registry.Resolution.Paths.Of(i);
            foreach (var v in fx.Registry.GetVersions(i.Pid)) yield return fx.Registry.PathOf(v);
        }
    }

    [Fact]
    public async Task Every_served_document_is_valid_DataCite_4_6()
    {
        int n = 0;
        foreach (var path in InstanceAndDescriptorPaths())
        {
            // A withdrawn record (the demo's withdrawn configuration) keeps its metadata, answered with 410.
            var status = fx.Registry.Resolver.Resolve(path).Tombstone is null ? HttpStatusCode.OK : HttpStatusCode.Gone;
            var (doc, _, _) = await Get(path + "?format=datacite", status);
            DataCiteSchema.AssertValid(doc.Root!, path);
            n++;
        }
        Assert.True(n >= 8, $"only {n} documents checked");
    }

    [Fact]
    public void The_validator_rejects_what_the_schema_forbids()
    {
        // The check must be able to fail: DataCite's own example passes, the same example without its
        // mandatory publisher or with an unknown relation type does not.
        var example = XDocument.Load(Path.Combine(DataCiteSchema.Folder, "example", "datacite-example-instrument-v4.xml")).Root!;
        Assert.Empty(DataCiteSchema.Errors(example));
        var noPublisher = new XElement(example);
        noPublisher.Element(D + "publisher")!.Remove();
        Assert.NotEmpty(DataCiteSchema.Errors(noPublisher));
        var badRelation = new XElement(example);
        badRelation.Descendants(D + "relatedIdentifier").First().SetAttributeValue("relationType", "IsModelOf");
        Assert.NotEmpty(DataCiteSchema.Errors(badRelation));
    }

    [Fact]
    public async Task Instance_follows_the_PIDINST_mapping_of_DataCites_instrument_example()
    {
        var example = XDocument.Load(Path.Combine(DataCiteSchema.Folder, "example", "datacite-example-instrument-v4.xml")).Root!;
        var confocal = fx.Registry.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1");
        var model = fx.Registry.GetModel(confocal.Model)!;
        var facility = fx.Registry.GetFacility(confocal.Facility)!;
        var ours = (await Get(fx.Instance + "?format=datacite")).Doc.Root!;

        // The same shape as the example, property by property.
        foreach (var r in new[] { example, ours })
        {
            Assert.Equal("Instrument", r.Element(D + "resourceType")!.Attribute("resourceTypeGeneral")!.Value);
            Assert.Equal("Organizational", r.Descendants(D + "creatorName").Single().Attribute("nameType")!.Value);
            var host = r.Descendants(D + "contributor").Single(c => c.Attribute("contributorType")!.Value == "HostingInstitution");
            Assert.Equal("Organizational", host.Element(D + "contributorName")!.Attribute("nameType")!.Value);
            Assert.Contains(host.Elements(D + "nameIdentifier"), x => x.Attribute("nameIdentifierScheme")!.Value == "ROR" && x.Value.StartsWith("https://ror.org/", StringComparison.Ordinal));
            Assert.Contains(r.Descendants(D + "relatedIdentifier"), x => x.Attribute("relationType")!.Value == "IsDescribedBy");
            Assert.StartsWith("Model Name: ", r.Descendants(D + "description").Single(d => d.Attribute("descriptionType")!.Value == "TechnicalInfo").Value, StringComparison.Ordinal);
        }
        // PIDINST: the manufacturer is the creator; the facility hosts it; the model is what describes it.
        Assert.Equal("DOI", ours.Element(D + "identifier")!.Attribute("identifierType")!.Value);
        Assert.Equal("10.5072/phd-demo.confocal-1", ours.Element(D + "identifier")!.Value);
        Assert.Equal(confocal.Manufacturer, ours.Descendants(D + "creatorName").Single().Value);
        Assert.Equal(facility.Name, ours.Descendants(D + "contributor").Single(c => c.Attribute("contributorType")!.Value == "HostingInstitution").Element(D + "contributorName")!.Value);
        Assert.Equal(confocal.Name, ours.Descendants(D + "title").Single().Value);
        var related = ours.Descendants(D + "relatedIdentifier").ToList();
        Assert.DoesNotContain(related, x => x.Attribute("relationType")!.Value == "IsNewVersionOf");
        Assert.Contains(related, x => x.Attribute("relationType")!.Value == "IsDescribedBy" && x.Value.EndsWith("/" + model.Pid, StringComparison.Ordinal));
        Assert.Contains(model.Name, ours.Descendants(D + "description").Single(d => d.Attribute("descriptionType")!.Value == "TechnicalInfo").Value, StringComparison.Ordinal);
        Assert.Equal(2, related.Count(x => x.Attribute("relationType")!.Value == "HasVersion"));
    }

    [Fact]
    public async Task Descriptors_are_datasets_linked_to_their_instrument_and_neighbour_versions()
    {
        var confocal = fx.Registry.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1");
        var versions = fx.Registry.GetVersions(confocal.Pid);
        Assert.Equal(2, versions.Count);
        var c1 = (await Get(fx.Instance + "/c1?format=datacite")).Doc.Root!;
        var c2 = (await Get(fx.Registry.PathOf(versions[1]) + "?format=datacite")).Doc.Root!;
        foreach (var (doc, v) in new[] { (c1, versions[0]), (c2, versions[1]) })
        {
            Assert.Equal("Dataset", doc.Element(D + "resourceType")!.Attribute("resourceTypeGeneral")!.Value);
            Assert.Equal(v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), doc.Element(D + "version")!.Value);
            Assert.EndsWith("/" + v.Pid, doc.Element(D + "identifier")!.Value, StringComparison.Ordinal);
            var isVersionOf = doc.Descendants(D + "relatedIdentifier").Single(x => x.Attribute("relationType")!.Value == "IsVersionOf");
            Assert.Equal("DOI", isVersionOf.Attribute("relatedIdentifierType")!.Value);
            Assert.Equal("10.5072/phd-demo.confocal-1", isVersionOf.Value);
            Assert.Contains(doc.Descendants(D + "relatedIdentifier"), x => x.Attribute("relationType")!.Value == "IsDescribedBy");
        }
        string Rel(XElement doc, string type) => doc.Descendants(D + "relatedIdentifier").SingleOrDefault(x => x.Attribute("relationType")!.Value == type)?.Value ?? "";
        Assert.EndsWith("/" + versions[1].Pid, Rel(c1, "IsPreviousVersionOf"), StringComparison.Ordinal);
        Assert.Equal("", Rel(c1, "IsNewVersionOf"));
        Assert.EndsWith("/" + versions[0].Pid, Rel(c2, "IsNewVersionOf"), StringComparison.Ordinal);
        Assert.Equal("", Rel(c2, "IsPreviousVersionOf"));
    }

    [Fact]
    public async Task Facilities_and_models_answer_406_saying_why()
    {
        var model = "/" + fx.Registry.Models.First().Pid;
        foreach (var (path, word) in new[] { (fx.Facility, "organisation"), (model, "model") })
        {
            var p = await (await _c.GetAsync(path + "?format=datacite")).AssertProblem(406);
            Assert.Contains(word, p.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("application/ld+json", p.GetProperty("alternatives").EnumerateArray().Select(x => x.GetString()));
            var viaAccept = await (await _c.GetWithAccept(path, "application/vnd.datacite.datacite+xml")).AssertProblem(406);
            Assert.Contains("DataCite", viaAccept.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Signposting_lists_DataCite_as_describedby_in_the_header_and_the_page()
    {
        var c2 = fx.Instance + "/c2";
        foreach (var path in new[] { fx.Instance, c2 })
        {
            var r = await _c.GetWithAccept(path, "text/html");
            var link = string.Join(", ", r.Headers.GetValues("Link"));
            Assert.Contains($"<http://localhost{path}?format=datacite>; rel=\"describedby\"; type=\"application/vnd.datacite.datacite+xml\"", link, StringComparison.Ordinal);
            var doc = TestHost.ParseHtml(await r.Content.ReadAsStringAsync());
            Assert.Contains(doc.QuerySelectorAll("link[rel=describedby]"), l => l.GetAttribute("type") == "application/vnd.datacite.datacite+xml");
            Assert.Contains(doc.QuerySelectorAll("a[rel=alternate]"), a => a.GetAttribute("type") == "application/vnd.datacite.datacite+xml");
        }
        var facility = await _c.GetWithAccept(fx.Facility, "text/html");
        Assert.DoesNotContain("datacite", string.Join(", ", facility.Headers.GetValues("Link")), StringComparison.Ordinal);
    }
}

/// <summary>Non-ASCII names, moved and loaned instruments, withdrawn records: each still a valid, truthful document.</summary>
public sealed class DataCiteEdgeTests
{
    private static readonly XNamespace D = DataCiteSchema.Namespace;

    [Fact]
    public async Task Unicode_loans_and_withdrawals_stay_valid_and_say_so()
    {
        using var host = TestHost.Start();
        var reg = ((Records.RegistryHost)host.App.Services.GetService(typeof(Records.RegistryHost))!).Registry;
        var a = reg.RegisterFacility(new NewFacility { Name = "Zentrum für Mikroskopie – Ångström-Labor 光学", Ror = "ror:03vek6s52" }, "test");
        var b = reg.RegisterFacility(new NewFacility { Name = "Second façility", Rrid = "RRID:SCR_017406" }, "test");
        var m = reg.RegisterModel(new NewModel { Name = "Élan <9000> & co", Manufacturer = "Optik \"Müller\" GmbH", Modality = "light-sheet" }, "test");
        var i = reg.RegisterInstance(new NewInstance { Name = "Lichtblatt ünd \u00e9", Facility = a.Pid.ToString(), Model = m.Pid.ToString(), Description = "Ein Gerät" }, "test");
        var graph = PhdResolver.Rdf.Dataset.Parse(File.ReadAllText(Path.Combine(Root(), "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl")), PhdResolver.Rdf.RdfFormat.Turtle);
        var v = reg.SubmitVersion(i.Pid.ToString(), graph, 1, "test");
        reg.MoveInstance(i.Pid.ToString(), b.Pid.ToString(), "test", transferOwnership: false);
        reg.Withdraw("/" + v.Pid, "superseded by a rebuild", "test");

        var r = await host.Client.GetAsync(PhdResolver.Registry.Resolution.Paths.Of(reg.GetInstance(i.Pid)!) + "?format=datacite");
        var bytes = await r.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(false, true).GetString(bytes);
        Assert.Contains("Zentrum für Mikroskopie – Ångström-Labor 光学", text, StringComparison.Ordinal);
        var doc = XDocument.Parse(text).Root!;
        DataCiteSchema.AssertValid(doc, "the moved instance");
        // On loan: the holder hosts it, the owner keeps the rights.
        Assert.Equal("Second façility", doc.Descendants(D + "contributor").Single(c => c.Attribute("contributorType")!.Value == "HostingInstitution").Element(D + "contributorName")!.Value);
        Assert.Equal(a.Name, doc.Descendants(D + "contributor").Single(c => c.Attribute("contributorType")!.Value == "RightsHolder").Element(D + "contributorName")!.Value);
        Assert.Equal("Optik \"Müller\" GmbH", doc.Descendants(D + "creatorName").Single().Value);

        var gone = await host.Client.GetAsync(reg.PathOf(v) + "?format=datacite");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var g = XDocument.Parse(new UTF8Encoding(false, true).GetString(await gone.Content.ReadAsByteArrayAsync())).Root!;
        DataCiteSchema.AssertValid(g, "the withdrawn version");
        Assert.Contains(g.Descendants(D + "date"), d => d.Attribute("dateType")!.Value == "Withdrawn");
    }

    internal static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }
}
