using Microsoft.Extensions.DependencyInjection;
using System.Net;

namespace PhdResolver.Web.Tests.Operations;

/// <summary>/healthz, /readyz and the Prometheus endpoint with every metric the README lists.</summary>
public sealed class ObservabilityTests
{
    [Fact]
    public async Task Liveness_and_readiness_answer_without_caching()
    {
        using var h = TestHost.Start();
        using var live = await h.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await h.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Json()).GetProperty("status").GetString());
        Assert.Contains("no-store", ready.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_list_requests_cache_lookups_timeouts_and_replica_lag()
    {
        using var h = TestHost.Start(o => o with { SparqlTimeout = TimeSpan.FromSeconds(1) });
        (await h.Client.GetAsync("/ontology")).Dispose();
        (await h.Client.GetAsync("/ontology")).Dispose(); // a hit
        // A cube of the ontology graph's triples: far more than a second of work.
        using (var q = await h.Client.GetAsync("/sparql?query=" + Uri.EscapeDataString("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, q.StatusCode);
        using var r = await h.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        string text = await r.Content.ReadAsStringAsync();
        // The names README.md ("Metrics") documents, as Prometheus spells them.
        // (The exporter adds otel_scope_* labels, so each label is matched on its own.)
        Assert.Matches(@"(?m)^http_server_request_duration_seconds_bucket\{[^}]*http_route=""/ontology""", text);
        Assert.Matches(@"(?m)^phd_output_cache_lookups_total\{[^}]*result=""hit""[^}]*\} [1-9]", text); // (other tests' apps in this process count too)
        Assert.Matches(@"(?m)^phd_output_cache_lookups_total\{[^}]*result=""miss""", text);
        Assert.Matches(@"(?m)^phd_sparql_timeouts_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^phd_sparql_queries_total\{[^}]*outcome=""timeout""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^phd_replica_lag_seconds(\{[^}]*\})? 0( |$)", text);
    }

    [Fact]
    public void Not_ready_while_the_search_index_is_rebuilt_or_behind()
    {
        Assert.Equal("the search index is being rebuilt", Infrastructure.Readiness.NotReady(rebuilding: true, (3, 3)));
        Assert.Equal("the search index is at generation 2 of 3", Infrastructure.Readiness.NotReady(rebuilding: false, (3, 2)));
        Assert.Null(Infrastructure.Readiness.NotReady(rebuilding: false, (3, 3)));
    }
}
