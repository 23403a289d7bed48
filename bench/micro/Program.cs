using BenchmarkDotNet.Running;

// `dotnet run -c Release -- --filter '*'` runs everything; `--filter '*Parse*'` one class; `--list flat` lists them.
// BenchmarkDotNet's own options apply (e.g. `--job short` for a quick look, `--runtimes` to compare).
BenchmarkSwitcher.FromAssembly(typeof(PhdResolver.Bench.Micro.ParseBenchmarks).Assembly).Run(args);
