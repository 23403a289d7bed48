using System.CommandLine;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Cli;

/// <summary><c>phd convert IN --to FORMAT</c>: reads one RDF document ("-" = stdin) and writes it in another syntax.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "input file, or - for standard input" };
        var to = new Option<string>("--to") { Description = "output syntax: turtle, trig, ntriples, nquads, rdfxml, jsonld", Required = true };
        var from = new Option<string?>("--from") { Description = "input syntax (default: from the file extension; required for stdin)" };
        var output = new Option<string?>("--out", "-o") { Description = "output file (default: standard output)" };
        var baseIri = new Option<string?>("--base") { Description = "base IRI for relative references (default: the file's URL)" };
        var cmd = new Command("convert", "Convert an RDF document between syntaxes") { input, to, from, output, baseIri };
        cmd.SetAction(pr => Run(pr.GetValue(input)!, pr.GetValue(to)!, pr.GetValue(from), pr.GetValue(output), pr.GetValue(baseIri)));
        return cmd;
    }

    private static int Run(string input, string to, string? from, string? output, string? baseIri)
    {
        if (!RdfFormats.TryParse(to, out var outFormat))
            return Fail($"unknown output syntax '{to}'", 2);
        RdfFormat inFormat;
        if (from is not null)
        {
            if (!RdfFormats.TryParse(from, out inFormat)) return Fail($"unknown input syntax '{from}'", 2);
        }
        else if (input == "-" || !RdfFormats.TryFromFileName(input, out inFormat))
        {
            return Fail("cannot tell the input syntax; give --from", 2);
        }

        if (input != "-" && !File.Exists(input)) return Fail($"no such file: {input}", 2);
        baseIri ??= input == "-" ? null : new Uri(Path.GetFullPath(input)).AbsoluteUri;

        // Parse fully before writing: a syntax error must not leave half a document on stdout.
        var data = new Dataset();
        try
        {
            using Stream s = input == "-" ? Console.OpenStandardInput() : File.OpenRead(input);
            RdfFormats.CreateParser(inFormat).Parse(s, data, new ParserOptions { BaseIri = baseIri });
        }
        catch (RdfSyntaxException e)
        {
            return Fail($"{(input == "-" ? "<stdin>" : input)}: {e.Message}", 1);
        }

        if (!RdfFormats.SupportsDatasets(outFormat) && data.GraphNames.Any(g => g is not null))
            Console.Error.WriteLine($"warning: {RdfFormats.ShortName(outFormat)} has no named graphs; their triples are written into one graph");

        using var writer = output is null
            ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false }
            : new StreamWriter(output, false, new UTF8Encoding(false));
        var w = RdfFormats.CreateWriter(outFormat, writer, new WriterOptions { Prefixes = data.Prefixes, BaseIri = null });
        foreach (var q in data) w.OnQuad(q);
        w.Finish();
        writer.Flush();
        return 0;
    }

    internal static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"phd: {message}");
        return code;
    }
}
