using PhdResolver.Conformance;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;
using Xunit.Abstractions;

namespace PhdResolver.Sparql.Tests.Results;

/// <summary>Every expected result of the W3C SPARQL suites must load, and the result-format tests must round-trip.</summary>
[Trait("Category", "Conformance")]
public class W3cResultFileTests(ITestOutputHelper output)
{
    private static string? SparqlRoot()
    {
        var root = SuiteRunner.LocateTests(null);
        if (root is null) return null;
        var dir = Path.Combine(root, "rdf-tests", "sparql");
        return Directory.Exists(dir) ? dir : null;
    }

    private static IEnumerable<string> ResultFiles(string sparqlRoot)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var suite in new[] { "sparql10", "sparql11" })
        {
            foreach (var manifest in Directory.EnumerateFiles(Path.Combine(sparqlRoot, suite), "manifest*.ttl", SearchOption.AllDirectories))
            {
                foreach (var entry in RdfManifest.Load(manifest))
                    if (entry.ResultPath is { } p && File.Exists(p) && seen.Add(p)) yield return p;
            }
        }
    }

    [Fact]
    public void EveryExpectedResultLoads()
    {
        var root = SparqlRoot();
        if (root is null) { output.WriteLine("W3C suites not found; nothing checked."); return; }
        var failures = new List<string>();
        int count = 0, graphs = 0, sets = 0, booleans = 0;
        foreach (var path in ResultFiles(root))
        {
            count++;
            try
            {
                var r = SparqlResultComparer.LoadExpected(path).Result;
                switch (r)
                {
                    case GraphResult: graphs++; break;
                    case BooleanResult: booleans++; break;
                    case BindingsResult: sets++; break;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException)
            {
                failures.Add($"{Path.GetRelativePath(root, path)}: {e.Message}");
            }
        }
        output.WriteLine($"{count} result files: {sets} result sets, {booleans} booleans, {graphs} graphs, {failures.Count} failures");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(count > 400, $"only {count} result files found");
        Assert.Empty(failures);
    }

    /// <summary>Every .srx/.srj/.ttl result set survives a trip through each of our writers and readers.</summary>
    [Fact]
    public void EveryResultSetRoundTripsThroughJsonXmlAndTsv()
    {
        var root = SparqlRoot();
        if (root is null) return;
        var failures = new List<string>();
        foreach (var path in ResultFiles(root))
        {
            var expected = SparqlResultComparer.LoadExpected(path);
            if (expected.Result is GraphResult || expected.StringsOnly) continue;
            foreach (var f in new[] { SparqlResultFormat.Json, SparqlResultFormat.Xml, SparqlResultFormat.Tsv })
            {
                var sw = new StringWriter();
                SparqlResultFormats.CreateWriter(f, sw).Write(expected.Result);
                var back = SparqlResultFormats.Parse(sw.ToString(), f);
                if (!SparqlResultComparer.Equivalent(expected.Result, back, ordered: true, out var diff))
                    failures.Add($"{Path.GetFileName(path)} via {f}: {diff}");
            }
        }
        foreach (var f in failures) output.WriteLine(f);
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("csvtsv01")]
    [InlineData("csvtsv02")]
    [InlineData("csvtsv03")]
    public void CsvTsvExpectationsRoundTrip(string name)
    {
        var root = SparqlRoot();
        if (root is null) return;
        var dir = Path.Combine(root, "sparql11", "csv-tsv-res");
        var tsvPath = Path.Combine(dir, name + ".tsv");
        var tsv = SparqlResultComparer.LoadExpected(tsvPath).Result;

        // TSV -> TSV is byte-identical: same labels, same short numbers, LF line ends.
        var sw = new StringWriter();
        SparqlResultFormats.CreateWriter(SparqlResultFormat.Tsv, sw).Write(tsv);
        Assert.Equal(File.ReadAllText(tsvPath), sw.ToString());

        // TSV -> CSV matches the CSV expectation by string form (the files use LF, we write CRLF;
        // the files also differ in blank node label and exponent case from the TSV ones).
        sw = new StringWriter();
        SparqlResultFormats.CreateWriter(SparqlResultFormat.Csv, sw).Write(tsv);
        Assert.Contains("\r\n", sw.ToString(), StringComparison.Ordinal);
        var csvExpected = SparqlResultComparer.LoadExpected(Path.Combine(dir, name + ".csv"));
        Assert.True(csvExpected.StringsOnly);
        var csvBack = SparqlResultFormats.Parse(sw.ToString(), SparqlResultFormat.Csv);
        Assert.True(csvExpected.Matches(csvBack, ordered: true, out var diff), diff);
        // ... and the typed TSV result itself satisfies the CSV expectation.
        Assert.True(csvExpected.Matches(tsv, ordered: false, out diff), diff);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, name + ".csv")).Replace("\n", "\r\n", StringComparison.Ordinal)
            .Replace("1.0E6", "1.0e6", StringComparison.Ordinal).Replace("_:a", "_:b0", StringComparison.Ordinal), sw.ToString());

        // TSV -> JSON -> read equals the TSV result exactly.
        sw = new StringWriter();
        SparqlResultFormats.CreateWriter(SparqlResultFormat.Json, sw).Write(tsv);
        Assert.True(SparqlResultComparer.Equivalent(tsv, SparqlResultFormats.Parse(sw.ToString(), SparqlResultFormat.Json), true, out diff), diff);
    }

    [Theory]
    [InlineData("jsonres01")]
    [InlineData("jsonres02")]
    [InlineData("jsonres03")]
    [InlineData("jsonres04")]
    public void JsonExpectationsRoundTrip(string name)
    {
        var root = SparqlRoot();
        if (root is null) return;
        var path = Path.Combine(root, "sparql11", "json-res", name + ".srj");
        var srj = SparqlResultComparer.LoadExpected(path).Result;
        foreach (var f in SparqlResultFormats.All)
        {
            var sw = new StringWriter();
            SparqlResultFormats.CreateWriter(f, sw).Write(srj);
            var back = SparqlResultFormats.Parse(sw.ToString(), f);
            Assert.True(SparqlResultComparer.Equivalent(srj, back, ordered: true, stringsOnly: f == SparqlResultFormat.Csv, out var diff), $"{f}: {diff}");
        }
    }
}
