using System.Net;
using AngleSharp.Html.Dom;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Records;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>
/// Pages are Razor slices that encode every value: each page type is fetched with markup, quotes and
/// template syntax in every field a user can supply, and must show that text as text (no script
/// element but the JSON-LD data block, no injected element or attribute, the value visible verbatim).
/// </summary>
public sealed class HtmlSafetyTests(HtmlSafetyTests.EvilRecords fx) : IClassFixture<HtmlSafetyTests.EvilRecords>
{
    /// <summary>Ends a script element, opens one, breaks out of both attribute quotes, and tries template syntax.</summary>
    private const string Evil = "</script><script>alert('x')</script>\"'{{7*7}}<img src=x onerror=alert(1)>";

    /// <summary>One registry whose every user-supplied field carries <see cref="Evil"/>.</summary>
    public sealed class EvilRecords : IDisposable
    {
        public TestHost Host { get; } = TestHost.Start();
        public FacilityRecord Facility { get; }
        public InstanceRecord Instance { get; }
        public InstanceRecord Withdrawn { get; }
        public string Model { get; }
        public string Version { get; }
        public SettingsRecord Settings { get; }

        public EvilRecords()
        {
            var reg = ((RegistryHost)Host.App.Services.GetService(typeof(RegistryHost))!).Registry;
            var facility = Facility = reg.RegisterFacility(new NewFacility
            {
                Name = "Core " + Evil,
                Contact = "Contact " + Evil,
                City = "City " + Evil,
                People = [new PersonInput { Name = "Person " + Evil, Orcid = "0000-0002-1825-0097", Role = Person.Manager }],
            }, "test");
            var model = reg.RegisterModel(new NewModel { Name = "Model " + Evil, Manufacturer = "Maker " + Evil }, "test");
            string modelPid = Model = model.Pid.ToString();
            var instance = Instance = reg.RegisterInstance(new NewInstance
            {
                Name = "Scope " + Evil,
                Facility = facility.Pid.ToString(),
                Model = modelPid,
                Description = "Description " + Evil,
                Identifiers = [new IdentifierInput { Scheme = "serial", Value = "S-" + Evil }],
                People = [new PersonInput { Name = "Person " + Evil, Orcid = "0000-0002-1825-0097", Role = Person.Staff }],
            }, "test");
            // A component's name comes from the submitted descriptor graph.
            string ttl = PhdResolver.Web.Demo.DemoSeed.Read("confocal-1-c1.ttl")
                .Replace("\"Acquisition software\"", "\"Software " + Evil.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"", StringComparison.Ordinal);
            var v = reg.SubmitVersion(instance.Pid.ToString(), Dataset.Parse(ttl, RdfFormat.Turtle), 1, "test");
            string version = Version = reg.PathOf(v);
            reg.AddRelatedWork(version, new RelatedWorkInput { Identifier = "doi:10.5072/xss", Relation = "used-by", Title = "Work " + Evil, Year = 2024, Kind = "dataset" }, "test");
            // Acquisition settings: a name given at registration (shown on its page and on the configuration's).
            const string settings = """
                { "Schema_ID": "Image.json", "ID": "img-xss", "Name": "x", "ModelVersion": "2.01.0", "Tier": 1,
                  "Channel": [ { "Schema_ID": "Channel.json", "ID": "ch", "Name": "GFP",
                    "Plane": [ { "Schema_ID": "Plane.json", "ID": "pl", "ExposureTime": 100, "ExposureTimeUnit": "ms" } ] } ] }
                """;
            Settings = reg.RegisterSettings(version, settings, "settings.json", "test", "Settings " + Evil);
            reg.EditRecord(instance.Pid.ToString(), new RecordEdit { Description = "Edited " + Evil, Reason = "Reason " + Evil }, "test");
            Withdrawn = reg.RegisterInstance(new NewInstance { Name = "Gone " + Evil, Facility = facility.Pid.ToString(), Model = modelPid }, "test");
            reg.Withdraw(Withdrawn.Pid.ToString(), "Withdrawn because " + Evil, "test");
        }

        public void Dispose() => Host.Dispose();
    }

    private async Task<IHtmlDocument> Page(string url, HttpStatusCode status = HttpStatusCode.OK, params string[] shown)
    {
        var r = await fx.Host.Client.GetWithAccept(url, "text/html");
        Assert.Equal(status, r.StatusCode);
        Assert.Equal("text/html", r.MediaType());
        string html = await r.Content.ReadAsStringAsync();
        // Nothing of the payload's markup survives as markup.
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        var doc = TestHost.ParseHtml(html);
        foreach (var s in doc.QuerySelectorAll("script"))
        {
            // The only script is the JSON-LD data block, still valid JSON (escaped for that context, not HTML-encoded).
            Assert.Equal("application/ld+json", s.GetAttribute("type"));
            using var json = System.Text.Json.JsonDocument.Parse(s.TextContent);
        }
        Assert.Empty(doc.QuerySelectorAll("img, [onerror]"));
        // ...and each value the page shows reads exactly as submitted, in text or in an attribute.
        string text = doc.DocumentElement.TextContent;
        var attributes = doc.All.SelectMany(e => e.Attributes).Select(a => a.Value).ToList();
        foreach (var value in shown)
            Assert.True(text.Contains(value, StringComparison.Ordinal) || attributes.Any(a => a.Contains(value, StringComparison.Ordinal)),
                $"{url}: '{value}' is not shown verbatim");
        return doc;
    }

    [Fact]
    public async Task Home_and_catalogue_encode_the_facility_name()
    {
        await Page("/", shown: "Core " + Evil);
        await Page("/catalog", shown: "Instruments of Core " + Evil);
    }

    [Fact]
    public async Task Facility_page_encodes_name_contact_city_people_and_identifiers()
    {
        var doc = await Page("/" + fx.Facility.Pid, shown: ["Core " + Evil, "Contact " + Evil, "City " + Evil, "Person " + Evil, "Scope " + Evil]);
        Assert.Equal("Core " + Evil, doc.QuerySelector("h1")!.TextContent);
        // The JSON-LD names the facility with the same text, escaped for a script block rather than HTML-encoded.
        using var jsonLd = System.Text.Json.JsonDocument.Parse(doc.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Contains("Core " + Evil, Strings(jsonLd.RootElement));
        Assert.DoesNotContain("</script", doc.QuerySelector("script[type='application/ld+json']")!.OuterHtml[8..^9], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Model_instance_and_version_pages_encode_every_field()
    {
        await Page("/" + fx.Model, shown: ["Model " + Evil, "Maker " + Evil, "Scope " + Evil]);
        await Page(Registry.Resolution.Paths.Of(fx.Instance), shown: ["Scope " + Evil, "Edited " + Evil, "Core " + Evil, "Model " + Evil, "S-" + Evil, "Person " + Evil]);
        var doc = await Page(fx.Version, shown: ["Software " + Evil, "Work " + Evil, "Scope " + Evil]);
        Assert.Equal("Work " + Evil, doc.QuerySelector("ul.related a")!.TextContent);
        // The concatenated path and the lone PID show the same page.
        await Page(fx.Version + "?nocache=1", shown: "Software " + Evil);
    }

    [Fact]
    public async Task Settings_pages_encode_the_settings_name_and_the_records_around_it()
    {
        var doc = await Page("/" + fx.Settings.Pid, shown: ["Settings " + Evil, "Scope " + Evil, "Core " + Evil]);
        Assert.Equal("Settings " + Evil, doc.QuerySelector("nav.breadcrumb span")!.TextContent);
        doc = await Page(fx.Version, shown: "Settings " + Evil);
        Assert.Equal("Settings " + Evil, doc.QuerySelector("ul.settings a")!.TextContent);
    }

    [Fact]
    public async Task Tombstone_encodes_the_reason()
    {
        var doc = await Page(Registry.Resolution.Paths.Of(fx.Withdrawn), HttpStatusCode.Gone, "Gone " + Evil, "Withdrawn because " + Evil);
        Assert.Contains("Withdrawn because " + Evil, doc.QuerySelector(".tombstone")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_encodes_changes_and_targets()
    {
        await Page("/history/" + fx.Instance.Pid, shown: ["Scope " + Evil, "Edited " + Evil]);
        await Page("/history/" + fx.Facility.Pid, shown: "Core " + Evil);
    }

    [Fact]
    public async Task Search_encodes_the_query_facets_hits_and_refusals()
    {
        string q = Uri.EscapeDataString(Evil);
        // The search parser refuses this text (400): the refusal page shows it back in the search box.
        await Page("/search?q=" + q, HttpStatusCode.BadRequest, Evil);
        await Page("/search?q=scope&facility=" + q, shown: Evil);
        await Page("/search?q=scope", shown: "Scope " + Evil);
        await Page("/search?tier=" + q, HttpStatusCode.BadRequest, Evil);
    }

    [Fact]
    public async Task Sparql_form_and_results_encode_the_query_and_the_values()
    {
        string literal = Evil.Replace("\"", "\\\"", StringComparison.Ordinal);
        string query = "SELECT ?x WHERE { BIND(\"" + literal + "\" AS ?x) }";
        await Page("/sparql?edit=1&query=" + Uri.EscapeDataString(query), shown: query);
        var doc = await Page("/sparql?format=html&query=" + Uri.EscapeDataString(query), shown: query);
        Assert.Equal(Evil, doc.QuerySelector("table.results td")!.TextContent);
        var names = await Page("/sparql?format=html&query=" + Uri.EscapeDataString("SELECT ?n WHERE { ?s <https://schema.org/name> ?n FILTER(CONTAINS(?n, \"{{\")) }"));
        Assert.Contains(names.QuerySelectorAll("table.results td"), td => td.TextContent == "Core " + Evil);
    }

    [Fact]
    public async Task Ontology_and_error_pages_encode_what_the_reader_typed()
    {
        await Page("/ontology?q=" + Uri.EscapeDataString(Evil), shown: Evil);
        await Page("/resolve?pid=" + Uri.EscapeDataString("doi:" + Evil), HttpStatusCode.BadRequest);
        await Page("/search?level=" + Uri.EscapeDataString(Evil), HttpStatusCode.BadRequest, Evil);
        await Page("/nothing-" + Uri.EscapeDataString(Evil), HttpStatusCode.NotFound);
    }

    private static IEnumerable<string> Strings(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [e.GetString()!],
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}

/// <summary>
/// Raw markup has two audited homes: <c>Slices</c> (a slice's own, already encoded output) and
/// <c>JsonLdScript</c> (a JSON data block escaped for a script element). No template or other class makes
/// an <c>HtmlString</c> or writes unencoded text, so a new page cannot opt out of encoding unnoticed.
/// </summary>
public sealed class RawMarkupAuditTests
{
    private static readonly string[] Audited = ["Infrastructure/Slices.cs", "Infrastructure/JsonLdScript.cs"];
    private static readonly string[] RawApis = ["HtmlString(", "new(\"<", "WriteHtml", "Html.Raw", "IHtmlContent"];

    [Fact]
    public void Only_the_audited_helpers_make_raw_markup()
    {
        string web = Path.Combine(RepoRoot(), "src", "PhdResolver.Web");
        var files = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("Record.cshtml", StringComparison.Ordinal)); // the scan sees the templates
        var offenders = files
            .Where(f => !Audited.Any(a => f.Replace('\\', '/').EndsWith(a, StringComparison.Ordinal)))
            .SelectMany(f => RawApis.Where(api => File.ReadAllText(f).Contains(api, StringComparison.Ordinal)).Select(api => $"{Path.GetRelativePath(web, f)}: {api}"))
            .ToList();
        Assert.Empty(offenders);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("PhdResolver.sln not found above " + AppContext.BaseDirectory);
    }
}
