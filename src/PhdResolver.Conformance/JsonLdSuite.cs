using System.Text.Json.Nodes;
using PhdResolver.Rdf;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Conformance;

/// <summary>
/// The JSON-LD 1.1 API suites (expand, compact, toRdf, fromRdf), run as the suite's README
/// describes: documents are served from the local copy under the suite's public URL, results
/// compared with JSON-LD object comparison or dataset isomorphism, errors by code.
/// </summary>
public static class JsonLdSuite
{
    public const string PublicBase = "https://w3c.github.io/json-ld-api/tests/";

    public static readonly IReadOnlyDictionary<string, string> Suites = new Dictionary<string, string>
    {
        ["jsonld-expand"] = "expand-manifest.jsonld",
        ["jsonld-compact"] = "compact-manifest.jsonld",
        ["jsonld-torrdf"] = "toRdf-manifest.jsonld",
        ["jsonld-fromrdf"] = "fromRdf-manifest.jsonld",
    };

    /// <summary>
    /// Tests we do not run, with the reason. Only options that ask for behaviour outside what we
    /// implement belong here; everything else runs and counts.
    /// </summary>
    public static string? SkipReason(JsonObject test)
    {
        var opt = test["option"] as JsonObject;
        if (opt?["specVersion"]?.GetValue<string>() == "json-ld-1.0")
            return "JSON-LD 1.0-only behaviour (we implement 1.1; the suite marks it specVersion json-ld-1.0)";
        if (test["requires"]?.GetValue<string>() == "GeneralizedRdf")
            return "needs generalized RDF (blank node predicates), which RDF 1.1 N-Quads cannot express: the expected file is not N-Quads";
        return null;
    }

    public static List<TestResult> Run(string testsRoot, string suite)
    {
        var folder = Path.Combine(testsRoot, "json-ld");
        var manifestPath = Path.Combine(folder, Suites[suite]);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"suite '{suite}' not found at {manifestPath}");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var loader = new LocalDocumentLoader().MapFolder(PublicBase, folder);
        string manifestUrl = PublicBase + Suites[suite];
        var results = new List<TestResult>();
        foreach (var node in manifest["sequence"]!.AsArray())
        {
            var test = node!.AsObject();
            string id = manifestUrl + test["@id"]!.GetValue<string>();
            if (SkipReason(test) is { } why)
            {
                results.Add(new TestResult(suite, id, Outcome.Skipped, why));
                continue;
            }
            TestResult r;
            try
            {
                r = RunOne(suite, id, test, folder, loader);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                r = new TestResult(suite, id, Outcome.Failed, $"{test["name"]}: crashed: {ex.GetType().Name}: {ex.Message}");
            }
            results.Add(r);
        }
        return results;
    }

    private static TestResult RunOne(string suite, string id, JsonObject test, string folder, LocalDocumentLoader loader)
    {
        var types = test["@type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        bool negative = types.Contains("jld:NegativeEvaluationTest");
        bool syntaxOnly = types.Contains("jld:PositiveSyntaxTest");
        string inputRel = test["input"]!.GetValue<string>();
        string inputUrl = PublicBase + inputRel;
        var options = Options(test, inputUrl, loader);
        string name = test["name"]?.GetValue<string>() ?? id;

        try
        {
            switch (suite)
            {
                case "jsonld-expand":
                {
                    var input = loader.Load(inputUrl).Document;
                    var actual = JsonLdProcessor.Expand(input, options);
                    if (negative) return MissingError(suite, id, name, test);
                    var expected = Load(folder, test["expect"]!.GetValue<string>());
                    return Compare(suite, id, name, actual, expected);
                }
                case "jsonld-compact":
                {
                    var input = loader.Load(inputUrl).Document;
                    var context = loader.Load(PublicBase + test["context"]!.GetValue<string>()).Document;
                    var actual = JsonLdProcessor.Compact(input, context, options);
                    if (negative) return MissingError(suite, id, name, test);
                    var expected = Load(folder, test["expect"]!.GetValue<string>());
                    return Compare(suite, id, name, actual, expected);
                }
                case "jsonld-torrdf":
                {
                    var input = loader.Load(inputUrl).Document;
                    var actual = new Dataset();
                    JsonLdProcessor.ToRdf(input, actual, options);
                    if (negative) return MissingError(suite, id, name, test);
                    if (syntaxOnly) return new TestResult(suite, id, Outcome.Passed);
                    var expected = new Dataset();
                    using (var s = File.OpenRead(Path.Combine(folder, test["expect"]!.GetValue<string>())))
                        ((IRdfParser)new NTriplesParser(quads: true)).Parse(s, expected);
                    return Isomorphism.AreIsomorphic(actual, expected)
                        ? new TestResult(suite, id, Outcome.Passed)
                        : new TestResult(suite, id, Outcome.Failed, $"{name}: dataset not isomorphic (got {actual.Count} quads, expected {expected.Count})");
                }
                case "jsonld-fromrdf":
                {
                    var input = new Dataset();
                    using (var s = File.OpenRead(Path.Combine(folder, inputRel)))
                        ((IRdfParser)new NTriplesParser(quads: true)).Parse(s, input);
                    var actual = JsonLdProcessor.FromRdf(input, options);
                    if (negative) return MissingError(suite, id, name, test);
                    var expected = Load(folder, test["expect"]!.GetValue<string>());
                    return Compare(suite, id, name, actual, expected);
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(suite));
            }
        }
        catch (RdfSyntaxException ex) when (ex.ErrorCode is not null || negative)
        {
            if (!negative) return new TestResult(suite, id, Outcome.Failed, $"{name}: unexpected error '{ex.ErrorCode}': {ex.Message}");
            string want = test["expectErrorCode"]!.GetValue<string>();
            return ex.ErrorCode == want
                ? new TestResult(suite, id, Outcome.Passed)
                : new TestResult(suite, id, Outcome.Failed, $"{name}: expected error '{want}', got '{ex.ErrorCode}': {ex.Message}");
        }
    }

    private static TestResult MissingError(string suite, string id, string name, JsonObject test) =>
        new(suite, id, Outcome.Failed, $"{name}: expected error '{test["expectErrorCode"]}', but none was raised");

    private static TestResult Compare(string suite, string id, string name, JsonNode? actual, JsonNode? expected) =>
        JsonLdComparer.Equivalent(actual, expected)
            ? new TestResult(suite, id, Outcome.Passed)
            : new TestResult(suite, id, Outcome.Failed, $"{name}: output differs from expected:\n    got      {actual?.ToJsonString()}\n    expected {expected?.ToJsonString()}");

    private static JsonNode? Load(string folder, string rel) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, rel)));

    private static JsonLdOptions Options(JsonObject test, string inputUrl, LocalDocumentLoader loader)
    {
        var o = new JsonLdOptions { Base = inputUrl, DocumentLoader = loader };
        if (test["option"] is not JsonObject opt) return o;
        foreach (var (key, value) in opt)
        {
            if (value is null) continue;
            o = key switch
            {
                "base" => o with { Base = value.GetValue<string>() },
                "processingMode" => o with { ProcessingMode = value.GetValue<string>() },
                "expandContext" => o with { ExpandContext = loader.Load(PublicBase + value.GetValue<string>()).Document },
                "compactArrays" => o with { CompactArrays = value.GetValue<bool>() },
                "compactToRelative" => o with { CompactToRelative = value.GetValue<bool>() },
                "useNativeTypes" => o with { UseNativeTypes = value.GetValue<bool>() },
                "useRdfType" => o with { UseRdfType = value.GetValue<bool>() },
                "rdfDirection" => o with { RdfDirection = value.GetValue<string>() },
                "produceGeneralizedRdf" => o with { ProduceGeneralizedRdf = value.GetValue<bool>() },
                "omitGraph" => o with { OmitGraph = value.GetValue<bool>() },
                "ordered" => o with { Ordered = value.GetValue<bool>() },
                _ => o, // specVersion, normative, useJCS: descriptive only
            };
        }
        return o;
    }
}
