using System.Globalization;
using Npgsql;

namespace PhdResolver.Store;

/// <summary>
/// Where a PostgreSQL system of record is, as an operator writes it: a URL
/// (<c>postgres://user:password@host:port/database?sslmode=disable</c>, user and password
/// percent-encoded; <c>?host=/run/postgresql</c> names a Unix socket directory) or a libpq
/// <c>key=value</c> string (<c>host=127.0.0.1 port=5432 dbname=phd user=phd password='s e'</c>).
/// Unknown keys are refused by name rather than ignored, so a typo does not silently connect
/// somewhere else.
/// </summary>
public static class PostgresLocation
{
    private static readonly string[] Keys = ["host", "hostaddr", "port", "dbname", "user", "password", "sslmode", "connect_timeout", "application_name"];

    /// <summary>True when <paramref name="text"/> is meant as a PostgreSQL location (a URL of that scheme or a key=value string).</summary>
    public static bool LooksLikePostgres(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.Contains('=');

    /// <summary>The Npgsql connection string of <paramref name="text"/>; <see cref="FormatException"/> says what is wrong.</summary>
    public static string ToConnectionString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pairs = text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(text)
            : text.Contains('=') ? FromKeyValue(text) : throw new FormatException($"'{text}' is not a PostgreSQL location: expected postgres://user:password@host:port/database or host=... dbname=... key=value pairs");
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = "localhost",
            Timeout = 10, // an unreachable server is reported in seconds, not after Npgsql's 15 s default
            ApplicationName = "phd",
        };
        foreach (var (key, value) in pairs)
        {
            switch (key)
            {
                case "host" or "hostaddr": b.Host = value; break;
                case "port": b.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536 ? port : throw new FormatException($"port '{value}' is not a TCP port number"); break;
                case "dbname": b.Database = value; break;
                case "user": b.Username = value; break;
                case "password": b.Password = value; break;
                case "sslmode": b.SslMode = Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode) ? mode : throw new FormatException($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"); break;
                case "connect_timeout": b.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int t) ? t : throw new FormatException($"connect_timeout '{value}' is not a number of seconds"); break;
                case "application_name": b.ApplicationName = value; break;
                default: throw new FormatException($"unknown PostgreSQL parameter '{key}' (known: {string.Join(", ", Keys)})");
            }
        }
        return b.ConnectionString;
    }

    /// <summary><paramref name="text"/> with any password masked, for messages and logs.</summary>
    public static string Describe(string text)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(ToConnectionString(text));
            return $"postgres://{(b.Username is { } u ? Uri.EscapeDataString(u) + "@" : "")}{b.Host}:{b.Port}/{b.Database}";
        }
        catch (FormatException)
        {
            return "(an unreadable database location)";
        }
    }

    private static List<(string, string)> FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw new FormatException($"'{Describe(text)}' is not a valid URL");
        var pairs = new List<(string, string)>();
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            pairs.Add(("user", Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon])));
            if (colon >= 0) pairs.Add(("password", Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..])));
        }
        if (uri.Host.Length > 0) pairs.Add(("host", uri.Host.Trim('[', ']')));
        if (!uri.IsDefaultPort && uri.Port > 0) pairs.Add(("port", uri.Port.ToString(CultureInfo.InvariantCulture)));
        string db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (db.Length > 0) pairs.Add(("dbname", db));
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new FormatException($"URL parameter '{part}' has no value");
            pairs.Add((Uri.UnescapeDataString(part[..eq]), Uri.UnescapeDataString(part[(eq + 1)..])));
        }
        return pairs;
    }

    /// <summary>libpq's form: <c>key = value</c> pairs separated by spaces; a value may be single-quoted, with \' and \\ inside.</summary>
    private static List<(string, string)> FromKeyValue(string text)
    {
        var pairs = new List<(string, string)>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length) return pairs;
            int start = i;
            while (i < text.Length && text[i] != '=' && !char.IsWhiteSpace(text[i])) i++;
            string key = text[start..i];
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i == text.Length || text[i] != '=') throw new FormatException($"'{key}' has no '=' (expected key=value pairs)");
            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var value = new System.Text.StringBuilder();
            if (i < text.Length && text[i] == '\'')
            {
                i++;
                while (true)
                {
                    if (i == text.Length) throw new FormatException($"the value of '{key}' has no closing quote");
                    if (text[i] == '\\' && i + 1 < text.Length) { value.Append(text[i + 1]); i += 2; continue; }
                    if (text[i] == '\'') { i++; break; }
                    value.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i])) value.Append(text[i++]);
            }
            pairs.Add((key, value.ToString()));
        }
    }
}
