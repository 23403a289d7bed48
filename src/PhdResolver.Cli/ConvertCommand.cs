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
            return Fail($"unknown output syntax '{to}'", Exit.Usage);
        RdfFormat inFormat;
        if (from is not null)
        {
            if (!RdfFormats.TryParse(from, out inFormat)) return Fail($"unknown input syntax '{from}'", Exit.Usage);
        }
        else if (input == "-" || !RdfFormats.TryFromFileName(input, out inFormat))
        {
            return Fail("cannot tell the input syntax; give --from", Exit.Usage);
        }

        if (baseIri is not null && IriSyntax.CheckAbsolute(baseIri) is { } bad) return Fail($"--base must be an absolute IRI: {baseIri}: {bad}", Exit.Usage);
        if (input != "-" && !File.Exists(input)) return Fail($"no such file: {input}", Exit.Usage);
        baseIri ??= input == "-" ? null : new Uri(Path.GetFullPath(input)).AbsoluteUri;

        // Parse fully before writing: a syntax error must not leave half a document on stdout.
        var data = new Dataset();
        try
        {
            using Stream s = input == "-" ? Console.OpenStandardInput() : File.OpenRead(input);
            RdfFormats.CreateParser(inFormat).Parse(s, data, new ParserOptions { BaseIri = baseIri });
        }
        catch (Exception e) when (Exit.For(e) == Exit.BadInput)
        {
            return Exit.Fail(e, input == "-" ? "<stdin>" : input);
        }

        if (!RdfFormats.SupportsDatasets(outFormat) && data.GraphNames.Any(g => g is not null))
            Console.Error.WriteLine($"warning: {RdfFormats.Format(outFormat).Label} has no named graphs; their triples are written into one graph");

        try
        {
            OutputFile.WriteTo(output, writer =>
            {
                var w = RdfFormats.CreateWriter(outFormat, writer, new WriterOptions { Prefixes = data.Prefixes, BaseIri = null });
                foreach (var q in data) w.OnQuad(q);
                w.Finish();
            });
        }
        catch (NotSupportedException e)
        {
            // The data cannot be expressed in the output syntax (e.g. U+0000 in RDF/XML): bad input, no file written.
            return Exit.Fail(e.Message, Exit.BadInput);
        }
        return Exit.Ok;
    }

    internal static int Fail(string message, int code) => Exit.Fail(message, code);
}
