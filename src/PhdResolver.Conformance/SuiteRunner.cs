namespace PhdResolver.Conformance;

/// <summary>Runs W3C manifests by suite name.</summary>
public sealed class SuiteRunner(string testsRoot)
{
    public static readonly IReadOnlyList<string> SuiteNames =
    [
        "ntriples", "nquads", "turtle", "trig", "rdfxml",
        "jsonld-torrdf", "jsonld-fromrdf", "jsonld-expand", "jsonld-compact",
        "sparql10-syntax", "sparql11-syntax",
        "shacl-core", "shacl-sparql",
        "sparql10", "sparql11-query", "sparql11-update",
    ];

    public string TestsRoot { get; } = testsRoot;

    /// <summary>Finds the suites: an explicit folder, $PHD_W3C_TESTS, or ../shared/reference/w3c above the working directory.</summary>
    public static string? LocateTests(string? explicitDir)
    {
        if (!string.IsNullOrEmpty(explicitDir)) return Directory.Exists(explicitDir) ? Path.GetFullPath(explicitDir) : null;
        var env = Environment.GetEnvironmentVariable("PHD_W3C_TESTS");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "reference", "w3c");
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
                candidate = Path.Combine(dir.FullName, "shared", "reference", "w3c");
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        return null;
    }

    /// <summary>
    /// For test projects: the suites' folder, or null when they are absent on a developer's
    /// machine. Under CI=true a missing suite is a failure, never a silent skip.
    /// </summary>
    public static string? LocateTestsRequiredInCi()
    {
        var root = LocateTests(null);
        if (root is null && Environment.GetEnvironmentVariable("CI") == "true")
            throw new DirectoryNotFoundException("W3C test suites not found (../shared/reference/w3c or $PHD_W3C_TESTS); CI must have them");
        return root;
    }

    public IReadOnlyList<TestResult> Run(string suite)
    {
        if (RdfSyntaxSuite.Suites.ContainsKey(suite)) return RdfSyntaxSuite.Run(TestsRoot, suite);
        if (JsonLdSuite.Suites.ContainsKey(suite)) return JsonLdSuite.Run(TestsRoot, suite);
        if (SparqlSyntaxSuite.Suites.ContainsKey(suite)) return SparqlSyntaxSuite.Run(TestsRoot, suite);
        if (ShaclSuite.Suites.ContainsKey(suite)) return ShaclSuite.Run(TestsRoot, suite);
        if (SparqlEvalSuite.Suites.ContainsKey(suite)) return SparqlEvalSuite.Run(TestsRoot, suite);
        throw new ArgumentException($"unknown suite '{suite}'", nameof(suite));
    }
}
