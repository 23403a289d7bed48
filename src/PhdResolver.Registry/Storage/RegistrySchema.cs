using Microsoft.Data.Sqlite;

namespace PhdResolver.Registry.Storage;

/// <summary>
/// The registry's tables in the store's SQLite database, with a migrations table
/// (<c>reg_schema</c>: one row per applied version). Migrations only ever append; each runs in
/// the store's write transaction, so a failed migration leaves nothing behind.
/// </summary>
internal static class RegistrySchema
{
    /// <summary>Migration N (1-based) is <c>Migrations[N-1]</c>.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE reg_pids(            -- every PID and alias we answer for -> its record; never deleted
            pid TEXT PRIMARY KEY,         -- canonical compact form
            level INTEGER NOT NULL,       -- PidLevel
            record TEXT NOT NULL          -- the record's primary PID
        ) WITHOUT ROWID;
        CREATE TABLE reg_accessions(      -- minted accessions: never reused, never deleted
            value INTEGER PRIMARY KEY,
            minted TEXT NOT NULL
        );
        CREATE TABLE reg_facilities(
            pid TEXT PRIMARY KEY, rrid TEXT UNIQUE, ror TEXT UNIQUE, name TEXT NOT NULL,
            homepage TEXT, contact TEXT, city TEXT, country TEXT,
            created TEXT NOT NULL, creator TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE reg_models(
            pid TEXT PRIMARY KEY, name TEXT NOT NULL, manufacturer TEXT NOT NULL, modality TEXT,
            created TEXT NOT NULL, creator TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE reg_instances(
            pid TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, facility TEXT NOT NULL,
            model TEXT NOT NULL, manufacturer TEXT NOT NULL, description TEXT, commissioned TEXT,
            created TEXT NOT NULL, creator TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE reg_moves(
            instance TEXT NOT NULL, seq INTEGER NOT NULL, from_facility TEXT NOT NULL,
            to_facility TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL,
            PRIMARY KEY(instance, seq)
        ) WITHOUT ROWID;
        CREATE TABLE reg_versions(
            accession TEXT PRIMARY KEY, instance TEXT NOT NULL, number INTEGER NOT NULL,
            graph TEXT NOT NULL UNIQUE, tier INTEGER NOT NULL, quads INTEGER NOT NULL,
            created TEXT NOT NULL, creator TEXT NOT NULL,
            UNIQUE(instance, number)
        ) WITHOUT ROWID;
        CREATE TABLE reg_tombstones(
            pid TEXT PRIMARY KEY, level INTEGER NOT NULL, reason TEXT NOT NULL,
            at TEXT NOT NULL, actor TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE reg_audit(
            id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT NOT NULL,
            action TEXT NOT NULL, target TEXT NOT NULL, details TEXT NOT NULL
        );
        CREATE INDEX reg_audit_target ON reg_audit(target, id);
        CREATE TABLE reg_search_docs(     -- one per searchable record; facets live here
            id INTEGER PRIMARY KEY, pid TEXT NOT NULL UNIQUE, level INTEGER NOT NULL,
            title TEXT NOT NULL, path TEXT NOT NULL, tier INTEGER, manufacturer TEXT, facility TEXT
        );
        CREATE INDEX reg_search_docs_manufacturer ON reg_search_docs(manufacturer);
        CREATE INDEX reg_search_docs_facility ON reg_search_docs(facility);
        CREATE TABLE reg_search_components(doc INTEGER NOT NULL, type TEXT NOT NULL, PRIMARY KEY(doc, type)) WITHOUT ROWID;
        CREATE INDEX reg_search_components_type ON reg_search_components(type, doc);
        CREATE VIRTUAL TABLE reg_search USING fts5(
            name, manufacturer, model, components, description, facility,
            tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        """,
        // 2: write-API tokens (issue 10). Only the SHA-256 of a secret is stored; rows are never deleted,
        // revocation sets `revoked`, so the audit log's "token:ID" actors always name a row.
        """
        CREATE TABLE reg_tokens(
            id TEXT PRIMARY KEY,          -- public id, the audit actor is 'token:' || id
            sha256 TEXT NOT NULL UNIQUE,  -- lower-case hex SHA-256 of the secret
            scope TEXT NOT NULL,          -- a facility's primary PID, or '*' (administrator)
            note TEXT,
            created TEXT NOT NULL, creator TEXT NOT NULL,
            expires TEXT,                 -- NULL: no expiry
            revoked TEXT, revoked_by TEXT
        ) WITHOUT ROWID;
        """,
        // 3: deployment facts of the record graphs (their base IRI, their shape version, the hash of
        // the ontology graph). The record graphs themselves are backfilled in the same transaction.
        """
        CREATE TABLE reg_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """,
        // 4: the SHOULD fields a version met at its tier, of how many (NULL: submitted before this was
        // recorded, or without validation), so its record graph states them without re-running SHACL.
        """
        ALTER TABLE reg_versions ADD COLUMN should_met INTEGER;
        ALTER TABLE reg_versions ADD COLUMN should_total INTEGER;
        """,
        // 5: full-text search moved to a Lucene.Net index beside the database (derived data, issue 13).
        // The registry keeps the search generation, bumped with each write that changes search documents;
        // the index records the generation it was committed at, and is rebuilt when they differ.
        // The FTS5 tables of migration 1 are no longer written or read: dropped.
        """
        INSERT OR IGNORE INTO reg_meta(key, value) VALUES ('search-generation', '0');
        DROP TABLE IF EXISTS reg_search;
        DROP TABLE IF EXISTS reg_search_components;
        DROP TABLE IF EXISTS reg_search_docs;
        """,
        // 6: record lifecycle (issue 15). Metadata edits are record revisions: a counter and the time of the
        // last edit on the record row (the audit log keeps who, when, what and why of each). External
        // identifiers besides the record's own PID: `key` is ExternalId.Key, so the primary key is the
        // registry-wide claim and two records can never hold the same identifier, even under a race.
        """
        ALTER TABLE reg_facilities ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE reg_facilities ADD COLUMN modified TEXT;
        ALTER TABLE reg_models ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE reg_models ADD COLUMN modified TEXT;
        ALTER TABLE reg_instances ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE reg_instances ADD COLUMN modified TEXT;
        CREATE TABLE reg_identifiers(
            key TEXT PRIMARY KEY,         -- ExternalId.Key: the claim
            record TEXT NOT NULL,         -- the record's primary PID
            seq INTEGER NOT NULL,         -- order on the page
            scheme TEXT NOT NULL, value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX reg_identifiers_record ON reg_identifiers(record, seq);
        """,
        // 7: people of facilities and instruments (issue 15): name, ORCID iD, role; an email address is kept
        // with whether its owner made it public (only then is it shown anywhere). Related works of configuration
        // versions (datasets and publications, by value: the submitter's title and year), one row per
        // (version, work, relation).
        """
        CREATE TABLE reg_people(
            record TEXT NOT NULL, seq INTEGER NOT NULL,
            name TEXT NOT NULL, orcid TEXT, role TEXT NOT NULL, email TEXT, email_public INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY(record, seq)
        ) WITHOUT ROWID;
        CREATE TABLE reg_related(
            version TEXT NOT NULL, identifier TEXT NOT NULL, relation TEXT NOT NULL,
            kind TEXT NOT NULL, title TEXT NOT NULL, year INTEGER, added TEXT NOT NULL, actor TEXT NOT NULL,
            PRIMARY KEY(version, identifier, relation)
        ) WITHOUT ROWID;
        """,
        // 8: acquisition settings records (issue 15 item 5): each its own immutable record with a minted accession
        // (reg_accessions, reg_pids level 4), registered against one configuration version; its triples are the named
        // graph `graph` like a version's, its withdrawal a reg_tombstones row. `summary` is the settings in words
        // ("488 nm at 2 mW, 525/50 nm band pass emission, 100 ms exposure"), computed once at registration.
        """
        CREATE TABLE reg_settings(
            accession TEXT PRIMARY KEY,   -- phd:XXXX-XXXX-XX
            version TEXT NOT NULL,        -- the configuration version's accession
            graph TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            format TEXT NOT NULL,         -- what was submitted: mma, turtle, json-ld, ...
            quads INTEGER NOT NULL,
            summary TEXT,
            created TEXT NOT NULL, creator TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX reg_settings_version ON reg_settings(version, created);
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    /// <summary>The applied schema version (0: none). Runs on any connection.</summary>
    public static int CurrentVersion(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'reg_schema'";
        if ((long)cmd.ExecuteScalar()! == 0) return 0;
        cmd.CommandText = "SELECT coalesce(max(version), 0) FROM reg_schema";
        return (int)(long)cmd.ExecuteScalar()!;
    }

    /// <summary>Brings the schema up to date; call inside the store's write transaction.</summary>
    public static void Migrate(SqliteConnection c, DateTimeOffset now)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "CREATE TABLE IF NOT EXISTS reg_schema(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)";
        cmd.ExecuteNonQuery();
        int current = CurrentVersion(c);
        if (current > LatestVersion)
            throw new InvalidDataException($"registry schema {current} is newer than this build ({LatestVersion})");
        for (int v = current + 1; v <= LatestVersion; v++)
        {
            cmd.CommandText = Migrations[v - 1];
            cmd.ExecuteNonQuery();
            cmd.CommandText = "INSERT INTO reg_schema(version, applied) VALUES ($v, $t)";
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("$v", v);
            cmd.Parameters.AddWithValue("$t", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
            cmd.Parameters.Clear();
        }
    }
}
