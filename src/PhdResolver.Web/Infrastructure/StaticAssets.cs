using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// The files of wwwroot/, embedded in the assembly and served under /static/. Only names that
/// exist in the embedded set are served, so no request path ever reaches the file system.
/// </summary>
internal static class StaticAssets
{
    private static readonly FrozenDictionary<string, (byte[] Body, string Type)> Files = Load();

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var asm = typeof(StaticAssets).Assembly;
        var d = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames())
        {
            if (!name.StartsWith("wwwroot/", StringComparison.Ordinal)) continue;
            using var s = asm.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            d[name["wwwroot/".Length..]] = (ms.ToArray(), TypeOf(name));
        }
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string TypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    public static bool Exists(string name) => Files.ContainsKey(name);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/static/{name}", (string name) =>
        {
            if (!Files.TryGetValue(name, out var f)) return Problems.Result(404, "no such static file");
            return Representation.Send(f.Body, f.Type, varyAccept: false,
                headers: r => r.Headers.CacheControl = "public, max-age=86400");
        });
        app.MapGet("/favicon.ico", () => Files.TryGetValue("favicon.svg", out var f)
            ? Representation.Send(f.Body, f.Type, varyAccept: false, headers: r => r.Headers.CacheControl = "public, max-age=86400")
            : Problems.Result(404));
    }
}
