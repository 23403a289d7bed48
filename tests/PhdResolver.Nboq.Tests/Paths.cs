namespace PhdResolver.Nboq.Tests;

/// <summary>Finds the repo root and the shared reference data (../shared/reference from the repo root).</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Reference => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "reference"));

    public static string Examples => Path.Combine(Reference, "micrometaapp", "examples");

    /// <summary>True when the reference data is present; under CI=true its absence is a failure, not a skip.</summary>
    public static bool HaveReference()
    {
        if (Directory.Exists(Reference)) return true;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail($"reference data missing at {Reference}");
        return false;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }
}
