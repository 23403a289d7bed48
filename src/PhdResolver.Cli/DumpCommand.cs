using System.CommandLine;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary><c>phd dump --data DIR</c>: every quad of the store as N-Quads on standard output.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "the store's data directory", Required = true };
        var cmd = new Command("dump", "Write all quads of a store as N-Quads to standard output") { data };
        cmd.SetAction(pr => Run(pr.GetValue(data)!));
        return cmd;
    }

    private static int Run(string data)
    {
        if (!File.Exists(Path.Combine(data, QuadStore.DatabaseFileName)))
            return ConvertCommand.Fail($"no store in {data}", 2);
        using var store = QuadStore.Open(data);
        using var snapshot = store.OpenSnapshot();
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        snapshot.Dump(new NQuadsLineSink(output));
        output.Flush();
        return 0;
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
