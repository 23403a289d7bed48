// bench/bulk: registers N instruments with one configuration each (a demo descriptor, its instrument name
// changed per instrument) in ONE RegistryService.WriteBatch, and M instruments one call per record
// (RegisterInstance + SubmitValidated, the single-record path the write API takes) into a second fresh
// registry, in the same process and run. Both parse and validate every descriptor at tier 1 inside the
// timed region. Prints records/s, instruments/s, the ratio, and the triples in record and descriptor graphs.
// Descriptors are parsed in parallel for the batch, as `phd import` and POST /api/batch parse them.
// usage: dotnet run -c Release -- [N=10000] [M=300] [DESCRIPTOR.ttl=src/PhdResolver.Web/Demo/confocal-2-c1.ttl] [WORKDIR]
using System.Diagnostics;
using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
int m = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
string descriptorFile = args.Length > 2 ? args[2] : Path.Combine(Root(), "src", "PhdResolver.Web", "Demo", "confocal-2-c1.ttl");
string work = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "phd-bench-bulk");
string template = File.ReadAllText(descriptorFile);
// The instrument's own name in the descriptor (nboq:name of the first node), made unique per instrument.
string templateName = System.Text.RegularExpressions.Regex.Match(template, "nboq:name \"([^\"]+)\"").Groups[1].Value;
Console.Error.WriteLine($"descriptor: {Path.GetFileName(descriptorFile)}, {Dataset.Parse(template, RdfFormat.Turtle).Count} triples");
var baseUri = new Uri("https://bench.example/");

string Descriptor(int i) => template.Replace(templateName, "Bench confocal " + i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

static string Root()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
    throw new InvalidOperationException("cannot find the repository root");
}
NewInstance Instance(int i) => new()
{
    Identifier = "doi:10.5072/bulk." + i.ToString(CultureInfo.InvariantCulture),
    Name = "Bench confocal " + i.ToString(CultureInfo.InvariantCulture),
    Facility = "ref:facility", Model = "ref:model",
};
var facility = new NewFacility { Name = "Bench Imaging Core", Rrid = "RRID:SCR_900001", City = "Heidelberg", Country = "DE" };
var model = new NewModel { Name = "Bench Confocal 9000", Manufacturer = "Bench Optics", Rrid = "RRID:SCR_900002", Modality = "confocal" };

// Warm-up on a small registry (JIT, shapes loaded), untimed.
Run(Path.Combine(work, "warm"), 50, batch: true, out _);
Run(Path.Combine(work, "warm1"), 20, batch: false, out _);

double oneAtATime = Run(Path.Combine(work, "single"), m, batch: false, out _);
double batched = Run(Path.Combine(work, "batch"), n, batch: true, out long triples);
Console.WriteLine();
Console.WriteLine($"| path | instruments | seconds | instruments/s |");
Console.WriteLine($"|---|---:|---:|---:|");
Console.WriteLine($"| one call per record | {m:N0} | {m / oneAtATime:F1} | {oneAtATime:F1} |");
Console.WriteLine($"| one batch | {n:N0} | {n / batched:F1} | {batched:F1} |");
Console.WriteLine($"ratio batch / one call per record: {batched / oneAtATime:F1}x; triples in record and descriptor graphs after the batch: {triples:N0}");
return 0;

// Returns instruments per second.
double Run(string dir, int count, bool batch, out long quads)
{
    if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    Directory.CreateDirectory(dir);
    using var store = QuadStore.Open(dir);
    using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = baseUri });
    long ontology;
    using (var snap = store.OpenSnapshot()) ontology = snap.QuadCount;
    GC.Collect();
    var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    if (batch)
    {
        var items = new List<BatchItem>(2 * count + 2)
        {
            new BatchFacility { Position = "facility", Key = "facility", Input = facility },
            new BatchModel { Position = "model", Key = "model", Input = model },
        };
        var graphs = new Dataset[count];
        Parallel.For(0, count, i => graphs[i] = Dataset.Parse(Descriptor(i), RdfFormat.Turtle));
        for (int i = 0; i < count; i++)
        {
            string key = "i" + i.ToString(CultureInfo.InvariantCulture);
            items.Add(new BatchInstance { Position = key, Key = key, Input = Instance(i) });
            items.Add(new BatchDescriptor { Position = key + ".ttl", Instance = "ref:" + key, Graph = graphs[i], Tier = 1 });
        }
        double parsed = sw.Elapsed.TotalSeconds;
        var stages = new Dictionary<BatchStage, double>();
        reg.WriteBatch(items, "bench", p => { lock (stages) stages.TryAdd(p.Stage, sw.Elapsed.TotalSeconds); });
        double stored = sw.Elapsed.TotalSeconds;
        reg.SearchIndexReady.Wait();
        if (count >= 1000)
            Console.Error.WriteLine($"batch of {count}: parse {parsed:F2} s, validated {stages.GetValueOrDefault(BatchStage.Staging) - parsed:F2} s, staged {stages.GetValueOrDefault(BatchStage.Committing) - stages.GetValueOrDefault(BatchStage.Staging):F2} s, commit and index {stored - stages.GetValueOrDefault(BatchStage.Committing):F2} s");
    }
    else
    {
        var f = reg.RegisterFacility(facility, "bench");
        var md = reg.RegisterModel(model, "bench");
        for (int i = 0; i < count; i++)
        {
            var inst = reg.RegisterInstance(Instance(i) with { Facility = f.Pid.ToString(), Model = md.Pid.ToString() }, "bench");
            var s = reg.SubmitValidated(inst.Pid.ToString(), Dataset.Parse(Descriptor(i), RdfFormat.Turtle), 1, "bench");
            if (!s.Accepted) throw new InvalidOperationException("refused: " + s.Report.ViolationCount);
        }
    }
    double seconds = sw.Elapsed.TotalSeconds;
    double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    if (reg.InstanceCount != count) throw new InvalidOperationException($"{reg.InstanceCount} instruments registered, {count} expected");
    if (reg.Search("Bench confocal", pageSize: 1).Total < count) throw new InvalidOperationException("the search index lacks records");
    using (var snap = store.OpenSnapshot()) quads = snap.QuadCount - ontology;
    if (count >= 100) Console.Error.WriteLine($"{(batch ? "batch" : "one call per record")}: {count} instruments in {seconds:F2} s ({cpu:F2} s CPU), {count / seconds:F1}/s");
    return count / seconds;
}
