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
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        return RegistrySchema.CurrentVersion(c) > 0;
    }

    /// <summary>True when the open <paramref name="store"/>'s database holds a registry (see <see cref="IsRegistryDirectory"/>).</summary>
    public static bool IsRegistryStore(QuadStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var c = store.OpenReadConnection();
        return RegistrySchema.CurrentVersion(c) > 0;
    }
}
