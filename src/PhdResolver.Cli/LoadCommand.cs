using System.CommandLine;
using System.Diagnostics;
using PhdResolver.Rdf;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary><c>phd load FILE... --data DIR [--graph IRI]</c>: parses files into the store in one
/// transaction: after a failure or a kill, either all of them are in the store or none. A registry's
/// data directory is refused (exit 2, see <see cref="RegistryGuard"/>).</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "RDF files (syntax from the extension)", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data") { Description = "the store's data directory", Required = true };
        var graph = new Option<string?>("--graph") { Description = "named graph for triples outside any graph (default: the default graph)" };
        var from = new Option<string?>("--from") { Description = "input syntax for all files (default: from each file's extension)" };
        var database = DatabaseOption.Create();
        var cmd = new Command("load", "Load RDF files into a store (all or nothing)") { files, data, graph, from, database };
        cmd.SetAction(pr => Run(pr.GetValue(files)!, pr.GetValue(data)!, pr.GetValue(graph), pr.GetValue(from), pr.GetValue(database)));
        return cmd;
    }

    private static int Run(string[] files, string data, string? graph, string? from, string? database)
    {
        var storeOptions = DatabaseOption.Options(database);
        if (database is null && RegistryGuard.Refuse("load", data) is int refused) return refused;
        var formats = new RdfFormat[files.Length];
        for (int i = 0; i < files.Length; i++)
        {
            if (!File.Exists(files[i])) return ConvertCommand.Fail($"no such file: {files[i]}", Exit.Usage);
            bool ok = from is not null ? RdfFormats.TryParse(from, out formats[i]) : RdfFormats.TryFromFileName(files[i], out formats[i]);
            if (!ok) return ConvertCommand.Fail($"cannot tell the syntax of {files[i]}; give --from", Exit.Usage);
        }
        if (graph is not null && IriSyntax.CheckAbsolute(graph) is { } bad) return ConvertCommand.Fail($"--graph must be an absolute IRI: {graph}: {bad}", Exit.Usage);

        var sw = Stopwatch.StartNew();
        using var store = QuadStore.Open(data, storeOptions);
        if (database is not null && RegistryGuard.Refuse("load", store, DatabaseOption.Describe(data, database)) is int refusedDb) return refusedDb;
        using var tx = store.BeginWrite();
        tx.Log = m => Console.Error.WriteLine($"phd load: [{sw.Elapsed.TotalSeconds:F2}s] {m}");
        var sink = tx.CreateLoadSink(graph is null ? null : new Iri(graph));
        for (int i = 0; i < files.Length; i++)
        {
            long before = tx.PendingOperations;
            try
            {
                using var s = File.OpenRead(files[i]);
                RdfFormats.CreateParser(formats[i]).Parse(s, sink, new ParserOptions { BaseIri = new Uri(Path.GetFullPath(files[i])).AbsoluteUri });
            }
            catch (Exception e) when (Exit.For(e) == Exit.BadInput)
            {
                return Exit.Fail($"{files[i]}: {e.Message}; nothing loaded", Exit.BadInput);
            }
            Console.Error.WriteLine($"phd load: [{sw.Elapsed.TotalSeconds:F2}s] parsed {tx.PendingOperations - before} quads from {files[i]}");
        }
        var r = tx.Commit();
        double secs = sw.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"phd load: done: {r.Inserted} quads added ({store.Indexes.QuadCount} in store) in {secs:F2} s, {r.Inserted / Math.Max(secs, 1e-9):F0} quads/s");
        return 0;
    }
}
