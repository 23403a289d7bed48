using System.CommandLine;
using System.Text;
using System.Text.Json;
using PhdResolver.Nboq.Import;
using PhdResolver.Nboq.Validation;
using PhdResolver.Rdf;
using PhdResolver.Registry.Validation;
using PhdResolver.Shacl;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd validate FILE [--tier 1|2|3] [--shapes SHAPES] [--format text|turtle|json]</c>: SHACL validation.
/// FILE is RDF (any syntax) or a Micro-Meta App JSON file, imported first. With <c>--tier N</c> the
/// shapes are the NBO-Q tier N shapes (plus the record shapes when the data has records, plus
/// <c>--shapes</c> if given) and the report speaks of fields per component. Exit codes with a tier:
/// 0 conforms at tier N (MUST: no sh:Violation; SHOULD misses are warnings and do not fail),
/// 1 violations or bad input (syntax errors, malformed Micro-Meta App JSON), 2 usage errors. Without a tier (generic SHACL): 0 only when there are no results.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var data = new Argument<string>("data") { Description = "the data: RDF (any syntax, by file extension) or a Micro-Meta App JSON file" };
        var tier = new Option<int?>("--tier", "-t") { Description = "validate against the NBO-Q tier 1, 2 or 3 shapes" };
        var shapes = new Option<string?>("--shapes", "-s") { Description = "a shapes graph (required without --tier; added to the tier shapes with it)" };
        var format = new Option<string>("--format", "-f") { Description = "report format: text (default), turtle or json", DefaultValueFactory = _ => "text" };
        var extensions = new Option<string?>("--extensions", "-e") { Description = "NBO extensions to check with --tier: core,basic,advanced-confocal,calibration or all (default all)" };
        var keepDangling = new Option<bool>("--keep-dangling-links") { Description = "Micro-Meta App input: keep links to components the file does not hold instead of refusing the file" };
        var cmd = new Command("validate", "Validate data against SHACL shapes or an NBO-Q documentation tier") { data, tier, shapes, format, extensions, keepDangling };
        cmd.SetAction(pr => Run(pr.GetValue(data)!, pr.GetValue(tier), pr.GetValue(shapes), pr.GetValue(format)!, pr.GetValue(extensions), pr.GetValue(keepDangling)));
        return cmd;
    }

    private static int Run(string dataPath, int? tier, string? shapesPath, string format, string? extensionList, bool keepDangling)
    {
        if (format is not ("text" or "turtle" or "json")) return ConvertCommand.Fail($"unknown report format '{format}' (text, turtle or json)", Exit.Usage);
        if (tier is int t && t is < 1 or > 3) return ConvertCommand.Fail($"--tier must be 1, 2 or 3, not {t}", Exit.Usage);
        if (tier is null && shapesPath is null) return ConvertCommand.Fail("give --tier 1|2|3 or --shapes SHAPES", Exit.Usage);
        IReadOnlySet<string>? extensions = null;
        if (extensionList is not null)
        {
            if (tier is null) return ConvertCommand.Fail("--extensions selects NBO-Q tier shapes: give --tier 1|2|3 too", Exit.Usage);
            try { extensions = NboExtensions.Parse(extensionList); }
            catch (ArgumentException e) { return ConvertCommand.Fail($"--extensions: {e.Message.Split(" (Parameter", 2)[0]}", Exit.Usage); }
        }
        var dataSet = LoadData(dataPath, keepDangling, out int code);
        if (dataSet is null) return code;
        Dataset? shapesSet = null;
        if (shapesPath is not null && (shapesSet = Load(shapesPath, out code)) is null) return code;

        var dataGraph = new ShaclGraph(dataSet);
        ValidationReport report;
        TierReport summary;
        try
        {
            if (tier is int n)
            {
                // The registry's one tier check (each finding once, labelled with its lowest tier), as the API and pages use it.
                var checkedAt = DescriptorValidation.Validate(dataGraph, n, shapesSet, extensions);
                (report, summary) = (checkedAt.Shacl, checkedAt.Summary);
            }
            else
            {
                var shapes = new ShapesGraph(shapesSet!);
                report = new ShaclValidator(shapes).Validate(dataGraph);
                summary = TierValidator.Summarize(report, dataGraph, shapes, null);
            }
        }
        catch (ShaclException e)
        {
            return ConvertCommand.Fail($"the shapes cannot be used: {e.Message}", Exit.Usage);
        }

        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        switch (format)
        {
            case "turtle":
                var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
                if (shapesSet is not null) foreach (var (k, v) in shapesSet.Prefixes) prefixes.TryAdd(k, v);
                foreach (var (k, v) in dataSet.Prefixes) prefixes.TryAdd(k, v);
                prefixes.TryAdd("sh", Sh.Namespace);
                prefixes.TryAdd("nboq", PhdResolver.Nboq.Nboq.Namespace);
                stdout.Write(report.ToDataset().Write(RdfFormat.Turtle, new WriterOptions { Prefixes = prefixes }));
                break;
            case "json":
                stdout.Write(TierReportWriter.ToJson(summary));
                break;
            default:
                if (tier is int n)
                {
                    stdout.WriteLine($"NBO-Q tier {n} validation of {Path.GetFileName(dataPath)}" + (extensions is null ? "" : $" (extensions: {NboExtensions.Describe(extensions)})"));
                    stdout.WriteLine();
                    stdout.Write(TierReportWriter.ToText(summary));
                }
                else stdout.Write(report.ToText(dataGraph));
                break;
        }
        if (tier is null) return report.Conforms ? 0 : 1;
        return summary.Conforms ? 0 : 1;
    }

    /// <summary>RDF by extension, or a Micro-Meta App file (a .json that is not JSON-LD), imported to NBO-Q.</summary>
    private static Dataset? LoadData(string path, bool keepDangling, out int code)
    {
        code = 2;
        if (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !LooksLikeJsonLd(path))
        {
            try
            {
                return MmaImporter.ImportFile(path, new ImportOptions { KeepDanglingLinks = keepDangling }).Data;
            }
            catch (Exception e) when (Exit.For(e) == Exit.BadInput)
            {
                code = Exit.Fail(e, path);
                return null;
            }
        }
        return Load(path, out code);
    }

    /// <summary>JSON-LD has "@context" (or "@graph"/"@id") at the top; Micro-Meta App files never do.</summary>
    private static bool LooksLikeJsonLd(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            using var doc = JsonDocument.Parse(s, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0) root = root[0];
            return root.ValueKind == JsonValueKind.Object
                && (root.TryGetProperty("@context", out _) || root.TryGetProperty("@graph", out _) || root.TryGetProperty("@id", out _));
        }
        catch (JsonException)
        {
            return false; // let the importer report the syntax error with its position
        }
    }

    /// <summary>Parses a file; on failure prints why (with line and column for syntax errors) and returns null.</summary>
    private static Dataset? Load(string path, out int code)
    {
        code = 2;
        if (!File.Exists(path))
        {
            ConvertCommand.Fail($"no such file: {path}", Exit.Usage);
            return null;
        }
        if (!RdfFormats.TryFromFileName(path, out var f))
        {
            ConvertCommand.Fail($"cannot tell the RDF syntax of '{path}' from its extension", Exit.Usage);
            return null;
        }
        try
        {
            return Dataset.Load(path, f);
        }
        catch (Exception e) when (Exit.For(e) == Exit.BadInput)
        {
            code = Exit.Fail(e, path);
            return null;
        }
    }
}
