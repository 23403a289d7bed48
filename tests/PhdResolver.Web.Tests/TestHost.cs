using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using PhdResolver.Web;

namespace PhdResolver.Web.Tests;

/// <summary>
/// The real app (WebApp.Build, real store in a temp dir) on the in-memory TestServer — the same
/// server WebApplicationFactory uses; WebApp.Build is a library entry point, so we host it directly.
/// </summary>
public sealed class TestHost : IAsyncDisposable, IDisposable
{
    private readonly string _dir;

    private TestHost(WebApplication app, string dir)
    {
        App = app;
        _dir = dir;
        Client = app.GetTestClient();
        Client.BaseAddress = new Uri("http://localhost/");
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public WebOptions Options => (WebOptions)App.Services.GetService(typeof(WebOptions))!;

    public static TestHost Start(Func<WebOptions, WebOptions>? tweak = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "phd-web-" + Guid.NewGuid().ToString("N"));
        var options = new WebOptions { DataDirectory = dir, BaseUri = new Uri("http://localhost/"), Urls = [] };
        if (tweak is not null) options = tweak(options);
        var app = WebApp.Build(options, b => { b.WebHost.UseTestServer(); configure?.Invoke(b); });
        app.StartAsync().GetAwaiter().GetResult();
        return new TestHost(app, dir);
    }

    public static IHtmlDocument ParseHtml(string html) => new HtmlParser().ParseDocument(html);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>One host shared by the tests of a class (read-only tests).</summary>
public sealed class SharedHost : IDisposable
{
    public TestHost Host { get; } = TestHost.Start();
    public void Dispose() => Host.Dispose();
}

internal static class HttpExtensions
{
    public static async Task<HttpResponseMessage> GetWithAccept(this HttpClient c, string url, string accept)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.TryAddWithoutValidation("Accept", accept);
        return await c.SendAsync(req);
    }

    public static async Task<HttpResponseMessage> Send(this HttpClient c, HttpMethod method, string url, Action<HttpRequestMessage>? setup = null)
    {
        using var req = new HttpRequestMessage(method, url);
        setup?.Invoke(req);
        return await c.SendAsync(req);
    }

    public static string MediaType(this HttpResponseMessage r) => r.Content.Headers.ContentType?.MediaType ?? "";

    public static async Task<System.Text.Json.JsonElement> Json(this HttpResponseMessage r) =>
        System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts an RFC 9457 problem details answer with the given status.</summary>
    public static async Task<System.Text.Json.JsonElement> AssertProblem(this HttpResponseMessage r, int status)
    {
        Assert.Equal(status, (int)r.StatusCode);
        Assert.Equal("application/problem+json", r.MediaType());
        var body = await r.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace
        var json = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("title").GetString()));
        return json;
    }
}
