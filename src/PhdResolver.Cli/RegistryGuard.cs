using PhdResolver.Registry;

namespace PhdResolver.Cli;

/// <summary>
/// Keeps raw-quad tools (<c>phd load</c>, <c>phd update</c>) out of a registry's data directory: there,
/// descriptor graphs belong to registry rows, tiers, the audit log and the search index, which only
/// the registry keeps in step, so a direct write would leave them disagreeing. A bare store
/// (a directory <c>phd load</c> made) is not a registry and stays writable.
/// </summary>
internal static class RegistryGuard
{
    /// <summary>Null when <paramref name="data"/> may be written directly; else the exit code after a one-line refusal.</summary>
    public static int? Refuse(string command, string data)
    {
        if (!RegistryService.IsRegistryDirectory(data)) return null;
        return ConvertCommand.Fail(
            $"{data} is a registry's data directory; `phd {command}` would change its graphs behind the registry's back. "
            + "Use the registry (the write API, `phd token ...`, `phd dump`/`phd restore`), or give --data a bare store directory.", 2);
    }

    /// <summary>The same for an open store (a PostgreSQL database, where there is no directory to look at).</summary>
    public static int? Refuse(string command, PhdResolver.Store.QuadStore store, string where)
    {
        if (!RegistryService.IsRegistryStore(store)) return null;
        return ConvertCommand.Fail(
            $"{where} holds a registry; `phd {command}` would change its graphs behind the registry's back. "
            + "Use the registry (the write API, `phd token ...`, `phd dump`/`phd restore`), or give --database a bare store.", 2);
    }
}
