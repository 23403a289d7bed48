using System.Text;
using BenchmarkDotNet.Attributes;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

namespace PhdResolver.Bench.Micro;

/// <summary>Counts quads: the floor any consumer of a parser pays.</summary>
internal sealed class CountingSink : IRdfSink
{
    public long Count;
    public void OnQuad(in Quad quad) => Count++;
}

/// <summary>A store filled once per benchmark class, in a temporary directory removed afterwards.</summary>
public abstract class StoreBenchmark
{
    [Params(2_000)] public int Instruments;

    private protected QuadStore Store = null!;
    private string _dir = "";

    [GlobalSetup]
    public virtual void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "phd-micro-" + Environment.ProcessId + "-" + GetType().Name);
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        Store = QuadStore.Open(_dir);
        using (var tx = Store.BeginWrite())
        {
            RdfFormats.CreateParser(RdfFormat.NTriples).Parse(new StringReader(SyntheticData.NTriples(Instruments)), tx.CreateLoadSink());
            tx.Commit();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Store.Dispose();
        Directory.Delete(_dir, true);
    }
}

/// <summary>Parsing the line and terse syntaxes (the lexers issue 18 merges must not get slower).</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    [Params(RdfFormat.NTriples, RdfFormat.Turtle)] public RdfFormat Format;

    private string _text = "";

    [GlobalSetup]
    public void Setup()
    {
        string nt = SyntheticData.NTriples(2_000);
        _text = Format == RdfFormat.NTriples ? nt : Dataset.Parse(nt, RdfFormat.NTriples).Write(RdfFormat.Turtle);
    }

    [Benchmark]
    public long Parse()
    {
        var sink = new CountingSink();
        RdfFormats.CreateParser(Format).Parse(new StringReader(_text), sink);
        return sink.Count;
    }
}

/// <summary>The term dictionary: term -> id (every constant of a query, every loaded term) and id -> term
/// (every result value).</summary>
[MemoryDiagnoser]
public class DictionaryBenchmarks : StoreBenchmark
{
    private Term[] _terms = [];
    private uint[] _ids = [];

    public override void Setup()
    {
        base.Setup();
        using var snap = Store.OpenSnapshot();
        _terms = [.. snap.Match(null, null, null, GraphFilter.Any).Take(20_000).Select(q => q.Object)];
        _ids = [.. _terms.Select(t => snap.TryGetId(t, out uint id) ? id : 0)];
    }

    [Benchmark]
    public int TermToId()
    {
        int found = 0;
        var d = Store.Dictionary;
        foreach (var t in _terms) if (d.TryGetId(t, out _)) found++;
        return found;
    }

    [Benchmark]
    public int IdToTerm()
    {
        int n = 0;
        var d = Store.Dictionary;
        foreach (uint id in _ids) n += d.GetTerm(id) is Literal ? 1 : 0;
        return n;
    }
}

/// <summary>Index scans at the id level: a bound predicate (a long range) and bound subjects (short ranges).</summary>
[MemoryDiagnoser]
public class IndexScanBenchmarks : StoreBenchmark
{
    private uint _type;
    private uint[] _subjects = [];

    public override void Setup()
    {
        base.Setup();
        using var snap = Store.OpenSnapshot();
        snap.TryGetId(new Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), out _type);
        _subjects = [.. Enumerable.Range(0, 1000).Select(i => snap.TryGetId(new Iri($"{SyntheticData.Ns}instrument/{i:D6}"), out uint id) ? id : 0)];
    }

    [Benchmark]
    public long ScanPredicate()
    {
        using var snap = Store.OpenSnapshot();
        long n = 0;
        foreach (var _ in snap.Match(null, _type, null, null)) n++;
        return n;
    }

    [Benchmark]
    public long ScanSubjects()
    {
        using var snap = Store.OpenSnapshot();
        long n = 0;
        foreach (uint s in _subjects)
            foreach (var _ in snap.Match(s, null, null, null)) n++;
        return n;
    }
}

/// <summary>Joins through the whole engine (parse, optimise, evaluate), results consumed but not written.</summary>
[MemoryDiagnoser]
public class JoinBenchmarks : StoreBenchmark
{
    private SparqlEngine _engine = null!;

    public override void Setup()
    {
        base.Setup();
        _engine = new SparqlEngine(Store);
    }

    [Params("star", "chain", "filter")] public string Shape = "";

    private string Query => Shape switch
    {
        "star" => "SELECT ?i ?n ?m ?f WHERE { ?i a <https://phd.example.org/vocab#Instrument> ; <http://schema.org/name> ?n ; <https://phd.example.org/vocab#manufacturer> ?m ; <https://phd.example.org/vocab#facility> ?f }",
        "chain" => "SELECT ?i ?c ?na WHERE { ?i <https://phd.example.org/vocab#hasComponent> ?c . ?c a <https://phd.example.org/vocab#Objective> ; <https://phd.example.org/vocab#numericalAperture> ?na }",
        _ => "SELECT ?f (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i <https://phd.example.org/vocab#facility> ?f ; <https://phd.example.org/vocab#hasComponent> ?c . ?c <https://phd.example.org/vocab#numericalAperture> ?na . FILTER(?na >= 1.4) } GROUP BY ?f",
    };

    [Benchmark]
    public long Run()
    {
        var result = (BindingsResult)_engine.Query(Query);
        long n = 0;
        foreach (var _ in result.Rows) n++;
        return n;
    }
}

/// <summary>The SPARQL JSON results writer on 10,000 rows of IRIs, language strings and typed literals.</summary>
[MemoryDiagnoser]
public class JsonWriterBenchmarks
{
    private Term?[][] _rows = [];
    private static readonly string[] Variables = ["i", "n", "na"];

    [GlobalSetup]
    public void Setup()
    {
        var decimalType = new Iri("http://www.w3.org/2001/XMLSchema#decimal");
        _rows = [.. Enumerable.Range(0, 10_000).Select(i => new Term?[]
        {
            new Iri($"{SyntheticData.Ns}instrument/{i:D6}"),
            new Literal($"Microscope {i} \"main\" stand", "en"),
            i % 5 == 0 ? null : new Literal("1.40", decimalType),
        })];
    }

    [Benchmark]
    public long Write()
    {
        var counter = new CountingStream();
        using (var w = new StreamWriter(counter, new UTF8Encoding(false), 1 << 16))
            SparqlResultFormats.Write(new BindingsResult(Variables, _rows), "application/sparql-results+json", w);
        return counter.Length;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
