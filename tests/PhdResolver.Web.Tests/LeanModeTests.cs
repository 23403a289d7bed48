using System.Net;
using System.Xml.Linq;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

/// <summary>
/// <c>phd serve --lean</c> (<see cref="WebOptions.Lean"/>): the store holds no quad in memory, yet every landing page
/// answers each RDF format byte for byte as the indexed store does over the same data directory; a write is on its
/// pages at once; and /sparql, which this process cannot answer without indexes, is a 501 problem, not wrong results.
/// </summary>
public sealed partial class LeanModeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-web-lean-" + Guid.NewGuid().ToString("N"));

    private static readonly string[] RdfTypes =
        ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "application/trig", "application/n-quads"];

    private TestHost Start(bool lean) => TestHost.Start(o => o with { DataDirectory = _dir, SeedDemoData = true, Lean = lean });

    /// <summary>Status, type and body of every record page (from the sitemap) in every RDF format, the catalogue, /healthz.</summary>
    private static async Task<List<string>> Pages(TestHost host)
    {
        var doc = XDocument.Parse(await host.Client.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var paths = doc.Descendants(ns + "loc").Select(l => new Uri(l.Value).PathAndQuery)
            .Where(p => !p.StartsWith("/ontology", StringComparison.Ordinal) && !p.StartsWith("/sparql", StringComparison.Ordinal)) // /sparql: 501 when lean, below
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(paths.Count >= 10, "the demo's records are in the sitemap: " + string.Join(", ", paths));
        paths.Add("/catalog");
        var answers = new List<string>();
        foreach (var path in paths)
            foreach (var type in RdfTypes)
            {
                using var r = await host.Client.GetWithAccept(path, type);
                // A problem's trace id names the request, not the data.
                string body = TraceId().Replace(await r.Content.ReadAsStringAsync(), "traceId");
                answers.Add($"{path} {type}: {(int)r.StatusCode} {r.MediaType()}\n{body}");
            }
        foreach (var path in paths)
        {
            using var r = await host.Client.GetWithAccept(path, "text/html");
            answers.Add($"{path} html: {(int)r.StatusCode}");
        }
        answers.Add("healthz " + await host.Client.GetStringAsync("/healthz"));
        return answers;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\": *\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    [Fact]
    public async Task Landing_pages_in_every_format_are_the_indexed_store_s_byte_for_byte()
    {
        List<string> indexed, lean;
        await using (var host = Start(lean: false))
        {
            Assert.False(host.App.Services.GetService(typeof(StoreHost)) is StoreHost { Store.IsLean: true });
            indexed = await Pages(host);
        }
        await using (var host = Start(lean: true))
        {
            Assert.True(((StoreHost)host.App.Services.GetService(typeof(StoreHost))!).Store.IsLean);
            lean = await Pages(host);
        }
        Assert.Contains(indexed, a => a.Contains(" 200 text/turtle", StringComparison.Ordinal));
        Assert.Equal(indexed.Count, lean.Count);
        for (int i = 0; i < indexed.Count; i++) Assert.Equal(indexed[i], lean[i]);
    }

    [Fact]
    public async Task A_write_in_lean_mode_is_on_the_landing_pages_at_once()
    {
        await using var host = Start(lean: true);
        var registry = ((RegistryHost)host.App.Services.GetService(typeof(RegistryHost))!).Registry;
        var instance = registry.Instances.First();
        // The PID redirects to the instrument's canonical path.
        using var redirect = await host.Client.GetWithAccept("/" + instance.Pid, "text/turtle");
        string path = redirect.Headers.Location?.OriginalString ?? "/" + instance.Pid;
        var before = await host.Client.GetWithAccept(path, "text/turtle");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.DoesNotContain("Renamed in lean mode", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        registry.EditRecord(instance.Pid.ToString(), new PhdResolver.Registry.RecordEdit { Name = "Renamed in lean mode", Reason = "test" }, "cli");
        var after = await host.Client.GetWithAccept(path, "text/turtle");
        Assert.Contains("Renamed in lean mode", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201", "application/sparql-results+json")]
    [InlineData("/sparql", "text/turtle")] // the service description counts quads and graphs through SPARQL's view
    public async Task Sparql_without_a_remote_store_is_a_501_problem(string url, string accept)
    {
        await using var host = Start(lean: true);
        using var r = await host.Client.GetWithAccept(url, accept);
        Assert.Equal(HttpStatusCode.NotImplemented, r.StatusCode);
        Assert.Equal("application/problem+json", r.MediaType());
        var body = await r.Json();
        Assert.Equal(501, body.GetProperty("status").GetInt32());
        Assert.Contains("--sparql-store", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The query page for people still opens (it reads no quads).
        using var page = await host.Client.GetWithAccept("/sparql", "text/html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
