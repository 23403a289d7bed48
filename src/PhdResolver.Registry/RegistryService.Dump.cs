using System.Text.Json;
using PhdResolver.Registry.Audit;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Storage;

namespace PhdResolver.Registry;

public sealed partial class RegistryService
{
    /// <summary>The durable tables, parents first. The search index is derived and rebuilt on import.</summary>
    private static readonly string[] DumpTables =
        ["reg_accessions", "reg_pids", "reg_facilities", "reg_models", "reg_instances", "reg_moves", "reg_versions", "reg_tombstones", "reg_audit", "reg_tokens", "reg_meta", "reg_identifiers", "reg_people", "reg_related", "reg_settings"];

    private const string DumpFormat = "phd-registry";

    /// <summary>
    /// Writes the registry as JSON lines: a header <c>{"format":"phd-registry","schema":N}</c>, then
    /// one <c>{"table":…,"row":{column:value}}</c> per row. Graph quads are not included: dump them
    /// as N-Quads from the store (restore those first, then <see cref="Import"/>).
    /// </summary>
    public void Export(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var c = OpenRead();
        writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["format"] = DumpFormat, ["schema"] = RegistrySchema.LatestVersion }));
        foreach (var table in DumpTables)
        {
            // The search generation belongs to this data directory's derived index, not to the registry's content.
            using var cmd = Sql.Command(c, table == "reg_meta" ? $"SELECT * FROM reg_meta WHERE key <> '{MetaSearchGeneration}' ORDER BY 1" : $"SELECT * FROM {table} ORDER BY 1");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (int i = 0; i < r.FieldCount; i++) row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
                writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["table"] = table, ["row"] = row }));
            }
        }
    }

    /// <summary>
    /// Loads an <see cref="Export"/> into an empty registry (one transaction; the search index is
    /// rebuilt from the records and the store's graphs, so restore the quads first).
    /// </summary>
    public void Import(TextReader reader, string actor)
    {
        ArgumentNullException.ThrowIfNull(reader);
        bool dumpHadBase = false;
        Write(AuditActions.Import, () =>
        {
            if (!_s.Pids.IsEmpty) throw new RegistryException(RegistryErrorKind.Conflict, "import needs an empty registry");
            string? header = reader.ReadLine();
            using (var h = header is null ? null : JsonDocument.Parse(header))
            {
                if (h is null || !h.RootElement.TryGetProperty("format", out var fmt) || fmt.GetString() != DumpFormat)
                    throw new RegistryException(RegistryErrorKind.Invalid, "not a registry dump (no phd-registry header)");
                if (h.RootElement.GetProperty("schema").GetInt32() > RegistrySchema.LatestVersion)
                    throw new RegistryException(RegistryErrorKind.Invalid, "the dump comes from a newer registry schema");
            }
            var rows = new List<(string Table, List<(string Column, object? Value)> Values)>();
            string? line;
            int n = 1;
            while ((line = reader.ReadLine()) is not null)
            {
                n++;
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                string table = doc.RootElement.GetProperty("table").GetString() ?? "";
                if (Array.IndexOf(DumpTables, table) < 0) throw new RegistryException(RegistryErrorKind.Invalid, $"line {n}: unknown table '{table}'");
                var values = new List<(string, object?)>();
                foreach (var p in doc.RootElement.GetProperty("row").EnumerateObject())
                {
                    object? v = p.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.Number => p.Value.TryGetInt64(out long l) ? l : p.Value.GetDouble(),
                        JsonValueKind.String => p.Value.GetString(),
                        _ => throw new RegistryException(RegistryErrorKind.Invalid, $"line {n}: unexpected value for {p.Name}"),
                    };
                    values.Add((p.Name, v));
                }
                rows.Add((table, values));
                if (table == "reg_meta" && values.Any(v => v.Item1 == "key" && v.Item2 as string == MetaBase)) dumpHadBase = true;
            }
            return new Plan<int>(rows.Count,
                c =>
                {
                    var columns = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                    foreach (var t in DumpTables) columns[t] = Sql.Columns(c, t);
                    foreach (var (table, values) in rows)
                    {
                        // Column names are checked against the schema before they go into SQL.
                        foreach (var (col, _) in values)
                            if (!columns[table].Contains(col)) throw new RegistryException(RegistryErrorKind.Invalid, $"{table} has no column '{col}'");
                        // reg_meta already holds the opening registry's facts: the dump's win.
                        string sql = $"INSERT INTO {table}({string.Join(',', values.Select(v => v.Column))}) VALUES ({string.Join(',', values.Select((_, k) => "@p" + k))}){(table == "reg_meta" ? " ON CONFLICT (key) DO UPDATE SET value = excluded.value" : "")}";
                        Sql.Exec(c, sql, values.Select((v, k) => ("@p" + k, v.Value)).ToArray());
                    }
                    Sql.ResyncIdentity(c, "reg_audit", "id"); // the dump's audit ids were inserted as they were
                    QueueIndex(IndexChange.RebuildAll); // bumps the search generation: stale until the rebuild below
                    Audit.AuditLog.Append(c, Options.Clock.GetUtcNow(), actor, AuditActions.Import, "registry", Details(("rows", rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                },
                () => { },
                []);
        });
        // Publish by reloading what committed (the gate is free again; writes are rare here).
        _gate.Wait();
        try
        {
            using var c = OpenRead();
            var loaded = RegistryRows.Load(c);
            foreach (var a in loaded.Accessions) _s.Accessions.Add(a);
            foreach (var (k, v) in loaded.Facilities) _s.Facilities[k] = v;
            foreach (var (k, v) in loaded.Models) _s.Models[k] = v;
            foreach (var (k, v) in loaded.Instances) _s.Instances[k] = v;
            foreach (var v in loaded.Versions.Values.OrderBy(v => v.Number)) _s.PutVersion(v);
            foreach (var (k, v) in loaded.Pids) _s.Pids[k] = v;
            foreach (var (k, v) in loaded.IdentifierClaims) _s.IdentifierClaims[k] = v;
            foreach (var (k, v) in loaded.Related) _s.Related[k] = v; // else the record graphs rebuilt below lose the related works
            foreach (var st in loaded.Settings.Values.OrderBy(x => x.Provenance.Created)) _s.PutSettings(st); // ...and the versions' links to their settings
            Volatile.Write(ref _tokensByHash, null); // reloaded from the imported rows on next use
        }
        finally
        {
            _gate.Release();
        }
        // The record graphs under the dump's base (a dump of an older registry has none: they are built here).
        RebuildRecordGraphs(dumpHadBase);
        _gate.Wait();
        try { RebuildIndexLocked(); }
        finally { _gate.Release(); }
    }

    /// <summary>Rebuilds the full-text index from the records and graphs now (after a manual repair, say); searches answer from the old index until the swap.</summary>
    public void RebuildSearchIndex(string actor)
    {
        Write("rebuild-search", () => new Plan<int>(0,
            c =>
            {
                QueueIndex(IndexChange.RebuildAll); // bumps the generation, so a crash before the swap rebuilds at the next open
                Audit.AuditLog.Append(c, Options.Clock.GetUtcNow(), actor, "rebuild-search", "registry", Details());
            },
            () => { }, []));
        _gate.Wait();
        try { RebuildIndexLocked(); }
        finally { _gate.Release(); }
    }
}
