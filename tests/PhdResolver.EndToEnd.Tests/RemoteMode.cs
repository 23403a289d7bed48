using System.Collections.Concurrent;
using PhdResolver.Sparql.Remote;
using PhdResolver.Tests.Shared;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// The suite's remote mode (issue 17 item 5, "the resolver's end-to-end suite" against an external store): with
/// <c>PHD_E2E_SPARQL_STORE=virtuoso</c> every resolver the suite starts, in process (<see cref="KestrelHost"/>) or as a
/// <c>phd serve</c> child (<see cref="PhdChild"/>), runs with <c>--sparql-store</c> on a real Virtuoso, so every test
/// here runs unchanged over the remote query backend and its Graph Store Protocol mirror. <c>.ci/run</c> runs the suite
/// once more this way after the README's test command.
/// <para>One Virtuoso per data directory, not one for the suite: two resolvers writing one store would overwrite each
/// other's same-named graphs (the ontology, the shapes) and see each other's records in /sparql. The same directory
/// served again (a restart after kill -9) meets the same Virtuoso, as a real deployment would, so the mirror's repair
/// from its journal and confirmed state is what the restart exercises. It is stopped when the test deletes the
/// directory (<see cref="Paths.DeleteQuietly"/>), and any left at the end when the test process exits.</para>
/// </summary>
internal static class RemoteMode
{
    /// <summary>The environment variable that turns the mode on; its one accepted value is <c>virtuoso</c>.</summary>
    public const string Variable = "PHD_E2E_SPARQL_STORE";

    private static readonly ConcurrentDictionary<string, Lazy<VirtuosoServer>> Stores = new(StringComparer.Ordinal);

    static RemoteMode() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var key in Stores.Keys) Release(key);
    };

    /// <summary>True when the suite runs against Virtuoso. Any other non-empty value is a mistake, not the embedded mode.</summary>
    public static bool On { get; } = Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" => false,
        "virtuoso" => true,
        var other => throw new InvalidOperationException($"{Variable}={other}: the one remote store the suite knows is 'virtuoso'"),
    };

    /// <summary>The Virtuoso for <paramref name="dataDirectory"/> (started on first use), or null in the embedded mode.</summary>
    public static VirtuosoServer? For(string dataDirectory) =>
        On ? Stores.GetOrAdd(Key(dataDirectory), _ => new Lazy<VirtuosoServer>(() => new VirtuosoServer())).Value : null;

    /// <summary>The resolver's options for the store of <paramref name="dataDirectory"/>; null in the embedded mode.</summary>
    public static RemoteStoreOptions? Options(string dataDirectory) => For(dataDirectory)?.Options();

    /// <summary>
    /// <c>phd serve</c>'s arguments with the store's options added (its query and GSP endpoints; the credentials go
    /// in the environment, <see cref="RemoteStoreOptions.CredentialsVariable"/>, as an operator would pass them).
    /// Unchanged in the embedded mode or for any other command: <c>phd load</c>, <c>phd import</c> and
    /// <c>phd token</c> write the directory with the server stopped, which the next start repairs.
    /// </summary>
    public static string[] ServeArguments(string[] args)
    {
        if (!On || args.Length == 0 || args[0] != "serve") return args;
        int data = Array.IndexOf(args, "--data");
        if (data < 0 || data + 1 >= args.Length) throw new ArgumentException("phd serve in the remote mode needs --data DIR (one store per directory)", nameof(args));
        var store = For(args[data + 1])!;
        return [.. args, "--sparql-store", store.Query.AbsoluteUri, "--sparql-store-gsp", store.GraphStore.AbsoluteUri];
    }

    /// <summary>The credentials line for <see cref="RemoteStoreOptions.CredentialsVariable"/>.</summary>
    public static string Credentials => VirtuosoServer.User + ":" + VirtuosoServer.Password;

    /// <summary>Stops and removes the Virtuoso of <paramref name="dataDirectory"/>, if it has one.</summary>
    public static void Release(string dataDirectory)
    {
        if (Stores.TryRemove(Key(dataDirectory), out var store) && store.IsValueCreated) store.Value.Dispose();
    }

    private static string Key(string dataDirectory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
}
