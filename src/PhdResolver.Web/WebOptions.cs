namespace PhdResolver.Web;

/// <summary>Everything a deployment of the resolver can set. Defaults suit `phd serve` on a laptop.</summary>
public sealed record WebOptions
{
    /// <summary>The data directory (the store's SQLite database lives here; it is created if missing).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The public base URI (ends with '/'): record IRIs, links and sitemaps are built on it.</summary>
    public Uri BaseUri { get; init; } = new("http://127.0.0.1:5080/");

    /// <summary>Listening URLs for Kestrel (ignored when a test server hosts the app).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5080"];

    /// <summary>Seed the hand-written demo facility when the data directory holds no records yet.</summary>
    public bool SeedDemoData { get; init; }

    /// <summary>Wall-clock limit of one SPARQL query.</summary>
    public TimeSpan SparqlTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Wall-clock limit of one descriptor validation (/api/validate, and the validation that gates a
    /// submitted version), from the request's arrival: waiting for a worker counts. Past it: 503, nothing written.</summary>
    public TimeSpan ValidationTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Rows one SELECT may return; more is an error, never a silent truncation.</summary>
    public long SparqlMaxResultRows { get; init; } = 100_000;

    /// <summary>Rows an operator may hold in memory while evaluating (joins, sorts, grouping).</summary>
    public long SparqlMaxIntermediateRows { get; init; } = 2_000_000;

    /// <summary>Largest request body accepted anywhere (descriptor uploads, SPARQL POSTs).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest body of <c>POST /api/batch</c> (NDJSON, administrators only): 10,000 instruments with a
    /// descriptor each are about 60 MB.</summary>
    public long MaxBatchBodyBytes { get; init; } = 128 * 1024 * 1024;

    /// <summary>Requests per client and window on /search (the "expensive" policy).</summary>
    public int ExpensivePermitsPerWindow { get; init; } = 120;

    /// <summary>SPARQL queries per client and window on /sparql (a bucket of its own: neither
    /// /search nor the query page itself draws on it).</summary>
    public int SparqlPermitsPerWindow { get; init; } = 120;

    /// <summary>Requests per client and window on cheap reads that have a policy (the SPARQL query
    /// page and service description).</summary>
    public int ReadPermitsPerWindow { get; init; } = 600;

    /// <summary>/api/validate requests per client and window (anonymous, so per client address).</summary>
    public int ValidatePermitsPerWindow { get; init; } = 30;

    /// <summary>Write API requests per window: per token for a valid bearer token (each token has
    /// its own budget), per client address for everything else, failed authentication included,
    /// so a client sending bad tokens exhausts only its own address's budget.</summary>
    public int WritePermitsPerWindow { get; init; } = 30;

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For / X-Forwarded-Proto are
    /// honoured; empty: the headers are ignored and the connecting address is the client.</summary>
    public IReadOnlyList<string> KnownProxies { get; init; } = [];

    /// <summary>Threads running heavy work (SPARQL, validation) off the request threads.</summary>
    public int HeavyWorkers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Heavy requests that may wait for a worker; past it they are answered 503 with Retry-After.</summary>
    public int HeavyBacklog { get; init; } = 8;

    /// <summary>A Redis server (HOST:PORT) holding the output cache shared by every replica, so that a write's tag
    /// eviction reaches them all; null: the in-process cache. Unreachable at start: the process serves with the
    /// in-process cache and logs one warning (see <see cref="Infrastructure.SharedOutputCache"/>).</summary>
    public string? Redis { get; init; }

    /// <summary>A PostgreSQL system of record (<see cref="Store.StoreOptions.Database"/>); null: SQLite in <see cref="DataDirectory"/>.</summary>
    public string? Database { get; init; }

    /// <summary>Runs the store without query indexes (<see cref="Store.StoreOptions.QueryIndexes"/> false): no quad in
    /// memory, records and pages read from the system of record, /sparql answered by a remote store or refused (501).</summary>
    public bool Lean { get; init; }

    /// <summary>An external SPARQL store that answers /sparql and holds a copy of every graph, written in each commit
    /// (<c>phd serve --sparql-store</c>, <see cref="PhdResolver.Sparql.Remote.GraphStoreMirror"/>); null: the embedded engine answers.</summary>
    public PhdResolver.Sparql.Remote.RemoteStoreOptions? SparqlStore { get; init; }

    /// <summary>Start-up progress, one line per phase (store terms, quads, indexes; registry; web app), so a slow cold
    /// start shows where its time goes; null: silent (tests).</summary>
    public Action<string>? StartupLog { get; init; }

    /// <summary>Send one request of each hot page kind through the app in memory before the server listens, so the
    /// first real requests find the code jitted and the memos filled (<see cref="Infrastructure.Warmup"/>). `phd serve`
    /// turns it on (`--no-warmup` off); off here because tests build many apps.</summary>
    public bool Warmup { get; init; }

    /// <summary>The warm-up's wall-clock limit: the server listens by then, warm or not.</summary>
    public TimeSpan WarmupTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Logs as one JSON object per line with the request's trace and span ids (for a log collector);
    /// false: one plain line per entry. See <see cref="Infrastructure.Observability"/>.</summary>
    public bool JsonLogs { get; init; }

    /// <summary>Total size of the output cache (landing pages).</summary>
    public long OutputCacheBytes { get; init; } = 64 * 1024 * 1024;

    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long landing pages stay in the output cache (evicted earlier on record changes).</summary>
    public TimeSpan OutputCacheDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>URLs per sitemap file; past it /sitemap.xml becomes a sitemap index (50,000 is the protocol's maximum).</summary>
    public int SitemapPageSize { get; init; } = 50_000;

    /// <summary>Environment name for the host; "Production" keeps error pages free of stack traces.</summary>
    public string EnvironmentName { get; init; } = "Production";

    /// <summary>OAI-PMH Identify: the repository's name.</summary>
    public string RepositoryName { get; init; } = "PHD resolver: persistent hardware descriptors of light microscopes";

    /// <summary>OAI-PMH Identify: whom harvesters write to; null: webmaster@ the base URI's host.</summary>
    public string? AdminEmail { get; init; }

    /// <summary>OAI-PMH sets (per level, per facility); false answers ListSets and set= with noSetHierarchy.</summary>
    public bool OaiSets { get; init; } = true;

    /// <summary>Fixed clock for tests; the system clock otherwise.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How long after a registry change the N-Quads dump is rewritten (changes in a burst give one build).</summary>
    public TimeSpan DumpDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The base URI as a string without the trailing slash, for building absolute links.</summary>
    internal string Origin => BaseUri.AbsoluteUri.TrimEnd('/');
}
