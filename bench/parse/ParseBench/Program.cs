using System.Diagnostics;
using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

// ParseBench time FORMAT FILE [RUNS]     parse FILE (counting quads) 1 warm-up + RUNS times; one JSON line
//                                        (FORMAT tsv: a SPARQL TSV results file, counting rows)
// ParseBench write-ttl IN.nt OUT.ttl     convert N-Triples to pretty Turtle with our writer (prefixes, grouped)
// ParseBench write-tsv IN.nt OUT.tsv     the triples of IN.nt as a SPARQL TSV result (?s ?p ?o)
// Only APIs that every version since the start has are used, so compare-builds.sh can build this harness
// against an older library.
if (args.Length >= 3 && args[0] == "time")
{
    bool tsv = args[1] == "tsv";
    RdfFormat format = default;
    if (!tsv && !RdfFormats.TryParse(args[1], out format)) return Fail($"unknown format {args[1]}");
    int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
    var file = args[2];
    Func<long> parse = tsv ? () => ReadTsv(file) : () => Parse(format, file);
    long count = parse(); // warm-up
    var times = new List<double>();
    // CPU time of the process too (all threads, the GC's included): on a machine shared with other work the wall
    // clock also counts the time spent waiting for a core, CPU time much less so.
    var cpu = new List<double>();
    var process = Process.GetCurrentProcess();
    // Bytes allocated by one parse (all threads): unlike the times, the same in every run and under any load.
    long before = GC.GetTotalAllocatedBytes(precise: true);
    parse();
    double allocMb = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6;
    for (int i = 0; i < runs; i++)
    {
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long n = parse();
        times.Add(sw.Elapsed.TotalMilliseconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        if (n != count) return Fail("count changed between runs");
    }
    double median = Median(times), cpuMedian = Median(cpu);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"engine\":\"phd\",\"format\":\"{args[1]}\",\"quads\":{count},\"runs\":{runs},\"median_ms\":{median:F1},\"min_ms\":{times.Min():F1},\"max_ms\":{times.Max():F1},\"cpu_median_ms\":{cpuMedian:F1},\"alloc_mb\":{allocMb:F1}}}"));
    return 0;
}
if (args.Length == 3 && args[0] == "write-ttl")
{
    var prefixes = new Dictionary<string, string>
    {
        ["nbo"] = "https://w3id.org/example-nboq#",
        ["rdf"] = Vocab.Rdf.Namespace,
        ["rdfs"] = Vocab.Rdfs.Namespace,
        ["xsd"] = Vocab.Xsd.Namespace,
        ["owl"] = Vocab.Owl.Namespace,
    };
    using var output = new StreamWriter(args[2], false, new System.Text.UTF8Encoding(false), 1 << 16);
    var writer = new TurtleWriter(output, trig: false, new WriterOptions { Prefixes = prefixes, BaseIri = "https://phd.example.org/" });
    using (var input = File.OpenRead(args[1])) new NTriplesParser().Parse(input, writer);
    writer.Finish();
    return 0;
}
if (args.Length == 3 && args[0] == "write-tsv")
{
    var ds = new Dataset();
    using (var input = File.OpenRead(args[1])) new NTriplesParser().Parse(input, ds);
    var rows = ds.Select(q => new Term?[] { q.Subject, q.Predicate, q.Object }).ToList();
    using var output = new StreamWriter(args[2], false, new System.Text.UTF8Encoding(false), 1 << 16);
    SparqlResultFormats.CreateWriter(SparqlResultFormat.Tsv, output).Write(new BindingsResult(["s", "p", "o"], rows));
    return 0;
}
return Fail("usage: ParseBench time FORMAT|tsv FILE [RUNS] | ParseBench write-ttl IN.nt OUT.ttl | ParseBench write-tsv IN.nt OUT.tsv");

static long ReadTsv(string file)
{
    using var reader = new StreamReader(file, System.Text.Encoding.UTF8, false, 1 << 16);
    return ((BindingsResult)SparqlResultFormats.Read(reader, SparqlResultFormat.Tsv)).Rows.LongCount();
}

static long Parse(RdfFormat format, string file)
{
    var sink = new CountingSink();
    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    RdfFormats.CreateParser(format).Parse(stream, sink, new ParserOptions { BaseIri = new Uri(Path.GetFullPath(file)).AbsoluteUri });
    return sink.Count;
}

static double Median(List<double> values)
{
    var v = values.Order().ToList();
    return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
