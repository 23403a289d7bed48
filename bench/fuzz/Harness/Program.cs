using System.Text;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Evaluation;
using PhdResolver.Sparql.Syntax;
using PhdResolver.Store;
using SharpFuzz;

// One afl++ target per parser (issue 12, item 7). Each harness feeds the input to one entry point,
// and also writes what it parsed back out (writers walk input-shaped structures too). The
// documented refusals (syntax errors, limit errors) are expected; any other exception, a hang
// or a crash (stack overflow included) is a finding.
// Usage: PhdResolver.Fuzz TARGET           (under afl-fuzz, input on stdin)
//        PhdResolver.Fuzz TARGET FILE...   (replay files, e.g. findings, without afl)

if (args.Length == 0 || !Harnesses.All.TryGetValue(args[0], out var harness))
{
    Console.Error.WriteLine("usage: PhdResolver.Fuzz TARGET [FILE...]; targets: " + string.Join(", ", Harnesses.All.Keys));
    return 2;
}
if (args.Length > 1)
{
    int failures = 0;
    foreach (var file in args.Skip(1))
    {
        try
        {
            using var s = File.OpenRead(file);
            harness(s);
            Console.WriteLine($"ok   {file}");
        }
        catch (Exception e)
        {
            failures++;
            Console.WriteLine($"FAIL {file}: {e.GetType().Name}: {e.Message}");
        }
    }
    return failures == 0 ? 0 : 1;
}
Fuzzer.OutOfProcess.Run(harness);
return 0;

internal static class Harnesses
{
    public static readonly Dictionary<string, Action<Stream>> All = new(StringComparer.Ordinal)
    {
        ["turtle"] = s => Rdf(s, RdfFormat.Turtle),
        ["trig"] = s => Rdf(s, RdfFormat.TriG),
        ["ntriples"] = s => Rdf(s, RdfFormat.NTriples),
        ["nquads"] = s => Rdf(s, RdfFormat.NQuads),
        ["rdfxml"] = s => Rdf(s, RdfFormat.RdfXml),
        ["jsonld"] = s => Rdf(s, RdfFormat.JsonLd),
        ["mma"] = Mma,
        ["sparql-query"] = s => SparqlParse(s, update: false),
        ["sparql-update"] = s => SparqlParse(s, update: true),
        ["sparql-eval"] = SparqlEval,
    };

    private static readonly RdfFormat[] Writers = [RdfFormat.Turtle, RdfFormat.TriG, RdfFormat.NQuads, RdfFormat.RdfXml, RdfFormat.JsonLd];

    private static void Rdf(Stream s, RdfFormat format)
    {
        var ds = new Dataset();
        try
        {
            RdfFormats.CreateParser(format).Parse(s, ds, new ParserOptions { BaseIri = "http://fuzz.test/doc" });
        }
        catch (RdfSyntaxException)
        {
            return;
        }
        WriteAll(ds);
    }

    private static void WriteAll(Dataset ds)
    {
        foreach (var f in Writers)
        {
            string text;
            try
            {
                text = ds.Write(f);
            }
            catch (NotSupportedException)
            {
                continue; // documented: the syntax cannot express this data (e.g. U+0000 in RDF/XML)
            }
            // What a writer writes must read back in: a refusal here is a finding.
            _ = Dataset.Parse(text, f, new ParserOptions { BaseIri = "http://fuzz.test/doc" });
        }
    }

    private static void Mma(Stream s)
    {
        try
        {
            var r = MmaImporter.Import(s, new ImportOptions());
            WriteAll(r.Data);
        }
        catch (MmaImportException)
        {
        }
    }

    private static string Text(Stream s)
    {
        try
        {
            return StrictUtf8.ReadToEnd(s);
        }
        catch (InvalidUtf8Exception)
        {
            return "";
        }
    }

    private static void SparqlParse(Stream s, bool update)
    {
        string text = Text(s);
        try
        {
            if (update) SparqlParser.ParseUpdate(text);
            else SparqlParser.ParseQuery(text);
        }
        catch (SyntaxException)
        {
        }
    }

    private static QuadStore? _store;
    private static SparqlEngine? _engine;

    /// <summary>Parse, translate, optimise and evaluate on a small store (a few typed literals, a list, graphs).</summary>
    private static void SparqlEval(Stream s)
    {
        if (_engine is null)
        {
            string dir = Path.Combine(Path.GetTempPath(), "phd-fuzz-store-" + Environment.ProcessId);
            Directory.CreateDirectory(dir);
            _store = QuadStore.Open(dir);
            using (var tx = _store.BeginWrite())
            {
                var sink = tx.CreateLoadSink(null);
                new TurtleParser(trig: true).Parse(new StringReader(SmallData), sink);
                tx.Commit();
            }
            _engine = new SparqlEngine(_store, new SparqlOptions { Timeout = TimeSpan.FromSeconds(2) });
        }
        string text = Text(s);
        try
        {
            var result = _engine.Query(text);
            // Results stream: written once, as XML (the strictest syntax: XML 1.0 characters).
            using var sw = new StringWriter();
            try { PhdResolver.Sparql.Results.SparqlResultFormats.Write(result, "xml", sw); }
            catch (NotSupportedException) { }
        }
        catch (SyntaxException) { }
        catch (SparqlEvaluationException) { }
        catch (OperationCanceledException) { }
    }

    private const string SmallData = """
        @prefix : <http://fuzz.test/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        :a :p 1, 2.5, "x"@en, "2020-01-01T00:00:00Z"^^xsd:dateTime, true ; :q :b ; :list ( 1 2 3 ) .
        :b :p "y", -3 ; :q :c .
        :c :q :a ; :name "c" .
        :g { :a :r [ :s 4 ] . :b :r "z" . }
        """;
}
