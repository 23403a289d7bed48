using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Web.Api;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>The write API and the pages over the linked graph: minting, refusal, identical resubmission, moves.</summary>
public sealed class GraphApiTests : IAsyncLifetime
{
    private const string Instance = "doi:10.5072/phd-demo.widefield-1";
    private TestHost _h = null!;
    private PhdResolver.Registry.RegistryService _reg = null!;
    private string _token = "";

    public Task InitializeAsync()
    {
        _h = TestHost.Start(o => o with { SeedDemoData = true });
        _reg = ((RegistryHost)_h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        _token = _reg.CreateToken(_reg.Facilities.Single(f => f.Country == "DE").Pid.ToString(), null, "test", "test").Secret;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<HttpResponseMessage> Submit(string turtle)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, $"/api/instances/{Instance}/versions?tier=1") { Content = new StringContent(turtle, Encoding.UTF8, "text/turtle") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return _h.Client.SendAsync(req);
    }

    private static string Demo(string file) => PhdResolver.Web.Demo.DemoSeed.Read(file);

    [Fact]
    public async Task An_identical_resubmission_is_200_with_the_current_version()
    {
        var before = _reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Instance)).Count;
        var r = await Submit(Demo("widefield-1-c1.ttl"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await r.Json();
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.False(json.GetProperty("created").GetBoolean());
        Assert.Equal(before, _reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Instance)).Count);
    }

    [Fact]
    public async Task A_descriptor_about_other_records_is_422_with_the_subjects_and_nothing_is_written()
    {
        var store = ((StoreHost)_h.App.Services.GetService(typeof(StoreHost))!).Store;
        long quads = store.OpenSnapshot().QuadCount;
        var confocal = _reg.RecordIri(PhdResolver.Registry.Pids.Pid.Parse("doi:10.5072/phd-demo.confocal-1")).Value;
        var r = await Submit(Demo("widefield-1-c1.ttl") + $"\n<{confocal}> <https://schema.org/name> \"hijacked\" .\n<https://w3id.org/nbo-q/Camera> <https://schema.org/name> \"mine\" .\n");
        var p = await r.AssertProblem(422);
        var subjects = p.GetProperty("subjects").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, subjects.Count);
        Assert.Contains(subjects, s => s.StartsWith(confocal, StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.StartsWith("https://w3id.org/nbo-q/Camera", StringComparison.Ordinal));
        Assert.Equal(quads, store.OpenSnapshot().QuadCount);
    }

    [Fact]
    public async Task Relative_and_urn_subjects_are_minted_and_the_page_has_their_anchors()
    {
        var ttl = Demo("widefield-1-c1.ttl").Replace("Inverted research stand", "Inverted research stand (serviced)", StringComparison.Ordinal)
            + "\n<scopes/extra-note> <https://w3id.org/nbo-q/name> \"Extra note\" .\n"; // untyped, so the tier shapes ask nothing of it
        var r = await Submit(ttl);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var v = _reg.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(Instance))[^1];
        var subjects = _reg.GetGraph(v).Select(q => q.Subject).OfType<Iri>().Select(i => i.Value).Distinct().ToList();
        // Every node is minted under the version; the version itself only says which NBO-Q it conforms to.
        Assert.All(subjects.Where(s => s != v.GraphIri), s => Assert.StartsWith(v.GraphIri + "#", s, StringComparison.Ordinal));
        Assert.Contains(v.GraphIri + "#extra-note", subjects);
        Assert.Contains(v.GraphIri + "#camera", subjects);

        var page = await _h.Client.GetWithAccept(r.Headers.Location!.OriginalString, "text/html");
        var doc = TestHost.ParseHtml(await page.Content.ReadAsStringAsync());
        Assert.NotNull(doc.GetElementById("camera"));
    }

    [Fact]
    public async Task After_a_move_no_subject_IRI_changed_and_the_old_path_answers_301()
    {
        var store = ((StoreHost)_h.App.Services.GetService(typeof(StoreHost))!).Store;
        SortedSet<string> Subjects()
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            using var snap = store.OpenSnapshot();
            foreach (var q in snap.Match(null, null, null, PhdResolver.Store.GraphFilter.AllNamed))
                if (q.Subject is Iri s && q.Graph != PhdResolver.Registry.Knowledge.RecordVocab.OntologyGraph) set.Add(s.Value);
            return set;
        }
        var i = _reg.Instances.Single(x => x.Pid.ToString() == Instance);
        var old = PhdResolver.Registry.Resolution.Paths.Of(i);
        var before = Subjects();
        var to = _reg.Facilities.Single(f => f.Country == "NL");
        var moved = _reg.MoveInstance(Instance, to.Pid.ToString(), "test");
        Assert.Equal(before, Subjects());
        var r = await _h.Client.GetAsync(old + "/c1");
        Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode);
        Assert.Equal(PhdResolver.Registry.Resolution.Paths.Of(moved) + "/c1", r.Headers.Location!.OriginalString);
        // The record IRI itself still answers (it redirects to the new canonical path).
        var self = await _h.Client.GetAsync("/" + Instance);
        Assert.Equal(HttpStatusCode.MovedPermanently, self.StatusCode);
        Assert.Equal(PhdResolver.Registry.Resolution.Paths.Of(moved), self.Headers.Location!.OriginalString);
    }
}
