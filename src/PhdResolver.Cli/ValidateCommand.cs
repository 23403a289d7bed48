using System.CommandLine;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd validate DATA --shapes SHAPES [--format text|turtle]</c>: SHACL validation.
/// Exit codes: 0 conforms, 1 the data does not conform, 2 unusable input (missing file, syntax error).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var data = new Argument<string>("data") { Description = "the data graph (any RDF syntax, chosen by file extension)" };
        var shapes = new Option<string>("--shapes", "-s") { Description = "the shapes graph", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "report format: text (default) or turtle", DefaultValueFactory = _ => "text" };
        var cmd = new Command("validate", "Validate RDF data against SHACL shapes") { data, shapes, format };
        cmd.SetAction(pr => Run(pr.GetValue(data)!, pr.GetValue(shapes)!, pr.GetValue(format)!));
        return cmd;
    }

    private static int Run(string dataPath, string shapesPath, string format)
    {
        if (format is not ("text" or "turtle")) return ConvertCommand.Fail($"unknown report format '{format}' (text or turtle)", 2);
        var dataSet = Load(dataPath, out int code);
        if (dataSet is null) return code;
        var shapesSet = Load(shapesPath, out code);
        if (shapesSet is null) return code;

        var dataGraph = new ShaclGraph(dataSet);
        var report = new ShaclValidator(new ShapesGraph(shapesSet)).Validate(dataGraph);

        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        if (format == "turtle")
        {
            var prefixes = new Dictionary<string, string>(shapesSet.Prefixes, StringComparer.Ordinal);
            foreach (var (k, v) in dataSet.Prefixes) prefixes.TryAdd(k, v);
            prefixes.TryAdd("sh", Sh.Namespace);
            stdout.Write(report.ToDataset().Write(RdfFormat.Turtle, new WriterOptions { Prefixes = prefixes }));
        }
        else
        {
            stdout.Write(report.ToText(dataGraph));
        }
        return report.Conforms ? 0 : 1;
    }

    /// <summary>Parses a file; on failure prints why (with line and column for syntax errors) and returns null.</summary>
    private static Dataset? Load(string path, out int code)
    {
        code = 2;
        if (!File.Exists(path))
        {
            ConvertCommand.Fail($"no such file: {path}", 2);
            return null;
        }
        if (!RdfFormats.TryFromFileName(path, out var f))
        {
            ConvertCommand.Fail($"cannot tell the RDF syntax of '{path}' from its extension", 2);
            return null;
        }
        try
        {
            return Dataset.Load(path, f);
        }
        catch (RdfSyntaxException e)
        {
            ConvertCommand.Fail($"{path}: {e.Message}", 2);
            return null;
        }
    }
}
