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

    /// <summary>Rows one SELECT may return; more is an error, never a silent truncation.</summary>
    public long SparqlMaxResultRows { get; init; } = 100_000;

    /// <summary>Rows an operator may hold in memory while evaluating (joins, sorts, grouping).</summary>
    public long SparqlMaxIntermediateRows { get; init; } = 2_000_000;

    /// <summary>Largest request body accepted anywhere (descriptor uploads, SPARQL POSTs).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Requests per client and window on the expensive endpoints (/sparql, /search).</summary>
    public int ExpensivePermitsPerWindow { get; init; } = 120;

    /// <summary>Write API requests per client and window.</summary>
    public int WritePermitsPerWindow { get; init; } = 30;

    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long landing pages stay in the output cache (evicted earlier on record changes).</summary>
    public TimeSpan OutputCacheDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>URLs per sitemap file; past it /sitemap.xml becomes a sitemap index (50,000 is the protocol's maximum).</summary>
    public int SitemapPageSize { get; init; } = 50_000;

    /// <summary>Environment name for the host; "Production" keeps error pages free of stack traces.</summary>
    public string EnvironmentName { get; init; } = "Production";

    /// <summary>Fixed clock for tests; the system clock otherwise.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The base URI as a string without the trailing slash, for building absolute links.</summary>
    internal string Origin => BaseUri.AbsoluteUri.TrimEnd('/');
}
