using PhdResolver.Store;

namespace PhdResolver.Store.Tests;

/// <summary>A fresh data directory, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "phd-store-test-" + Guid.NewGuid().ToString("N"));

    public QuadStore Open(StoreOptions? options = null) => QuadStore.Open(Path, options);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
