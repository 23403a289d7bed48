using System.Diagnostics;
using System.Globalization;
using System.Text;
using PhdResolver.Nboq;
using PhdResolver.Nboq.Import;
using PhdResolver.Nboq.Validation;
using PhdResolver.Rdf;
using PhdResolver.Shacl;

// gen MMA.json N OUT.nt SHAPES.ttl : synthetic NBO-Q data (N hardware descriptors) and the tier 3 shapes
// time DATA.nt SHAPES.ttl RUNS     : compile + validate, 1 warm-up + RUNS timed runs; one JSON line
return args switch
{
    ["gen", var mma, var n, var outNt, var outShapes] => Generate(mma, int.Parse(n, CultureInfo.InvariantCulture), outNt, outShapes),
    ["time", var data, var shapes, var runs] => Time(data, shapes, int.Parse(runs, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ShaclBench gen MMA.json N OUT.nt SHAPES.ttl | time DATA.nt SHAPES.ttl RUNS");
    return 2;
}

// Copies of one imported Micro-Meta App instrument under fresh IRIs until N typed components exist.
// Each copy drops ~15% of its literal fields (deterministically) and nudges numbers, so descriptors differ
// and some MUST/SHOULD fields go missing. Layout graphs are left out: they are not hardware descriptions.
static int Generate(string mma, int n, string outNt, string outShapes)
{
    // The shared model 1 record has one dangling link (a filter set to a filter it no longer holds): keep it, as before.
    var imported = MmaImporter.ImportFile(mma, new ImportOptions { KeepDanglingLinks = true });
    var quads = imported.Data.Where(q => q.Graph is null).ToList();
    var root = imported.Root.Value;
    string prefix = root[..(root.IndexOf("/instrument/", StringComparison.Ordinal) + "/instrument/".Length)];
    int perCopy = quads.Where(q => q.Predicate.Equals(Vocab.Rdf.Type) && q.Subject is Iri s && s.Value.Contains("/component/", StringComparison.Ordinal)).Select(q => q.Subject).Distinct().Count();
    int copies = (n + perCopy - 1) / perCopy;
    var rng = new Random(42);
    long count = 0;
    using (var w = new StreamWriter(outNt, false, new UTF8Encoding(false)))
    {
        for (int c = 0; c < copies; c++)
        {
            string id = c.ToString("D5", CultureInfo.InvariantCulture);
            Term Map(Term t) => t switch
            {
                Iri i when i.Value.StartsWith(prefix, StringComparison.Ordinal) =>
                    new Iri(prefix + "bench-" + id + i.Value[(i.Value.IndexOf('/', prefix.Length) is int k and > 0 ? k : i.Value.Length)..]),
                BlankNode b => new BlankNode(b.Id + "c" + id),
                _ => t,
            };
            foreach (var q in quads)
            {
                var o = q.Object;
                if (o is Literal l && !q.Predicate.Equals(Vocab.Rdf.Type))
                {
                    if (rng.NextDouble() < 0.15) continue;
                    if (l.Datatype.Equals(Vocab.Xsd.Double) && double.TryParse(l.Lexical, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                        o = new Literal((d * (0.9 + rng.NextDouble() * 0.2)).ToString("R", CultureInfo.InvariantCulture), Vocab.Xsd.Double);
                }
                w.WriteLine(new Quad(Map(q.Subject), q.Predicate, Map(o)).ToString());
                count++;
            }
        }
    }
    var shapes = TierShapes.ForTier(3);
    if (TierValidator.HasRecords(new ShaclGraph(imported.Data))) foreach (var q in TierShapes.Records()) shapes.Add(q);
    File.WriteAllText(outShapes, shapes.Write(RdfFormat.Turtle, new WriterOptions()));
    Console.Error.WriteLine($"{copies} instrument copies, {copies * perCopy} descriptors, {count} triples -> {outNt}");
    return 0;
}

static int Time(string dataPath, string shapesPath, int runs)
{
    var data = new ShaclGraph(Dataset.Load(dataPath));
    var shapesQuads = Dataset.Load(shapesPath);
    var times = new List<double>();
    ValidationReport? report = null;
    for (int r = 0; r <= runs; r++)
    {
        var sw = Stopwatch.StartNew();
        var shapes = new ShapesGraph(shapesQuads);
        report = new ShaclValidator(shapes).Validate(data);
        sw.Stop();
        if (r > 0) times.Add(sw.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    double median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
    int violations = report!.Results.Count(x => x.Severity.Equals(Sh.Violation));
    Console.WriteLine(FormattableString.Invariant(
        $"{{\"engine\":\"phd\",\"runs\":{runs},\"median_ms\":{median:F1},\"results\":{report.Results.Count},\"violations\":{violations},\"triples\":{data.Count}}}"));
    return 0;
}
