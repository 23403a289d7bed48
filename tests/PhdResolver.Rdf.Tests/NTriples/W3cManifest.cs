using System.Text.RegularExpressions;

namespace PhdResolver.Rdf.Tests;

/// <summary>One entry of a W3C RDF test manifest; <see cref="Name"/> is the test IRI's fragment (mf:name is not unique).</summary>
public sealed record W3cTest(string Suite, string Name, string Type, string Action, string? Result, string BaseIri)
{
    public bool IsNegative => Type.Contains("Negative", StringComparison.Ordinal);
    public bool IsEval => Type.EndsWith("Eval", StringComparison.Ordinal);
    public override string ToString() => Name;
}

/// <summary>
/// Reads the RDF 1.1 manifests (N-Triples, N-Quads, Turtle, TriG) with a small pattern reader,
/// so that the tests of one syntax do not depend on the Turtle parser being right.
/// </summary>
public static partial class W3cManifest
{
    public static string? Rdf11Root()
    {
        var w3c = PhdResolver.Conformance.SuiteRunner.LocateTests(null);
        if (w3c is null) return null;
        var dir = Path.Combine(w3c, "rdf-tests", "rdf", "rdf11");
        return Directory.Exists(dir) ? dir : null;
    }

    public static IReadOnlyList<W3cTest> Load(string suite)
    {
        var root = Rdf11Root() ?? throw new InvalidOperationException("W3C test suites not found (set PHD_W3C_TESTS)");
        var dir = Path.Combine(root, suite);
        var text = File.ReadAllText(Path.Combine(dir, "manifest.ttl"));
        var baseMatch = BaseRx().Match(text);
        string baseIri = baseMatch.Success ? baseMatch.Groups[1].Value : $"https://w3c.github.io/rdf-tests/rdf/rdf11/{suite}/";
        var tests = new List<W3cTest>();
        foreach (var block in BlockRx().Split(text).Skip(1))
        {
            var name = NameRx().Match(block);
            var type = TypeRx().Match(block);
            var action = ActionRx().Match(block);
            if (!name.Success || !type.Success || !action.Success) continue;
            var result = ResultRx().Match(block);
            tests.Add(new W3cTest(suite, name.Groups[1].Value, type.Groups[1].Value,
                Path.Combine(dir, action.Groups[1].Value),
                result.Success ? Path.Combine(dir, result.Groups[1].Value) : null,
                baseIri + action.Groups[1].Value));
        }
        return tests;
    }

    public static TheoryData<string> Names(string suite)
    {
        var data = new TheoryData<string>();
        foreach (var t in Load(suite)) data.Add(t.Name);
        return data;
    }

    public static W3cTest Get(string suite, string name) => Load(suite).Single(t => t.Name == name);

    [GeneratedRegex(@"mf:assumedTestBase\s+<([^>]*)>")]
    private static partial Regex BaseRx();

    [GeneratedRegex(@"^(?=<#)", RegexOptions.Multiline)]
    private static partial Regex BlockRx();

    [GeneratedRegex(@"^<#([^>]+)>")]
    private static partial Regex NameRx();

    [GeneratedRegex(@"(?:rdf:type|\ba)\s+rdft:(\w+)")]
    private static partial Regex TypeRx();

    [GeneratedRegex(@"mf:action\s+<([^>]+)>")]
    private static partial Regex ActionRx();

    [GeneratedRegex(@"mf:result\s+<([^>]+)>")]
    private static partial Regex ResultRx();
}
