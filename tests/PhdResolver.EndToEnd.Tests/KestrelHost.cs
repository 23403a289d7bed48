using Microsoft.AspNetCore.Builder;
using PhdResolver.Web;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// The real resolver app (WebApp.Build, the same entry point `phd serve` uses) on a real Kestrel
/// socket at 127.0.0.1 and a free port, over a fresh data directory. Stopped and deleted on dispose. In the suite's
/// remote mode (<see cref="RemoteMode"/>) it answers /sparql from its directory's own Virtuoso and is handed out once
/// /readyz says the copy there is confirmed.
/// </summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir;

    private KestrelHost(WebApplication app, string dir, string origin)
    {
        _app = app;
        _dir = dir;
        Origin = origin;
        Client = new HttpClient { BaseAddress = new Uri(origin + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>"http://127.0.0.1:PORT" (no trailing slash).</summary>
    public string Origin { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<KestrelHost> StartAsync(Func<WebOptions, WebOptions>? tweak = null)
    {
        var dir = Paths.NewTempDir("phd-e2e-data-");
        // Kestrel needs the port before it starts, and record IRIs are built on the base URI, so pick a free one first.
        for (int attempt = 0; ; attempt++)
        {
            string origin = "http://127.0.0.1:" + Paths.FreePort();
            var options = new WebOptions { DataDirectory = dir, BaseUri = new Uri(origin + "/"), Urls = [origin], SeedDemoData = true, SparqlStore = RemoteMode.Options(dir) };
            if (tweak is not null) options = tweak(options);
            var app = WebApp.Build(options);
            try
            {
                await app.StartAsync();
                var host = new KestrelHost(app, dir, origin);
                if (RemoteMode.On) await host.WaitReady();
                return host;
            }
            catch (IOException) when (attempt < 3)
            {
                // Port taken between probing and binding: try another.
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                Paths.DeleteQuietly(dir);
                throw;
            }
        }
    }

    /// <summary>The remote mode's start: /readyz says the store's copy is confirmed (the demo data's initial sync).</summary>
    private async Task WaitReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using (var r = await Client.GetAsync("readyz"))
            {
                if (r.IsSuccessStatusCode) return;
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the resolver's store copy was not confirmed in 90 s: " + await r.Content.ReadAsStringAsync());
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try { await _app.StopAsync(); } finally { await _app.DisposeAsync(); }
        Paths.DeleteQuietly(_dir);
    }
}
