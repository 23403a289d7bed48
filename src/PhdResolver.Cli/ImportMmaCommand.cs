using System.CommandLine;
using System.Text;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;

namespace PhdResolver.Cli;

/// <summary><c>phd import-mma FILE... [--out FILE] [--format turtle|trig|jsonld|...] [--base IRI]</c>: Micro-Meta App JSON to NBO-Q RDF.</summary>
internal static class ImportMmaCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Micro-Meta App Instrument or Image JSON files (plain or 4DN portal records)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "output file (default: standard output)" };
        var format = new Option<string?>("--format") { Description = "output syntax: trig (default), turtle, nquads, ntriples, jsonld, rdfxml" };
        var baseIri = new Option<string?>("--base") { Description = "base IRI for the minted data IRIs (must end in / or #)" };
        var cmd = new Command("import-mma", "Import Micro-Meta App files into NBO-Q RDF; the import report goes to stderr") { files, output, format, baseIri };
        cmd.SetAction(pr => Run(pr.GetValue(files)!, pr.GetValue(output), pr.GetValue(format), pr.GetValue(baseIri)));
        return cmd;
    }

    private static int Run(string[] files, string? output, string? format, string? baseIri)
    {
        // Layout fields sit in a named graph, so the default syntax is one that keeps graphs.
        var outFormat = RdfFormat.TriG;
        if (format is not null && !RdfFormats.TryParse(format, out outFormat)) return ConvertCommand.Fail($"unknown output syntax '{format}'", Exit.Usage);
        var options = new ImportOptions { BaseIri = baseIri ?? new ImportOptions().BaseIri };
        if (!options.BaseIri.EndsWith('/') && !options.BaseIri.EndsWith('#')) return ConvertCommand.Fail("--base must end in '/' or '#'", Exit.Usage);

        var all = new Dataset();
        foreach (var file in files)
        {
            if (!File.Exists(file)) return ConvertCommand.Fail($"no such file: {file}", Exit.Usage);
            try
            {
                var r = MmaImporter.ImportFile(file, options);
                foreach (var q in r.Data) all.Add(q);
                Console.Error.WriteLine($"{file}: {r.Report.Summary()}");
                foreach (var w in r.Report.Warnings) Console.Error.WriteLine($"  warning: {w}");
            }
            catch (Exception e) when (Exit.For(e) == Exit.BadInput)
            {
                return Exit.Fail(e, file);
            }
        }

        if (!RdfFormats.SupportsDatasets(outFormat) && all.GraphNames.Any(g => g is not null))
            Console.Error.WriteLine($"warning: {RdfFormats.ShortName(outFormat)} has no named graphs; the layout graphs are merged into the default graph");
        var prefixes = new Dictionary<string, string>
        {
            ["nboq"] = PhdResolver.Nboq.Nboq.Namespace, ["rdf"] = Vocab.Rdf.Namespace, ["rdfs"] = Vocab.Rdfs.Namespace, ["xsd"] = Vocab.Xsd.Namespace,
            ["unit"] = PhdResolver.Nboq.Vocabs.Unit, ["prov"] = PhdResolver.Nboq.Vocabs.Prov, ["dcterms"] = PhdResolver.Nboq.Vocabs.Dcterms,
        };
        try
        {
            OutputFile.WriteTo(output, writer =>
            {
                var w2 = RdfFormats.CreateWriter(outFormat, writer, new WriterOptions { Prefixes = prefixes });
                foreach (var q in all) w2.OnQuad(q);
                w2.Finish();
            });
        }
        catch (NotSupportedException e)
        {
            return Exit.Fail(e.Message, Exit.BadInput);
        }
        return 0;
    }
}
