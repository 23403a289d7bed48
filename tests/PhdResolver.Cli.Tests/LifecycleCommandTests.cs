using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli.Tests;

/// <summary>
/// <c>phd edit|withdraw|move|history</c> and <c>phd token</c>: on a stopped registry's data directory, and
/// through a running <c>phd serve</c> on it (its local credential); refusals exit 1 and write nothing.
/// </summary>
public sealed class LifecycleCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("phd-lifecycle-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private const string F = "RRID:SCR_017406", F2 = "ror:03vek6s52", M = "RRID:SCR_023456", I = "doi:10.5072/cli.1";

    private string Registry()
    {
        var dir = Path.Combine(_root, "registry");
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        reg.RegisterFacility(new NewFacility { Rrid = F, Name = "Core" }, "test");
        reg.RegisterFacility(new NewFacility { Ror = F2, Name = "Other core" }, "test");
        reg.RegisterModel(new NewModel { Rrid = M, Name = "LSM 980", Manufacturer = "Zeiss" }, "test");
        reg.RegisterInstance(new NewInstance { Identifier = I, Name = "Confocal", Facility = F, Model = M }, "test");
        return dir;
    }

    private static T With<T>(string dir, Func<RegistryService, T> f)
    {
        using var store = QuadStore.Open(dir);
        using var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        return f(reg);
    }

    private static int AuditCount(string dir) => With(dir, r => r.AuditLog(limit: 10_000).Count);

    [Fact]
    public void Edit_withdraw_move_history_on_the_data_directory()
    {
        var dir = Registry();
        var e = PhdProcess.Run(null, "edit", I, "--name", "Confocal (room 2)", "--identifier", "serial=SN-1", "--identifier", "inventory=INV-9", "--reason", "relabelled", "--data", dir);
        Assert.True(e.ExitCode == 0, e.Stderr);
        Assert.Contains("revision 2", e.Stderr, StringComparison.Ordinal);
        var m = PhdProcess.Run(null, "move", I, "--to", F2, "--data", dir);
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Contains("301", m.Stderr, StringComparison.Ordinal);
        var h = PhdProcess.Run(null, "history", I, "--data", dir);
        Assert.True(h.ExitCode == 0, h.Stderr);
        var lines = h.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["move-instance", "edit-record", "register-instance"], lines.Skip(1).Select(l => l.Split('\t')[1]).ToArray());
        Assert.Contains("reason=relabelled", lines[2], StringComparison.Ordinal);
        Assert.Equal("cli", lines[1].Split('\t')[3]); // the CLI user is the administrator: actors shown
        var w = PhdProcess.Run(null, "withdraw", I, "--reason", "decommissioned", "--data", dir);
        Assert.True(w.ExitCode == 0, w.Stderr);
        With(dir, r =>
        {
            var i = r.GetInstance(PhdResolver.Registry.Pids.Pid.Parse(I))!;
            Assert.Equal(("Confocal (room 2)", 2, "decommissioned"), (i.Name, i.Revision, i.Tombstone?.Reason));
            Assert.Equal(F2, i.Facility.ToString());
            Assert.Equal(["serial SN-1", "inventory INV-9"], i.Identifiers.Select(x => x.ToString()).ToArray());
            return 0;
        });
        var json = PhdProcess.Run(null, "history", I, "--format", "json", "--data", dir);
        Assert.Equal("withdraw", System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement.GetProperty("entries")[0].GetProperty("action").GetString());
    }

    [Fact]
    public void Refusals_exit_1_with_the_reason_and_write_nothing()
    {
        var dir = Registry();
        int audit = AuditCount(dir);
        var nowhere = PhdProcess.Run(null, "move", I, "--to", "RRID:SCR_999999", "--data", dir);
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("not a registered facility", nowhere.Stderr, StringComparison.Ordinal);
        var badId = PhdProcess.Run(null, "edit", F, "--identifier", "ROR=not-a-ror", "--data", dir);
        Assert.Equal(1, badId.ExitCode);
        Assert.Contains("identifiers", badId.Stderr, StringComparison.Ordinal);
        var field = PhdProcess.Run(null, "edit", F, "--modality", "confocal", "--data", dir);
        Assert.Equal(1, field.ExitCode);
        Assert.Equal(2, PhdProcess.Run(null, "edit", F, "--identifier", "no-equals-sign", "--data", dir).ExitCode);
        Assert.Equal(2, PhdProcess.Run(null, "withdraw", I, "--data", dir).ExitCode); // --reason is required
        Assert.Equal(1, PhdProcess.Run(null, "history", "doi:10.5072/none", "--data", dir).ExitCode);
        Assert.Equal(audit, AuditCount(dir));
        Assert.True(PhdProcess.Run(null, "withdraw", I, "--reason", "gone", "--data", dir).ExitCode == 0);
        audit = AuditCount(dir);
        var edited = PhdProcess.Run(null, "edit", I, "--name", "x", "--data", dir);
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("withdrawn", edited.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", edited.Stderr, StringComparison.Ordinal);
        Assert.Equal(audit, AuditCount(dir));
    }

    [Fact]
    public void While_phd_serve_runs_the_commands_act_through_it()
    {
        var dir = Registry();
        string version = VersionWithWork(dir);
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; l.Stop(); }
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "phd.dll"), "serve", "--data", dir, "--urls", $"http://127.0.0.1:{port}", "--no-demo" }) psi.ArgumentList.Add(a);
        using var serve = Process.Start(psi)!;
        serve.OutputDataReceived += (_, _) => { };
        serve.ErrorDataReceived += (_, _) => { };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            var file = Path.Combine(dir, "serve.json");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(file) && DateTime.UtcNow < deadline && !serve.HasExited) Thread.Sleep(100);
            Assert.True(File.Exists(file), "phd serve did not write serve.json");
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)); // owner only: it is an admin credential

            var create = PhdProcess.Run(null, "token", "create", "--facility", F, "--note", "while serving", "--data", dir);
            Assert.True(create.ExitCode == 0, create.Stderr);
            Assert.StartsWith("phd_", create.Stdout.Trim(), StringComparison.Ordinal);
            var list = PhdProcess.Run(null, "token", "list", "--data", dir);
            Assert.True(list.ExitCode == 0, list.Stderr);
            var row = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split('\t');
            Assert.Equal((F, "active", "while serving"), (row[1], row[2], row[5]));
            Assert.True(PhdProcess.Run(null, "edit", I, "--description", "edited while serving", "--data", dir).ExitCode == 0);
            var nowhere = PhdProcess.Run(null, "move", I, "--to", "RRID:SCR_999999", "--data", dir);
            Assert.Equal(1, nowhere.ExitCode);
            Assert.Contains("not a registered facility", nowhere.Stderr, StringComparison.Ordinal);
            Assert.True(PhdProcess.Run(null, "token", "revoke", row[0], "--data", dir).ExitCode == 0);
            var again = PhdProcess.Run(null, "token", "revoke", row[0], "--data", dir);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("already revoked", again.Stderr, StringComparison.Ordinal);
            var unlink = PhdProcess.Run(null, "relate", version, "--remove", "--work", "https://doi.org/10.5072/W", "--reason", "while serving", "--data", dir);
            Assert.True(unlink.ExitCode == 0, unlink.Stderr);
            var unlinkAgain = PhdProcess.Run(null, "relate", version, "--remove", "--work", "doi:10.5072/w", "--data", dir);
            Assert.Equal(1, unlinkAgain.ExitCode);
            Assert.Contains("(404)", unlinkAgain.Stderr, StringComparison.Ordinal);
            var h = PhdProcess.Run(null, "history", I, "--data", dir);
            Assert.True(h.ExitCode == 0, h.Stderr);
            var unlinked = h.Stdout.Split('\n')[1].Split('\t');
            Assert.Equal(("remove-related-work", "cli"), (unlinked[1], unlinked[3]));
            Assert.Contains(h.Stdout.Split('\n'), l => l.Contains("edit-record\t", StringComparison.Ordinal) && l.Contains("\tcli\t", StringComparison.Ordinal));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            serve.WaitForExit(30_000);
        }
        // After a kill -9 the file is stale; the commands open the directory again.
        With(dir, r =>
        {
            Assert.Equal("edited while serving", r.GetInstance(PhdResolver.Registry.Pids.Pid.Parse(I))!.Description);
            Assert.Empty(r.Record(r.Resolver.Resolve(version)).Related);
            Assert.Contains(r.AuditLog(), e => e.Action == "revoke-token" && e.Actor == "cli");
            return 0;
        });
        Assert.True(PhdProcess.Run(null, "token", "list", "--data", dir).ExitCode == 0);
    }

    [Fact]
    public void Relate_links_a_work_to_a_version_and_refuses_what_is_not_one()
    {
        var dir = Registry();
        string version = With(dir, r =>
        {
            var ds = PhdResolver.Rdf.Dataset.Parse("<urn:x:i> a <https://w3id.org/nbo-q/Instrument> ; <https://w3id.org/nbo-q/name> \"scope\" .", PhdResolver.Rdf.RdfFormat.Turtle);
            return r.SubmitVersion(I, ds, 0, "test").Pid.ToString();
        });
        int audit = AuditCount(dir);
        var notVersion = PhdProcess.Run(null, "relate", I, "--work", "doi:10.5072/w", "--relation", "used-by", "--title", "W", "--data", dir);
        Assert.Equal(1, notVersion.ExitCode);
        Assert.Contains("configuration version", notVersion.Stderr, StringComparison.Ordinal);
        var badRelation = PhdProcess.Run(null, "relate", version, "--work", "doi:10.5072/w", "--relation", "cites", "--title", "W", "--data", dir);
        Assert.Equal(1, badRelation.ExitCode);
        Assert.Equal(audit, AuditCount(dir));
        var ok = PhdProcess.Run(null, "relate", version, "--work", "https://doi.org/10.5072/W", "--relation", "used-by", "--title", "A dataset", "--year", "2025", "--data", dir);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        var again = PhdProcess.Run(null, "relate", version, "--work", "doi:10.5072/w", "--relation", "used-by", "--title", "Again", "--data", dir);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already linked", again.Stderr, StringComparison.Ordinal);
        With(dir, r =>
        {
            var w = Assert.Single(r.Record(r.Resolver.Resolve(version)).Related);
            Assert.Equal(("doi:10.5072/w", "used-by", "dataset", "A dataset", (int?)2025), (w.Identifier, w.Relation, w.Kind, w.Title, w.Year));
            return 0;
        });
    }
    /// <summary>A configuration version of <see cref="I"/> with the dataset doi:10.5072/w linked as used-by.</summary>
    private static string VersionWithWork(string dir) => With(dir, r =>
    {
        var ds = PhdResolver.Rdf.Dataset.Parse("<urn:x:i> a <https://w3id.org/nbo-q/Instrument> ; <https://w3id.org/nbo-q/name> \"scope\" .", PhdResolver.Rdf.RdfFormat.Turtle);
        var v = r.SubmitVersion(I, ds, 0, "test").Pid.ToString();
        r.AddRelatedWork(v, new PhdResolver.Registry.Records.RelatedWorkInput { Identifier = "doi:10.5072/w", Relation = "used-by", Title = "W" }, "test");
        return v;
    });

    [Fact]
    public void Relate_remove_unlinks_a_work_and_refuses_what_is_not_linked()
    {
        var dir = Registry();
        string version = VersionWithWork(dir);
        int audit = AuditCount(dir);
        var notLinked = PhdProcess.Run(null, "relate", version, "--remove", "--work", "doi:10.5072/other", "--data", dir);
        Assert.Equal(1, notLinked.ExitCode);
        Assert.Contains("is not linked", notLinked.Stderr, StringComparison.Ordinal);
        var withTitle = PhdProcess.Run(null, "relate", version, "--remove", "--work", "doi:10.5072/w", "--title", "W", "--data", dir);
        Assert.Equal(2, withTitle.ExitCode);
        var notVersion = PhdProcess.Run(null, "relate", I, "--remove", "--work", "doi:10.5072/w", "--data", dir);
        Assert.Equal(1, notVersion.ExitCode);
        var noTitle = PhdProcess.Run(null, "relate", version, "--work", "doi:10.5072/x", "--relation", "used-by", "--data", dir);
        Assert.Equal(2, noTitle.ExitCode);
        Assert.Equal(audit, AuditCount(dir));
        var ok = PhdProcess.Run(null, "relate", version, "--remove", "--work", "https://doi.org/10.5072/W", "--reason", "wrong dataset", "--data", dir);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("unlinked", ok.Stderr, StringComparison.Ordinal);
        Assert.Equal(audit + 1, AuditCount(dir));
        With(dir, r =>
        {
            Assert.Empty(r.Record(r.Resolver.Resolve(version)).Related);
            var e = r.History(version, withActors: true).Entries[0];
            Assert.Equal(("remove-related-work", "cli", "wrong dataset"), (e.Action, e.Actor, e.Details["reason"]));
            return 0;
        });
    }
}
