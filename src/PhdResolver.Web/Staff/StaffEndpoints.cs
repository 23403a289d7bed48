using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Validation;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Staff;

/// <summary>
/// The staff web UI under /staff: server-rendered forms, no script. Signing in (a token, or a one-time
/// link from <c>phd token create</c>) starts a <see cref="StaffSession"/>; every page needs one
/// (<see cref="PhdAuth.StaffPolicy"/>), every form post carries an antiforgery token checked before the
/// handler runs, and every write is the same registry call the API makes, authorized by the same
/// policies (<see cref="PhdAuth.FacilityPolicy"/>). A refusal is a problem page and writes nothing.
/// Registering a configuration is two steps: the preview validates the upload and writes nothing; the
/// commit re-reads and re-validates the stashed upload (<see cref="PreviewStash"/>).
/// </summary>
internal static class StaffEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup(PhdAuth.StaffPath).AddEndpointFilter(NoStoreAndCsrf).RequireRateLimiting(WebApp.StaffPolicy);
        var open = staff.MapGroup("");
        var signedIn = staff.MapGroup("").RequireAuthorization(PhdAuth.StaffPolicy);

        open.MapGet("/sign-in", async (HttpContext ctx) =>
        {
            if (await SessionToken(ctx) is not null) return Results.Redirect(ReturnPath(ctx.Request.Query["return"]), permanent: false);
            return SignIn(ctx, 200, ReturnPath(ctx.Request.Query["return"]), null,
                ctx.Request.Query.ContainsKey("ended") ? "Your session ended: its token expired or was revoked. Sign in with a valid token." : null);
        });

        open.MapPost("/sign-in", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            string back = ReturnPath(form["return"]);
            var check = host.Registry.Authenticate(form["token"].ToString().Trim());
            if (!check.IsValid)
                return SignIn(ctx, 401, back, "Not signed in: " + TokenRefusal.Detail(check) + ".", null);
            await StaffSession.SignInAsync(ctx, check.Token!);
            return SeeOther(back);
        });

        open.MapGet("/sign-in/link", (HttpContext ctx, SignInLinks links) =>
        {
            string code = ctx.Request.Query["code"].ToString();
            var id = links.Peek(code, out var error);
            if (id is null) return Problems.Result(400, error, "Sign-in link not usable");
            var csrf = Antiforgery(ctx);
            return Send(Pages.Staff.SignInLink.Create(new SignInLinkPage(code, csrf.FormFieldName, csrf.RequestToken!)));
        });

        open.MapPost("/sign-in/link", async (HttpContext ctx, SignInLinks links, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var id = links.Consume(form["code"], out var error);
            if (id is null) return Problems.Result(400, error, "Sign-in link not usable");
            var check = TokenRefusal.ById(host.Registry, id);
            if (!check.IsValid) return Problems.Result(401, "not signed in: " + TokenRefusal.Detail(check));
            await StaffSession.SignInAsync(ctx, check.Token!);
            return SeeOther(PhdAuth.StaffPath);
        });

        signedIn.MapPost("/sign-out", async (HttpContext ctx) =>
        {
            await StaffSession.SignOutAsync(ctx);
            return Send(Pages.Staff.SignedOut.Create());
        });

        ManageEndpoints.Map(signedIn);

        signedIn.MapGet("/", (HttpContext ctx, RegistryHost host) =>
            Send(Pages.Staff.Dashboard.Create(StaffPages.Dashboard(Frame(ctx), ctx.User.Token()!, host.Registry))));

        signedIn.MapGet("/register", async (HttpContext ctx, RegistryHost host) =>
        {
            var instance = await WritableInstance(ctx, host, ctx.Request.Query["instance"]);
            if (instance.Problem is { } p) return p;
            return Send(Pages.Staff.Upload.Create(new UploadPage(Frame(ctx), instance.Record!, null, StaffPages.Tiers)));
        });

        signedIn.MapPost("/register/preview", async (HttpContext ctx, RegistryHost host, WebOptions o, PreviewStash stash) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var instance = await WritableInstance(ctx, host, form["instance"]);
            if (instance.Problem is { } p) return p;
            if (!int.TryParse(form["tier"], NumberStyles.None, CultureInfo.InvariantCulture, out int tier) || tier is < DescriptorValidation.MinTier or > DescriptorValidation.MaxTier)
                return Problems.Result(400, "choose the tier the configuration is declared at: 1, 2 or 3");
            var file = form.Files["file"];
            if (file is null || file.Length == 0) return Problems.Result(400, "choose a file to upload (Micro-Meta App JSON, Turtle, JSON-LD, TriG, N-Triples, N-Quads or RDF/XML)");
            if (file.Length > o.MaxRequestBodyBytes) return Problems.Result(413, $"the file ({file.Length} bytes) is larger than the limit of {o.MaxRequestBodyBytes} bytes");
            string name = Path.GetFileName(file.FileName);
            string text;
            using (var ms = new MemoryStream((int)file.Length))
            {
                await file.CopyToAsync(ms, ctx.RequestAborted);
                try { text = PhdResolver.Rdf.StrictUtf8.Decode(ms.GetBuffer().AsSpan(0, (int)ms.Length)); }
                catch (PhdResolver.Rdf.InvalidUtf8Exception e) { return Problems.Result(400, $"{name} is not valid UTF-8: {e.Message}"); }
            }
            if (!DescriptorInput.TryFormatOfFile(name, text, out var format))
                return Problems.Result(415, $"cannot tell what {name} is from its name: upload a Micro-Meta App file (.json) or RDF (.ttl, .jsonld, .trig, .nt, .nq, .rdf)");
            var parsed = DescriptorInput.Parse(text, format);
            if (parsed.Data is null) return Refused(parsed);
            var report = await Validate(ctx, o, ct => RegistryService.Validate(parsed.Data, tier, null, ct));
            if (report.Problem is { } late) return late;
            var upload = new PreviewStash.Upload(ctx.User.Token()!.Id, instance.Record!.Pid.ToString(), tier, name, format, text, o.Clock.GetUtcNow());
            string id = stash.Put(upload);
            var components = MethodsParagraph.Components(parsed.Data, RegistryService.Ontology);
            return Send(Pages.Staff.Preview.Create(new PreviewPage(Frame(ctx), instance.Record, upload.FileName, upload.Format is { } f ? f.ToString() : "Micro-Meta App JSON", upload.Tier, report.Value!, components, id)));
        });

        signedIn.MapPost("/register", async (HttpContext ctx, RegistryHost host, WebOptions o, PreviewStash stash) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            string id = form["preview"].ToString();
            var upload = stash.Take(id, ctx.User.Token()!.Id);
            if (upload is null) return Problems.Result(409, "this preview is no longer available (previews last 30 minutes and register once); upload the file again", "Preview expired");
            // Nothing from the preview is trusted: the token's right to the instrument, the file and its validity are checked again.
            var instance = await WritableInstance(ctx, host, upload.Instance);
            if (instance.Problem is { } p) return p;
            var parsed = DescriptorInput.Parse(upload.Text, upload.Format);
            if (parsed.Data is null) return Refused(parsed);
            // A descriptor about other records (RegistryException with subjects) is answered by the error table (Problems.Of).
            var r = await Validate(ctx, o, ct => host.Registry.SubmitValidated(instance.Record!.Pid.ToString(), parsed.Data, upload.Tier, ctx.User.Token()!.Actor, ct));
            if (r.Problem is { } late) { stash.Restore(id, upload); return late; }
            var submission = r.Value!;
            if (submission.Version is not { } v)
                return Problems.Result(422, $"the descriptor does not meet the MUST constraints of tier {upload.Tier} ({submission.Report.ViolationCount} violations; it conforms at tier {submission.Report.ConformsAt}); nothing was registered",
                    "Descriptor rejected");
            string path = Paths.Of(instance.Record!, v.Number);
            return Send(Pages.Staff.Registered.Create(new RegisteredPage(Frame(ctx), instance.Record!, v, path, submission.Created)), submission.Created ? 201 : 200,
                submission.Created ? res => res.Headers.Location = path : null);
        });

        signedIn.MapGet("/withdraw", async (HttpContext ctx, RegistryHost host) =>
        {
            var target = await WritableRecord(ctx, host, ctx.Request.Query["pid"]);
            if (target.Problem is { } p) return p;
            return Send(Pages.Staff.Withdraw.Create(new WithdrawPage(Frame(ctx), target.Pid!, target.Title!, RecordPages.LevelName(target.Level))));
        });

        signedIn.MapPost("/withdraw", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var target = await WritableRecord(ctx, host, form["pid"]);
            if (target.Problem is { } p) return p;
            string reason = form["reason"].ToString().Trim();
            if (reason.Length == 0) return Problems.Result(400, "give the reason for withdrawing (it is shown on the tombstone page)");
            if (reason.Length > 1000) return Problems.Result(400, "the reason is longer than 1000 characters");
            var t = host.Registry.Withdraw(target.Pid!, reason, ctx.User.Token()!.Actor);
            return Send(Pages.Staff.Withdrawn.Create(new WithdrawnPage(Frame(ctx), target.Title!, target.Path!, t)));
        });

        signedIn.MapGet("/move", async (HttpContext ctx, RegistryHost host) =>
        {
            var instance = await WritableInstance(ctx, host, ctx.Request.Query["instance"]);
            if (instance.Problem is { } p) return p;
            var i = instance.Record!;
            var reg = host.Registry;
            FacilityRecord[] destinations = [.. reg.Facilities.Where(f => f.Tombstone is null && f.Pid != i.Facility).OrderBy(f => f.Name, StringComparer.Ordinal)];
            return Send(Pages.Staff.Move.Create(new MovePage(Frame(ctx), i, reg.GetFacility(i.Facility)?.Name ?? i.Facility.ToString(), destinations)));
        });

        signedIn.MapPost("/move", async (HttpContext ctx, RegistryHost host) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var instance = await WritableInstance(ctx, host, form["instance"]);
            if (instance.Problem is { } p) return p;
            string to = form["facility"].ToString().Trim();
            var target = PidParser.TryParsePid(to, out var tp, out _, out _) ? host.Registry.GetFacility(tp) : null;
            if (target is null) return Problems.Result(404, $"'{to}' is not a registered facility; nothing was moved");
            // Moving into a facility acts for it too: the receiving facility's token (or an administrator's) is needed.
            if (!await PhdAuth.MayActForAsync(ctx, target.Pid.ToString()))
                return Problems.Result(403, $"this token may not move instruments into {target.Name}: that facility's token (or an administrator's) is needed; nothing was moved");
            bool loan = form["loan"] == "on";
            var moved = host.Registry.MoveInstance(instance.Record!.Pid.ToString(), target.Pid.ToString(), ctx.User.Token()!.Actor, transferOwnership: !loan);
            return Send(Pages.Staff.Moved.Create(new MovedPage(Frame(ctx), moved, Paths.Of(moved), target)));
        });

        SettingsForms.Map(signedIn);
        TokenForms.Map(signedIn);
    }

    // ------------------------------------------------------------------ helpers

    private static async ValueTask<object?> NoStoreAndCsrf(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var http = ctx.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
                return Problems.Result(400, "the form's CSRF token is missing or does not match this session (forms work only from this site's pages); reload the page and submit it again. Nothing was done",
                    "CSRF check failed");
        }
        return await next(ctx);
    }

    /// <summary>The token of the request's staff session, for pages open to everyone (the sign-in page).</summary>
    private static async Task<PhdResolver.Registry.Tokens.ApiToken?> SessionToken(HttpContext ctx) =>
        (await ctx.AuthenticateAsync(PhdAuth.Cookie)).Principal?.Token();

    /// <summary>A local path under /staff to return to after signing in (never another site: no open redirect).</summary>
    private static string ReturnPath(string? back) =>
        back is { Length: > 0 } && back.StartsWith(PhdAuth.StaffPath, StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal)
            && !back.Contains('\\', StringComparison.Ordinal) && back.Length < 2000 ? back : PhdAuth.StaffPath;

    internal static IResult SeeOther(string path) => new SeeOtherResult(path);

    private sealed record SeeOtherResult(string Location) : IResult
    {
        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
            ctx.Response.Headers.Location = Location;
            return Task.CompletedTask;
        }
    }

    private static IResult SignIn(HttpContext ctx, int status, string back, string? error, string? notice)
    {
        var csrf = Antiforgery(ctx);
        return Send(Pages.Staff.SignIn.Create(new SignInPage(back, error, notice, csrf.FormFieldName, csrf.RequestToken!)), status);
    }

    private static AntiforgeryTokenSet Antiforgery(HttpContext ctx) => ctx.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(ctx);

    /// <summary>The signed-in token and the CSRF field every staff page's forms carry.</summary>
    internal static StaffFrame Frame(HttpContext ctx)
    {
        var token = ctx.User.Token()!;
        var csrf = Antiforgery(ctx);
        return new StaffFrame(token.Id, token.IsAdmin, csrf.FormFieldName, csrf.RequestToken!);
    }

    /// <summary>A staff page written as a slice: never stored (the filter set no-store), one representation (no Vary: Accept).</summary>
    internal static IResult Send(RazorSlices.RazorSlice page, int status = 200, Action<HttpResponse>? headers = null) =>
        Slices.Send(page, varyAccept: false, headers: headers, status: status);

    private static IResult Refused(DescriptorInput.Parsed p)
    {
        // Line and column in the sentence too: the HTML problem page shows the detail first.
        string where = p.Extensions is { } x && x.TryGetValue("line", out var l) && x.TryGetValue("column", out var c) ? $" (line {l}, column {c})" : "";
        return Problems.Result(p.Status, p.Detail + where + "; nothing was registered", extensions: p.Extensions);
    }

    private sealed record Outcome<T>(T? Value, IResult? Problem);

    /// <summary>Validation (and the write it gates) off the request threads, under the validation deadline, as the API does.</summary>
    private static async Task<Outcome<T>> Validate<T>(HttpContext ctx, WebOptions o, Func<CancellationToken, T> work)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        cts.CancelAfter(o.ValidationTimeout);
        try { return new(await ctx.RequestServices.GetRequiredService<WorkQueue>().RunAsync(work, cts.Token), null); }
        catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested)
        {
            return new(default, Problems.Result(503, $"validating the file took longer than the limit of {o.ValidationTimeout.TotalSeconds:0.###} s; nothing was written. Try again later", "Validation timeout"));
        }
    }

    private sealed record Writable(InstanceRecord? Record, IResult? Problem);

    /// <summary>A live instrument the session's token may act for, or the refusal (400/404/410/403).</summary>
    private static async Task<Writable> WritableInstance(HttpContext ctx, RegistryHost host, string? pid)
    {
        if (string.IsNullOrWhiteSpace(pid)) return new(null, Problems.Result(400, "name the instrument (its PID)"));
        if (!PidParser.TryParsePid(pid.Trim(), out var p, out _, out var error)) return new(null, Problems.Result(400, "not a PID: " + error));
        var i = host.Registry.GetInstance(p);
        if (i is null) return new(null, Problems.Result(404, $"no instrument has the PID {p}"));
        if (i.Tombstone is not null) return new(null, Problems.Result(410, $"{i.Name} ({i.Pid}) was withdrawn; it cannot be changed"));
        if (!await PhdAuth.MayActForAsync(ctx, i.Facility.ToString()))
            return new(null, Problems.Result(403, $"this token may not act for the facility holding {i.Name} ({i.Facility}); nothing was done"));
        return new(i, null);
    }

    private sealed record Target(string? Pid, string? Title, string? Path, PidLevel Level, IResult? Problem);

    /// <summary>A record (facility, model, instrument or configuration version) the token may withdraw, or the refusal.</summary>
    private static async Task<Target> WritableRecord(HttpContext ctx, RegistryHost host, string? pid)
    {
        if (string.IsNullOrWhiteSpace(pid)) return new(null, null, null, default, Problems.Result(400, "name the record (its PID or path)"));
        var r = host.Registry.Resolver.Resolve(pid.Trim());
        if (r.Status is ResolutionStatus.Invalid) return new(null, null, null, default, Problems.Result(400, r.Error));
        if (r.Status is ResolutionStatus.NotFound || r.Level is not { } level) return new(null, null, null, default, Problems.Result(404, r.Error ?? "not found"));
        if (r.Tombstone is not null) return new(null, null, null, level, Problems.Result(410, "this record was already withdrawn"));
        var instance = r.Instance ?? (r.Version is { } v ? host.Registry.GetInstance(v.Instance) : null);
        // The facility that answers for the record; models belong to no facility, so only an administrator withdraws them.
        string? facility = level switch
        {
            PidLevel.Facility => r.Facility?.Pid.ToString(),
            PidLevel.Model => null,
            _ => instance?.Facility.ToString(),
        };
        if (!await PhdAuth.MayActForAsync(ctx, facility))
            return new(null, null, null, level, Problems.Result(403, level == PidLevel.Model
                ? "instrument models are shared by all facilities: only an administrator token may withdraw one; nothing was done"
                : "this token may not act for the facility this record belongs to; nothing was done"));
        var (key, title) = level switch
        {
            PidLevel.Facility => (r.Facility!.Pid.ToString(), r.Facility.Name),
            PidLevel.Model => (r.Model!.Pid.ToString(), r.Model.Name),
            PidLevel.Instance => (instance!.Pid.ToString(), instance.Name),
            PidLevel.Settings => (r.Settings!.Pid.ToString(), r.Settings.Name),
            _ => (r.Version!.Pid.ToString(), $"{instance?.Name} c{r.Version.Number.ToString(CultureInfo.InvariantCulture)}"),
        };
        return new(key, title, r.Location, level, null);
    }
}
