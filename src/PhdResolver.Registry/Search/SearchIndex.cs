using Microsoft.Data.Sqlite;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Storage;

namespace PhdResolver.Registry.Search;

/// <summary>
/// bench/search only (the registry searches with <see cref="LuceneIndex"/>): the former FTS5 index (<c>reg_search</c>) plus a plain table of facet values
/// (<c>reg_search_docs</c>, rowid shared with the FTS row) and component types.
/// Writes run in the store's write transaction; searches on a read connection.
/// </summary>
internal static class SearchIndex
{
    // Private-use characters mark matches in snippets; they are stripped from indexed text,
    // so they can only come from snippet(), and the web layer turns them into <mark>.
    private const char MarkOpen = '\uE000';
    private const char MarkClose = '\uE001';
    private const int MaxFacetValues = 50;

    public static void Put(SqliteConnection c, SearchDocument d)
    {
        Remove(c, d.Pid);
        Sql.Exec(c, """
            INSERT INTO reg_search_docs(pid, level, title, path, tier, manufacturer, facility)
            VALUES ($pid, $level, $title, $path, $tier, $man, $fac)
            """,
            ("$pid", d.Pid), ("$level", (int)d.Level), ("$title", d.Title), ("$path", d.Path),
            ("$tier", d.Tier), ("$man", d.ManufacturerFacet), ("$fac", d.FacilityFacet));
        long id = (long)Sql.Scalar(c, "SELECT last_insert_rowid()")!;
        Sql.Exec(c, """
            INSERT INTO reg_search(rowid, name, manufacturer, model, components, description, facility)
            VALUES ($id, $n, $m, $mo, $c, $d, $f)
            """,
            ("$id", id), ("$n", Clean(d.Name)), ("$m", Clean(d.ManufacturerFacet ?? "")), ("$mo", Clean(d.Products)),
            ("$c", Clean(d.Types)), ("$d", Clean(d.Description)), ("$f", Clean(d.Facility)));
        foreach (var t in d.ComponentTypes)
            Sql.Exec(c, "INSERT OR IGNORE INTO reg_search_components(doc, type) VALUES ($d, $t)", ("$d", id), ("$t", t));
    }

    public static void Remove(SqliteConnection c, string pid)
    {
        if (Sql.Scalar(c, "SELECT id FROM reg_search_docs WHERE pid = $p", ("$p", pid)) is not long id) return;
        Sql.Exec(c, "DELETE FROM reg_search WHERE rowid = $id", ("$id", id));
        Sql.Exec(c, "DELETE FROM reg_search_components WHERE doc = $id", ("$id", id));
        Sql.Exec(c, "DELETE FROM reg_search_docs WHERE id = $id", ("$id", id));
    }

    public static void Clear(SqliteConnection c)
    {
        Sql.Exec(c, "DELETE FROM reg_search");
        Sql.Exec(c, "DELETE FROM reg_search_components");
        Sql.Exec(c, "DELETE FROM reg_search_docs");
    }

    private static string Clean(string s) =>
        s.Contains(MarkOpen, StringComparison.Ordinal) || s.Contains(MarkClose, StringComparison.Ordinal)
            ? s.Replace(MarkOpen, ' ').Replace(MarkClose, ' ') : s;

    public static SearchResults Search(SqliteConnection c, string? query, SearchFilter? filter, int page, int pageSize)
    {
        filter ??= SearchFilter.None;
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        string? match = FtsQuery.Build(query);
        // Only constant SQL is concatenated; user values travel as parameters.
        string from = match is null
            ? " FROM reg_search_docs d"
            : " FROM reg_search JOIN reg_search_docs d ON d.id = reg_search.rowid";
        string where = " WHERE 1 = 1"
            + (match is null ? "" : " AND reg_search MATCH $q")
            + (filter.Tier is null ? "" : " AND d.tier = $tier")
            + (filter.Manufacturer is null ? "" : " AND d.manufacturer = $man")
            + (filter.Facility is null ? "" : " AND d.facility = $fac")
            + (filter.Level is null ? "" : " AND d.level = $level")
            + (filter.ComponentType is null ? "" : " AND EXISTS (SELECT 1 FROM reg_search_components ct WHERE ct.doc = d.id AND ct.type = $ct)");
        var args = new List<(string, object?)>
        {
            ("$q", match), ("$tier", filter.Tier), ("$man", filter.Manufacturer), ("$fac", filter.Facility),
            ("$level", filter.Level is { } l ? (int)l : null), ("$ct", filter.ComponentType),
        };
        (string, object?)[] Args(params (string, object?)[] extra)
        {
            var all = new List<(string, object?)>();
            foreach (var a in args) if (Uses(from + where, a.Item1)) all.Add(a);
            all.AddRange(extra);
            return all.ToArray();
        }

        long total = (long)Sql.Scalar(c, "SELECT count(*)" + from + where, Args())!;
        var hits = new List<SearchHit>();
        string select = match is null
            ? "SELECT d.pid, d.level, d.title, d.path, 0.0, NULL, d.tier, d.manufacturer, d.facility" + from + where + " ORDER BY d.title, d.pid"
            : "SELECT d.pid, d.level, d.title, d.path, bm25(reg_search, 10.0, 4.0, 4.0, 3.0, 1.0, 2.0) AS rank,"
              + " snippet(reg_search, -1, char(57344), char(57345), '…', 16), d.tier, d.manufacturer, d.facility"
              + from + where + " ORDER BY rank, d.pid";
        using (var cmd = Sql.Command(c, select + " LIMIT $limit OFFSET $offset", Args(("$limit", pageSize), ("$offset", (long)(page - 1) * pageSize))))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                string title = r.GetString(2);
                hits.Add(new SearchHit
                {
                    Pid = r.GetString(0),
                    Level = (PidLevel)r.GetInt32(1),
                    Title = title,
                    Path = r.GetString(3),
                    Rank = r.GetDouble(4),
                    Snippet = r.IsDBNull(5) ? [new SnippetPart(title, false)] : ParseSnippet(r.GetString(5)),
                    Tier = r.IsDBNull(6) ? null : r.GetInt32(6),
                    Manufacturer = Sql.Str(r, 7),
                    Facility = Sql.Str(r, 8),
                });
            }
        }

        List<FacetCount> Facet(string column, string? join = null)
        {
            string sql = $"SELECT {column}, count(*){from}{join}{where} AND {column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {MaxFacetValues}";
            using var cmd = Sql.Command(c, sql, Args());
            using var r = cmd.ExecuteReader();
            var list = new List<FacetCount>();
            while (r.Read())
            {
                string value = column == "d.level" ? ((PidLevel)r.GetInt32(0)).ToString().ToLowerInvariant()
                    : Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!;
                list.Add(new FacetCount(value, r.GetInt64(1)));
            }
            return list;
        }
        var facets = new SearchFacets(
            Facet("c.type", " JOIN reg_search_components c ON c.doc = d.id"),
            Facet("d.manufacturer"), Facet("d.facility"), Facet("d.tier"), Facet("d.level"));
        return new SearchResults(query, page, pageSize, total, hits, facets);
    }

    private static bool Uses(string sql, string parameter) =>
        sql.Contains(parameter, StringComparison.Ordinal);

    internal static List<SnippetPart> ParseSnippet(string s)
    {
        var parts = new List<SnippetPart>();
        int i = 0;
        bool inMark = false;
        while (i < s.Length)
        {
            int next = s.IndexOf(inMark ? MarkClose : MarkOpen, i);
            if (next < 0) next = s.Length;
            if (next > i) parts.Add(new SnippetPart(s[i..next], inMark));
            i = next + 1;
            inMark = !inMark;
        }
        return parts;
    }
}
