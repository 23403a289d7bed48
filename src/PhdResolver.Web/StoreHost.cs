using PhdResolver.Sparql;
using PhdResolver.Sparql.Remote;
using PhdResolver.Store;

namespace PhdResolver.Web;

/// <summary>
/// The one open store of the process (QuadStore.Open locks the data directory) and the SPARQL
/// engine over it, with the public endpoint's limits. Disposed with the host.
/// </summary>
public sealed class StoreHost : IDisposable
{
    public StoreHost(WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        Store = QuadStore.Open(options.DataDirectory, new StoreOptions { Database = options.Database, Log = options.StartupLog, QueryIndexes = !options.Lean });
        Sparql = new SparqlEngine(Store, new SparqlOptions
        {
            Timeout = options.SparqlTimeout,
            // No MaxResultRows: /sparql applies the row limit itself, as a cut with a warning (SparqlProtocol).
            MaxIntermediateRows = options.SparqlMaxIntermediateRows,
            // Public endpoint: no federation and no LOAD, whatever the engine may support later.
            ServiceAllowList = [],
            LoadAllowedFolders = [],
            BaseIri = options.BaseUri.AbsoluteUri,
        });
        if (options.SparqlStore is { } remote)
        {
            try
            {
                Remote = new RemoteSparqlEndpoint(remote);
                Mirror = new GraphStoreMirror(Store, remote, options.StartupLog, options.StartupLog);
                Mirror.Start();
            }
            catch
            {
                Dispose();
                throw;
            }
        }
    }

    /// <summary>The external SPARQL store that answers /sparql instead of <see cref="Sparql"/> (<see cref="WebOptions.SparqlStore"/>); null: none.</summary>
    public RemoteSparqlEndpoint? Remote { get; }

    /// <summary>The write side of <see cref="Remote"/>: every commit's graphs copied there; null: none.</summary>
    public GraphStoreMirror? Mirror { get; }

    public QuadStore Store { get; }

    /// <summary>False when nothing answers SPARQL queries: a store without query indexes (<c>--lean</c>) and no remote
    /// store, where /sparql is a 501 problem. The query page for people still opens.</summary>
    public bool AnswersSparql => Remote is not null || !Store.IsLean;
    public SparqlEngine Sparql { get; private set; }

    /// <summary>
    /// Registers SPARQL property functions of the layer that owns their index (the registry's
    /// <c>text:query</c>); the engine itself knows none. Called once at start-up, before requests.
    /// </summary>
    public void UsePropertyFunctions(IReadOnlyDictionary<string, IPropertyFunction> functions)
    {
        Sparql = new SparqlEngine(Store, Sparql.Options with { PropertyFunctions = functions });
        // A remote store has none of them: a query that names one is refused rather than silently answered empty.
        Remote?.AnsweredLocallyOnly(functions.Keys);
    }

    public void Dispose()
    {
        Mirror?.Dispose();
        Remote?.Dispose();
        Store.Dispose();
    }
}
