using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// A real headless Chromium driven over the Chrome DevTools Protocol on a WebSocket: no browser
/// download, no driver package. It records console messages, uncaught exceptions and log entries
/// (CSP violations, failed loads) of the page, evaluates JavaScript and takes screenshots.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _ws = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _waiters = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _reader = Task.CompletedTask;
    private int _nextId;
    private string _session = "";

    /// <summary>Console errors, uncaught exceptions, and error/warning log entries (security = CSP) of the page.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The Chromium binary: $PHD_CHROMIUM, else /usr/bin/chromium (Debian's package), else null.</summary>
    public static string? Find()
    {
        foreach (var c in new[] { Environment.GetEnvironmentVariable("PHD_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (!string.IsNullOrEmpty(c) && File.Exists(c)) return c;
        return null;
    }

    public static async Task<Chromium> LaunchAsync(string executable)
    {
        var profile = Paths.NewTempDir("phd-e2e-chromium-");
        var psi = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
            "--mute-audio", "--hide-scrollbars", "--window-size=1280,900",
            "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank",
        }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        var browser = new Chromium(p, profile);
        try
        {
            // Chromium writes the chosen port and the browser target's path here once it listens.
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string[] lines = [];
            while (lines.Length < 2)
            {
                if (p.HasExited) throw new InvalidOperationException($"chromium exited with {p.ExitCode}: {Snapshot(stderr)}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException("chromium did not open its DevTools port in 60 s: " + Snapshot(stderr));
                await Task.Delay(100);
                try { lines = File.Exists(portFile) ? File.ReadAllLines(portFile) : []; } catch (IOException) { lines = []; }
            }
            await browser._ws.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), CancellationToken.None);
            browser._reader = Task.Run(browser.ReadLoop);
            var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, session: false);
            var attached = await browser.SendAsync("Target.attachToTarget",
                new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, session: false);
            browser._session = attached["sessionId"]!.GetValue<string>();
            await browser.SendAsync("Page.enable");
            await browser.SendAsync("Runtime.enable");
            await browser.SendAsync("Log.enable");
            await browser.SendAsync("Emulation.setDeviceMetricsOverride",
                new JsonObject { ["width"] = 1280, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private static string Snapshot(StringBuilder sb)
    {
        lock (sb) return sb.ToString();
    }

    /// <summary>Navigates and waits for the load event; returns the HTTP status of the main document.</summary>
    public async Task NavigateAsync(string url)
    {
        var loaded = Waiter("Page.loadEventFired");
        var r = await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (r["errorText"] is JsonNode err) throw new InvalidOperationException($"navigation to {url} failed: {err}");
        await loaded.WaitAsync(TimeSpan.FromSeconds(30));
        // Let late console messages and CSP reports arrive (they are dispatched after load).
        await EvaluateAsync("new Promise(r => setTimeout(() => r(1), 250))", awaitPromise: true);
    }

    public async Task<JsonNode?> EvaluateAsync(string expression, bool awaitPromise = false)
    {
        var r = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = awaitPromise,
        });
        if (r["exceptionDetails"] is JsonNode ex) throw new InvalidOperationException("page script failed: " + ex.ToJsonString());
        return r["result"]?["value"];
    }

    public async Task<string> EvaluateStringAsync(string expression) =>
        (await EvaluateAsync(expression))?.GetValue<string>() ?? "";

    /// <summary>One key press (keyDown + keyUp) as a person makes it: "Tab", "Enter", or "Shift+Tab".</summary>
    public async Task PressAsync(string key)
    {
        bool shift = key.StartsWith("Shift+", StringComparison.Ordinal);
        if (shift) key = key["Shift+".Length..];
        var (code, vk, text) = key switch
        {
            "Tab" => ("Tab", 9, (string?)null),
            "Enter" => ("Enter", 13, "\r"),
            " " => ("Space", 32, " "),
            _ => throw new ArgumentException("unsupported key " + key, nameof(key)),
        };
        var down = new JsonObject { ["type"] = "keyDown", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = vk, ["nativeVirtualKeyCode"] = vk, ["modifiers"] = shift ? 8 : 0 };
        if (text is not null) { down["text"] = text; down["unmodifiedText"] = text; }
        await SendAsync("Input.dispatchKeyEvent", down);
        await SendAsync("Input.dispatchKeyEvent", new JsonObject { ["type"] = "keyUp", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = vk, ["nativeVirtualKeyCode"] = vk, ["modifiers"] = shift ? 8 : 0 });
    }

    /// <summary>Presses Enter and waits for the page it submits or follows to load.</summary>
    public async Task PressEnterAndWaitForLoadAsync()
    {
        var loaded = Waiter("Page.loadEventFired");
        await PressAsync("Enter");
        await loaded.WaitAsync(TimeSpan.FromSeconds(60));
        await EvaluateAsync("new Promise(r => setTimeout(() => r(1), 250))", awaitPromise: true);
    }

    /// <summary>Runs <paramref name="expression"/> (a form submission, say) and waits for the page it leads to.</summary>
    public async Task RunAndWaitForLoadAsync(string expression)
    {
        var loaded = Waiter("Page.loadEventFired");
        await EvaluateAsync(expression);
        await loaded.WaitAsync(TimeSpan.FromSeconds(60));
        await EvaluateAsync("new Promise(r => setTimeout(() => r(1), 250))", awaitPromise: true);
    }

    /// <summary>Puts <paramref name="file"/> into the file input <paramref name="selector"/> (what choosing it in the dialog does).</summary>
    public async Task SetFileInputAsync(string selector, string file)
    {
        var doc = await SendAsync("DOM.getDocument", new JsonObject { ["depth"] = 0 });
        var node = await SendAsync("DOM.querySelector", new JsonObject { ["nodeId"] = doc["root"]!["nodeId"]!.GetValue<int>(), ["selector"] = selector });
        await SendAsync("DOM.setFileInputFiles", new JsonObject { ["files"] = new JsonArray(file), ["nodeId"] = node["nodeId"]!.GetValue<int>() });
    }

    /// <summary>Types text into the focused field (as the keyboard's text input would).</summary>
    public Task TypeAsync(string text) => SendAsync("Input.insertText", new JsonObject { ["text"] = text });

    /// <summary>From now on a file chooser opened by the page is not shown; <see cref="ChooseFileOnEnterAsync"/> answers it.</summary>
    public Task InterceptFileChoosersAsync() => SendAsync("Page.setInterceptFileChooserDialog", new JsonObject { ["enabled"] = true });

    /// <summary>Presses Enter on the focused file input and picks <paramref name="file"/> in the chooser it opens.</summary>
    public async Task ChooseFileOnEnterAsync(string file)
    {
        var opened = Waiter("Page.fileChooserOpened");
        await PressAsync("Enter");
        var e = await opened.WaitAsync(TimeSpan.FromSeconds(30));
        await SendAsync("DOM.setFileInputFiles", new JsonObject { ["files"] = new JsonArray(file), ["backendNodeId"] = e["backendNodeId"]!.GetValue<int>() });
    }

    public async Task ScreenshotAsync(string file)
    {
        var r = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        await File.WriteAllBytesAsync(file, Convert.FromBase64String(r["data"]!.GetValue<string>()));
    }

    private Task<JsonObject> Waiter(string method)
    {
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[method] = tcs;
        return tcs.Task;
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, bool session = true)
    {
        int id = Interlocked.Increment(ref _nextId);
        var msg = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session) msg["sessionId"] = _session;
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        var bytes = Encoding.UTF8.GetBytes(msg.ToJsonString());
        await _sendLock.WaitAsync();
        try { await _ws.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None); }
        finally { _sendLock.Release(); }
        var reply = await tcs.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (reply["error"] is JsonNode e) throw new InvalidOperationException($"{method}: {e.ToJsonString()}");
        return reply["result"] as JsonObject ?? new JsonObject();
    }

    private async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _ws.State == WebSocketState.Open)
            {
                var r = await _ws.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject;
                message.SetLength(0);
                if (node is null) continue;
                if (node["id"] is JsonNode idNode)
                {
                    if (_pending.TryRemove(idNode.GetValue<int>(), out var t)) t.TrySetResult(node);
                    continue;
                }
                var method = node["method"]?.GetValue<string>() ?? "";
                var p = node["params"] as JsonObject ?? new JsonObject();
                Record(method, p);
                if (_waiters.TryRemove(method, out var w)) w.TrySetResult(p);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        foreach (var t in _pending.Values) t.TrySetException(new InvalidOperationException("the DevTools connection closed"));
    }

    private void Record(string method, JsonObject p)
    {
        switch (method)
        {
            case "Runtime.consoleAPICalled":
            {
                var type = p["type"]?.GetValue<string>();
                if (type is "error" or "warning" or "assert")
                    Problems.Enqueue($"console.{type}: {p["args"]?.ToJsonString()}");
                break;
            }
            case "Runtime.exceptionThrown":
                Problems.Enqueue("uncaught exception: " + p["exceptionDetails"]?.ToJsonString());
                break;
            case "Log.entryAdded":
            {
                var e = p["entry"];
                var level = e?["level"]?.GetValue<string>();
                if (level is "error" or "warning")
                    Problems.Enqueue($"log {e?["source"]} {level}: {e?["text"]} {e?["url"]}");
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_ws.State == WebSocketState.Open)
                await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception) { }
        _ws.Dispose();
        try { await _reader.WaitAsync(TimeSpan.FromSeconds(2)); } catch (Exception) { }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception) { }
        _process.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
        Paths.DeleteQuietly(_profile);
    }
}
