using System.CommandLine;
using PhdResolver.Cli;

var root = new RootCommand("phd — persistent hardware descriptors: RDF tools, conformance and (soon) the resolver");
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
root.Subcommands.Add(LoadCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(ImportMmaCommand.Create());
root.Subcommands.Add(QueryCommand.Create());
root.Subcommands.Add(UpdateCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
try
{
    // Our own handler below prints a clean message; System.CommandLine's would print a stack trace.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"phd: {e.Message}");
    return 70; // EX_SOFTWARE: a bug or an environment problem, not bad input
}
