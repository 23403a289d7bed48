// bench/registry: the cost of the record graphs on a version submission (issue 10 bar: <= 20% extra).
// Two fresh registries with the same instruments; each submission is the demo confocal descriptor
// (~120 triples) with one changed literal, so every call writes a new version. Rounds alternate the
// two modes to share any drift of the machine; the median per submission is reported.
using System.Diagnostics;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

int instruments = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
int versionsEach = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
string ttl;
using (var s = typeof(Marker).Assembly.GetManifestResourceStream("confocal.ttl")!)
using (var r = new StreamReader(s)) ttl = r.ReadToEnd();

var with = Setup("with", instruments);
var without = Setup("without", instruments);
without.Registry.RecordGraphsOnSubmit = false;
var times = new Dictionary<string, List<double>> { ["with"] = [], ["without"] = [] };
int n = 0;
for (int v = 0; v < versionsEach; v++)
    for (int i = 0; i < instruments; i++)
        foreach (var (name, reg) in (n++ % 2 == 0) ? new[] { ("with", with), ("without", without) } : new[] { ("without", without), ("with", with) })
        {
            var ds = Dataset.Parse(ttl.Replace("Confocal 1 (room B2.114)", $"Confocal {i} v{v}", StringComparison.Ordinal), RdfFormat.Turtle);
            var sw = Stopwatch.StartNew();
            reg.Registry.SubmitVersion($"doi:10.5072/bench.{i}", ds, 1, "bench");
            times[name].Add(sw.Elapsed.TotalMilliseconds);
        }
double Median(List<double> x) { var s = x.Order().ToList(); return s[s.Count / 2]; }
double P90(List<double> x) { var s = x.Order().ToList(); return s[(int)(s.Count * 0.9)]; }
double mw = Median(times["with"]), mo = Median(times["without"]);
Console.WriteLine($"instruments={instruments} versions/instrument={versionsEach} submissions/mode={times["with"].Count}");
Console.WriteLine($"with record graphs:    median {mw:F3} ms  p90 {P90(times["with"]):F3} ms");
Console.WriteLine($"without record graphs: median {mo:F3} ms  p90 {P90(times["without"]):F3} ms");
Console.WriteLine($"extra: {(mw / mo - 1) * 100:F1}% (bar: <= 20%)");
with.Dispose();
without.Dispose();

static Bench Setup(string name, int instruments)
{
    string dir = Path.Combine(Path.GetTempPath(), "phd-bench-registry-" + name + "-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(dir);
    var store = QuadStore.Open(dir);
    var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://bench.example/") });
    var f = reg.RegisterFacility(new NewFacility { Name = "Bench facility", Country = "DE" }, "bench");
    var m = reg.RegisterModel(new NewModel { Name = "Bench model", Manufacturer = "Bench", Modality = "confocal" }, "bench");
    for (int i = 0; i < instruments; i++)
        reg.RegisterInstance(new NewInstance { Identifier = $"doi:10.5072/bench.{i}", Name = $"Scope {i}", Facility = f.Pid.ToString(), Model = m.Pid.ToString() }, "bench");
    return new Bench(dir, store, reg);
}

internal sealed record Bench(string Dir, QuadStore Store, RegistryService Registry) : IDisposable
{
    public void Dispose()
    {
        Registry.Dispose();
        Store.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}

internal sealed class Marker;
