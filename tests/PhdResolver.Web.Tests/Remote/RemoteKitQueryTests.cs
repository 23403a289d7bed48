using System.Diagnostics;
using System.Net;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Remote;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;
using Xunit.Abstractions;
using PhdResolver.Tests.Shared;

namespace PhdResolver.Web.Tests.Remote;

/// <summary>
/// The benchmark kit's twelve queries (../shared/bench/queries) on the kit's data at 200 instruments: loaded into an
/// embedded store, copied to a real Virtuoso by the mirror's initial sync (one Graph Store Protocol PUT of the graph),
/// and asked of both, the remote through <see cref="RemoteSparqlEndpoint"/> with the graph as default-graph-uri (as
/// the kit asks Virtuoso). Every query must give as many rows (triples for CONSTRUCT) from both. The initial sync runs
/// on the data directory opened with query indexes and without them (<c>--lean</c>: graphs read from SQLite), each into
/// a graph of its own; the embedded answers come from the same directory opened with indexes.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RemoteKitQueryTests(VirtuosoServer virtuoso, ITestOutputHelper output) : IClassFixture<VirtuosoServer>
{
    private const string Graph = "https://phd.example.org/graph/instruments";

    /// <summary>shared/bench beside the checkout, or beside any folder above it (a git worktree sits a level or two deeper).</summary>
    private static string Kit
    {
        get
        {
            string start = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../.."));
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (Directory.Exists(Path.Combine(d.FullName, "shared/bench/queries"))) return Path.Combine(d.FullName, "shared/bench");
            return Path.Combine(start, "shared/bench");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_twelve_kit_queries_count_the_same_rows_remotely_as_embedded(bool lean)
    {
        // A graph per mode: replacing an existing large graph is slow in Virtuoso (README), and each sync starts afresh.
        string graph = lean ? Graph + "-lean" : Graph;
        Assert.True(Directory.Exists(Path.Combine(Kit, "queries")), $"the kit's queries are missing at {Kit}");
        string dir = Directory.CreateTempSubdirectory("phd-kit-remote-").FullName;
        try
        {
            string nt = Path.Combine(dir, "data.nt");
            var gen = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { Path.Combine(Kit, "gen-instruments.py"), "200", "-o", nt }, RedirectStandardError = true })!;
            gen.StandardError.ReadToEnd();
            gen.WaitForExit();
            Assert.Equal(0, gen.ExitCode);

            var options = virtuoso.Options();
            string data = Path.Combine(dir, "store");
            using (var store = QuadStore.Open(data, new StoreOptions { QueryIndexes = !lean }))
            {
                Assert.Equal(lean, store.IsLean);
                using (var tx = store.BeginWrite())
                {
                    using (var f = File.OpenRead(nt)) ((IRdfParser)new NTriplesParser()).Parse(f, tx.CreateLoadSink(new Iri(graph)));
                    tx.Commit();
                }
                var progress = new List<string>();
                using var mirror = new GraphStoreMirror(store, options, progress: l => { lock (progress) progress.Add(l); });
                mirror.Start();
                var clock = Stopwatch.StartNew();
                while (mirror.NotInStep is not null && clock.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(100);
                Assert.Null(mirror.NotInStep);
                using (var snap = store.OpenQuadSnapshot())
                    output.WriteLine($"initial sync of {snap.QuadCount:N0} quads ({(lean ? "lean" : "indexed")}): {clock.Elapsed.TotalSeconds:0.0} s");
                lock (progress) Assert.Contains(progress, l => l.Contains("in step", StringComparison.Ordinal));
            }

            using var indexed = QuadStore.Open(data);

            var engine = new SparqlEngine(indexed, new SparqlOptions { Timeout = TimeSpan.FromMinutes(2) });
            using var remote = new RemoteSparqlEndpoint(options);
            var mismatches = new List<string>();
            foreach (var file in Directory.GetFiles(Path.Combine(Kit, "queries"), "*.rq").Order(StringComparer.Ordinal))
            {
                string text = File.ReadAllText(file);
                long local = Count(engine.Query(SparqlParser.ParseQuery(text)));
                long far = Count(remote.Query(SparqlParser.ParseQuery(text), text, [graph], [], CancellationToken.None));
                output.WriteLine($"{Path.GetFileNameWithoutExtension(file)}: embedded {local}, Virtuoso via --sparql-store {far}");
                Assert.True(local > 0, $"{file}: no rows embedded; the data set is wrong");
                if (local != far) mismatches.Add($"{Path.GetFileName(file)}: {local} vs {far}");
            }
            Assert.Empty(mismatches);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static long Count(QueryResult r) => r switch
    {
        BindingsResult b => b.Rows.LongCount(),
        GraphResult g => g.Triples.Distinct().LongCount(),
        BooleanResult => 1,
        _ => throw new InvalidOperationException(),
    };
}
