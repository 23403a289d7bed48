using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PhdResolver.Registry;
using PhdResolver.Registry.Records;

namespace PhdResolver.Cli;

/// <summary>
/// The record lifecycle on the command line, the same registry operations as the API
/// (<see cref="RegistryAccess"/>: on the data directory, or through the running server):
/// <list type="bullet">
/// <item><c>phd edit PID [--name ..] [--homepage ..] ... [--identifier SCHEME=VALUE]... [--clear-identifiers] [--reason ..]</c>: a record revision;</item>
/// <item><c>phd withdraw PID --reason TEXT</c>: a tombstone (410), the metadata kept for citation;</item>
/// <item><c>phd move INSTANCE --to FACILITY [--keep-owner]</c>: old paths answer 301, the record IRI stays;</item>
/// <item><c>phd history PID [--format text|json]</c>: the audit history with actors (the CLI user is the administrator);</item>
/// <item><c>phd relate VERSION --work DOI|URL --relation used-by|described-in --title T [--year Y] [--kind dataset|publication]</c>,
/// and <c>phd relate VERSION --remove --work DOI|URL [--relation R] [--reason T]</c>.</item>
/// </list>
/// Exit codes: 0 done, 1 refused (the registry's message), 2 usage, 70 a running server that does not answer.
/// </summary>
internal static class RecordCommands
{
    private const string Actor = "cli";

    private static Option<string> Data() => new("--data") { Description = "the registry's data directory", DefaultValueFactory = _ => "./data" };

    public static IEnumerable<Command> Create()
    {
        yield return Edit();
        yield return Withdraw();
        yield return Move();
        yield return History();
        yield return Relate();
    }

    private static Command Relate()
    {
        var data = Data();
        var version = new Argument<string>("version") { Description = "the configuration version (…/c<N> path or phd: accession)" };
        var work = new Option<string>("--work") { Description = "the dataset's or publication's DOI or URL", Required = true };
        var relation = new Option<string?>("--relation") { Description = "used-by (acquired on it) or described-in; with --remove only needed when the work is linked both ways" };
        var title = new Option<string?>("--title") { Description = "the work's title (nothing is looked up)" };
        var year = new Option<int?>("--year") { Description = "the work's publication year" };
        var kind = new Option<string?>("--kind") { Description = "dataset or publication (default: dataset for used-by, publication for described-in)" };
        var remove = new Option<bool>("--remove") { Description = "unlink the work instead (the audit log keeps what was removed)" };
        var reason = new Option<string?>("--reason") { Description = "with --remove: why (kept in the audit log)" };
        var cmd = new Command("relate", "Link a dataset or publication to a configuration version (\"Used in\" on its page), or unlink it with --remove")
            { version, data, work, relation, title, year, kind, remove, reason };
        cmd.SetAction(pr =>
        {
            string target = pr.GetValue(version)!;
            if (pr.GetValue(remove))
            {
                if (pr.GetValue(title) is not null || pr.GetValue(year) is not null || pr.GetValue(kind) is not null)
                    return Exit.Fail("--remove names the link by --work (and --relation); --title, --year and --kind describe a new link", Exit.Usage);
                string? identifier = pr.GetValue(work), rel = pr.GetValue(relation), why = pr.GetValue(reason);
                return RegistryAccess.Run(pr.GetValue(data)!, reg =>
                {
                    var w = reg.RemoveRelatedWork(target, identifier, rel, why, Actor);
                    Console.Error.WriteLine($"phd: {w.Identifier} ({w.Relation}) unlinked from {target}");
                    return 0;
                }, server =>
                {
                    var j = server.Send(HttpMethod.Post, "api/records/" + RegistryAccess.PathOf(target) + "/related/remove", new { identifier, relation = rel, reason = why });
                    Console.Error.WriteLine($"phd: {j.GetProperty("identifier").GetString()} ({j.GetProperty("relation").GetString()}) unlinked from {j.GetProperty("path").GetString()}");
                    return 0;
                });
            }
            if (pr.GetValue(relation) is null || pr.GetValue(title) is null)
                return Exit.Fail("a new link needs --relation (used-by or described-in) and --title", Exit.Usage);
            if (pr.GetValue(reason) is not null) return Exit.Fail("--reason goes with --remove (a new link is its own reason)", Exit.Usage);
            var input = new RelatedWorkInput { Identifier = pr.GetValue(work), Relation = pr.GetValue(relation), Title = pr.GetValue(title), Year = pr.GetValue(year), Kind = pr.GetValue(kind) };
            return RegistryAccess.Run(pr.GetValue(data)!, reg =>
            {
                var w = reg.AddRelatedWork(target, input, Actor);
                Console.Error.WriteLine($"phd: {w.Identifier} linked to {target} ({w.Relation}, {w.Kind})");
                return 0;
            }, server =>
            {
                var j = server.Send(HttpMethod.Post, "api/records/" + RegistryAccess.PathOf(target) + "/related", input);
                Console.Error.WriteLine($"phd: {j.GetProperty("identifier").GetString()} linked to {j.GetProperty("path").GetString()} ({j.GetProperty("relation").GetString()}, {j.GetProperty("kind").GetString()})");
                return 0;
            });
        });
        return cmd;
    }

    private static Command Edit()
    {
        var data = Data();
        var pid = new Argument<string>("pid") { Description = "the facility, model or instrument (PID or path)" };
        var fields = new (string Name, Option<string?> Option)[]
        {
            ("name", new("--name") { Description = "the record's name" }),
            ("homepage", new("--homepage") { Description = "facility: its homepage (http/https); \"\" clears" }),
            ("contact", new("--contact") { Description = "facility: contact (free text); \"\" clears" }),
            ("city", new("--city") { Description = "facility: city" }),
            ("country", new("--country") { Description = "facility: country (ISO 3166 code)" }),
            ("manufacturer", new("--manufacturer") { Description = "model or instrument: manufacturer" }),
            ("modality", new("--modality") { Description = "model: modality (confocal, widefield, ...)" }),
            ("description", new("--description") { Description = "instrument: description" }),
            ("commissioned", new("--commissioned") { Description = "instrument: commissioning date (yyyy-MM-dd); \"\" clears" }),
        };
        var ids = new Option<string[]>("--identifier") { Description = "SCHEME=VALUE (RRID, ROR, Wikidata, DOI, Handle, serial, inventory); repeatable; replaces the list" };
        var clearIds = new Option<bool>("--clear-identifiers") { Description = "remove every external identifier" };
        var reason = new Option<string?>("--reason") { Description = "why (kept in the audit log)" };
        var cmd = new Command("edit", "Edit a record's metadata (a new record revision; descriptor versions never change)") { pid, data, ids, clearIds, reason };
        foreach (var (_, o) in fields) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            string? Get(string name) => pr.GetValue(fields.First(f => f.Name == name).Option);
            List<IdentifierInput>? list = null;
            if (pr.GetValue(ids) is { Length: > 0 } given)
            {
                list = [];
                foreach (var g in given)
                {
                    int eq = g.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) return Exit.Fail($"--identifier: '{g}' is not SCHEME=VALUE (e.g. ROR=03vek6s52)", Exit.Usage);
                    list.Add(new IdentifierInput { Scheme = g[..eq], Value = g[(eq + 1)..] });
                }
            }
            if (pr.GetValue(clearIds))
            {
                if (list is not null) return Exit.Fail("--clear-identifiers and --identifier together: give the new list only", Exit.Usage);
                list = [];
            }
            var edit = new RecordEdit
            {
                Name = Get("name"), Homepage = Get("homepage"), Contact = Get("contact"), City = Get("city"), Country = Get("country"),
                Manufacturer = Get("manufacturer"), Modality = Get("modality"), Description = Get("description"), Commissioned = Get("commissioned"),
                Identifiers = list, Reason = pr.GetValue(reason),
            };
            string target = pr.GetValue(pid)!;
            return RegistryAccess.Run(pr.GetValue(data)!, reg =>
            {
                var r = reg.EditRecord(target, edit, Actor);
                return Edited(r.Pid.ToString(), r.Revision, r.Changed);
            }, server =>
            {
                var j = server.Send(HttpMethod.Patch, "api/records/" + RegistryAccess.PathOf(target), edit);
                return Edited(j.GetProperty("pid").GetString()!, j.GetProperty("revision").GetInt32(), [.. j.GetProperty("changed").EnumerateArray().Select(x => x.GetString()!)]);
            });
        });
        return cmd;
    }

    private static int Edited(string pid, int revision, IReadOnlyList<string> changed)
    {
        Console.Error.WriteLine(changed.Count == 0
            ? $"phd: {pid} unchanged (revision {revision}); nothing written"
            : $"phd: {pid} is now at revision {revision} ({string.Join(", ", changed)} changed)");
        return 0;
    }

    private static Command Withdraw()
    {
        var data = Data();
        var pid = new Argument<string>("pid") { Description = "the facility, model, instrument or configuration version (PID or path)" };
        var reason = new Option<string>("--reason") { Description = "why it is withdrawn (shown on the tombstone page)", Required = true };
        var cmd = new Command("withdraw", "Withdraw a record: it answers 410 with a tombstone that keeps its citation") { pid, data, reason };
        cmd.SetAction(pr =>
        {
            string target = pr.GetValue(pid)!, why = pr.GetValue(reason)!;
            return RegistryAccess.Run(pr.GetValue(data)!, reg =>
            {
                var path = reg.Resolver.Resolve(target).Location;
                var t = reg.Withdraw(target, why, Actor);
                Console.Error.WriteLine($"phd: {path ?? target} withdrawn ({t.Reason}); it answers 410 with its tombstone");
                return 0;
            }, server =>
            {
                var j = server.Send(HttpMethod.Post, "api/records/" + RegistryAccess.PathOf(target) + "/withdraw", new { reason = why });
                Console.Error.WriteLine($"phd: {j.GetProperty("path").GetString()} withdrawn ({j.GetProperty("reason").GetString()}); it answers 410 with its tombstone");
                return 0;
            });
        });
        return cmd;
    }

    private static Command Move()
    {
        var data = Data();
        var pid = new Argument<string>("instance") { Description = "the instrument (PID or path)" };
        var to = new Option<string>("--to") { Description = "the facility it moves to", Required = true };
        var keepOwner = new Option<bool>("--keep-owner") { Description = "a loan: the owner stays the old facility" };
        var cmd = new Command("move", "Move an instrument to another facility (old paths answer 301; its IRI stays)") { pid, data, to, keepOwner };
        cmd.SetAction(pr =>
        {
            string target = pr.GetValue(pid)!, facility = pr.GetValue(to)!;
            bool transfer = !pr.GetValue(keepOwner);
            return RegistryAccess.Run(pr.GetValue(data)!, reg =>
            {
                var old = reg.Resolver.Resolve(target).Location;
                var i = reg.MoveInstance(target, facility, Actor, transfer);
                Console.Error.WriteLine($"phd: moved {i.Pid} to {i.Facility}: {old} answers 301 to {Registry.Resolution.Paths.Of(i)}");
                return 0;
            }, server =>
            {
                var j = server.Send(HttpMethod.Post, "api/records/" + RegistryAccess.PathOf(target) + "/move", new { facility, transferOwnership = transfer });
                Console.Error.WriteLine($"phd: moved {j.GetProperty("pid").GetString()} to {j.GetProperty("to").GetString()}; its path is now {j.GetProperty("path").GetString()}");
                return 0;
            });
        });
        return cmd;
    }

    private static Command History()
    {
        var data = Data();
        var pid = new Argument<string>("pid") { Description = "the record (PID or path)" };
        var format = new Option<string>("--format") { Description = "text (one line per change) or json", DefaultValueFactory = _ => "text" };
        var cmd = new Command("history", "Show a record's audit history (who, when, what, why), newest first") { pid, data, format };
        cmd.SetAction(pr =>
        {
            string target = pr.GetValue(pid)!, f = pr.GetValue(format)!;
            if (f is not ("text" or "json")) return Exit.Fail($"--format: '{f}' is not text or json", Exit.Usage);
            return RegistryAccess.Run(pr.GetValue(data)!, reg =>
            {
                var h = reg.History(target, withActors: true);
                var entries = h.Entries.Select(e => new Entry(e.Time, e.Action, e.Target, e.Actor, e.Details)).ToList();
                return Print(entries, f, h.Record.Pid.ToString());
            }, server =>
            {
                var j = server.Send(HttpMethod.Get, "api/records/" + RegistryAccess.PathOf(target) + "/history");
                var entries = j.GetProperty("entries").EnumerateArray().Select(e => new Entry(e.GetProperty("time").GetDateTimeOffset(), e.GetProperty("action").GetString()!,
                    e.GetProperty("target").GetString()!, e.GetProperty("actor").GetString(),
                    e.GetProperty("details").Deserialize<Dictionary<string, string?>>() ?? [])).ToList();
                return Print(entries, f, j.GetProperty("pid").GetString()!);
            });
        });
        return cmd;
    }

    private sealed record Entry(DateTimeOffset Time, string Action, string Target, string? Actor, IReadOnlyDictionary<string, string?> Details);

    private static int Print(List<Entry> entries, string format, string pid)
    {
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                pid,
                entries = entries.Select(e => new { time = e.Time, action = e.Action, target = e.Target, actor = e.Actor, details = e.Details }),
            }));
            return 0;
        }
        Console.WriteLine("time\taction\ttarget\tactor\tdetails");
        foreach (var e in entries)
            Console.WriteLine(string.Join('\t', e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.Action, e.Target, e.Actor ?? "-",
                string.Join("; ", e.Details.Where(d => d.Value is not null).Select(d => d.Key + "=" + d.Value!.ReplaceLineEndings(" ").Replace('\t', ' ')))));
        return 0;
    }
}
