using Microsoft.AspNetCore.DataProtection;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli.Tests;

/// <summary><c>phd token create|list|revoke</c> on a registry, and <c>phd load</c>/<c>update</c> refusing one.</summary>
[Trait("Category", "Cli")]
public sealed class RegistryCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("phd-registry-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private string Registry(out string facility)
    {
        var dir = Path.Combine(_root, "registry");
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        facility = reg.RegisterFacility(new NewFacility { Rrid = "RRID:SCR_017406", Name = "Core" }, "test").Pid.ToString();
        return dir;
    }

    private static RegistryService Open(string dir, out QuadStore store)
    {
        store = QuadStore.Open(dir);
        return RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
    }

    [Fact]
    public void Token_create_list_revoke()
    {
        var dir = Registry(out var facility);
        var c = PhdProcess.Run(null, "token", "create", "--facility", facility, "--expires", "2999-01-31", "--note", "microscopy team", "--data", dir, "--base-uri", "https://phd.example.org/");
        Assert.True(c.ExitCode == 0, c.Stderr);
        string secret = c.Stdout.Trim();
        Assert.StartsWith("phd_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, c.Stderr, StringComparison.Ordinal);
        // The one-time sign-in link for the staff pages, signed with the data directory's key ring, which the server reads.
        string link = c.Stderr.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("sign-in link", StringComparison.Ordinal));
        link = link[(link.LastIndexOf(' ') + 1)..];
        Assert.StartsWith("https://phd.example.org/staff/sign-in/link?code=", link, StringComparison.Ordinal);
        var links = new PhdResolver.Web.Infrastructure.Auth.SignInLinks(
            Microsoft.AspNetCore.DataProtection.DataProtectionProvider.Create(new DirectoryInfo(PhdResolver.Web.Infrastructure.Auth.PhdAuth.KeyDirectory(dir)),
                b => b.SetApplicationName(PhdResolver.Web.Infrastructure.Auth.PhdAuth.ApplicationName)),
            new PhdResolver.Web.WebOptions { DataDirectory = dir });
        string? tokenId = links.Peek(Uri.UnescapeDataString(link.Split("code=", 2)[1]), out var linkError);
        Assert.True(tokenId is not null, linkError);

        var l = PhdProcess.Run(null, "token", "list", "--data", dir);
        Assert.True(l.ExitCode == 0, l.Stderr);
        var row = l.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split('\t');
        Assert.Equal(facility, row[1]);
        Assert.Equal("active", row[2]);
        Assert.Equal("2999-01-31T00:00Z", row[4]);
        Assert.Equal("microscopy team", row[5]);
        Assert.DoesNotContain(secret, l.Stdout, StringComparison.Ordinal);

        Assert.Equal(row[0], tokenId);
        var r = PhdProcess.Run(null, "token", "revoke", row[0], "--data", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("\trevoked\t", PhdProcess.Run(null, "token", "list", "--data", dir).Stdout, StringComparison.Ordinal);
        var again = PhdProcess.Run(null, "token", "revoke", row[0], "--data", dir);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already revoked", again.Stderr, StringComparison.Ordinal);

        using (var reg = Open(dir, out var store))
        using (store)
        {
            Assert.Equal(PhdResolver.Registry.Tokens.TokenCheckResult.Revoked, reg.Authenticate(secret).Result);
            var audit = reg.AuditLog("token:" + row[0]);
            Assert.Equal(["revoke-token", "create-token"], audit.Select(e => e.Action).ToArray());
            Assert.All(audit, e => Assert.Equal("cli", e.Actor));
        }
    }

    [Fact]
    public void Token_commands_refuse_bad_input_with_clear_messages()
    {
        var dir = Registry(out var facility);
        var unknown = PhdProcess.Run(null, "token", "create", "--facility", "RRID:SCR_999999", "--data", dir);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("not a registered facility", unknown.Stderr, StringComparison.Ordinal);
        var past = PhdProcess.Run(null, "token", "create", "--facility", facility, "--expires", "2001-01-01", "--data", dir);
        Assert.Equal(1, past.ExitCode);
        Assert.Contains("not in the future", past.Stderr, StringComparison.Ordinal);
        var badDate = PhdProcess.Run(null, "token", "create", "--facility", facility, "--expires", "next week", "--data", dir);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Equal(2, PhdProcess.Run(null, "token", "create", "--data", dir).ExitCode); // neither --facility nor --admin
        var noSuch = PhdProcess.Run(null, "token", "revoke", "ffffffffffff", "--data", dir);
        Assert.Equal(1, noSuch.ExitCode);
        Assert.Contains("no token", noSuch.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", noSuch.Stderr, StringComparison.Ordinal);
        using var reg = Open(dir, out var store);
        using (store) Assert.Empty(reg.ListTokens());
    }

    [Fact]
    public void Load_and_update_refuse_a_registry_directory_and_change_nothing()
    {
        var dir = Registry(out _);
        var file = Path.Combine(_root, "x.ttl");
        File.WriteAllText(file, "<http://example.org/s> <http://example.org/p> \"o\" .\n");
        var load = PhdProcess.Run(null, "load", file, "--data", dir);
        Assert.Equal(2, load.ExitCode);
        Assert.Single(load.Stderr.Trim().Split('\n')); // one line
        Assert.Contains("registry", load.Stderr, StringComparison.Ordinal);
        Assert.Contains("--data", load.Stderr, StringComparison.Ordinal);
        var update = PhdProcess.Run(null, "update", "--data", dir, "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }");
        Assert.Equal(2, update.ExitCode);
        Assert.Contains("registry", update.Stderr, StringComparison.Ordinal);
        using var store = QuadStore.Open(dir);
        using var snap = store.OpenSnapshot();
        Assert.Empty(snap.Match(new Rdf.Iri("http://example.org/s"), null, null, GraphFilter.Any));
    }

    [Fact]
    public void Load_and_update_keep_working_on_a_bare_store()
    {
        var dir = Path.Combine(_root, "bare");
        var file = Path.Combine(_root, "y.ttl");
        File.WriteAllText(file, "<http://example.org/s> <http://example.org/p> \"o\" .\n");
        var load = PhdProcess.Run(null, "load", file, "--data", dir);
        Assert.True(load.ExitCode == 0, load.Stderr);
        var update = PhdProcess.Run(null, "update", "--data", dir, "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }");
        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.False(RegistryService.IsRegistryDirectory(dir));
        using var store = QuadStore.Open(dir);
        Assert.Equal(2, store.Indexes.QuadCount);
    }
}
