using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary>
/// How a registry command reaches the registry of a data directory. A data directory has one owner
/// process (the store's lock): when no server holds it, the command opens it and calls the registry
/// (actor "cli"); while <c>phd serve</c> runs on it, the command sends the same operation to that
/// server's API with the server's local credential (<see cref="ServeFile"/>), so tokens, edits,
/// withdrawals and moves work without stopping the server, and still go through one writer and one
/// audit log (actor "cli" as well). The registry's rules apply either way; refusals exit 1 with the
/// registry's (or the problem's) message, a server that cannot be reached exits 70.
/// </summary>
internal static class RegistryAccess
{
    /// <summary>Written by <c>phd serve</c> into the data directory (owner-only): its URL and local credential; removed when it stops.</summary>
    public const string ServeFile = "serve.json";

    public sealed record ServeInfo(string Url, string Secret);

    public static int Run(string dir, Func<RegistryService, int> direct, Func<Server, int> remote)
    {
        QuadStore store;
        try
        {
            store = QuadStore.Open(dir);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.InUse)
        {
            var info = ReadServeFile(dir);
            if (info is null) return Exit.Fail($"{dir}: the data directory is in use by another process that is not `phd serve` (no {ServeFile}); stop it first", Exit.BadInput);
            using var server = new Server(info);
            try
            {
                return remote(server);
            }
            catch (Refused r)
            {
                return Exit.Fail(r.Message, Exit.BadInput);
            }
            catch (HttpRequestException h)
            {
                return Exit.Fail($"{dir} is served at {info.Url}, which did not answer ({h.Message})", Exit.Software);
            }
        }
        using (store)
        using (var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = DumpCommand.BackupBase }))
        {
            try
            {
                return direct(reg);
            }
            catch (RegistryException e)
            {
                return Exit.Fail(e.Message, Exit.BadInput);
            }
        }
    }

    private static ServeInfo? ReadServeFile(string dir)
    {
        var path = Path.Combine(dir, ServeFile);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<ServeInfo>(File.ReadAllText(path)); }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// Writes <see cref="ServeFile"/> readable by the owner only (0600 on Unix): the secret is an
    /// administrator credential of the running server, worth exactly as much as the database beside it.
    /// </summary>
    public static void WriteServeFile(string dir, ServeInfo info)
    {
        var path = Path.Combine(dir, ServeFile);
        var tmp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var f = new FileStream(tmp, options))
        using (var w = new StreamWriter(f, new UTF8Encoding(false)))
            w.Write(JsonSerializer.Serialize(info));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>A refusal by the server (a problem document), reported like the registry's own.</summary>
    public sealed class Refused(string message) : Exception(message);

    /// <summary>The running server's API with its local credential.</summary>
    public sealed class Server : IDisposable
    {
        private readonly HttpClient _http;

        public Server(ServeInfo info)
        {
            _http = new HttpClient { BaseAddress = new Uri(info.Url.EndsWith('/') ? info.Url : info.Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", info.Secret);
        }

        /// <summary>Sends one API request; a problem answer throws <see cref="Refused"/> with its detail.</summary>
        public JsonElement Send(HttpMethod method, string path, object? body = null) =>
            Send(method, path, body is null ? null : new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

        /// <summary>Sends one API request with <paramref name="content"/> as the body (a file, typed); as <see cref="Send(HttpMethod, string, object?)"/>.</summary>
        public JsonElement Send(HttpMethod method, string path, HttpContent? content)
        {
            using var req = new HttpRequestMessage(method, path);
            req.Content = content;
            using var res = _http.Send(req);
            var text = res.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            JsonElement json = default;
            if (text.Length > 0)
            {
                try { json = JsonDocument.Parse(text).RootElement.Clone(); }
                catch (JsonException) { }
            }
            if (!res.IsSuccessStatusCode)
            {
                string detail = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : res.ReasonPhrase ?? "";
                throw new Refused($"the server refused ({(int)res.StatusCode}): {detail}");
            }
            return json;
        }

        public void Dispose() => _http.Dispose();
    }

    /// <summary>A record PID or path as the API's URL path segment(s): '/' stays (PIDs may contain it), the rest is escaped.</summary>
    public static string PathOf(string pid) => string.Join('/', pid.Trim().TrimStart('/').Split('/').Select(Uri.EscapeDataString));
}
