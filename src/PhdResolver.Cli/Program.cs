using System.CommandLine;
using PhdResolver.Cli;

var root = new RootCommand("phd — persistent hardware descriptors: RDF tools, conformance and (soon) the resolver");
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
root.Subcommands.Add(LoadCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
return root.Parse(args).Invoke();
