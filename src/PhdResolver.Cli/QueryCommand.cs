using System.CommandLine;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary><c>phd query --data DIR (QUERY | --file F) [--format F]</c>: runs a SPARQL query on a
/// store and writes the result to standard output. Exit codes: 0 ok, 1 query error (syntax,
/// evaluation, limits), 2 usage.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var text = new Argument<string?>("query") { Description = "the SPARQL query text", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<string>("--data") { Description = "the store's data directory", Required = true };
        var file = new Option<string?>("--file") { Description = "read the query from this file" };
        var format = new Option<string?>("--format") { Description = "json|xml|csv|tsv for SELECT/ASK; turtle|ntriples|jsonld|rdfxml for CONSTRUCT/DESCRIBE" };
        var timeout = new Option<double?>("--timeout") { Description = "seconds (default 60)" };
        var cmd = new Command("query", "Run a SPARQL query on a store") { text, data, file, format, timeout };
        cmd.SetAction(pr => Run(pr.GetValue(text), pr.GetValue(data)!, pr.GetValue(file), pr.GetValue(format), pr.GetValue(timeout)));
        return cmd;
    }

    /// <summary>The request text from the argument or --file (exactly one).</summary>
    internal static string? ReadText(string? text, string? file, out int error)
    {
        error = 0;
        if ((text is null) == (file is null)) { error = ConvertCommand.Fail("give the request text or --file, not both", Exit.Usage); return null; }
        if (file is null) return text;
        if (!File.Exists(file)) { error = ConvertCommand.Fail($"no such file: {file}", Exit.Usage); return null; }
        return File.ReadAllText(file);
    }

    private static int Run(string? text, string data, string? file, string? format, double? timeout)
    {
        var query = ReadText(text, file, out int error);
        if (query is null) return error;
        if (!File.Exists(Path.Combine(data, QuadStore.DatabaseFileName))) return ConvertCommand.Fail($"no store in {data}", Exit.Usage);
        Query parsed;
        try { parsed = SparqlParser.ParseQuery(query, null); }
        catch (SyntaxException e) { return ConvertCommand.Fail($"syntax error: {e.Message}", 1); }

        string fmt = format ?? (parsed.Form is QueryForm.Construct or QueryForm.Describe ? "turtle" : "json");
        using var store = QuadStore.Open(data);
        var engine = new SparqlEngine(store, new SparqlOptions { Timeout = TimeSpan.FromSeconds(timeout ?? 60) });
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        try
        {
            var result = engine.Query(parsed);
            SparqlResultFormats.Write(result, fmt, output, new WriterOptions { Prefixes = parsed.Prefixes });
        }
        catch (NotSupportedException e) { output.Flush(); return ConvertCommand.Fail(e.Message, Exit.Usage); }
        catch (SparqlEvaluationException e) { output.Flush(); return ConvertCommand.Fail(e.Message, 1); }
        output.Flush();
        return 0;
    }
}
