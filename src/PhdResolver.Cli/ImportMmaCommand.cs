using System.CommandLine;
using System.Text;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd import-mma FILE... [--out FILE] [--format turtle|trig|jsonld|...] [--base IRI] [--no-layout] [--keep-dangling-links]</c>:
/// Micro-Meta App JSON to NBO-Q RDF. The syntax follows <c>--format</c>, else the <c>--out</c> file's extension, else TriG.
/// An import of an instrument has a named layout graph (drawing positions), so a triples-only syntax (Turtle,
/// N-Triples, RDF/XML) is a usage error naming the syntaxes that fit, unless <c>--no-layout</c> leaves that graph out.
/// </summary>
internal static class ImportMmaCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Micro-Meta App Instrument or Image JSON files (plain or 4DN portal records)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "output file (default: standard output)" };
        var format = new Option<string?>("--format") { Description = "output syntax: trig (default), turtle, nquads, ntriples, jsonld, rdfxml" };
        var baseIri = new Option<string?>("--base") { Description = "base IRI for the minted data IRIs (must end in / or #)" };
        var noLayout = new Option<bool>("--no-layout") { Description = "leave out the drawing-only layout graph (so the output fits Turtle, N-Triples or RDF/XML)" };
        var keepDangling = new Option<bool>("--keep-dangling-links") { Description = "keep links to components the file does not hold as unmapped fields instead of refusing the file" };
        var cmd = new Command("import-mma", "Import Micro-Meta App files into NBO-Q RDF; the import report goes to stderr") { files, output, format, baseIri, noLayout, keepDangling };
        cmd.SetAction(pr => Run(pr.GetValue(files)!, pr.GetValue(output), pr.GetValue(format), pr.GetValue(baseIri), pr.GetValue(noLayout), pr.GetValue(keepDangling)));
        return cmd;
    }

    private static int Run(string[] files, string? output, string? format, string? baseIri, bool noLayout, bool keepDangling)
    {
        // --format wins; else the --out file's extension ("x.ttl" is Turtle, not TriG in a .ttl file); else TriG,
        // which keeps the layout graph.
        var outFormat = RdfFormat.TriG;
        if (format is not null) { if (!RdfFormats.TryParse(format, out outFormat)) return ConvertCommand.Fail($"unknown output syntax '{format}'", Exit.Usage); }
        else if (output is not null && !RdfFormats.TryFromFileName(output, out outFormat))
            return ConvertCommand.Fail($"cannot tell the RDF syntax of '{output}' from its extension: name it .trig, .nq, .jsonld, .ttl, .nt or .rdf, or give --format", Exit.Usage);
        var options = new ImportOptions { BaseIri = baseIri ?? new ImportOptions().BaseIri, KeepDanglingLinks = keepDangling };
        if (IriSyntax.CheckAbsolute(options.BaseIri) is { } bad) return ConvertCommand.Fail($"--base must be an absolute IRI: {options.BaseIri}: {bad}", Exit.Usage);
        if (!options.BaseIri.EndsWith('/') && !options.BaseIri.EndsWith('#')) return ConvertCommand.Fail("--base must end in '/' or '#'", Exit.Usage);

        var all = new Dataset();
        foreach (var file in files)
        {
            if (!File.Exists(file)) return ConvertCommand.Fail($"no such file: {file}", Exit.Usage);
            try
            {
                var r = MmaImporter.ImportFile(file, options);
                foreach (var q in r.Data) if (!(noLayout && q.Graph is not null)) all.Add(q);
                Console.Error.WriteLine($"{file}: {r.Report.Summary()}");
                foreach (var w in r.Report.Warnings) Console.Error.WriteLine($"  warning: {w}");
            }
            catch (Exception e) when (Exit.For(e) == Exit.BadInput)
            {
                return Exit.Fail(e, file);
            }
        }

        // Checked before the output file is opened: a usage error writes nothing.
        if (!RdfFormats.SupportsDatasets(outFormat) && all.GraphNames.Any(g => g is not null))
            return ConvertCommand.Fail(
                $"{RdfFormats.Format(outFormat).Label} holds no named graphs, but the import has a layout graph (drawing positions): " +
                "write TriG (.trig), N-Quads (.nq) or JSON-LD (.jsonld), or add --no-layout to leave the layout graph out", 2);
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
