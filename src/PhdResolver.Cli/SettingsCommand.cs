using System.CommandLine;
using System.Text;
using System.Text.Json;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;
using PhdResolver.Registry;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd settings add VERSION FILE [--name T] [--data DIR]</c>: registers acquisition settings (a Micro-Meta App
/// settings file, or NBO-Q RDF in any syntax, by its file name) against a configuration version as their own record
/// with their own PHD, through the registry call the API and the staff form make
/// (<see cref="RegistryService.RegisterSettings(string, Dataset, string, string, string?)"/>), on the data directory or,
/// while <c>phd serve</c> runs on it, through its API (<see cref="RegistryAccess"/>). Prints the new PHD on stdout.
/// Exit codes: 0 registered, 1 refused (the file's position for a syntax error, the dangling references, an unknown or
/// withdrawn version, a file too large) with nothing written, 2 usage, 70 a running server that does not answer.
/// </summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "the registry's data directory", DefaultValueFactory = _ => "./data" };
        var version = new Argument<string>("version") { Description = "the configuration version (…/c<N> path or phd: accession)" };
        var file = new Argument<string>("file") { Description = "the settings file: Micro-Meta App JSON (.json) or RDF (.ttl, .jsonld, .trig, .nt, .nq, .rdf)" };
        var name = new Option<string?>("--name") { Description = "a name for people (default: the file's own)" };
        var add = new Command("add", "Register acquisition settings against a configuration version (their own record and PHD)") { version, file, data, name };
        add.SetAction(pr => Add(pr.GetValue(version)!, pr.GetValue(file)!, pr.GetValue(data)!, pr.GetValue(name)));
        return new Command("settings", "Acquisition settings records of configuration versions") { add };
    }

    private static int Add(string version, string path, string dir, string? name)
    {
        string text;
        try
        {
            // A settings file is small; refuse a huge one before reading it (UTF-8: at most 4 bytes per character).
            if (new FileInfo(path).Length > 4L * RegistryService.MaxSettingsChars)
                return Exit.Fail($"{path}: larger than the settings limit of {RegistryService.MaxSettingsChars / (1024 * 1024)} MB; nothing was registered", Exit.BadInput);
            text = StrictUtf8.Decode(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidUtf8Exception)
        {
            return Exit.Fail($"{path}: {e.Message}", Exit.BadInput);
        }
        string fileName = Path.GetFileName(path);
        if (!RecordInput.TryDescriptorFormat(fileName, text, out var rdf))
            return Exit.Fail($"{path}: cannot tell what it is from its name: a Micro-Meta App file (.json) or RDF (.ttl, .jsonld, .trig, .nt, .nq, .rdf)", Exit.Usage);
        try
        {
            return RegistryAccess.Run(dir, reg =>
            {
                var ds = reg.DecodeSettings(version, text, fileName, out var format);
                return Done(reg.RegisterSettings(version, ds, format, "cli", name).Pid.ToString(), version);
            }, server =>
            {
                // The API reads Micro-Meta App JSON as sent; RDF is read here (positions of errors refer to the file) and
                // sent as N-Triples, which is Turtle, with its IRIs already absolute, so the server reads the same triples.
                HttpContent body;
                if (rdf is not { } f) body = new StringContent(text, Encoding.UTF8, "application/json");
                else
                {
                    var sw = new StringWriter();
                    var w = RdfFormats.CreateWriter(RdfFormat.NTriples, sw, new WriterOptions());
                    foreach (var q in Dataset.Parse(text, f, RecordInput.Submitted)) w.OnQuad(q.WithGraph(null));
                    w.Finish();
                    body = new StringContent(sw.ToString(), Encoding.UTF8, "text/turtle");
                }
                string query = name is null ? "" : "?name=" + Uri.EscapeDataString(name);
                var j = server.Send(HttpMethod.Post, "api/records/" + RegistryAccess.PathOf(version) + "/settings" + query, body);
                return Done(j.GetProperty("pid").GetString()!, version);
            });
        }
        catch (Exception e) when (e is RdfSyntaxException or MmaImportException or JsonException)
        {
            return Exit.Fail(e is JsonException j ? new RdfSyntaxException("malformed JSON: " + j.Message.Split(" Path:", 2)[0], (int)(j.LineNumber ?? 0) + 1, (int)(j.BytePositionInLine ?? 0) + 1) : e, path);
        }
    }

    private static int Done(string pid, string version)
    {
        Console.WriteLine(pid);
        Console.Error.WriteLine($"phd: acquisition settings {pid} registered against {version}");
        return Exit.Ok;
    }
}
