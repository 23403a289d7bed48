using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using RazorSlices;

namespace PhdResolver.Web.Infrastructure;

/// <summary>What the layout (<c>Pages/Layout.cshtml</c>) needs from a page: its title and meta description.</summary>
/// <param name="Description">The meta description (search engines' snippet); a generic one naming the title when null.</param>
public sealed record PageHead(string Title, string? Description = null)
{
    /// <summary>The description the page's meta element carries (<see cref="Html.Describe"/>).</summary>
    public string MetaDescription => Html.Describe(Title, Description);
}

/// <summary>
/// Renders pages written as Razor slices (RazorSlices, <c>Pages/*.cshtml</c>) and sends them through
/// <see cref="Representation"/>, so an HTML page gets the same strong ETag, Last-Modified and 304 as every
/// other representation.
/// </summary>
/// <remarks>
/// Why RazorSlices rather than RazorComponentResult: slices render straight to a buffer with no component
/// tree, renderer, dispatcher or DI scope per request, so a page costs about what the StringBuilder did
/// (bench/http, uncached); and the templates stay plain Razor with <c>@expr</c> HTML-encoded by default.
/// Raw markup reaches a page only as an <see cref="HtmlString"/> built by <see cref="Fragment"/> (another
/// slice, already encoded) or <see cref="JsonLdScript.Block"/> (a JSON data block, escaped for its context).
/// </remarks>
internal static class Slices
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>The page as an IResult: rendered when the response is written, then sent with validators.</summary>
    public static IResult Send(RazorSlice page, DateTimeOffset? lastModified = null, bool varyAccept = true, Action<HttpResponse>? headers = null, int status = 200) =>
        new SliceResult(page, lastModified, varyAccept, headers, status);

    /// <summary>The page's UTF-8 bytes (the whole body: the ETag is computed from them before anything is sent).</summary>
    public static async ValueTask<byte[]> RenderAsync(RazorSlice page, CancellationToken ct = default)
    {
        using var buffer = new PooledPipeWriter();
        await page.RenderAsync(buffer, HtmlEncoder.Default, ct);
        return buffer.Written.ToArray();
    }

    /// <summary>
    /// A PipeWriter into one pooled array. The page is held whole in memory anyway (its ETag is computed before
    /// sending), so writing there directly skips what a stream-backed pipe costs per page: its segments, the copies
    /// into a MemoryStream and that stream's zeroed growth (16, 32, then 64 KB for a 35 KB landing page).
    /// </summary>
    private sealed class PooledPipeWriter : PipeWriter, IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _length;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public override void Advance(int bytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bytes);
            if (bytes > _buffer.Length - _length) throw new InvalidOperationException("advanced past the memory given");
            _length += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _buffer.AsMemory(_length);
        }

        public override Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _buffer.AsSpan(_length);
        }

        private void Reserve(int sizeHint)
        {
            int need = Math.Max(sizeHint, 1);
            if (_buffer.Length - _length >= need) return;
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + need));
            Written.CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        // Nothing to flush to: the bytes are read from Written once the render has completed.
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
            new(new FlushResult(isCanceled: false, isCompleted: false));

        public override void CancelPendingFlush() { }

        public override void Complete(Exception? exception = null) { }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
    }

    /// <summary>
    /// A slice rendered to markup for embedding in another page (e.g. a memoised section). The slice
    /// encoded its own values, so its output is safe markup. Slices here do no I/O: rendering completes
    /// synchronously, and a slice that awaited real work would be a bug caught by the first test.
    /// </summary>
    public static HtmlString Fragment(RazorSlice slice)
    {
        using var w = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var render = slice.RenderAsync(w, HtmlEncoder.Default);
        if (!render.IsCompleted) throw new InvalidOperationException("a page fragment must render synchronously");
        render.GetAwaiter().GetResult();
        return new HtmlString(w.ToString());
    }

    /// <summary><see cref="Fragment"/> memoised under <paramref name="key"/> (which must name every input of the slice).</summary>
    public static HtmlString Memo(Records.DescriptorMemo memo, string key, Func<RazorSlice> slice) =>
        new(memo.Text(key, () => Fragment(slice()).Value!));

    /// <summary>
    /// Renders a page into a writer on a worker thread that streams the response (the SPARQL results page:
    /// rows are evaluated as the table is written). Blocks only if the writer does.
    /// </summary>
    public static void Write(TextWriter writer, RazorSlice page)
    {
        using (page)
        {
            var render = page.RenderAsync(writer, HtmlEncoder.Default);
            if (render.IsCompleted) render.GetAwaiter().GetResult();
            else render.AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed record SliceResult(RazorSlice Page, DateTimeOffset? LastModified, bool VaryAccept, Action<HttpResponse>? Headers, int Status) : IResult
    {
        public async Task ExecuteAsync(HttpContext ctx)
        {
            byte[] body;
            using (Page) body = await RenderAsync(Page, ctx.RequestAborted);
            await Representation.Send(body, HtmlContentType, LastModified, VaryAccept, Headers, Status).ExecuteAsync(ctx);
        }
    }
}
