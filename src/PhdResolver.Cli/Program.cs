using System.CommandLine;
using PhdResolver.Cli;

var root = new RootCommand("phd — persistent hardware descriptors: the resolver, its store and RDF tools");
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
root.Subcommands.Add(LoadCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(ImportMmaCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(QueryCommand.Create());
root.Subcommands.Add(UpdateCommand.Create());
root.Subcommands.Add(SettingsCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(TokenCommand.Create());
foreach (var c in RecordCommands.Create()) root.Subcommands.Add(c);
try
{
    // Our own handler below prints a clean message; System.CommandLine's would print a stack trace.
    var parsed = root.Parse(args);
    if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
    {
        // Usage errors exit 2 everywhere: 1 is reserved for bad input (syntax errors, violations).
        foreach (var error in parsed.Errors) Console.Error.WriteLine($"phd: {error.Message}");
        Console.Error.WriteLine("phd: see 'phd --help'");
        return Exit.Usage;
    }
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // Exit decides: bad input 1, usage 2, anything else 70 (EX_SOFTWARE: a bug or an environment problem).
    return Exit.Fail(e);
}
