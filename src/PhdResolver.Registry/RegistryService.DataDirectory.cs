using Microsoft.Data.Sqlite;
using PhdResolver.Registry.Storage;
using PhdResolver.Store;

namespace PhdResolver.Registry;

public sealed partial class RegistryService
{
    /// <summary>
    /// True when <paramref name="directory"/> holds a registry (its database has the registry's
    /// tables), so tools that write quads directly must not touch it: descriptor graphs there belong
    /// to registry rows, audit and search, which only the registry keeps in step. Reads the database
    /// read-only without taking the store's lock; false for a missing directory or a bare store.
    /// </summary>
    public static bool IsRegistryDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var db = Path.Combine(directory, QuadStore.DatabaseFileName);
        if (!File.Exists(db)) return false;
        var cs = new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var c = OpenConnection(cs);
        return RegistrySchema.CurrentVersion(c) > 0;
    }
}
