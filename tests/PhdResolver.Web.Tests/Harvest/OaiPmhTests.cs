using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using PhdResolver.Registry;
using PhdResolver.Tests.Harvest;

namespace PhdResolver.Web.Tests.Harvest;

/// <summary>A registry of known size on a controllable clock, for OAI-PMH protocol tests.</summary>
public sealed class OaiHost : IDisposable
{
    public const int Instruments = 130;
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    public TestHost Host { get; }
    public RegistryService Registry { get; }

    public OaiHost()
    {
        Host = TestHost.Start(o => o with { Clock = Clock, SeedDemoData = true });
        Registry = ((Records.RegistryHost)Host.App.Services.GetService(typeof(Records.RegistryHost))!).Registry;
        Clock.Advance(TimeSpan.FromDays(1));
        var f = Registry.RegisterFacility(new NewFacility { Name = "Paging Core", Rrid = "RRID:SCR_900001" }, "test");
        var m = Registry.RegisterModel(new NewModel { Name = "Pager 1", Manufacturer = "Pages Inc." }, "test");
        for (int i = 0; i < Instruments; i++)
        {
            if (i % 10 == 0) Clock.Advance(TimeSpan.FromMinutes(1)); // several records share each second
            Registry.RegisterInstance(new NewInstance { Name = "Paged " + i.ToString(CultureInfo.InvariantCulture), Facility = f.Pid.ToString(), Model = m.Pid.ToString() }, "test");
        }
    }

    public void Dispose() => Host.Dispose();
}

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}

internal static class Oai
{
    public static readonly XNamespace O = "http://www.openarchives.org/OAI/2.0/";

    public static async Task<XElement> Get(HttpClient c, string query)
    {
        var r = await c.GetAsync("/oai?" + query);
        return await Read(r);
    }

    public static async Task<XElement> Read(HttpResponseMessage r)
    {
        // Every answer, errors included, is HTTP 200 with the protocol's XML (OAI-PMH §3.6).
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/xml", r.MediaType());
        var bytes = await r.Content.ReadAsByteArrayAsync();
        var root = XDocument.Parse(new UTF8Encoding(false, true).GetString(bytes)).Root!;
        Assert.Equal(O + "OAI-PMH", root.Name);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", root.Element(O + "responseDate")!.Value);
        Assert.NotNull(root.Element(O + "request"));
        return root;
    }

    public static string? Error(XElement root) => root.Element(O + "error")?.Attribute("code")?.Value;

    /// <summary>Follows resumption tokens to the end; returns every header (record or identifier) and the number of requests.</summary>
    public static async Task<(List<XElement> Items, int Requests)> Harvest(HttpClient c, string verb, string args)
    {
        var items = new List<XElement>();
        string query = $"verb={verb}&{args}";
        int requests = 0;
        while (true)
        {
            var root = await Get(c, query);
            requests++;
            Assert.Null(Error(root));
            var list = root.Element(O + verb)!;
            items.AddRange(verb == "ListRecords" ? list.Elements(O + "record") : list.Elements(O + "header"));
            var token = list.Element(O + "resumptionToken");
            if (token is null || token.Value.Length == 0) return (items, requests);
            Assert.True(requests < 1000, "the harvest does not end");
            query = $"verb={verb}&resumptionToken={Uri.EscapeDataString(token.Value)}";
        }
    }

    public static XElement HeaderOf(XElement item) => item.Name == O + "header" ? item : item.Element(O + "header")!;
    public static string Id(XElement item) => HeaderOf(item).Element(O + "identifier")!.Value;
}

public sealed class OaiPmhTests(OaiHost fx) : IClassFixture<OaiHost>
{
    private static readonly XNamespace O = Oai.O;
    private readonly HttpClient _c = fx.Host.Client;
    private int Total => fx.Registry.FacilityCount + fx.Registry.Models.Count() + fx.Registry.InstanceCount + fx.Registry.Instances.Sum(i => fx.Registry.GetVersions(i.Pid).Count);

    [Fact]
    public async Task Identify_names_the_repository_and_its_policies()
    {
        var root = await Oai.Get(_c, "verb=Identify");
        var id = root.Element(O + "Identify")!;
        Assert.Equal("http://localhost/oai", id.Element(O + "baseURL")!.Value);
        Assert.Equal("2.0", id.Element(O + "protocolVersion")!.Value);
        Assert.Equal("persistent", id.Element(O + "deletedRecord")!.Value);
        Assert.Equal("YYYY-MM-DDThh:mm:ssZ", id.Element(O + "granularity")!.Value);
        Assert.Contains("@", id.Element(O + "adminEmail")!.Value, StringComparison.Ordinal);
        Assert.Equal("2026-03-01T08:00:00Z", id.Element(O + "earliestDatestamp")!.Value);
        Assert.Equal("Identify", root.Element(O + "request")!.Attribute("verb")!.Value);
    }

    [Fact]
    public async Task Every_record_is_harvested_once_through_resumption_tokens_in_both_formats()
    {
        var (dc, requests) = await Oai.Harvest(_c, "ListRecords", "metadataPrefix=oai_dc");
        Assert.Equal(Total, dc.Count);
        Assert.Equal(dc.Count, dc.Select(Oai.Id).Distinct().Count());
        Assert.Equal((Total + 99) / 100, requests);
        // Withdrawn records (the demo has a withdrawn configuration) are deleted headers without metadata.
        Assert.All(dc.Where(r => r.Element(O + "header")!.Attribute("status")?.Value != "deleted"),
            r => Assert.NotNull(r.Element(O + "metadata")!.Element((XNamespace)"http://www.openarchives.org/OAI/2.0/oai_dc/" + "dc")));

        var (datacite, _) = await Oai.Harvest(_c, "ListRecords", "metadataPrefix=oai_datacite");
        int expected = fx.Registry.InstanceCount + fx.Registry.Instances.Sum(i => fx.Registry.GetVersions(i.Pid).Count);
        Assert.Equal(expected, datacite.Count);
        foreach (var r in datacite.Where(r => r.Element(O + "header")!.Attribute("status")?.Value != "deleted"))
            DataCiteSchema.AssertValid(r.Element(O + "metadata")!.Elements().Single(), Oai.Id(r));

        var (ids, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc");
        Assert.Equal(dc.Select(Oai.Id), ids.Select(Oai.Id));
        // Datestamps never go backwards along the list (the keyset order the tokens rely on).
        var stamps = ids.Select(h => h.Element(O + "datestamp")!.Value).ToList();
        Assert.Equal(stamps.Order(StringComparer.Ordinal), stamps);
    }

    [Fact]
    public async Task Resumption_token_pages_carry_list_size_and_cursor_and_the_last_one_is_empty()
    {
        var first = (await Oai.Get(_c, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=level:instance")).Element(O + "ListIdentifiers")!;
        Assert.Equal(100, first.Elements(O + "header").Count());
        var t = first.Element(O + "resumptionToken")!;
        Assert.Equal(fx.Registry.InstanceCount.ToString(CultureInfo.InvariantCulture), t.Attribute("completeListSize")!.Value);
        Assert.Equal("0", t.Attribute("cursor")!.Value);
        var second = (await Oai.Get(_c, "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(t.Value))).Element(O + "ListIdentifiers")!;
        var end = second.Element(O + "resumptionToken")!;
        Assert.Equal("", end.Value);
        Assert.Equal("100", end.Attribute("cursor")!.Value);
        Assert.Equal(fx.Registry.InstanceCount - 100, second.Elements(O + "header").Count());
        // A complete list in one response has no token at all.
        var small = (await Oai.Get(_c, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=level:facility")).Element(O + "ListIdentifiers")!;
        Assert.Null(small.Element(O + "resumptionToken"));
    }

    [Fact]
    public async Task Sets_list_levels_and_facilities_and_select_their_records()
    {
        var sets = (await Oai.Get(_c, "verb=ListSets")).Element(O + "ListSets")!.Elements(O + "set").Select(s => s.Element(O + "setSpec")!.Value).ToList();
        foreach (var s in new[] { "level", "level:facility", "level:model", "level:instance", "level:descriptor", "facility", "facility:RRID.SCR_900001" })
            Assert.Contains(s, sets);
        Assert.Equal(fx.Registry.FacilityCount, sets.Count(s => s.StartsWith("facility:", StringComparison.Ordinal)));
        Assert.All(sets, s => Assert.Matches(@"^([A-Za-z0-9\-_\.!~\*'\(\)])+(:[A-Za-z0-9\-_\.!~\*'\(\)]+)*$", s));

        var (paging, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc&set=facility:RRID.SCR_900001");
        Assert.Equal(OaiHost.Instruments + 1, paging.Count); // the facility and its instruments
        // A parent set holds its subsets' records (§2.7.2).
        var (levels, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc&set=level");
        Assert.Equal(Total, levels.Count);
        var (descriptors, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc&set=level:descriptor");
        Assert.All(descriptors, h => Assert.Contains("/phd:", Oai.Id(h), StringComparison.Ordinal));
        Assert.Equal("noRecordsMatch", Oai.Error(await Oai.Get(_c, "verb=ListRecords&metadataPrefix=oai_dc&set=facility:RRID.SCR_999999")));
        Assert.Equal("noRecordsMatch", Oai.Error(await Oai.Get(_c, "verb=ListRecords&metadataPrefix=oai_dc&set=level:fac")));
    }

    [Fact]
    public async Task From_and_until_select_by_day_and_by_second_inclusively()
    {
        var (all, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc");
        var stamps = all.Select(h => DateTimeOffset.Parse(h.Element(O + "datestamp")!.Value, CultureInfo.InvariantCulture)).ToList();
        var pivot = stamps[stamps.Count / 2];
        string s = pivot.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (from, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc&from=" + s);
        Assert.Equal(stamps.Count(t => t >= pivot), from.Count);
        var (until, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc&until=" + s);
        Assert.Equal(stamps.Count(t => t <= pivot), until.Count);
        var (exact, _) = await Oai.Harvest(_c, "ListIdentifiers", $"metadataPrefix=oai_dc&from={s}&until={s}");
        Assert.Equal(stamps.Count(t => t == pivot), exact.Count);
        // Days: the demo was seeded on 2026-03-01, the rest on 2026-03-02; until a day includes all of it.
        var (day1, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc&until=2026-03-01");
        Assert.Equal(stamps.Count(t => t.UtcDateTime.Date == new DateTime(2026, 3, 1)), day1.Count);
        var (day2, _) = await Oai.Harvest(_c, "ListIdentifiers", "metadataPrefix=oai_dc&from=2026-03-02&until=2026-03-02");
        Assert.Equal(stamps.Count(t => t.UtcDateTime.Date == new DateTime(2026, 3, 2)), day2.Count);
        Assert.Equal("noRecordsMatch", Oai.Error(await Oai.Get(_c, "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2030-01-01")));
    }

    [Fact]
    public async Task GetRecord_and_ListMetadataFormats_per_record()
    {
        var f = fx.Registry.Facilities.Single(x => x.Pid.ToString() == "RRID:SCR_900001");
        var facilityId = "http://localhost/" + f.Pid;
        var formats = (await Oai.Get(_c, "verb=ListMetadataFormats&identifier=" + Uri.EscapeDataString(facilityId))).Element(O + "ListMetadataFormats")!;
        Assert.Equal(["oai_dc"], formats.Elements(O + "metadataFormat").Select(m => m.Element(O + "metadataPrefix")!.Value));
        var all = (await Oai.Get(_c, "verb=ListMetadataFormats")).Element(O + "ListMetadataFormats")!;
        Assert.Equal(["oai_dc", "oai_datacite"], all.Elements(O + "metadataFormat").Select(m => m.Element(O + "metadataPrefix")!.Value));

        var inst = fx.Registry.Instances.Single(i => i.Pid.ToString() == "doi:10.5072/phd-demo.confocal-1");
        var rec = (await Oai.Get(_c, "verb=GetRecord&metadataPrefix=oai_datacite&identifier=" + Uri.EscapeDataString("http://localhost/" + inst.Pid))).Element(O + "GetRecord")!.Element(O + "record")!;
        DataCiteSchema.AssertValid(rec.Element(O + "metadata")!.Elements().Single(), "GetRecord");
        Assert.Equal("cannotDisseminateFormat", Oai.Error(await Oai.Get(_c, "verb=GetRecord&metadataPrefix=oai_datacite&identifier=" + Uri.EscapeDataString(facilityId))));
        Assert.Equal("idDoesNotExist", Oai.Error(await Oai.Get(_c, "verb=GetRecord&metadataPrefix=oai_dc&identifier=http://localhost/RRID:SCR_123456")));
        Assert.Equal("idDoesNotExist", Oai.Error(await Oai.Get(_c, "verb=ListMetadataFormats&identifier=nonsense")));
    }

    [Theory]
    [InlineData("", "badVerb")]
    [InlineData("verb=Jump", "badVerb")]
    [InlineData("verb=Identify&verb=Identify", "badVerb")]
    [InlineData("verb=Identify&extra=1", "badArgument")]
    [InlineData("verb=ListRecords", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-30", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01T00:00:00", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01T00:00:00.5Z", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01T00:00:00%2B01:00", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01&until=2026-03-02T00:00:00Z", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-02&until=2026-03-01", "badArgument")]
    [InlineData("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat")]
    [InlineData("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=x", "badArgument")]
    [InlineData("verb=ListRecords&resumptionToken=x", "badResumptionToken")]
    [InlineData("verb=ListRecords&resumptionToken=", "badResumptionToken")]
    [InlineData("verb=ListRecords&resumptionToken=MQ.AAAA", "badResumptionToken")]
    [InlineData("verb=ListSets&resumptionToken=abc", "badResumptionToken")]
    [InlineData("verb=GetRecord&identifier=http://localhost/RRID:SCR_900001", "badArgument")]
    [InlineData("verb=GetRecord&metadataPrefix=oai_dc&identifier=%00%FF%FE", "badArgument")]
    [InlineData("verb=GetRecord&metadataPrefix=oai_dc&identifier=doi:10.5072/nothing", "idDoesNotExist")]
    [InlineData("verb=ListRecords&metadataPrefix=oai_dc&from=1900-01-01&until=1900-01-02", "noRecordsMatch")]
    public async Task Bad_requests_get_the_specifications_error_element(string query, string code)
    {
        var root = await Oai.Get(_c, query);
        Assert.Equal(code, Oai.Error(root));
        Assert.False(string.IsNullOrWhiteSpace(root.Element(O + "error")!.Value), "the error says nothing");
        var request = root.Element(O + "request")!;
        Assert.Equal("http://localhost/oai", request.Value);
        // After badVerb or badArgument the request element carries no arguments (§3.2).
        if (code is "badVerb" or "badArgument") Assert.Empty(request.Attributes());
        Assert.Null(root.Element(O + "ListRecords"));
    }

    [Fact]
    public async Task Tampered_or_truncated_tokens_are_bad_resumption_tokens()
    {
        var first = (await Oai.Get(_c, "verb=ListIdentifiers&metadataPrefix=oai_dc")).Element(O + "ListIdentifiers")!;
        var token = first.Element(O + "resumptionToken")!.Value;
        var variants = new List<string> { token[..^1], token[..(token.Length / 2)], token + "A", token.Replace('.', '!'), token.ToUpperInvariant(), "." + token, token + "." + token };
        // Flip one character of the payload: the check catches it.
        int k = token.Length / 3;
        variants.Add(token[..k] + (token[k] == 'A' ? 'B' : 'A') + token[(k + 1)..]);
        foreach (var t in variants.Where(v => v != token))
            Assert.Equal("badResumptionToken", Oai.Error(await Oai.Get(_c, "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(t))));
        // A ListIdentifiers token also drives ListRecords (it carries the format, not the verb).
        Assert.Null(Oai.Error(await Oai.Get(_c, "verb=ListRecords&resumptionToken=" + Uri.EscapeDataString(token))));
    }

    [Fact]
    public async Task Post_form_requests_work_like_get_and_other_bodies_are_bad_arguments()
    {
        using var form = new FormUrlEncodedContent([new("verb", "ListIdentifiers"), new("metadataPrefix", "oai_dc"), new("set", "level:model")]);
        var root = await Oai.Read(await _c.PostAsync("/oai", form));
        Assert.Equal(fx.Registry.Models.Count(), root.Element(O + "ListIdentifiers")!.Elements(O + "header").Count());
        using var json = new StringContent("{\"verb\":\"Identify\"}", Encoding.UTF8, "application/json");
        Assert.Equal("badArgument", Oai.Error(await Oai.Read(await _c.PostAsync("/oai", json))));
        using var twice = new FormUrlEncodedContent([new("verb", "Identify")]);
        Assert.Equal("badVerb", Oai.Error(await Oai.Read(await _c.PostAsync("/oai?verb=Identify", twice))));
    }

    [Fact]
    public async Task Hostile_arguments_never_give_a_500()
    {
        string big = new('x', 100_000);
        foreach (var q in new[] { "verb=ListRecords&metadataPrefix=" + big, "verb=GetRecord&metadataPrefix=oai_dc&identifier=" + big, "verb=ListRecords&resumptionToken=" + big,
                     "verb=ListRecords&metadataPrefix=oai_dc&set=" + Uri.EscapeDataString("<&\"'>\u0001"), "verb=%F0%9F%98%80", "verb=ListRecords&metadataPrefix=oai_dc&from=%00" })
        {
            var r = await _c.GetAsync("/oai?" + q);
            Assert.True((int)r.StatusCode is 200 or 400 or 414, $"{q[..Math.Min(60, q.Length)]}: {(int)r.StatusCode}");
            if (r.StatusCode == HttpStatusCode.OK) Assert.NotNull(Oai.Error(await Oai.Read(r)));
        }
    }
}

/// <summary>Writes during a harvest, restarts, deletions and datestamps that move: each test on its own registry.</summary>
public sealed class OaiPmhChangeTests
{
    private static readonly XNamespace O = Oai.O;

    private static string Graph(string file) => File.ReadAllText(Path.Combine(DataCiteEdgeTests.Root(), "src", "PhdResolver.Web", "Demo", file));

    [Fact]
    public async Task Tokens_survive_a_restart_and_records_added_meanwhile_are_harvested_too()
    {
        var dir = Path.Combine(Path.GetTempPath(), "phd-oai-" + Guid.NewGuid().ToString("N"));
        var clock = new ManualClock(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        try
        {
            string token;
            var seen = new List<string>();
            int before;
            using (var host = TestHost.Start(o => o with { DataDirectory = dir, Clock = clock }))
            {
                var reg = ((Records.RegistryHost)host.App.Services.GetService(typeof(Records.RegistryHost))!).Registry;
                var f = reg.RegisterFacility(new NewFacility { Name = "Restart Core" }, "test");
                var m = reg.RegisterModel(new NewModel { Name = "R", Manufacturer = "R Inc." }, "test");
                for (int i = 0; i < 150; i++) reg.RegisterInstance(new NewInstance { Name = "R" + i.ToString(CultureInfo.InvariantCulture), Facility = f.Pid.ToString(), Model = m.Pid.ToString() }, "test");
                before = 152;
                var first = (await Oai.Get(host.Client, "verb=ListIdentifiers&metadataPrefix=oai_dc")).Element(O + "ListIdentifiers")!;
                seen.AddRange(first.Elements(O + "header").Select(Oai.Id));
                token = first.Element(O + "resumptionToken")!.Value;
            }
            clock.Advance(TimeSpan.FromHours(1));
            using (var host = TestHost.Start(o => o with { DataDirectory = dir, Clock = clock }))
            {
                var reg = ((Records.RegistryHost)host.App.Services.GetService(typeof(Records.RegistryHost))!).Registry;
                // Records registered after the first page: later datestamps, so after the cursor.
                var f = reg.Facilities.Single();
                var m = reg.Models.Single();
                for (int i = 0; i < 5; i++) reg.RegisterInstance(new NewInstance { Name = "New" + i.ToString(CultureInfo.InvariantCulture), Facility = f.Pid.ToString(), Model = m.Pid.ToString() }, "test");
                while (token.Length > 0)
                {
                    var page = (await Oai.Get(host.Client, "verb=ListIdentifiers&resumptionToken=" + Uri.EscapeDataString(token))).Element(O + "ListIdentifiers")!;
                    seen.AddRange(page.Elements(O + "header").Select(Oai.Id));
                    token = page.Element(O + "resumptionToken")?.Value ?? "";
                }
                Assert.Equal(before + 5, seen.Count);
                Assert.Equal(seen.Count, seen.Distinct().Count());
                Assert.Equal(reg.FacilityCount + reg.Models.Count() + reg.InstanceCount, seen.Count);
            }
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_new_version_moves_the_instance_and_its_predecessor_and_withdrawn_records_are_deleted()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        using var host = TestHost.Start(o => o with { Clock = clock });
        var reg = ((Records.RegistryHost)host.App.Services.GetService(typeof(Records.RegistryHost))!).Registry;
        var f = reg.RegisterFacility(new NewFacility { Name = "Versions Core" }, "test");
        var m = reg.RegisterModel(new NewModel { Name = "V", Manufacturer = "V Inc.", Modality = "confocal" }, "test");
        var i = reg.RegisterInstance(new NewInstance { Name = "V1", Facility = f.Pid.ToString(), Model = m.Pid.ToString() }, "test");
        var c1 = reg.SubmitVersion(i.Pid.ToString(), PhdResolver.Rdf.Dataset.Parse(Graph("confocal-1-c1.ttl"), PhdResolver.Rdf.RdfFormat.Turtle), 1, "test");
        string Id(object pid) => Uri.EscapeDataString("http://localhost/" + pid);
        async Task<XElement> Header(object pid) =>
            (await Oai.Get(host.Client, $"verb=GetRecord&metadataPrefix=oai_dc&identifier={Id(pid)}")).Element(O + "GetRecord")!.Element(O + "record")!.Element(O + "header")!;
        Assert.Equal("2026-05-01T00:00:00Z", (await Header(i.Pid)).Element(O + "datestamp")!.Value);

        clock.Advance(TimeSpan.FromDays(2));
        var c2 = reg.SubmitVersion(i.Pid.ToString(), PhdResolver.Rdf.Dataset.Parse(Graph("confocal-1-c2.ttl"), PhdResolver.Rdf.RdfFormat.Turtle), 1, "test");
        Assert.Equal("2026-05-03T00:00:00Z", (await Header(i.Pid)).Element(O + "datestamp")!.Value);
        Assert.Equal("2026-05-03T00:00:00Z", (await Header(c1.Pid)).Element(O + "datestamp")!.Value); // it gained IsPreviousVersionOf
        var (changed, _) = await Oai.Harvest(host.Client, "ListIdentifiers", "metadataPrefix=oai_datacite&from=2026-05-02");
        Assert.Equal(new[] { c1.Pid.ToString(), c2.Pid.ToString(), i.Pid.ToString() }.Order(StringComparer.Ordinal), changed.Select(h => Oai.Id(h)["http://localhost/".Length..]).Order(StringComparer.Ordinal));
        var prev = (await Oai.Get(host.Client, $"verb=GetRecord&metadataPrefix=oai_datacite&identifier={Id(c1.Pid)}")).Descendants((XNamespace)DataCiteSchema.Namespace + "relatedIdentifier");
        Assert.Contains(prev, r => r.Attribute("relationType")!.Value == "IsPreviousVersionOf" && r.Value.EndsWith(c2.Pid.ToString(), StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromDays(1));
        reg.Withdraw("/" + i.Pid, "decommissioned", "test");
        foreach (var pid in new object[] { i.Pid, c1.Pid, c2.Pid })
        {
            var rec = (await Oai.Get(host.Client, $"verb=GetRecord&metadataPrefix=oai_datacite&identifier={Id(pid)}")).Element(O + "GetRecord")!.Element(O + "record")!;
            Assert.Equal("deleted", rec.Element(O + "header")!.Attribute("status")?.Value);
            Assert.Equal("2026-05-04T00:00:00Z", rec.Element(O + "header")!.Element(O + "datestamp")!.Value);
            Assert.Null(rec.Element(O + "metadata"));
        }
        // Deleted records stay in the lists (deletedRecord persistent), as headers without metadata.
        var (records, _) = await Oai.Harvest(host.Client, "ListRecords", "metadataPrefix=oai_dc&from=2026-05-04");
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Null(r.Element(O + "metadata")));
    }

    [Fact]
    public async Task Without_sets_ListSets_and_set_arguments_answer_noSetHierarchy()
    {
        using var host = TestHost.Start(o => o with { OaiSets = false, SeedDemoData = true });
        Assert.Equal("noSetHierarchy", Oai.Error(await Oai.Get(host.Client, "verb=ListSets")));
        Assert.Equal("noSetHierarchy", Oai.Error(await Oai.Get(host.Client, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=level")));
        var list = (await Oai.Get(host.Client, "verb=ListIdentifiers&metadataPrefix=oai_dc")).Element(O + "ListIdentifiers")!;
        Assert.All(list.Elements(O + "header"), h => Assert.Empty(h.Elements(O + "setSpec")));
    }
}
