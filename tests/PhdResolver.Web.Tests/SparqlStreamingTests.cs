using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Web.Sparql;

namespace PhdResolver.Web.Tests;

/// <summary>
/// /sparql over a real Kestrel socket (127.0.0.1, a free port) and a real HttpClient: streaming,
/// the row limit, errors after the first byte, and a client that disconnects. What the server did
/// is read from its counters (<see cref="SparqlEndpointMetrics"/>), not from the clock. The tests of this
/// class run one after another and only they disconnect or hit a limit mid-stream, so the
/// outcomes they wait for are their own (other classes' queries add "completed" meanwhile).
/// </summary>
public sealed class SparqlStreamingTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _outcomes = new();

    public SparqlStreamingTests()
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == SparqlEndpointMetrics.MeterName && i.Name == "phd.sparql.queries") l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var t in tags) if (t.Key == "outcome") _outcomes.Enqueue((string)t.Value!);
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Waits (bounded, not a timing assertion) until the server has recorded <paramref name="outcome"/>.</summary>
    private async Task<bool> Recorded(string outcome)
    {
        for (int i = 0; i < 600; i++)
        {
            if (_outcomes.Contains(outcome)) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private sealed class Server : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _dir;

        public Server(Func<WebOptions, WebOptions> tweak)
        {
            _dir = Path.Combine(Path.GetTempPath(), "phd-stream-" + Guid.NewGuid().ToString("N"));
            var options = tweak(new WebOptions { DataDirectory = _dir, Urls = ["http://127.0.0.1:0"] });
            _app = WebApp.Build(options);
            _app.StartAsync().GetAwaiter().GetResult();
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Client = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromMinutes(2) };
        }

        public HttpClient Client { get; }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string Url(string query, string? format = null) =>
        "sparql?query=" + Uri.EscapeDataString(query) + (format is null ? "" : "&format=" + format);

    /// <summary>VALUES ?v { 1 ... n }</summary>
    private static string Values(string v, int n) => $"VALUES ?{v} {{ {string.Join(' ', Enumerable.Range(1, n))} }} ";

    /// <summary>10^8 rows: far more than any test reads; only a stopped query ends early.</summary>
    private static readonly string Endless = "SELECT * WHERE { " + Values("a", 100) + Values("b", 100) + Values("c", 100) + Values("d", 100) + "}";

    [Fact]
    public async Task First_bytes_arrive_before_the_result_is_complete_and_a_disconnect_stops_the_query()
    {
        // No timeout and no row limit to speak of: the query could only end by running for hours, or by being stopped.
        await using var server = new Server(o => o with { SparqlTimeout = TimeSpan.FromHours(1), SparqlMaxResultRows = long.MaxValue });
        using (var response = await server.Client.GetAsync(Url(Endless), HttpCompletionOption.ResponseHeadersRead))
        {
            // Headers and rows of a 10^8-row result: they can only be here because the server streams.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentLength);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            int read = 0;
            while (read < buffer.Length)
            {
                int n = await body.ReadAsync(buffer.AsMemory(read));
                Assert.True(n > 0, "the body ended early");
                read += n;
            }
            Assert.StartsWith("{\"head\":{\"vars\":[\"a\",\"b\",\"c\",\"d\"]}", Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
        } // disposing the unread response closes the connection
        Assert.True(await Recorded(SparqlEndpointMetrics.ClientGone), "the server did not stop the query after the client left: " + string.Join(", ", _outcomes));
    }

    [Fact]
    public async Task A_disconnect_before_the_first_row_stops_the_query()
    {
        await using var server = new Server(o => o with { SparqlTimeout = TimeSpan.FromHours(1), SparqlMaxIntermediateRows = long.MaxValue });
        // One row, after counting 10^10 combinations: nothing is sent before the end.
        var count = "SELECT (COUNT(*) AS ?n) WHERE { " + Values("a", 100) + Values("b", 100) + Values("c", 100) + Values("d", 100) + Values("e", 100) + "}";
        using (var cts = new CancellationTokenSource())
        {
            var request = server.Client.GetAsync(Url(count), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            await Task.Delay(500);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }
        Assert.True(await Recorded(SparqlEndpointMetrics.ClientGone), "the server did not stop the query after the client left: " + string.Join(", ", _outcomes));
    }

    [Fact]
    public async Task A_timeout_after_the_first_byte_breaks_the_body_instead_of_ending_it()
    {
        await using var server = new Server(o => o with { SparqlTimeout = TimeSpan.FromSeconds(3), SparqlMaxResultRows = long.MaxValue });
        using var response = await server.Client.GetAsync(Url(Endless), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = new MemoryStream();
        await using var body = await response.Content.ReadAsStreamAsync();
        // Reading to the end must fail: a body that ended cleanly would look like a complete result.
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(received));
        Assert.True(received.Length > 0);
        Assert.True(await Recorded(SparqlEndpointMetrics.Aborted), string.Join(", ", _outcomes));
    }

    [Fact]
    public async Task A_json_result_cut_at_the_row_limit_while_streaming_says_so_at_the_end()
    {
        await using var server = new Server(o => o with { SparqlMaxResultRows = 5000 });
        var q = "SELECT ?s WHERE { " + Values("a", 100) + Values("b", 100) + "BIND(CONCAT(\"row \", STR(?a), \"-\", STR(?b), \" of a result that is longer than the limit\") AS ?s) }";
        using var response = await server.Client.GetAsync(Url(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5000", response.Headers.GetValues(SparqlProtocol.RowLimitHeader).Single());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 2 * ResponseBody.BufferBytes, "the answer was not long enough to be streamed");
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(5000, json.GetProperty("results").GetProperty("bindings").GetArrayLength());
        Assert.Contains("5000 rows", json.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.True(await Recorded(SparqlEndpointMetrics.Cut));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("tsv")]
    [InlineData("xml")]
    public async Task A_result_cut_while_streaming_in_a_syntax_without_warnings_ends_in_a_broken_body(string format)
    {
        await using var server = new Server(o => o with { SparqlMaxResultRows = 5000 });
        var q = "SELECT ?s WHERE { " + Values("a", 100) + Values("b", 100) + "BIND(CONCAT(\"row \", STR(?a), \"-\", STR(?b), \" of a result that is longer than the limit\") AS ?s) }";
        using var response = await server.Client.GetAsync(Url(q, format), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));
        Assert.True(await Recorded(SparqlEndpointMetrics.Aborted));
    }

    [Fact]
    public async Task A_result_within_the_limit_is_complete_and_carries_no_warning()
    {
        await using var server = new Server(o => o with { SparqlMaxResultRows = 5000 });
        // Exactly the limit: not cut.
        var q = "SELECT ?a ?b WHERE { " + Values("a", 50) + Values("b", 100) + "}";
        using var response = await server.Client.GetAsync(Url(q, "csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5001, lines.Length);
        var json = await (await server.Client.GetAsync(Url(q))).Json();
        Assert.Equal(5000, json.GetProperty("results").GetProperty("bindings").GetArrayLength());
        Assert.False(json.TryGetProperty("warnings", out _));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    public async Task Compressed_answers_small_and_streamed_decode_whole(int rows)
    {
        await using var server = new Server(o => o);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("SELECT ?s WHERE { " + Values("a", 10) + Values("b", rows / 10) + "BIND(CONCAT(\"row \", STR(?a), \"-\", STR(?b), \" with some text to compress\") AS ?s) }"));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var unzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var json = (await JsonDocument.ParseAsync(unzip)).RootElement;
        Assert.Equal(rows, json.GetProperty("results").GetProperty("bindings").GetArrayLength());
    }
}
