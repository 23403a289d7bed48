using System.CommandLine;
using PhdResolver.Web.Api;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd token create --facility PID [--data DIR] [--note TEXT]</c>: makes a write-API bearer
/// token scoped to one facility (<c>--admin</c> for one that may also register facilities). The
/// token is printed once; only its hash is stored (DATA/tokens.json).
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "data directory", DefaultValueFactory = _ => "./data" };
        var facility = new Option<string?>("--facility") { Description = "the facility PID the token acts for" };
        var admin = new Option<bool>("--admin") { Description = "an administrator token (may register facilities)" };
        var note = new Option<string?>("--note") { Description = "a note kept with the token's hash" };
        var create = new Command("create", "Create a write-API token") { data, facility, admin, note };
        create.SetAction(pr =>
        {
            var f = pr.GetValue(facility);
            bool isAdmin = pr.GetValue(admin);
            if ((f is null) == !isAdmin) return ConvertCommand.Fail("give --facility PID or --admin", Exit.Usage);
            var dir = pr.GetValue(data)!;
            Directory.CreateDirectory(dir);
            var token = new TokenStore(dir).Create(isAdmin ? TokenStore.Admin : f!.Trim(), pr.GetValue(note), DateTimeOffset.UtcNow);
            Console.WriteLine(token);
            Console.Error.WriteLine("phd: keep this token secret; it is shown only now (its hash is in " + Path.Combine(dir, TokenStore.FileName) + ")");
            return 0;
        });
        return new Command("token", "Manage write-API tokens") { create };
    }
}
