using System.Diagnostics;
using Npgsql;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;
using PhdResolver.Tests.Shared;

namespace PhdResolver.Cli.Tests;

/// <summary>
/// <c>--database</c> on the real executable against a real PostgreSQL: a SQLite backup restored into
/// PostgreSQL and dumped back gives the same quads and registry rows, the reverse too; bad configuration is
/// one line on standard error and a non-zero exit, never a stack trace.
/// </summary>
[Trait("Category", "Cli")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresCommandTests(PostgresServer pg) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("phd-pg-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string P(string name) => Path.Combine(_root, name);

    [Fact]
    public void Dump_from_SQLite_restore_into_PostgreSQL_and_back_round_trips_everything()
    {
        string sqlite = P("sqlite"), db = pg.CreateDatabase();
        string registryBefore;
        using (var store = QuadStore.Open(sqlite))
        using (var registry = RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") }))
        {
            registry.RegisterFacility(new NewFacility { Rrid = "RRID:SCR_017406", Name = "Demo Facility", City = "Heidelberg" }, "test");
            registry.RegisterModel(new NewModel { Rrid = "RRID:SCR_023456", Name = "LSM Demo", Manufacturer = "Example Optics" }, "test");
            registry.RegisterInstance(new NewInstance { Identifier = "doi:10.5281/zenodo.123", Name = "Confocal 1", Facility = "RRID:SCR_017406", Model = "RRID:SCR_023456" }, "test");
            registry.SubmitVersion("doi:10.5281/zenodo.123", Dataset.Parse("""
                @prefix nboq: <https://w3id.org/nbo-q/> .
                <https://lab.example.org/x/objective/1> a nboq:Objective ; nboq:lensNA 1.4 ; nboq:note [ nboq:text "blank \u0000 nul" ] .
                """, RdfFormat.Turtle), 1, "test");
            registry.CreateToken("RRID:SCR_017406", null, "kept", "test");
            var sw = new StringWriter();
            registry.Export(sw);
            registryBefore = sw.ToString();
        }
        Ok(PhdProcess.Run(null, "dump", "--data", sqlite, "--out", P("backup1")));
        Ok(PhdProcess.Run(null, "restore", "--data", P("pg-scratch"), "--database", db, "--from", P("backup1")));
        // Restoring again into the now non-empty database is refused (nothing is merged).
        var again = PhdProcess.Run(null, "restore", "--data", P("pg-scratch2"), "--database", db, "--from", P("backup1"));
        Assert.Equal((2, true), (again.ExitCode, again.Stderr.Contains("already holds a store", StringComparison.Ordinal)));

        Ok(PhdProcess.Run(null, "dump", "--data", P("pg-scratch3"), "--database", db, "--out", P("backup2")));
        Ok(PhdProcess.Run(null, "restore", "--data", P("sqlite-again"), "--from", P("backup2")));

        var quads = PhdProcess.Run(null, "dump", "--data", sqlite);
        var viaPg = PhdProcess.Run(null, "dump", "--data", P("pg-scratch4"), "--database", db);
        var back = PhdProcess.Run(null, "dump", "--data", P("sqlite-again"));
        Assert.True(Isomorphism.AreIsomorphic(Dataset.Parse(quads.Stdout, RdfFormat.NQuads), Dataset.Parse(viaPg.Stdout, RdfFormat.NQuads)));
        Assert.True(Isomorphism.AreIsomorphic(Dataset.Parse(quads.Stdout, RdfFormat.NQuads), Dataset.Parse(back.Stdout, RdfFormat.NQuads)));

        // Registry rows (records, versions, audit, tokens): every row of the original is in both copies.
        foreach (var registryFile in new[] { P("backup2/registry.jsonl"), P("backup3/registry.jsonl") })
        {
            if (registryFile.Contains("backup3", StringComparison.Ordinal)) Ok(PhdProcess.Run(null, "dump", "--data", P("sqlite-again"), "--out", P("backup3")));
            var rows = File.ReadAllLines(registryFile).Skip(1).ToHashSet();
            Assert.All(registryBefore.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), l => Assert.Contains(l, rows));
        }
        // The token is on the restored PostgreSQL registry, and search works there: a data directory new to the
        // database builds its (derived, local) search index in the background at open.
        using var pgStore = QuadStore.Open(P("pg-scratch5"), new StoreOptions { Database = db });
        using var pgRegistry = RegistryService.Open(pgStore, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") });
        Assert.Single(pgRegistry.ListTokens());
        var until = DateTime.UtcNow.AddSeconds(60);
        while (pgRegistry.SearchGenerations is var (reg, index) && reg != index && DateTime.UtcNow < until) Thread.Sleep(100);
        Assert.NotEmpty(pgRegistry.Search("Confocal").Hits);
    }

    private static void Ok(PhdProcess.Result r) => Assert.True(r.ExitCode == 0, r.Stderr);

    /// <summary>One error line on stderr, "phd: " first, no stack trace, a non-zero exit. The start-up progress lines
    /// `phd serve` writes before it fails ("phd: start   0.5 s: ...") are not errors and are left out.</summary>
    private static void OneLineFailure(PhdProcess.Result r, string expected)
    {
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("phd: start ", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 1, r.Stderr);
        Assert.StartsWith("phd: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_database_is_one_line_and_a_non_zero_exit()
    {
        string url = $"postgres://phd:pw@127.0.0.1:{PostgresServer.FreePort()}/phd";
        OneLineFailure(PhdProcess.Run(null, "dump", "--data", P("d"), "--database", url), "cannot reach the database");
        OneLineFailure(ServeBriefly(url), "cannot reach the database");
    }

    [Fact]
    public void A_wrong_password_is_one_line_that_does_not_echo_it()
    {
        string url = pg.CreateDatabase().Replace(Uri.EscapeDataString(PostgresServer.Password), "not-the-password", StringComparison.Ordinal);
        var r = ServeBriefly(url);
        OneLineFailure(r, "refused the credentials");
        Assert.DoesNotContain("not-the-password", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_schema_newer_than_the_binary_is_one_line()
    {
        string db = pg.CreateDatabase();
        using (var store = QuadStore.Open(P("first"), new StoreOptions { Database = db }))
        using (RegistryService.Open(store, new RegistryOptions { BaseUri = new Uri("https://phd.example.org/") })) { }
        using (var c = new NpgsqlConnection(PostgresLocation.ToConnectionString(db)))
        {
            c.Open();
            using var cmd = new NpgsqlCommand("INSERT INTO reg_schema(version, applied) VALUES (999, 'future')", c);
            cmd.ExecuteNonQuery();
        }
        OneLineFailure(ServeBriefly(db), "newer than this build");
    }

    [Fact]
    public void A_malformed_location_is_a_usage_error()
    {
        var r = PhdProcess.Run(null, "dump", "--data", P("d"), "--database", "host=x dbnme=phd");
        OneLineFailure(r, "unknown PostgreSQL parameter 'dbnme'");
        Assert.Equal(2, r.ExitCode);
    }

    [Fact]
    public async Task Redis_down_at_start_on_PostgreSQL_is_one_warning_and_the_service_runs_without_the_shared_cache()
    {
        string db = pg.CreateDatabase();
        int port = PostgresServer.FreePort(), closed = PostgresServer.FreePort();
        using var p = new PhdProcess.Running("serve", "--data", P("redis-down"), "--database", db,
            "--urls", $"http://127.0.0.1:{port}", "--redis", $"127.0.0.1:{closed}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        System.Net.HttpStatusCode? ready = null;
        for (var until = DateTime.UtcNow.AddSeconds(120); ready != System.Net.HttpStatusCode.OK && DateTime.UtcNow < until && !p.HasExited;)
        {
            try { ready = (await http.GetAsync($"http://127.0.0.1:{port}/readyz")).StatusCode; }
            catch (HttpRequestException) { }
            if (ready != System.Net.HttpStatusCode.OK) await Task.Delay(200);
        }
        Assert.True(ready == System.Net.HttpStatusCode.OK, string.Join('\n', p.Lines));
        // It serves: the demo facility's landing page (seeded into PostgreSQL), twice (the second from its own cache).
        for (int k = 0; k < 2; k++)
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/")).StatusCode);
        string[] seen = p.Lines;
        var warning = Assert.Single(seen, l => l.Contains("unreachable", StringComparison.Ordinal));
        Assert.Contains($"Redis at 127.0.0.1:{closed} is unreachable", warning, StringComparison.Ordinal);
        Assert.Contains("own output cache", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(seen, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack trace
    }

    /// <summary><c>phd serve --database URL</c>, which must fail at start (killed after 60 s if it does not).</summary>
    private PhdProcess.Result ServeBriefly(string database) =>
        PhdProcess.Run(null, "serve", "--data", P("serve-" + Guid.NewGuid().ToString("N")[..6]), "--urls", "http://127.0.0.1:0", "--no-demo", "--database", database);
}
