namespace PhdResolver.EndToEnd.Tests;

internal static class Paths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string JsDir => Path.Combine(RepoRoot, "tests", "js");

    /// <summary>Under CI=true a missing external tool (Chromium, node, jsonld) fails the test instead of skipping it.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A folder under the test output directory for artefacts (screenshots, DOM dumps) kept after the run.</summary>
    public static string Artifacts(string name)
    {
        var d = Path.Combine(AppContext.BaseDirectory, "e2e-artifacts", name);
        Directory.CreateDirectory(d);
        return d;
    }

    public static string NewTempDir(string prefix)
    {
        var d = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Deletes a test's folder, and in the remote mode stops the store that served it (<see cref="RemoteMode.Release"/>).</summary>
    public static void DeleteQuietly(string dir)
    {
        RemoteMode.Release(dir);
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("cannot find the repository root (PhdResolver.sln) above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
