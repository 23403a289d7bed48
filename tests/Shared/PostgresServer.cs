using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PhdResolver.Tests.Shared;

/// <summary>
/// A real PostgreSQL server (Debian's package, found under /usr/lib/postgresql/*/bin or PHD_PG_BIN) for
/// a test assembly: initdb into a temporary directory, then <c>postgres</c> on 127.0.0.1 and a free port
/// with password authentication (user <see cref="User"/>, password <see cref="Password"/>) for TCP, so
/// the wrong-password path is real. Under root (PostgreSQL refuses to run as root) the server runs as
/// the <c>postgres</c> account. Stopped with <c>pg_ctl stop</c> and its directory removed on dispose.
/// Each test takes a database of its own (<see cref="CreateDatabase"/>). Missing binaries fail the test
/// with the fix (.ci/run installs the package).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string User = "phd";
    public const string Password = "s3cret pass";

    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _asPostgres;
    private readonly Process _process;
    private int _databases;

    public PostgresServer()
    {
        _bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is missing: apt-get install -y postgresql (or set PHD_PG_BIN to its bin directory)");
        _asPostgres = Environment.UserName == "root";
        _dir = Directory.CreateTempSubdirectory("phd-pg-").FullName;
        string data = Path.Combine(_dir, "data"), pw = Path.Combine(_dir, "pw");
        File.WriteAllText(pw, Password + "\n");
        if (_asPostgres) Run("chown", "-R", "postgres:postgres", _dir);
        Run(Tool("initdb"), "-D", data, "-U", User, "--pwfile", pw, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync", "-A", "scram-sha-256");
        Port = FreePort();
        var psi = Start(Tool("postgres"), "-D", data, "-k", _dir, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) lock (_log) _log.Add(l); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var c = new NpgsqlConnection(ConnectionString("postgres"));
                c.Open();
                break;
            }
            catch (NpgsqlException) when (!_process.HasExited && DateTime.UtcNow < until)
            {
                Thread.Sleep(100);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {e.Message}\n{string.Join('\n', _log)}", e);
            }
        }
    }

    private readonly List<string> _log = [];

    public int Port { get; }

    /// <summary>A URL (the form operators pass to --database) for <paramref name="database"/>, with the right password.</summary>
    public string Url(string database) => $"postgres://{User}:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/{database}";

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Password = Password, Database = database, Pooling = false }.ConnectionString;

    /// <summary>A new, empty database; its URL.</summary>
    public string CreateDatabase()
    {
        string name = "t" + Interlocked.Increment(ref _databases).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        using var c = new NpgsqlConnection(ConnectionString("postgres"));
        c.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        cmd.ExecuteNonQuery();
        return Url(name);
    }

    /// <summary>
    /// <c>pg_ctl restart -m fast</c>: every session is cut (open transactions roll back), the server is down for a moment
    /// and comes back on the same port with the same options (postmaster.opts). Its log then goes to a file.
    /// </summary>
    public void Restart() => Run(Tool("pg_ctl"), "restart", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "-l", Path.Combine(_dir, "restarted.log"));

    private string Tool(string name) => Path.Combine(_bin, name);

    private static string? FindBin()
    {
        if (Environment.GetEnvironmentVariable("PHD_PG_BIN") is { Length: > 0 } b && File.Exists(Path.Combine(b, "initdb"))) return b;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0)
            .FirstOrDefault();
    }

    /// <summary>The command as the postgres account when we are root (setpriv execs, so the process id is the server's).</summary>
    private ProcessStartInfo Start(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(_asPostgres ? "setpriv" : exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (_asPostgres) foreach (var a in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", exe }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private void Run(string exe, params string[] args)
    {
        var psi = exe == "chown" ? new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true } : Start(exe, args);
        if (exe == "chown") foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} failed ({p.ExitCode}): {err.Result}{output}");
    }

    /// <summary>A port nothing listens on.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { Run(Tool("pg_ctl"), "stop", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w"); }
        catch (InvalidOperationException) { }
        if (!_process.WaitForExit(10_000)) _process.Kill();
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One PostgreSQL server shared by the test classes of an assembly that join this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
