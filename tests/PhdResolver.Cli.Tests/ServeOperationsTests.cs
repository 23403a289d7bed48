using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PhdResolver.Cli.Tests;

/// <summary><c>phd serve --redis</c> and <c>--json-logs</c> on the real executable: bad configuration is one line
/// and exit 2; Redis down at start is one warning (a JSON object with --json-logs) and the service runs.</summary>
public sealed class ServeOperationsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-serve-ops-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Theory]
    [InlineData("redis:0")]
    [InlineData("redis:port")]
    [InlineData("http://redis:6379")]
    public void A_malformed_redis_endpoint_is_a_usage_error_before_starting(string value)
    {
        var r = PhdProcess.Run(null, "serve", "--data", Path.Combine(_dir, "d"), "--urls", "http://127.0.0.1:0", "--no-demo", "--redis", value);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("phd: --redis: ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "d")), "nothing is created for a refused configuration");
    }

    [Fact]
    public async Task The_sparql_row_limit_option_is_the_limit_announced_and_applied()
    {
        int port = FreePort();
        using var p = new PhdProcess.Running(["serve", "--data", Path.Combine(_dir, "d"), "--urls", $"http://127.0.0.1:{port}", "--no-warmup", "--sparql-row-limit", "3"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string url = $"http://127.0.0.1:{port}/sparql?query=" + Uri.EscapeDataString("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 10");
        HttpResponseMessage? answer = null;
        for (var until = DateTime.UtcNow.AddSeconds(90); answer is null && DateTime.UtcNow < until && !p.HasExited;)
        {
            try
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, url);
                req.Headers.Accept.ParseAdd("application/sparql-results+json");
                answer = await http.SendAsync(req);
            }
            catch (HttpRequestException) { await Task.Delay(200); }
        }
        Assert.True(answer is not null, "no answer: " + string.Join(" | ", p.Lines));
        using (answer)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("3", Assert.Single(answer.Headers.GetValues("SPARQL-Row-Limit")));
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            Assert.Equal(3, json.RootElement.GetProperty("results").GetProperty("bindings").GetArrayLength()); // the demo has far more than 3 quads
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serve_warms_up_before_it_listens_unless_told_not_to(bool noWarmup)
    {
        int port = FreePort();
        string[] args = ["serve", "--data", Path.Combine(_dir, "d"), "--urls", $"http://127.0.0.1:{port}"]; // with the demo records
        using var p = new PhdProcess.Running(noWarmup ? [.. args, "--no-warmup"] : args);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        int listening = -1;
        for (var until = DateTime.UtcNow.AddSeconds(90); listening < 0 && DateTime.UtcNow < until && !p.HasExited;)
        {
            try { (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).Dispose(); }
            catch (HttpRequestException) { }
            listening = Array.FindIndex(p.Lines, l => l.EndsWith(" s: listening", StringComparison.Ordinal));
            if (listening < 0) await Task.Delay(200);
        }
        string[] seen = p.Lines;
        Assert.True(listening >= 0, "no 'listening' line: " + string.Join(" | ", seen));
        int warmed = Array.FindIndex(seen, l => Regex.IsMatch(l, @"^phd: start +\d+\.\d s: warmed up: [1-9]\d* requests \(\d+ pages, "));
        if (noWarmup) Assert.Equal(-1, warmed);
        else Assert.InRange(warmed, 0, listening - 1); // before the port was bound
        Assert.DoesNotContain(seen, l => l.Contains("warm-up", StringComparison.Ordinal)); // no warning: every page answered
    }

    [Fact]
    public async Task Redis_down_at_start_is_one_json_warning_and_the_service_runs()
    {
        int port = FreePort(), closed = FreePort();
        using var p = new PhdProcess.Running("serve", "--data", Path.Combine(_dir, "d"),
            "--urls", $"http://127.0.0.1:{port}", "--no-demo", "--json-logs", "--redis", $"127.0.0.1:{closed}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        HttpStatusCode? ready = null;
        for (var until = DateTime.UtcNow.AddSeconds(90); ready != HttpStatusCode.OK && DateTime.UtcNow < until && !p.HasExited;)
        {
            try { ready = (await http.GetAsync($"http://127.0.0.1:{port}/readyz")).StatusCode; }
            catch (HttpRequestException) { await Task.Delay(200); }
        }
        Assert.Equal(HttpStatusCode.OK, ready);
        string[] seen = p.Lines;
        var warning = Assert.Single(seen, l => l.Contains("unreachable", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(warning); // the whole line is one JSON object
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.Contains($"127.0.0.1:{closed}", json.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(seen, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack trace
    }
}
