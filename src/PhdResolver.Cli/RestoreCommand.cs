using System.CommandLine;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd restore --data DIR --from FOLDER</c>: rebuilds a store from a <c>phd dump --out</c>
/// backup. Only into an empty data directory: a restore never merges into live data.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "an empty (or new) data directory", Required = true };
        var from = new Option<string>("--from") { Description = "the backup folder written by phd dump --out", Required = true };
        var database = DatabaseOption.Create();
        var cmd = new Command("restore", "Restore a store and its registry from a phd dump --out backup") { data, from, database };
        cmd.SetAction(pr => Run(pr.GetValue(data)!, pr.GetValue(from)!, pr.GetValue(database)));
        return cmd;
    }

    private static int Run(string data, string from, string? database)
    {
        var storeOptions = DatabaseOption.Options(database);
        string quads = Path.Combine(from, DumpCommand.QuadsFile), registry = Path.Combine(from, DumpCommand.RegistryFile);
        if (!File.Exists(quads)) return ConvertCommand.Fail($"no {DumpCommand.QuadsFile} in {from}", Exit.Usage);
        if (database is null && File.Exists(Path.Combine(data, QuadStore.DatabaseFileName)))
            return ConvertCommand.Fail($"{data} already holds a store; restore needs an empty data directory", Exit.Usage);

        Directory.CreateDirectory(data);
        using var store = QuadStore.Open(data, storeOptions);
        if (database is not null && (store.Indexes.QuadCount > 0 || RegistryService.IsRegistryStore(store)))
            return ConvertCommand.Fail($"{DatabaseOption.Describe(data, database)} already holds a store; restore needs an empty database", Exit.Usage);
        try
        {
            // Quads first, in one transaction: the registry's search index is rebuilt from the graphs.
            using (var tx = store.BeginWrite())
            {
                using (var s = File.OpenRead(quads))
                    ((IRdfParser)new NTriplesParser(quads: true)).Parse(s, tx.CreateLoadSink());
                tx.Commit();
            }
            if (File.Exists(registry))
            {
                using var registryService = RegistryService.Open(store, new RegistryOptions { BaseUri = DumpCommand.BackupBase });
                using var r = new StreamReader(registry);
                registryService.Import(r, "cli:restore");
            }
        }
        catch (Exception e) when (e is RdfSyntaxException or RegistryException or IOException)
        {
            return ConvertCommand.Fail($"restore failed, {data} is not usable: {e.Message}", 1);
        }
        Console.Error.WriteLine($"phd: restored {data} from {from}");
        return 0;
    }
}
