using System.CommandLine;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd dump --data DIR [--out FOLDER]</c>: every quad of the store as N-Quads on standard
/// output, or, with <c>--out</c>, a full backup folder that <c>phd restore</c> reads back:
/// <c>quads.nq</c> (every graph) and <c>registry.jsonl</c> (PIDs, records, versions, tombstones,
/// audit log; the search index is derived and rebuilt on restore).
/// </summary>
internal static class DumpCommand
{
    public const string QuadsFile = "quads.nq";
    public const string RegistryFile = "registry.jsonl";

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "the store's data directory", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "write a backup folder (quads.nq + registry.jsonl) instead of N-Quads to stdout" };
        var database = DatabaseOption.Create();
        var cmd = new Command("dump", "Write all quads of a store as N-Quads, or a full backup with --out") { data, output, database };
        cmd.SetAction(pr => Run(pr.GetValue(data)!, pr.GetValue(output), pr.GetValue(database)));
        return cmd;
    }

    private static int Run(string data, string? outDir, string? database)
    {
        var storeOptions = DatabaseOption.Options(database);
        if (database is null && !File.Exists(Path.Combine(data, QuadStore.DatabaseFileName)))
            return ConvertCommand.Fail($"no store in {data}", Exit.Usage);
        Directory.CreateDirectory(data); // on PostgreSQL: the scratch directory (lock, search index) of this process
        using var store = QuadStore.Open(data, storeOptions);
        if (outDir is null)
        {
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
            WriteQuads(store, stdout);
            return 0;
        }

        Directory.CreateDirectory(outDir);
        // Each file is written to a temporary name and renamed when complete (OutputFile): a dump
        // cut short never looks complete, and a failed one leaves no partial files behind.
        string quads = Path.Combine(outDir, QuadsFile), registry = Path.Combine(outDir, RegistryFile);
        OutputFile.Write(quads, w => WriteQuads(store, w));
        using (var registryService = RegistryService.Open(store, new RegistryOptions { BaseUri = BackupBase }))
            OutputFile.Write(registry, registryService.Export);
        Console.Error.WriteLine($"phd: wrote {quads} and {registry}");
        return 0;
    }

    /// <summary>
    /// The registry keeps every IRI it minted in its rows; the base URI only names new graphs,
    /// which a dump or restore never creates, so any absolute base will do here.
    /// </summary>
    internal static readonly Uri BackupBase = new("urn:phd:backup/");

    private static void WriteQuads(QuadStore store, TextWriter output)
    {
        using var snapshot = store.OpenQuadSnapshot();
        snapshot.Dump(new NQuadsLineSink(output));
        output.Flush();
    }

    /// <summary>Canonical N-Quads, one line per quad, straight to a writer.</summary>
    private sealed class NQuadsLineSink(TextWriter output) : IRdfSink
    {
        private readonly StringBuilder _line = new(256);

        public void OnQuad(in Quad quad)
        {
            _line.Clear();
            NTriplesFormatter.AppendQuad(_line, quad);
            _line.Append('\n');
            output.Write(_line);
        }
    }
}
