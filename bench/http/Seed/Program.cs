// Seed DATA_DIR N BASE_URI DESCRIPTOR.ttl: registers one facility, one model and N instruments, each with one
// configuration version (the given descriptor graph), one registry call at a time. Prints the path of instrument 0's c1.
using System.Diagnostics;
using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Seed DATA_DIR N BASE_URI DESCRIPTOR.ttl");
    return 2;
}
string dir = args[0];
int n = int.Parse(args[1], CultureInfo.InvariantCulture);
var baseUri = new Uri(args[2]);
var graphText = File.ReadAllText(args[3]);
Directory.CreateDirectory(dir);
using var store = QuadStore.Open(dir);
using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = baseUri });
var sw = Stopwatch.StartNew();
var f = reg.RegisterFacility(new NewFacility { Name = "Bench Imaging Core", Rrid = "RRID:SCR_900001" }, "bench");
var m = reg.RegisterModel(new NewModel { Name = "Bench Confocal 9000", Manufacturer = "Bench Optics", Rrid = "RRID:SCR_900002" }, "bench");
string? first = null;
for (int i = 0; i < n; i++)
{
    var inst = reg.RegisterInstance(new NewInstance
    {
        Identifier = "doi:10.5072/bench." + i.ToString(CultureInfo.InvariantCulture),
        Name = "Bench instrument " + i.ToString(CultureInfo.InvariantCulture),
        Facility = f.Pid.ToString(), Model = m.Pid.ToString(),
    }, "bench");
    var v = reg.SubmitVersion(inst.Pid.ToString(), Dataset.Parse(graphText, RdfFormat.Turtle), 1, "bench");
    first ??= reg.PathOf(v);
    if ((i + 1) % 1000 == 0) Console.Error.WriteLine($"seed: {i + 1} instruments in {sw.Elapsed.TotalSeconds:F1} s");
}
Console.Error.WriteLine($"seed: {n} instruments (instance + version each) in {sw.Elapsed.TotalSeconds:F1} s, {n / sw.Elapsed.TotalSeconds:F1}/s");
Console.WriteLine(first);
return 0;
