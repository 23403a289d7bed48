using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Web;
using PhdResolver.Tests.Shared;
using PhdResolver.Web.Records;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// What the suite's <see cref="RemoteMode"/> rests on, checked in whichever mode the suite runs: /sparql answers the
/// registry's graphs with the record's own triple counts, before and after an API write. In the remote mode the same
/// counts are also asked of Virtuoso itself, directly: if the resolver were still answering from its embedded engine
/// (the mode not taking effect), or the mirror had not sent a graph, the two would differ and this test fails.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RemoteModeTests : IAsyncLifetime
{
    private KestrelHost? _host;

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public async Task Sparql_answers_every_record_graph_with_the_records_own_counts_before_and_after_a_write()
    {
        var host = _host!;
        var options = host.Services.GetRequiredService<WebOptions>();
        Assert.Equal(RemoteMode.On, options.SparqlStore is not null);

        var before = await GraphSizes.Ask(host.Client, "sparql");
        Assert.NotEmpty(before);
        SameGraphs(Local(host), before, "/sparql before the write");

        var registry = host.Services.GetRequiredService<RegistryHost>().Registry;
        using var write = new HttpRequestMessage(HttpMethod.Post, "api/facilities")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { name = "Remote mode core" }), Encoding.UTF8, "application/json"),
        };
        write.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registry.CreateToken(null, null, "remote mode", "test").Secret);
        using (var r = await host.Client.SendAsync(write))
            Assert.True((int)r.StatusCode == 201, $"POST api/facilities: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");

        var local = Local(host);
        var after = await GraphSizes.Ask(host.Client, "sparql");
        SameGraphs(local, after, "/sparql after the write");
        Assert.True(local.Count > before.Count(kv => local.ContainsKey(kv.Key)), "the facility's record graph is not in the record");

        if (RemoteMode.For(options.DataDirectory) is { } virtuoso)
        {
            // Asked of Virtuoso itself: the graphs the resolver holds, with the same counts.
            using var direct = virtuoso.Client();
            SameGraphs(local, await GraphSizes.Ask(direct, virtuoso.Query.AbsoluteUri), "Virtuoso, asked directly");
        }
    }

    /// <summary>
    /// Every graph of the record answered with its triple count. In the remote mode the answer may hold more graphs:
    /// a query over all graphs also sees the store's own (Virtuoso's system graphs, e.g. its virtrdf schema and the
    /// LDP vocabulary), which the resolver cannot tell from data without naming every graph; the embedded engine's
    /// answer holds exactly the record's.
    /// </summary>
    private static void SameGraphs(Dictionary<string, long> record, Dictionary<string, long> answer, string where)
    {
        var wrong = record.Where(kv => !answer.TryGetValue(kv.Key, out var n) || n != kv.Value)
            .Select(kv => $"{kv.Key}: {kv.Value} in the record, {(answer.TryGetValue(kv.Key, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "absent")}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{where}: {wrong.Count} of {record.Count} graphs differ:\n" + string.Join("\n", wrong));
        if (!RemoteMode.On)
            Assert.True(answer.Count == record.Count, $"{where}: graphs outside the record: " + string.Join(", ", answer.Keys.Except(record.Keys)));
    }

    /// <summary>The record's own graph sizes, from the store the registry writes.</summary>
    private static Dictionary<string, long> Local(KestrelHost host)
    {
        using var snapshot = host.Services.GetRequiredService<StoreHost>().Store.OpenQuadSnapshot();
        return GraphSizes.Of(snapshot);
    }
}
