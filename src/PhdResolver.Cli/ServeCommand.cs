using System.CommandLine;
using PhdResolver.Store;
using PhdResolver.Web;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd serve [--data DIR] [--urls URLS] [--base-uri URI] [--no-demo] [--known-proxy IP]... [--sparql-rate N] [--sparql-row-limit N] [--write-rate N] [--redis HOST:PORT] [--json-logs] [--no-warmup] [--lean] [--sparql-store URL]</c>:
/// runs the resolver web service. On a data directory without records it seeds the hand-written demo facility, so
/// a fresh checkout shows a working resolver at once. Before it listens it renders one page of each kind in memory
/// (WebOptions.Warmup), so a restarted replica's first answers are not its slowest.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "data directory (created if missing)", DefaultValueFactory = _ => "./data" };
        var urls = new Option<string>("--urls") { Description = "listening URLs, ';'-separated", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var baseUri = new Option<string?>("--base-uri") { Description = "public base URI for links and record IRIs (default: the first URL)" };
        var noDemo = new Option<bool>("--no-demo") { Description = "do not seed the demo facility into an empty data directory" };
        var knownProxy = new Option<string[]>("--known-proxy") { Description = "IP address of a reverse proxy whose X-Forwarded-For is trusted (repeatable; default: none, the header is ignored)" };
        var sparqlRate = new Option<int?>("--sparql-rate") { Description = "SPARQL queries per client and minute (default 120; a benchmark client needs more)" };
        var rowLimit = new Option<long?>("--sparql-row-limit") { Description = "rows a /sparql SELECT answers at most (default 100,000; announced in the service description and the SPARQL-Row-Limit header, a cut answer says so)" };
        var writeRate = new Option<int?>("--write-rate") { Description = "API writes per token (or client) and minute (default 30; a bulk load or a load test needs more)" };
        var redis = new Option<string?>("--redis") { Description = "HOST:PORT of a Redis server for an output cache shared by all replicas (unreachable at start: a warning, and this process's own cache)" };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "log one JSON object per line, with trace ids (for a log collector)" };
        var noWarmup = new Option<bool>("--no-warmup") { Description = "listen at once, without rendering one page of each kind first (a faster start, slower first requests)" };
        var database = DatabaseOption.Create();
        var lean = new Option<bool>("--lean") { Description = "no quad indexes in memory: records and pages are read from the database, /sparql needs a remote store (501 without one)" };
        var cmd = new Command("serve", "Run the resolver web service (landing pages, SPARQL, search, write API)") { data, urls, baseUri, noDemo, knownProxy, sparqlRate, writeRate, redis, jsonLogs, noWarmup, database, lean, rowLimit };
        var sparqlStore = new SparqlStoreOption();
        sparqlStore.AddTo(cmd);
        cmd.SetAction((pr, ct) => Run(pr.GetValue(data)!, pr.GetValue(urls)!, pr.GetValue(baseUri), pr.GetValue(noDemo), pr.GetValue(knownProxy) ?? [],
            pr.GetValue(sparqlRate), pr.GetValue(writeRate), pr.GetValue(rowLimit), pr.GetValue(redis), pr.GetValue(jsonLogs), !pr.GetValue(noWarmup), pr.GetValue(database), pr.GetValue(lean), sparqlStore.Parse(pr), ct));
        return cmd;
    }

    private static async Task<int> Run(string data, string urls, string? baseUri, bool noDemo, string[] knownProxies, int? sparqlRate, int? writeRate, long? rowLimit, string? redis, bool jsonLogs, bool warmup, string? database, bool lean,
        PhdResolver.Sparql.Remote.RemoteStoreOptions? sparqlStore, CancellationToken ct)
    {
        DatabaseOption.Options(database); // a malformed location: exit 2 before anything starts
        if (sparqlRate is < 1) return ConvertCommand.Fail("--sparql-rate: at least 1 query per minute", Exit.Usage);
        if (writeRate is < 1) return ConvertCommand.Fail("--write-rate: at least 1 write per minute", Exit.Usage);
        if (rowLimit is < 1) return ConvertCommand.Fail("--sparql-row-limit: at least 1 row", Exit.Usage);
        if (redis is not null && !WebApp.IsRedisEndpoint(redis, out string? redisError)) return ConvertCommand.Fail($"--redis: {redisError}", Exit.Usage);
        foreach (var p in knownProxies)
            if (!System.Net.IPAddress.TryParse(p, out _)) return ConvertCommand.Fail($"--known-proxy: not an IP address: {p}", 2);
        var list = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0) return ConvertCommand.Fail("--urls is empty", Exit.Usage);
        var b = baseUri ?? list[0];
        if (!b.EndsWith('/')) b += "/";
        // The base IRI becomes every record's IRI: an absolute http(s) IRI by the Rdf library's RFC 3987 check, with no
        // query or fragment (a record IRI is base + path). Uri.TryCreate alone accepted "http://a b/" and "file:x".
        string option = baseUri is null ? "--urls" : "--base-uri";
        if (PhdResolver.Rdf.IriSyntax.CheckAbsolute(b, PhdResolver.Rdf.IriSyntax.Web) is { } bad) return ConvertCommand.Fail($"{option}: not an absolute http or https IRI: {b}: {bad}", Exit.Usage);
        if (b.Contains('?') || b.Contains('#')) return ConvertCommand.Fail($"{option}: the base IRI may have no query or fragment: {b}", Exit.Usage);
        if (!Uri.TryCreate(b, UriKind.Absolute, out var bu)) return ConvertCommand.Fail($"{option}: not an absolute URI: {b}", Exit.Usage);
        // Where a cold start goes (issue 17: minutes at 100,000 instruments): each phase with the seconds since start.
        var started = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string what) => Console.Error.WriteLine($"phd: start {started.Elapsed.TotalSeconds,6:F1} s: {what}");
        var options = new WebOptions
        {
            StartupLog = Phase,
            DataDirectory = Path.GetFullPath(data),
            Urls = list,
            BaseUri = bu,
            SeedDemoData = !noDemo,
            KnownProxies = knownProxies,
            Redis = redis,
            JsonLogs = jsonLogs,
            Warmup = warmup,
            Database = database,
            Lean = lean,
            SparqlStore = sparqlStore,
        };
        if (sparqlRate is int rate) options = options with { SparqlPermitsPerWindow = rate };
        if (writeRate is int writes) options = options with { WritePermitsPerWindow = writes };
        if (rowLimit is long rows) options = options with { SparqlMaxResultRows = rows };
        var app = WebApp.Build(options);
        Console.Error.WriteLine($"phd: serving {(database is null ? Path.GetFullPath(data) : PostgresLocation.Describe(database))} at {string.Join(", ", list)} (base URI {bu})"
            + (sparqlStore is null ? "" : $"; SPARQL answered by {sparqlStore.QueryEndpoint}, graphs written to {sparqlStore.GraphStoreEndpoint}"));
        Phase("web app built");
        await app.StartAsync(ct);
        Phase("listening");
        // The local credential: `phd token|edit|withdraw|move|history --data DIR` act through this server while it
        // holds the data directory (RegistryAccess). In memory here, and in an owner-only file beside the database.
        string dir = Path.GetFullPath(data);
        var secret = "phd_local_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        ((Web.Records.RegistryHost)app.Services.GetService(typeof(Web.Records.RegistryHost))!).Registry.TrustLocalSecret(secret);
        RegistryAccess.WriteServeFile(dir, new RegistryAccess.ServeInfo(LocalUrl(app.Urls.FirstOrDefault() ?? list[0]), secret));
        try { await Task.Delay(Timeout.Infinite, ct); }
        catch (OperationCanceledException) { }
        try { File.Delete(Path.Combine(dir, RegistryAccess.ServeFile)); } catch (IOException) { }
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>A listening URL the local CLI can connect to (a wildcard host is this machine).</summary>
    private static string LocalUrl(string url)
    {
        var b = new UriBuilder(url.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal));
        if (b.Host is "0.0.0.0" or "[::]" or "::") b.Host = "127.0.0.1";
        return b.Uri.AbsoluteUri;
    }
}
