// HTTP mode of the SPARQL benchmark (issue 17): the same queries against several SPARQL 1.1
// Protocol endpoints (`phd serve`'s /sparql and Virtuoso's /sparql) in one run, through one
// client: one HttpClient (keep-alive, no compression, no proxy), the same POST form request
// (query + default-graph-uri), the same Accept. Per query: warm-up requests to every endpoint,
// then RUNS timed rounds in which every endpoint answers once, the order alternating between
// rounds so that neither always runs first. Before all that, --warmup-rounds (default 2) passes over the whole
// query list warm both servers (a JIT's tier-0 code is not what a running server executes). A timing is request sent -> last body byte read.
// Row counts are checked equal across endpoints (read from the bodies after timing).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

internal static class HttpBench
{
    private sealed record Endpoint(string Name, Uri Url);

    private sealed class Timing(Endpoint endpoint)
    {
        public Endpoint Endpoint { get; } = endpoint;
        public List<double> Ms { get; } = [];
        public long Rows { get; set; } = -1;
        public long Bytes { get; set; }
        public string? Error { get; set; }

        public double Median
        {
            get
            {
                var t = Ms.Order().ToList();
                return t.Count == 0 ? double.NaN : t.Count % 2 == 1 ? t[t.Count / 2] : (t[t.Count / 2 - 1] + t[t.Count / 2]) / 2;
            }
        }
    }

    public static async Task<int> Run(string[] args)
    {
        var endpoints = new List<Endpoint>();
        var queries = new List<string>();
        int runs = 7, warmups = 3, warmupRounds = 2;
        string? graph = null, accept = "application/sparql-results+json", graphAccept = "application/n-triples";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--http":
                    var spec = args[++i];
                    int eq = spec.IndexOf('=', StringComparison.Ordinal);
                    endpoints.Add(new Endpoint(spec[..eq], new Uri(spec[(eq + 1)..])));
                    break;
                case "-r": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup": warmups = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup-rounds": warmupRounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--graph": graph = args[++i]; break;
                case "--accept": accept = args[++i]; break;
                case "--graph-accept": graphAccept = args[++i]; break;
                default: queries.Add(args[i]); break;
            }
        }
        if (endpoints.Count == 0 || queries.Count == 0 || runs < 1)
        {
            Console.Error.WriteLine("usage: SparqlBench --http NAME=URL [--http NAME=URL]... [--graph IRI] [-r RUNS] [--warmup N] QUERY.rq...");
            return 2;
        }

        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 1,
        })
        { Timeout = TimeSpan.FromMinutes(10) };

        // Server warm-up (untimed): every query to every endpoint, WARMUP_ROUNDS times, before the first timing. A .NET
        // server runs tier-0 JIT code for the first dozens of calls of each method (the request pipeline and the
        // engine alike), so without it the first queries of the list would time the JIT, not the server: q01 came
        // first and measured 1.9-4.3 ms over HTTP, 0.24 ms median back to back (wrk). The in-process bench warms
        // up for the same reason (README, "JIT state"); a server that has been up for a while is warm. Virtuoso
        // gets the same requests (its caches warm too).
        var warmWatch = Stopwatch.StartNew();
        for (int round = 0; round < warmupRounds; round++)
            foreach (var q in queries)
            {
                string text = await File.ReadAllTextAsync(q);
                string acc = IsGraphQuery(text) ? graphAccept : accept;
                foreach (var e in endpoints) await Send(client, e, text, graph, acc);
            }
        Out(new Dictionary<string, object?> { ["warmup_rounds"] = warmupRounds, ["warmup_s"] = Math.Round(warmWatch.Elapsed.TotalSeconds, 1) });

        var table = new List<(string Query, List<Timing> Timings)>();
        foreach (var q in queries)
        {
            string name = Path.GetFileNameWithoutExtension(q);
            string text = await File.ReadAllTextAsync(q);
            // CONSTRUCT / DESCRIBE answer a graph: SPARQL result JSON cannot carry one, so they ask for N-Triples (both endpoints alike).
            bool isGraph = IsGraphQuery(text);
            string acc = isGraph ? graphAccept : accept;
            var timings = endpoints.Select(e => new Timing(e)).ToList();
            foreach (var t in timings)
            {
                for (int w = 0; w < warmups && t.Error is null; w++)
                {
                    var (_, body, error) = await Send(client, t.Endpoint, text, graph, acc);
                    if (error is not null) { t.Error = error; break; }
                    t.Rows = CountRows(body, isGraph);
                    t.Bytes = body.Length;
                }
            }
            for (int r = 0; r < runs; r++)
            {
                // Alternate the order: round 0 a, b; round 1 b, a; ...
                for (int k = 0; k < timings.Count; k++)
                {
                    var t = timings[r % 2 == 0 ? k : timings.Count - 1 - k];
                    if (t.Error is not null) continue;
                    var (ms, _, error) = await Send(client, t.Endpoint, text, graph, acc);
                    if (error is not null) { t.Error = error; continue; }
                    t.Ms.Add(ms);
                }
            }
            foreach (var t in timings)
            {
                var f = new Dictionary<string, object?> { ["engine"] = t.Endpoint.Name, ["mode"] = "http", ["query"] = name, ["accept"] = acc };
                if (t.Error is not null) f["error"] = t.Error;
                else
                {
                    f["count"] = t.Rows; f["bytes"] = t.Bytes; f["runs"] = t.Ms.Count;
                    f["median_ms"] = Math.Round(t.Median, 2); f["min_ms"] = Math.Round(t.Ms.Min(), 2); f["max_ms"] = Math.Round(t.Ms.Max(), 2);
                }
                Out(f);
            }
            table.Add((name, timings));
        }

        // The Markdown table (stderr): medians, the first endpoint's ratio to each other, row counts.
        var sb = new StringBuilder();
        var first = endpoints[0].Name;
        sb.Append("| query | rows |");
        foreach (var e in endpoints) sb.Append(' ').Append(e.Name).Append(" ms |");
        foreach (var e in endpoints.Skip(1)) sb.Append(' ').Append(first).Append('/').Append(e.Name).Append(" |");
        sb.Append("\n|---|---:|").Append(string.Concat(Enumerable.Repeat("---:|", endpoints.Count * 2 - 1))).Append('\n');
        foreach (var (query, ts) in table)
        {
            var counts = ts.Where(t => t.Error is null).Select(t => t.Rows).Distinct().ToList();
            sb.Append("| ").Append(query).Append(" | ").Append(counts.Count == 1 ? counts[0].ToString("N0", CultureInfo.InvariantCulture) : "differ: " + string.Join('/', ts.Select(t => t.Rows))).Append(" |");
            foreach (var t in ts) sb.Append(' ').Append(t.Error is null ? t.Median.ToString("0.00", CultureInfo.InvariantCulture) : "error").Append(" |");
            foreach (var t in ts.Skip(1))
                sb.Append(' ').Append(t.Error is null && ts[0].Error is null ? (ts[0].Median / t.Median).ToString("0.00", CultureInfo.InvariantCulture) : "-").Append(" |");
            sb.Append('\n');
        }
        Console.Error.Write(sb.ToString());
        return 0;
    }

    private static bool IsGraphQuery(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var l = line.TrimStart();
            if (l.Length == 0 || l.StartsWith('#') || l.StartsWith("PREFIX", StringComparison.OrdinalIgnoreCase) || l.StartsWith("BASE", StringComparison.OrdinalIgnoreCase)) continue;
            return l.StartsWith("CONSTRUCT", StringComparison.OrdinalIgnoreCase) || l.StartsWith("DESCRIBE", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    private static async Task<(double Ms, byte[] Body, string? Error)> Send(HttpClient client, Endpoint e, string query, string? graph, string accept)
    {
        var form = new List<KeyValuePair<string, string>> { new("query", query) };
        if (graph is not null) form.Add(new("default-graph-uri", graph));
        using var req = new HttpRequestMessage(HttpMethod.Post, e.Url) { Content = new FormUrlEncodedContent(form) };
        req.Headers.TryAddWithoutValidation("Accept", accept);
        var sw = Stopwatch.StartNew();
        try
        {
            using var resp = await client.SendAsync(req, HttpCompletionOption.ResponseContentRead);
            var body = await resp.Content.ReadAsByteArrayAsync();
            double ms = sw.Elapsed.TotalMilliseconds;
            if (resp.StatusCode != HttpStatusCode.OK)
                return (ms, body, $"HTTP {(int)resp.StatusCode}: {Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300))}");
            return (ms, body, null);
        }
        catch (HttpRequestException x)
        {
            return (sw.Elapsed.TotalMilliseconds, [], x.Message);
        }
    }

    private static long CountRows(byte[] body, bool graph)
    {
        if (graph)
        {
            long n = 0;
            foreach (var line in Encoding.UTF8.GetString(body).Split('\n')) if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')) n++;
            return n;
        }
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty("results", out var r) ? r.GetProperty("bindings").GetArrayLength() : 1;
    }

    private static void Out(Dictionary<string, object?> fields)
    {
        var sb = new StringBuilder("{");
        bool first = true;
        foreach (var (k, v) in fields)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append('"').Append(k).Append("\":");
            sb.Append(v switch
            {
                null => "null",
                string s => JsonSerializer.Serialize(s),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => JsonSerializer.Serialize(v.ToString()),
            });
        }
        Console.Out.WriteLine(sb.Append('}').ToString());
        Console.Out.Flush();
    }
}
