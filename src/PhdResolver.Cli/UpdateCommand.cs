using System.CommandLine;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary><c>phd update --data DIR (UPDATE | --file F)</c>: runs a SPARQL update request in one
/// transaction. Exit codes: 0 ok, 1 update error (nothing changed), 2 usage (including a registry's
/// data directory, which only the registry writes: see <see cref="RegistryGuard"/>).</summary>
internal static class UpdateCommand
{
    public static Command Create()
    {
        var text = new Argument<string?>("update") { Description = "the SPARQL update text", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<string>("--data") { Description = "the store's data directory", Required = true };
        var file = new Option<string?>("--file") { Description = "read the update from this file" };
        var allowLoad = new Option<string[]>("--allow-load") { Description = "folders LOAD may read files from (default: none)" };
        var cmd = new Command("update", "Run a SPARQL update on a store (all or nothing)") { text, data, file, allowLoad };
        cmd.SetAction(pr => Run(pr.GetValue(text), pr.GetValue(data)!, pr.GetValue(file), pr.GetValue(allowLoad) ?? []));
        return cmd;
    }

    private static int Run(string? text, string data, string? file, string[] allowLoad)
    {
        if (RegistryGuard.Refuse("update", data) is int refused) return refused;
        var update = QueryCommand.ReadText(text, file, out int error);
        if (update is null) return error;
        UpdateRequest parsed;
        try { parsed = SparqlParser.ParseUpdate(update, null); }
        catch (SyntaxException e) { return ConvertCommand.Fail($"syntax error: {e.Message}", 1); }
        using var store = QuadStore.Open(data);
        var engine = new SparqlEngine(store, new SparqlOptions { LoadAllowedFolders = allowLoad });
        try { engine.Update(parsed); }
        catch (SparqlEvaluationException e) { return ConvertCommand.Fail($"{e.Message}; nothing changed", 1); }
        return 0;
    }
}
