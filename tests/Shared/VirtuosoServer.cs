using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PhdResolver.Tests.Shared;

/// <summary>
/// A real Virtuoso 7 (Debian's <c>virtuoso-opensource</c>, <c>virtuoso-t</c> on the PATH or <c>$PHD_VIRTUOSO</c>) for a
/// test class: a fresh database in a temporary directory, SQL and HTTP on free ports of 127.0.0.1, killed and removed on
/// dispose. The ini follows ../shared/bench/virtuoso.sh with small buffers. Graph Store Protocol writes go to
/// <c>/sparql-graph-crud-auth</c> with HTTP digest authentication as <c>dba</c> (a fresh database's administrator, who
/// holds SPARQL_UPDATE); the anonymous <c>/sparql-graph-crud</c> would need that role granted to the SPARQL user.
/// <c>ResultSetMaxRows</c> is raised above the resolver's row limit: Virtuoso's default (10,000) cuts results itself.
/// Missing binaries fail the test with the fix (.ci/run installs the package).
/// </summary>
public sealed class VirtuosoServer : IDisposable
{
    public const string User = "dba";
    public const string Password = "dba";

    private readonly string _dir;
    private readonly Process _process;

    public VirtuosoServer()
    {
        string exe = Environment.GetEnvironmentVariable("PHD_VIRTUOSO") is { Length: > 0 } v ? v : Which("virtuoso-t")
            ?? throw new InvalidOperationException("Virtuoso is missing: apt-get install -y virtuoso-opensource (or set PHD_VIRTUOSO to virtuoso-t)");
        _dir = Directory.CreateTempSubdirectory("phd-virtuoso-").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, "db"));
        Directory.CreateDirectory(Path.Combine(_dir, "vsp"));
        SqlPort = FreePort();
        HttpPort = FreePort();
        File.WriteAllText(Path.Combine(_dir, "virtuoso.ini"), Ini());
        var psi = new ProcessStartInfo(exe)
        {
            WorkingDirectory = Path.Combine(_dir, "db"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "+configfile", Path.Combine(_dir, "virtuoso.ini"), "+foreground" }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Virtuoso exited at start: {Log()}");
            try
            {
                using var r = http.GetAsync(new Uri(Query, "?query=ASK%7B%7D")).GetAwaiter().GetResult();
                if (r.IsSuccessStatusCode) break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > until) throw new InvalidOperationException($"Virtuoso did not answer in 90 s: {Log()}");
            Thread.Sleep(200);
        }
    }

    public int SqlPort { get; }
    public int HttpPort { get; }

    public Uri Query => new($"http://127.0.0.1:{HttpPort}/sparql");
    public Uri GraphStore => new($"http://127.0.0.1:{HttpPort}/sparql-graph-crud-auth");

    /// <summary>The resolver's options for this Virtuoso, asked directly (no gate).</summary>
    public PhdResolver.Sparql.Remote.RemoteStoreOptions Options() => new()
    {
        QueryEndpoint = Query,
        GraphStoreEndpoint = GraphStore,
        Credentials = new NetworkCredential(User, Password),
    };

    /// <summary>A client that authenticates as <see cref="User"/> (digest), for checks made directly against Virtuoso.</summary>
    public HttpClient Client() => new(new SocketsHttpHandler { Credentials = new NetworkCredential(User, Password) }) { Timeout = TimeSpan.FromSeconds(60) };

    private string Log()
    {
        try { return File.ReadAllText(Path.Combine(_dir, "db", "virtuoso.log")).Split('\n').TakeLast(8).Aggregate("", (a, b) => a + "\n" + b); }
        catch (IOException) { return "(no log)"; }
    }

    private string Ini() => string.Create(CultureInfo.InvariantCulture, $"""
        [Database]
        DatabaseFile       = {_dir}/db/virtuoso.db
        ErrorLogFile       = {_dir}/db/virtuoso.log
        LockFile           = {_dir}/db/virtuoso.lck
        TransactionFile    = {_dir}/db/virtuoso.trx
        xa_persistent_file = {_dir}/db/virtuoso.pxa
        ErrorLogLevel      = 7
        FileExtend         = 200
        MaxCheckpointRemap = 2000
        Striping           = 0
        TempStorage        = TempDatabase

        [TempDatabase]
        DatabaseFile       = {_dir}/db/virtuoso-temp.db
        TransactionFile    = {_dir}/db/virtuoso-temp.trx
        MaxCheckpointRemap = 2000
        Striping           = 0

        [Parameters]
        ServerPort               = 127.0.0.1:{SqlPort}
        LiteMode                 = 0
        DisableUnixSocket        = 1
        DisableTcpSocket         = 0
        MaxClientConnections     = 20
        CheckpointInterval       = 0
        O_DIRECT                 = 0
        CaseMode                 = 2
        MaxStaticCursorRows      = 5000
        CheckpointAuditTrail     = 0
        AllowOSCalls             = 0
        SchedulerInterval        = 10
        DirsAllowed              = ., /tmp
        ThreadCleanupInterval    = 0
        ThreadThreshold          = 10
        ResourcesCleanupInterval = 0
        FreeTextBatchSize        = 100000
        SingleCPU                = 0
        PrefixResultNames        = 0
        RdfFreeTextRulesSize     = 100
        IndexTreeMaps            = 64
        MaxMemPoolSize           = 50000000
        MaxQueryMem              = 500M
        VectorSize               = 1000
        MaxVectorSize            = 1000000
        AdjustVectorSize         = 0
        ThreadsPerQuery          = 2
        AsyncQueueMaxThreads     = 10
        NumberOfBuffers          = 20000
        MaxDirtyBuffers          = 15000

        [HTTPServer]
        ServerPort                  = 127.0.0.1:{HttpPort}
        ServerRoot                  = {_dir}/vsp
        MaxClientConnections        = 16
        DavRoot                     = DAV
        EnabledDavVSP               = 0
        HTTPProxyEnabled            = 0
        TempASPXDir                 = 0
        ServerThreads               = 16
        MaxKeepAlives               = 64
        KeepAliveTimeout            = 10
        MaxCachedProxyConnections   = 10
        ProxyConnectionCacheTimeout = 15
        HTTPThreadSize              = 280000
        HttpPrintWarningsInOutput   = 0
        Charset                     = UTF-8
        EnabledGzipContent          = 0

        [Client]
        SQL_PREFETCH_ROWS  = 100
        SQL_PREFETCH_BYTES = 16000
        SQL_QUERY_TIMEOUT  = 0
        SQL_TXN_TIMEOUT    = 0

        [SPARQL]
        ResultSetMaxRows           = 10000000
        MaxQueryCostEstimationTime = 100000
        MaxQueryExecutionTime      = 0
        DeferInferenceRulesInit    = 0

        """);

    private static string? Which(string name)
    {
        foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
            if (File.Exists(Path.Combine(d, name))) return Path.Combine(d, name);
        return null;
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
