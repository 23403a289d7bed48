// Plain FILE URL CONTENT_TYPE: answers every GET with the bytes of FILE — the ceiling for a Kestrel app serving that page.
var bytes = await File.ReadAllBytesAsync(args[0]);
string contentType = args.Length > 2 ? args[2] : "text/html; charset=utf-8";
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(args[1]);
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.Run(ctx =>
{
    ctx.Response.ContentType = contentType;
    ctx.Response.ContentLength = bytes.Length;
    return ctx.Response.Body.WriteAsync(bytes).AsTask();
});
await app.RunAsync();
