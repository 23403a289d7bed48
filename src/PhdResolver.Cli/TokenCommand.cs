using System.CommandLine;
using System.Globalization;
using PhdResolver.Registry;
using PhdResolver.Registry.Tokens;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd token create|list|revoke</c>: write-API bearer tokens, kept in the registry database of
/// the data directory (hashed; created, expiry and revocation audited with actor "cli").
/// <list type="bullet">
/// <item><c>create (--facility PID | --admin) [--expires DATE] [--note TEXT] [--base-uri URI]</c> prints the secret once (stdout) and a
/// one-time sign-in link for the staff pages (stderr).</item>
/// <item><c>list</c> prints one line per token: id, scope, state, created, expires, note.</item>
/// <item><c>revoke ID</c> refuses the token from then on (401 with "revoked").</item>
/// </list>
/// They work with the server stopped (on the data directory) and while <c>phd serve</c> runs on it (through
/// its admin API, <see cref="RegistryAccess"/>). Exit codes: 0 done, 1 refused (unknown facility or token,
/// already revoked, expiry in the past), 2 usage, 70 a running server that does not answer.
/// </summary>
internal static class TokenCommand
{
    private const string Actor = "cli";

    public static Command Create()
    {
        Option<string> Data() => new("--data") { Description = "the registry's data directory", DefaultValueFactory = _ => "./data" };

        var data = Data();
        var facility = new Option<string?>("--facility") { Description = "the facility PID the token acts for" };
        var admin = new Option<bool>("--admin") { Description = "an administrator token (acts for every facility, may register facilities)" };
        var expires = new Option<string?>("--expires") { Description = "expiry: a date (the token stops at 00:00 UTC that day) or an ISO 8601 instant" };
        var note = new Option<string?>("--note") { Description = "a note kept with the token's hash" };
        var baseUri = new Option<string>("--base-uri") { Description = "the server's base URI, for the one-time sign-in link to the staff pages", DefaultValueFactory = _ => "http://127.0.0.1:5080/" };
        var create = new Command("create", "Create a write-API token (printed once; only its hash is stored) and a one-time sign-in link for the staff pages") { data, facility, admin, expires, note, baseUri };
        create.SetAction(pr =>
        {
            var f = pr.GetValue(facility);
            bool isAdmin = pr.GetValue(admin);
            if ((f is null) == !isAdmin) return ConvertCommand.Fail("give --facility PID or --admin", Exit.Usage);
            if (!Uri.TryCreate(pr.GetValue(baseUri), UriKind.Absolute, out var site) || (site.Scheme != Uri.UriSchemeHttp && site.Scheme != Uri.UriSchemeHttps))
                return ConvertCommand.Fail($"--base-uri: '{pr.GetValue(baseUri)}' is not an http(s) URI", Exit.Usage);
            DateTimeOffset? until = null;
            if (pr.GetValue(expires) is { } text)
            {
                if (!TryParseExpiry(text, out var e)) return ConvertCommand.Fail($"--expires: '{text}' is not a date (2027-01-31) or an ISO 8601 instant", Exit.Usage);
                until = e;
            }
            return RegistryAccess.Run(pr.GetValue(data)!, reg =>
            {
                var t = reg.CreateToken(isAdmin ? null : f, until, pr.GetValue(note), Actor);
                return Created(t.Token.Id, Scope(t.Token), t.Token.Expires, t.Secret, pr.GetValue(data)!, site);
            }, server =>
            {
                var j = server.Send(HttpMethod.Post, "api/tokens", new { facility = isAdmin ? null : f, admin = isAdmin, expires = until?.ToString("O", CultureInfo.InvariantCulture), note = pr.GetValue(note) });
                return Created(j.GetProperty("id").GetString()!, j.GetProperty("scope").GetString()!, until, j.GetProperty("secret").GetString()!, pr.GetValue(data)!, site);
            });
        });

        var listData = Data();
        var list = new Command("list", "List tokens: id, scope, state, created, expires, note") { listData };
        list.SetAction(pr => RegistryAccess.Run(pr.GetValue(listData)!, reg =>
        {
            var now = DateTimeOffset.UtcNow;
            Console.WriteLine("id\tscope\tstate\tcreated\texpires\tnote");
            foreach (var t in reg.ListTokens())
                Console.WriteLine(string.Join('\t', t.Id, Scope(t), t.StateAt(now).ToString().ToLowerInvariant(), Time(t.Created),
                    t.Expires is { } e ? Time(e) : "-", t.Note ?? ""));
            return 0;
        }, server =>
        {
            Console.WriteLine("id\tscope\tstate\tcreated\texpires\tnote");
            foreach (var t in server.Send(HttpMethod.Get, "api/tokens").EnumerateArray())
                Console.WriteLine(string.Join('\t', t.GetProperty("id").GetString(), t.GetProperty("scope").GetString(), t.GetProperty("state").GetString(),
                    Time(t.GetProperty("created").GetDateTimeOffset()), t.GetProperty("expires").ValueKind == System.Text.Json.JsonValueKind.Null ? "-" : Time(t.GetProperty("expires").GetDateTimeOffset()),
                    t.GetProperty("note").GetString() ?? ""));
            return 0;
        }));

        var revokeData = Data();
        var id = new Argument<string>("id") { Description = "the token's id (from `phd token list`)" };
        var revoke = new Command("revoke", "Revoke a token: it is refused from now on") { id, revokeData };
        revoke.SetAction(pr => RegistryAccess.Run(pr.GetValue(revokeData)!, reg =>
        {
            var t = reg.RevokeToken(pr.GetValue(id)!, Actor);
            Console.Error.WriteLine($"phd: token {t.Id} ({Scope(t)}) revoked");
            return 0;
        }, server =>
        {
            var t = server.Send(HttpMethod.Delete, "api/tokens/" + Uri.EscapeDataString(pr.GetValue(id)!.Trim()));
            Console.Error.WriteLine($"phd: token {t.GetProperty("id").GetString()} ({t.GetProperty("scope").GetString()}) revoked");
            return 0;
        }));

        return new Command("token", "Manage write-API tokens (in the registry database)") { create, list, revoke };
    }

    private static string Scope(ApiToken t) => t.IsAdmin ? "admin" : t.Scope;

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    internal static bool TryParseExpiry(string text, out DateTimeOffset at) => ApiToken.TryParseExpiry(text, out at);

    private static int Created(string id, string scope, DateTimeOffset? expires, string secret, string dataDir, Uri site)
    {
        Console.WriteLine(secret);
        Console.Error.WriteLine($"phd: token {id} for {scope}" + (expires is { } x ? $", expires {Time(x)}" : "")
            + "; keep it secret: it is shown only now (the registry keeps its hash)");
        // Signed with the data directory's key ring (files, readable while `phd serve` runs), which the server uses too.
        Console.Error.WriteLine($"phd: staff pages, one-time sign-in link (valid {PhdResolver.Web.Infrastructure.Auth.SignInLinks.Lifetime.TotalHours:0} h): "
            + PhdResolver.Web.Infrastructure.Auth.SignInLinks.Create(dataDir, site, id));
        return 0;
    }
}
