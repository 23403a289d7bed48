using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using PhdResolver.Registry.ReadModels;
using PhdResolver.Web.Api;
using PhdResolver.Web.Ontology;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Tests;

public sealed class RobustnessTests
{
    [Fact]
    public async Task Unexpected_errors_are_500_problem_details_without_internals()
    {
        var dir = Path.Combine(Path.GetTempPath(), "phd-web-" + Guid.NewGuid().ToString("N"));
        var app = WebApp.Build(new WebOptions { DataDirectory = dir, BaseUri = new Uri("http://localhost/"), Urls = [] }, b =>
        {
            b.WebHost.UseTestServer();
            b.Services.AddSingleton<OntologyCatalog>(_ => throw new InvalidOperationException("secret detail /srv/private/path"));
        });
        await app.StartAsync();
        try
        {
            var client = app.GetTestClient();
            var r = await client.GetAsync("/ontology");
            var body = await r.Content.ReadAsStringAsync();
            await r.AssertProblem(500);
            Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
            Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Errors_are_never_cached_and_new_records_appear_at_once()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var reg = ((RegistryHost)h.App.Services.GetService(typeof(RegistryHost))!).Registry;
        var first = await h.Client.GetAsync("/doi:10.5072/appears-later");
        await first.AssertProblem(404);
        reg.RegisterInstance(new PhdResolver.Registry.NewInstance
        {
            Identifier = "doi:10.5072/appears-later", Name = "Later", Facility = reg.Facilities.First().Pid.ToString(), Model = reg.Models.First().Pid.ToString(),
        }, "test");
        var second = await h.Client.GetAsync("/doi:10.5072/appears-later");
        Assert.Equal(HttpStatusCode.MovedPermanently, second.StatusCode);
        var home = await h.Client.GetStringAsync("/");
        Assert.Contains("3 instruments", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticated_requests_bypass_the_output_cache()
    {
        await using var h = TestHost.Start(o => o with { SeedDemoData = true });
        var first = await h.Client.GetWithAccept("/ontology/Laser", "text/html");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var req = new HttpRequestMessage(HttpMethod.Get, "/ontology/Laser");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "x");
        var authed = await h.Client.SendAsync(req);
        Assert.False(authed.Headers.Age.HasValue); // not served from the cache
        var cached = await h.Client.GetWithAccept("/ontology/Laser", "text/html");
        Assert.True(cached.Headers.Age.HasValue); // anonymous repeat is
    }

    [Fact]
    public async Task Write_api_is_rate_limited()
    {
        await using var h = TestHost.Start(o => o with { WritePermitsPerWindow = 1 });
        var a = await h.Client.PostAsync("/api/models", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode);
        var b = await h.Client.PostAsync("/api/models", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        await b.AssertProblem(429);
    }

    [Fact]
    public void Tokens_are_stored_hashed()
    {
        var dir = Directory.CreateTempSubdirectory("phd-tokens").FullName;
        string secret;
        string facility;
        using (var store = PhdResolver.Store.QuadStore.Open(dir))
        using (var reg = PhdResolver.Registry.RegistryService.Open(store, new PhdResolver.Registry.RegistryOptions { BaseUri = new Uri("http://localhost/") }))
        {
            facility = reg.RegisterFacility(new PhdResolver.Registry.NewFacility { Name = "Core" }, "test").Pid.ToString();
            secret = reg.CreateToken(facility, null, null, "test").Secret;
        }
        foreach (var f in Directory.GetFiles(dir)) // database, WAL: the secret is nowhere on disk
            Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f)), StringComparison.Ordinal);
        using (var store = PhdResolver.Store.QuadStore.Open(dir))
        using (var reg = PhdResolver.Registry.RegistryService.Open(store, new PhdResolver.Registry.RegistryOptions { BaseUri = new Uri("http://localhost/") }))
        {
            Assert.Equal(facility, reg.Authenticate(secret).Token!.Scope);
            Assert.False(reg.Authenticate(secret + "x").IsValid);
        }
        Directory.Delete(dir, true);
    }
}
