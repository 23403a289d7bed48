using System.Globalization;
using System.Data.Common;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Storage;

/// <summary>Records to rows and back. Writes run inside the store's write transaction.</summary>
internal static class RegistryRows
{
    public static void InsertPid(DbConnection c, Pid pid, PidLevel level, Pid record)
    {
        try
        {
            Sql.Exec(c, "INSERT INTO reg_pids(pid, level, record) VALUES (@p, @l, @r)",
                ("@p", pid.ToString()), ("@l", (int)level), ("@r", record.ToString()));
        }
        catch (DbException e) when (Sql.IsUniqueViolation(e)) // the database is the last word on uniqueness
        {
            throw new RegistryException(RegistryErrorKind.Conflict, $"{pid} is already registered");
        }
    }

    public static void InsertAccession(DbConnection c, PhdAccession a, DateTimeOffset now) =>
        Sql.Exec(c, "INSERT INTO reg_accessions(value, minted) VALUES (@v, @t)", ("@v", (long)a.Value), ("@t", Sql.Time(now)));

    public static void UpsertFacility(DbConnection c, FacilityRecord f) =>
        Sql.Exec(c, """
            INSERT INTO reg_facilities(pid, rrid, ror, name, homepage, contact, city, country, created, creator, revision, modified)
            VALUES (@pid, @rrid, @ror, @name, @home, @contact, @city, @country, @created, @creator, @rev, @mod)
            ON CONFLICT (pid) DO UPDATE SET rrid = excluded.rrid, ror = excluded.ror, name = excluded.name, homepage = excluded.homepage, contact = excluded.contact, city = excluded.city, country = excluded.country, created = excluded.created, creator = excluded.creator, revision = excluded.revision, modified = excluded.modified
            """, ("@rev", f.Revision), ("@mod", f.Modified is { } fm ? Sql.Time(fm) : null),
            ("@pid", f.Pid.ToString()), ("@rrid", f.Rrid?.ToString()), ("@ror", f.Ror?.ToString()), ("@name", f.Name),
            ("@home", f.Homepage), ("@contact", f.Contact), ("@city", f.City), ("@country", f.Country),
            ("@created", Sql.Time(f.Provenance.Created)), ("@creator", f.Provenance.Creator));

    public static void UpsertModel(DbConnection c, ModelRecord m) =>
        Sql.Exec(c, """
            INSERT INTO reg_models(pid, name, manufacturer, modality, created, creator, revision, modified)
            VALUES (@pid, @name, @man, @mod, @created, @creator, @rev, @modified)
            ON CONFLICT (pid) DO UPDATE SET name = excluded.name, manufacturer = excluded.manufacturer, modality = excluded.modality, created = excluded.created, creator = excluded.creator, revision = excluded.revision, modified = excluded.modified
            """, ("@rev", m.Revision), ("@modified", m.Modified is { } mm ? Sql.Time(mm) : null),
            ("@pid", m.Pid.ToString()), ("@name", m.Name), ("@man", m.Manufacturer), ("@mod", m.Modality),
            ("@created", Sql.Time(m.Provenance.Created)), ("@creator", m.Provenance.Creator));

    public static void UpsertInstance(DbConnection c, InstanceRecord i) =>
        Sql.Exec(c, """
            INSERT INTO reg_instances(pid, name, owner, facility, model, manufacturer, description, commissioned, created, creator, revision, modified)
            VALUES (@pid, @name, @owner, @fac, @model, @man, @desc, @comm, @created, @creator, @rev, @mod)
            ON CONFLICT (pid) DO UPDATE SET name = excluded.name, owner = excluded.owner, facility = excluded.facility, model = excluded.model, manufacturer = excluded.manufacturer, description = excluded.description, commissioned = excluded.commissioned, created = excluded.created, creator = excluded.creator, revision = excluded.revision, modified = excluded.modified
            """, ("@rev", i.Revision), ("@mod", i.Modified is { } im ? Sql.Time(im) : null),
            ("@pid", i.Pid.ToString()), ("@name", i.Name), ("@owner", i.Owner.ToString()), ("@fac", i.Facility.ToString()),
            ("@model", i.Model.ToString()), ("@man", i.Manufacturer), ("@desc", i.Description),
            ("@comm", i.Commissioned?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("@created", Sql.Time(i.Provenance.Created)), ("@creator", i.Provenance.Creator));

    public static void InsertMove(DbConnection c, Pid instance, int seq, InstanceMove m) =>
        Sql.Exec(c, """
            INSERT INTO reg_moves(instance, seq, from_facility, to_facility, at, actor) VALUES (@i, @s, @f, @t, @at, @a)
            """,
            ("@i", instance.ToString()), ("@s", seq), ("@f", m.From.ToString()), ("@t", m.To.ToString()),
            ("@at", Sql.Time(m.At)), ("@a", m.Actor));

    public static void InsertVersion(DbConnection c, DescriptorVersion v) =>
        Sql.Exec(c, """
            INSERT INTO reg_versions(accession, instance, number, graph, tier, quads, created, creator, should_met, should_total)
            VALUES (@a, @i, @n, @g, @t, @q, @created, @creator, @sm, @st)
            """,
            ("@a", v.Accession.ToString()), ("@i", v.Instance.ToString()), ("@n", v.Number), ("@g", v.GraphIri),
            ("@t", v.Tier), ("@q", v.QuadCount), ("@created", Sql.Time(v.Provenance.Created)), ("@creator", v.Provenance.Creator),
            ("@sm", v.ShouldMet), ("@st", v.ShouldTotal));

    public static void InsertTombstone(DbConnection c, Pid pid, PidLevel level, Tombstone t) =>
        Sql.Exec(c, "INSERT INTO reg_tombstones(pid, level, reason, at, actor) VALUES (@p, @l, @r, @at, @a)",
            ("@p", pid.ToString()), ("@l", (int)level), ("@r", t.Reason), ("@at", Sql.Time(t.WithdrawnAt)), ("@a", t.WithdrawnBy));

    /// <summary>
    /// Replaces a record's external identifiers. <paramref name="keys"/> are their claims
    /// (<see cref="ExternalId.Key"/>); the table's primary key refuses one another record holds.
    /// </summary>
    public static void ReplaceIdentifiers(DbConnection c, Pid record, IReadOnlyList<ExternalId> ids, IReadOnlyList<string> keys)
    {
        Sql.Exec(c, "DELETE FROM reg_identifiers WHERE record = @r", ("@r", record.ToString()));
        for (int k = 0; k < ids.Count; k++)
        {
            try
            {
                Sql.Exec(c, "INSERT INTO reg_identifiers(key, record, seq, scheme, value) VALUES (@k, @r, @s, @sc, @v)",
                    ("@k", keys[k]), ("@r", record.ToString()), ("@s", k), ("@sc", ids[k].Scheme), ("@v", ids[k].Value));
            }
            catch (DbException e) when (Sql.IsUniqueViolation(e))
            {
                throw new RegistryException(RegistryErrorKind.Conflict, $"the identifier {ids[k]} is already claimed by another record") { Field = "identifiers" };
            }
        }
    }

    /// <summary>Replaces the people of a record.</summary>
    public static void ReplacePeople(DbConnection c, Pid record, IReadOnlyList<Person> people)
    {
        Sql.Exec(c, "DELETE FROM reg_people WHERE record = @r", ("@r", record.ToString()));
        for (int k = 0; k < people.Count; k++)
        {
            var p = people[k];
            Sql.Exec(c, "INSERT INTO reg_people(record, seq, name, orcid, role, email, email_public) VALUES (@r, @s, @n, @o, @ro, @e, @ep)",
                ("@r", record.ToString()), ("@s", k), ("@n", p.Name), ("@o", p.Orcid), ("@ro", p.Role), ("@e", p.Email), ("@ep", p.EmailPublic ? 1 : 0));
        }
    }

    public static void InsertRelated(DbConnection c, PhdAccession version, RelatedWork w)
    {
        try
        {
            Sql.Exec(c, "INSERT INTO reg_related(version, identifier, relation, kind, title, year, added, actor) VALUES (@v, @i, @r, @k, @t, @y, @a, @ac)",
                ("@v", version.ToString()), ("@i", w.Identifier), ("@r", w.Relation), ("@k", w.Kind), ("@t", w.Title), ("@y", w.Year), ("@a", Sql.Time(w.Added)), ("@ac", w.Actor));
        }
        catch (DbException e) when (Sql.IsUniqueViolation(e))
        {
            throw new RegistryException(RegistryErrorKind.Conflict, $"{w.Identifier} is already linked to {version} as {w.Relation}") { Field = "identifier" };
        }
    }

    public static void InsertSettings(DbConnection c, SettingsRecord r) =>
        Sql.Exec(c, """
            INSERT INTO reg_settings(accession, version, graph, name, format, quads, summary, created, creator)
            VALUES (@a, @v, @g, @n, @f, @q, @s, @created, @creator)
            """,
            ("@a", r.Accession.ToString()), ("@v", r.Version.ToString()), ("@g", r.GraphIri), ("@n", r.Name), ("@f", r.Format),
            ("@q", r.QuadCount), ("@s", r.Summary), ("@created", Sql.Time(r.Provenance.Created)), ("@creator", r.Provenance.Creator));

    /// <summary>Deletes one link; the row must exist (the caller checked the state under the write gate).</summary>
    public static void DeleteRelated(DbConnection c, PhdAccession version, RelatedWork w)
    {
        int n = Sql.Exec(c, "DELETE FROM reg_related WHERE version = @v AND identifier = @i AND relation = @r",
            ("@v", version.ToString()), ("@i", w.Identifier), ("@r", w.Relation));
        if (n != 1) throw new InvalidOperationException($"reg_related has no row for {version} {w.Identifier} {w.Relation}");
    }

    // ---- loading

    /// <summary>Above this many records a partial load (<see cref="LoadSome"/>) is refused: a full load is as cheap.</summary>
    public const int MaxPartial = 2000;

    /// <summary>Reads every registry table into a fresh state.</summary>
    public static RegistryState Load(DbConnection c) => Load(c, null);

    /// <summary>
    /// Reads the rows of the records named by <paramref name="records"/> (primary PIDs of any level, canonical form),
    /// of the versions of those that are instances and of the settings of those versions, into a fresh state that
    /// holds only them: what a replica reloads after another replica's write (RegistryService.Replicas.cs). Also
    /// returns the full set of records read (<paramref name="records"/> with those versions and settings), each of
    /// which the caller replaces or, when absent from the state, removes. Reads the latest schema only (a shared
    /// database is migrated before any replica follows it), at most <see cref="MaxPartial"/> records.
    /// </summary>
    public static (RegistryState State, HashSet<string> Keys) LoadSome(DbConnection c, IEnumerable<string> records)
    {
        var keys = new HashSet<string>(records, StringComparer.Ordinal);
        // The dependants whose rows a record's change can touch: an instance's versions, a version's settings.
        if (keys.Count > 0) Collect(c, "SELECT accession FROM reg_versions WHERE instance", keys);
        if (keys.Count > 0) Collect(c, "SELECT accession FROM reg_settings WHERE version", keys);
        if (keys.Count > MaxPartial) throw new ArgumentOutOfRangeException(nameof(records), $"{keys.Count} records: load them all");
        return (Load(c, keys), keys);
    }

    private static void Collect(DbConnection c, string select, HashSet<string> into)
    {
        var (inList, args) = InList(into);
        using var cmd = Sql.Command(c, $"{select} IN {inList}", args);
        using var r = cmd.ExecuteReader();
        var found = new List<string>();
        while (r.Read()) found.Add(r.GetString(0));
        into.UnionWith(found);
    }

    /// <summary>"(@k0,@k1,...)" and its parameters: the keys are values, never SQL.</summary>
    private static (string Sql, (string, object?)[] Args) InList(IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0) return ("(NULL)", []);
        var args = new (string, object?)[keys.Count];
        var sb = new System.Text.StringBuilder("(");
        int k = 0;
        foreach (var key in keys)
        {
            if (k > 0) sb.Append(',');
            string name = "@k" + k.ToString(CultureInfo.InvariantCulture);
            sb.Append(name);
            args[k++] = (name, key);
        }
        return (sb.Append(')').ToString(), args);
    }

    /// <summary>Every table, or (<paramref name="only"/>) the rows of those records, as <see cref="LoadSome"/> says.</summary>
    private static RegistryState Load(DbConnection c, HashSet<string>? only)
    {
        var s = new RegistryState();
        var (inList, args) = only is null ? ("", []) : InList(only);
        string Where(string column) => only is null ? "" : $" WHERE {column} IN {inList}";
        DbDataReader Read(string sql) => Sql.Command(c, sql, only is null ? [] : args).ExecuteReader();
        var tombs = new Dictionary<string, Tombstone>(StringComparer.Ordinal);
        using (var r = Read("SELECT pid, reason, at, actor FROM reg_tombstones" + Where("pid")))
            while (r.Read()) tombs[r.GetString(0)] = new Tombstone(r.GetString(1), Sql.ParseTime(r.GetString(2)), r.GetString(3));
        Tombstone? Tomb(string pid) => tombs.GetValueOrDefault(pid);

        if (only is null)
            using (var r = Sql.Command(c, "SELECT value FROM reg_accessions").ExecuteReader())
                while (r.Read()) s.Accessions.Add((ulong)r.GetInt64(0));
        else
            foreach (var key in only)
                if (PhdAccession.TryParse(key, out var a, out _))
                    s.Accessions.Add(a.Value);
        using (var r = Read("SELECT pid, level, record FROM reg_pids" + Where("record")))
            while (r.Read()) s.Pids[r.GetString(0)] = new PidEntry((PidLevel)r.GetInt32(1), r.GetString(2));
        bool lifecycle = only is not null || Sql.HasColumn(c, "reg_facilities", "revision"); // schema >= 6
        string rev = lifecycle ? ", revision, modified" : "";
        var idsOf = new Dictionary<string, List<ExternalId>>(StringComparer.Ordinal);
        if (lifecycle)
            using (var r = Read("SELECT key, record, scheme, value FROM reg_identifiers" + Where("record") + " ORDER BY record, seq"))
                while (r.Read())
                {
                    string rec = r.GetString(1);
                    if (!idsOf.TryGetValue(rec, out var l)) idsOf[rec] = l = [];
                    l.Add(new ExternalId(r.GetString(2), r.GetString(3)));
                    s.IdentifierClaims[r.GetString(0)] = rec;
                }
        IReadOnlyList<ExternalId> Ids(string pid) => idsOf.TryGetValue(pid, out var l) ? l.ToArray() : [];
        var peopleOf = new Dictionary<string, List<Person>>(StringComparer.Ordinal);
        if (only is not null || Sql.HasTable(c, "reg_people")) // schema >= 7
            using (var r = Read("SELECT record, name, orcid, role, email, email_public FROM reg_people" + Where("record") + " ORDER BY record, seq"))
                while (r.Read())
                {
                    string rec = r.GetString(0);
                    if (!peopleOf.TryGetValue(rec, out var l)) peopleOf[rec] = l = [];
                    l.Add(new Person(r.GetString(1), Sql.Str(r, 2), r.GetString(3), Sql.Str(r, 4), r.GetInt64(5) != 0));
                }
        IReadOnlyList<Person> People(string pid) => peopleOf.TryGetValue(pid, out var l) ? l.ToArray() : [];
        int Revision(DbDataReader r, int at) => lifecycle ? r.GetInt32(at) : 1;
        DateTimeOffset? Modified(DbDataReader r, int at) => lifecycle && Sql.Str(r, at + 1) is { } t ? Sql.ParseTime(t) : null;
        using (var r = Read($"SELECT pid, rrid, ror, name, homepage, contact, city, country, created, creator{rev} FROM reg_facilities" + Where("pid")))
            while (r.Read())
            {
                string pid = r.GetString(0);
                s.Facilities[pid] = new FacilityRecord
                {
                    Pid = Pid.Parse(pid),
                    Rrid = Sql.Str(r, 1) is { } rrid ? Pid.Parse(rrid) : null,
                    Ror = Sql.Str(r, 2) is { } ror ? Pid.Parse(ror) : null,
                    Name = r.GetString(3), Homepage = Sql.Str(r, 4), Contact = Sql.Str(r, 5), City = Sql.Str(r, 6), Country = Sql.Str(r, 7),
                    Provenance = new(Sql.ParseTime(r.GetString(8)), r.GetString(9)),
                    Tombstone = Tomb(pid),
                    Revision = Revision(r, 10), Modified = Modified(r, 10), Identifiers = Ids(pid), People = People(pid),
                };
            }
        using (var r = Read($"SELECT pid, name, manufacturer, modality, created, creator{rev} FROM reg_models" + Where("pid")))
            while (r.Read())
            {
                string pid = r.GetString(0);
                s.Models[pid] = new ModelRecord
                {
                    Pid = Pid.Parse(pid), Name = r.GetString(1), Manufacturer = r.GetString(2), Modality = Sql.Str(r, 3),
                    Provenance = new(Sql.ParseTime(r.GetString(4)), r.GetString(5)),
                    Tombstone = Tomb(pid),
                    Revision = Revision(r, 6), Modified = Modified(r, 6), Identifiers = Ids(pid),
                };
            }
        var moves = new Dictionary<string, List<InstanceMove>>(StringComparer.Ordinal);
        using (var r = Read("SELECT instance, from_facility, to_facility, at, actor FROM reg_moves" + Where("instance") + " ORDER BY instance, seq"))
            while (r.Read())
            {
                string i = r.GetString(0);
                if (!moves.TryGetValue(i, out var list)) moves[i] = list = [];
                list.Add(new InstanceMove(Pid.Parse(r.GetString(1)), Pid.Parse(r.GetString(2)), Sql.ParseTime(r.GetString(3)), r.GetString(4)));
            }
        using (var r = Read($"SELECT pid, name, owner, facility, model, manufacturer, description, commissioned, created, creator{rev} FROM reg_instances" + Where("pid")))
            while (r.Read())
            {
                string pid = r.GetString(0);
                s.Instances[pid] = new InstanceRecord
                {
                    Pid = Pid.Parse(pid), Name = r.GetString(1), Owner = Pid.Parse(r.GetString(2)), Facility = Pid.Parse(r.GetString(3)),
                    Model = Pid.Parse(r.GetString(4)), Manufacturer = r.GetString(5), Description = Sql.Str(r, 6),
                    Commissioned = Sql.Str(r, 7) is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                    Provenance = new(Sql.ParseTime(r.GetString(8)), r.GetString(9)),
                    Tombstone = Tomb(pid),
                    Moves = moves.TryGetValue(pid, out var m) ? m.ToArray() : [],
                    Revision = Revision(r, 10), Modified = Modified(r, 10), Identifiers = Ids(pid), People = People(pid),
                };
            }
        bool should = only is not null || Sql.HasColumn(c, "reg_versions", "should_met"); // schema >= 4
        using (var r = Read($"SELECT accession, instance, number, graph, tier, quads, created, creator{(should ? ", should_met, should_total" : "")} FROM reg_versions" + Where("accession") + " ORDER BY instance, number"))
            while (r.Read())
            {
                string acc = r.GetString(0);
                s.PutVersion(new DescriptorVersion
                {
                    Accession = PhdAccession.Parse(acc), Instance = Pid.Parse(r.GetString(1)), Number = r.GetInt32(2),
                    GraphIri = r.GetString(3), Tier = r.GetInt32(4), QuadCount = r.GetInt64(5),
                    Provenance = new(Sql.ParseTime(r.GetString(6)), r.GetString(7)),
                    Tombstone = Tomb(acc),
                    ShouldMet = should ? Sql.Int(r, 8) : null,
                    ShouldTotal = should ? Sql.Int(r, 9) : null,
                });
            }
        if (only is not null || Sql.HasTable(c, "reg_related")) // schema >= 7
        {
            var related = new Dictionary<string, List<RelatedWork>>(StringComparer.Ordinal);
            using (var r = Read("SELECT version, identifier, relation, kind, title, year, added, actor FROM reg_related" + Where("version") + " ORDER BY added, identifier"))
                while (r.Read())
                {
                    string v = r.GetString(0);
                    if (!related.TryGetValue(v, out var l)) related[v] = l = [];
                    l.Add(new RelatedWork(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Sql.Int(r, 5), Sql.ParseTime(r.GetString(6)), r.GetString(7)));
                }
            foreach (var (v, l) in related) s.Related[v] = [.. l];
        }
        if (only is not null || Sql.HasTable(c, "reg_settings")) // schema >= 8
            using (var r = Read("SELECT accession, version, graph, name, format, quads, summary, created, creator FROM reg_settings" + Where("accession") + " ORDER BY version, created, accession"))
                while (r.Read())
                {
                    string acc = r.GetString(0);
                    s.PutSettings(new SettingsRecord
                    {
                        Accession = PhdAccession.Parse(acc), Version = PhdAccession.Parse(r.GetString(1)), GraphIri = r.GetString(2),
                        Name = r.GetString(3), Format = r.GetString(4), QuadCount = r.GetInt64(5), Summary = Sql.Str(r, 6),
                        Provenance = new(Sql.ParseTime(r.GetString(7)), r.GetString(8)), Tombstone = Tomb(acc),
                    });
                }
        return s;
    }
}
