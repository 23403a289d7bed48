using System.Globalization;
using System.Reflection;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Storage;
using static PhdResolver.Registry.Tests.TestRegistry;

namespace PhdResolver.Registry.Tests;

/// <summary>
/// <see cref="RegistryService.WriteBatch"/>: the same records as single registrations, all or nothing, invisible
/// to readers until committed, and a refusal that names the record.
/// </summary>
public sealed class BatchTests
{
    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }

    private static readonly Lazy<string> Confocal = new(() => File.ReadAllText(Path.Combine(Root(), "src", "PhdResolver.Web", "Demo", "confocal-1-c1.ttl")));

    private static Dataset Descriptor(int i) =>
        Dataset.Parse(Confocal.Value.Replace("Confocal 1 (room B2.114)", "Batch confocal " + i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), RdfFormat.Turtle);

    private static NewInstance Instance(int i, string facility = "ref:f", string model = "ref:m") => new()
    {
        Identifier = "doi:10.5072/batch." + i.ToString(CultureInfo.InvariantCulture),
        Name = "Batch confocal " + i.ToString(CultureInfo.InvariantCulture),
        Facility = facility, Model = model, Description = "instrument " + i.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A facility without external PID (minted, referenced by key), a model, and <paramref name="n"/> instruments with one configuration each.</summary>
    private static List<BatchItem> Items(int n, string model = M)
    {
        var items = new List<BatchItem>
        {
            new BatchFacility { Position = "facilities/f.json", Key = "f", Input = new NewFacility { Name = "Batch Imaging Core", City = "Heidelberg", Country = "DE" } },
            new BatchModel { Position = "models/m.json", Key = "m", Input = new NewModel { Rrid = model, Name = "LSM 980", Manufacturer = "Zeiss", Modality = "confocal" } },
        };
        for (int i = 0; i < n; i++)
        {
            string key = "i" + i.ToString(CultureInfo.InvariantCulture);
            items.Add(new BatchInstance { Position = $"instances/{key}.json", Key = key, Input = Instance(i) });
            items.Add(new BatchDescriptor { Position = $"descriptors/{key}.ttl", Instance = "ref:" + key, Graph = Descriptor(i), Tier = 1 });
        }
        return items;
    }

    /// <summary>Everything a write leaves behind that the tests compare: rows, quads, audit, search generation.</summary>
    private static (int Facilities, int Instances, long Quads, int Audit, (long, long) Search) Footprint(TestRegistry t)
    {
        using var snap = t.Store.OpenSnapshot();
        return (t.Registry.FacilityCount, t.Registry.InstanceCount, snap.QuadCount, t.Registry.AuditLog(limit: 100_000).Count, t.Registry.SearchGenerations);
    }

    [Fact]
    public void A_batch_leaves_what_the_same_records_registered_one_at_a_time_leave()
    {
        using var batch = new TestRegistry();
        using var single = new TestRegistry();
        var result = batch.Registry.WriteBatch(Items(3), "cli");
        Assert.Equal(8, result.Entries.Count);
        Assert.All(result.Entries, e => Assert.True(e.Created));
        Assert.Equal("descriptors/i2.ttl", result.Entries[^1].Position);
        Assert.Equal(PidLevel.Descriptor, result.Entries[^1].Level);
        Assert.EndsWith("/doi:10.5072/batch.2/c1", result.Entries[^1].Path, StringComparison.Ordinal);

        var f = single.Registry.RegisterFacility(new NewFacility { Name = "Batch Imaging Core", City = "Heidelberg", Country = "DE" }, "cli");
        single.Registry.RegisterModel(new NewModel { Rrid = M, Name = "LSM 980", Manufacturer = "Zeiss", Modality = "confocal" }, "cli");
        for (int i = 0; i < 3; i++)
        {
            var inst = single.Registry.RegisterInstance(Instance(i, f.Pid.ToString(), M), "cli");
            Assert.True(single.Registry.SubmitValidated(inst.Pid.ToString(), Descriptor(i), 1, "cli").Accepted);
        }

        var a = Footprint(batch);
        var b = Footprint(single);
        Assert.Equal(b.Facilities, a.Facilities);
        Assert.Equal(b.Instances, a.Instances);
        Assert.Equal(b.Quads, a.Quads); // record graphs and descriptor graphs, quad for quad
        Assert.Equal(b.Audit, a.Audit); // one audit row per record, as single writes
        Assert.Equal(batch.Registry.AuditLog(limit: 1000).Select(e => e.Action).Order(), single.Registry.AuditLog(limit: 1000).Select(e => e.Action).Order());
        for (int i = 0; i < 3; i++)
        {
            var pid = Pid.Parse("doi:10.5072/batch." + i.ToString(CultureInfo.InvariantCulture));
            var vb = Assert.Single(batch.Registry.GetVersions(pid));
            var vs = Assert.Single(single.Registry.GetVersions(pid));
            Assert.Equal(vs.ShouldMet, vb.ShouldMet);
            Assert.Equal(vs.Tier, vb.Tier);
            Assert.Equal(Normal(single, single.Registry.GetRecordGraph(pid)), Normal(batch, batch.Registry.GetRecordGraph(pid)));
            Assert.Equal(Normal(single, single.Registry.GetRecordGraph(vs.Pid)), Normal(batch, batch.Registry.GetRecordGraph(vb.Pid)));
        }
        // Searchable at once, and the index holds exactly the registry's records.
        Assert.Equal(3, batch.Registry.Search("Batch confocal", new Search.SearchFilter { Level = PidLevel.Instance }).Total);
        Assert.Equal(batch.Registry.SearchablePids().Order(StringComparer.Ordinal), batch.Registry.IndexedPids().Order(StringComparer.Ordinal));
        batch.Reopen();
        Assert.Equal(a.Quads, Footprint(batch).Quads);
        Assert.Equal(batch.Registry.SearchablePids().Order(StringComparer.Ordinal), batch.Registry.IndexedPids().Order(StringComparer.Ordinal));
    }

    /// <summary>A record graph's statements with minted PIDs, accessions and times replaced by placeholders, sorted.</summary>
    private static List<string> Normal(TestRegistry t, IEnumerable<Quad> quads)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in t.Registry.Facilities) names[f.Pid.ToString()] = "FACILITY";
        foreach (var i in t.Registry.Instances)
            foreach (var v in t.Registry.GetVersions(i.Pid)) names[v.Pid.ToString()] = i.Pid + "/c" + v.Number.ToString(CultureInfo.InvariantCulture);
        string Term(Term x) => x switch
        {
            Literal l when l.Datatype.Value.EndsWith("#dateTime", StringComparison.Ordinal) || l.Datatype.Value.EndsWith("#date", StringComparison.Ordinal) => "TIME",
            BlankNode => "_:b",
            _ => names.Aggregate(x.ToString(), (s, kv) => s.Replace(kv.Key, kv.Value, StringComparison.Ordinal)),
        };
        return [.. quads.Select(q => $"{Term(q.Subject)} {Term(q.Predicate)} {Term(q.Object)}").Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void A_batch_with_one_bad_record_writes_nothing_and_names_that_record()
    {
        using var t = new TestRegistry();
        t.Seed();
        var before = Footprint(t);
        const string OtherModel = "RRID:SCR_023457";
        var items = Items(4, OtherModel);
        // Record 7 (the fourth instrument) names a model nobody registered.
        items[8] = new BatchInstance { Position = "instances/i3.json", Key = "i3", Input = Instance(3, model: "RRID:SCR_999999") };
        var e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal(8, e.Index);
        Assert.Equal("instances/i3.json", e.Position);
        Assert.Equal(RegistryErrorKind.NotFound, e.Kind);
        Assert.Contains("RRID:SCR_999999", e.Reason, StringComparison.Ordinal);
        Assert.StartsWith("instances/i3.json: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Footprint(t));
        Assert.Null(t.Registry.GetModel(Pid.Parse(OtherModel)));
        Assert.Null(t.Registry.GetInstance(Pid.Parse("doi:10.5072/batch.0")));
        t.Reopen();
        Assert.Equal(before, Footprint(t));

        // A descriptor that does not meet its tier: refused with the validation report, before anything is staged.
        items = Items(2, OtherModel);
        items[^1] = (BatchDescriptor)items[^1] with { Graph = Graph("Plan-Apochromat 63x"), Tier = 3 };
        e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal("descriptors/i1.ttl", e.Position);
        Assert.NotNull(e.Report);
        Assert.False(e.Report!.Conforms);

        // A key used twice, a reference to a key no earlier record has, a PID registered twice in the batch.
        items = Items(2, OtherModel);
        items[4] = items[4] with { Key = "i0" };
        e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal(4, e.Index);
        Assert.Contains("instances/i0.json", e.Reason, StringComparison.Ordinal);
        items = Items(2, OtherModel);
        items[2] = new BatchInstance { Position = "instances/i0.json", Key = "i0", Input = Instance(0, facility: "ref:nowhere") };
        e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal(("instances/i0.json", "facility"), (e.Position, e.Field));
        items = Items(2, OtherModel);
        items[4] = new BatchInstance { Position = "instances/again.json", Key = "again", Input = Instance(0) };
        e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal(("instances/again.json", RegistryErrorKind.Conflict), (e.Position, e.Kind));
        Assert.Equal(before, Footprint(t));
        Assert.Equal(t.Registry.SearchablePids().Order(StringComparer.Ordinal), t.Registry.IndexedPids().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validation_beside_staging_gives_each_version_its_own_report_and_the_audit_in_input_order()
    {
        // Enough descriptors that the validating workers and the staging thread interleave. Every other one lacks SHOULD
        // fields, so a report handed to the wrong record shows as a different SHOULD count.
        const int n = 120;
        var items = Items(n);
        static Dataset Without(Dataset g, int skip)
        {
            var fewer = new Dataset();
            int at = 0;
            foreach (var q in g) if (at++ != skip) fewer.Add(q);
            return fewer;
        }
        // The first statement whose absence keeps the descriptor at tier 1 with fewer SHOULD fields met (parse order is
        // the same in every descriptor, which differ only in the instrument's name).
        var sample = ((BatchDescriptor)items[3]).Graph;
        int full = RegistryService.Validate(sample, 1).ShouldMet, drop = -1;
        for (int k = 0; k < sample.Count && drop < 0; k++)
            if (RegistryService.Validate(Without(sample, k), 1) is { Conforms: true } r && r.ShouldMet < full) drop = k;
        Assert.True(drop >= 0, "the demo descriptor has a SHOULD field to leave out");
        for (int i = 1; i < n; i += 2)
        {
            int at = 3 + 2 * i;
            items[at] = (BatchDescriptor)items[at] with { Graph = Without(((BatchDescriptor)items[at]).Graph, drop) };
        }
        using var t = new TestRegistry();
        t.Registry.WriteBatch(items, "cli");
        for (int i = 0; i < n; i++)
        {
            var v = Assert.Single(t.Registry.GetVersions(Pid.Parse("doi:10.5072/batch." + i.ToString(CultureInfo.InvariantCulture))));
            var alone = RegistryService.Validate(((BatchDescriptor)items[3 + 2 * i]).Graph, 1);
            Assert.Equal((alone.ShouldMet, alone.ShouldTotal), (v.ShouldMet, v.ShouldTotal));
        }
        Assert.NotEqual(RegistryService.Validate(((BatchDescriptor)items[3]).Graph, 1).ShouldMet, RegistryService.Validate(((BatchDescriptor)items[5]).Graph, 1).ShouldMet);
        // One audit row per record, in input order, as single writes one after the other leave them.
        var audit = t.Registry.AuditLog(limit: 10_000).Reverse().ToList();
        Assert.Equal(2 + 2 * n, audit.Count);
        Assert.Equal(["register-facility", "register-model"], audit.Take(2).Select(a => a.Action));
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(("register-instance", "doi:10.5072/batch." + i.ToString(CultureInfo.InvariantCulture)), (audit[2 + 2 * i].Action, audit[2 + 2 * i].Target));
            Assert.Equal("submit-version", audit[3 + 2 * i].Action);
            Assert.Contains("\"doi:10.5072/batch." + i.ToString(CultureInfo.InvariantCulture) + "\"", audit[3 + 2 * i].DetailsJson, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_descriptor_that_fails_validation_is_the_answer_even_when_an_earlier_record_fails_to_stage()
    {
        // Validation runs beside staging, but the answer is the one of validating every descriptor first.
        using var t = new TestRegistry();
        t.Seed();
        var before = Footprint(t);
        var items = Items(40, "RRID:SCR_023457");
        items[4] = new BatchInstance { Position = "instances/i1.json", Key = "i1", Input = Instance(1, model: "RRID:SCR_999999") }; // stages badly
        items[^1] = (BatchDescriptor)items[^1] with { Graph = Graph("Plan-Apochromat 63x"), Tier = 3 }; // fails validation, last
        var e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal(items.Count - 1, e.Index);
        Assert.NotNull(e.Report);
        Assert.Equal(before, Footprint(t));
        // Without the bad descriptor the staging refusal is the answer.
        items[^1] = Items(40, "RRID:SCR_023457")[^1];
        e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal((4, RegistryErrorKind.NotFound), (e.Index, e.Kind));
        Assert.Equal(before, Footprint(t));
    }

    [Fact]
    public void Readers_see_nothing_of_a_batch_until_it_commits()
    {
        using var t = new TestRegistry();
        var seen = new List<(BatchStage Stage, bool Model, bool Instance, int Hits)>();
        t.Registry.WriteBatch(Items(70), "cli", p =>
        {
            if (p.Stage is not (BatchStage.Staging or BatchStage.Committing)) return;
            // Another thread, as a web request would read: the staged records are the batch thread's alone.
            // (A thread of its own: waiting on a Task may run it inline on this very thread.)
            var reader = new Thread(() => seen.Add((p.Stage, t.Registry.GetModel(Pid.Parse(M)) is not null,
                t.Registry.Resolver.Resolve("doi:10.5072/batch.0").Instance is not null, (int)t.Registry.Search("Batch confocal").Total)));
            reader.Start();
            reader.Join();
        });
        Assert.Contains(seen, s => s.Stage == BatchStage.Staging);
        Assert.All(seen, s => Assert.Equal((false, false, 0), (s.Model, s.Instance, s.Hits)));
        Assert.NotNull(t.Registry.GetModel(Pid.Parse(M)));
        Assert.Equal(70, t.Registry.InstanceCount);
    }

    [Fact]
    public void Several_versions_of_one_instrument_in_one_batch_are_numbered_and_linked_as_single_submissions_are()
    {
        using var t = new TestRegistry();
        var items = Items(1);
        items.Add(new BatchDescriptor { Position = "descriptors/i0.2.ttl", Instance = "ref:i0", Graph = Descriptor(100), Tier = 1 });
        items.Add(new BatchDescriptor { Position = "descriptors/i0.3.ttl", Instance = "doi:10.5072/batch.0", Graph = Descriptor(100), Tier = 1 }); // identical to c2
        var r = t.Registry.WriteBatch(items, "cli");
        Assert.Equal([true, true, true, true, true, false], r.Entries.Select(e => e.Created));
        Assert.Equal(r.Entries[^2].Pid, r.Entries[^1].Pid); // the identical one is answered with c2
        var versions = t.Registry.GetVersions(Pid.Parse("doi:10.5072/batch.0"));
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        var instance = t.Registry.GetRecordGraph(Pid.Parse("doi:10.5072/batch.0"));
        // Written once with its final content: one current version, one modification date.
        var current = Assert.Single(instance, q => q.Predicate.ToString().Contains("currentVersion", StringComparison.Ordinal));
        Assert.Equal(t.Registry.RecordIri(versions[1].Pid), current.Object);
        Assert.Single(instance, q => q.Predicate.ToString().Contains("dc/terms/modified", StringComparison.Ordinal));
        var c1 = t.Registry.GetRecordGraph(versions[0].Pid);
        Assert.Contains(c1, q => q.Predicate.ToString().Contains("isReplacedBy", StringComparison.Ordinal));
        Assert.Contains(c1, q => q.Object is Literal { Lexical: "superseded" });
        Assert.DoesNotContain(c1, q => q.Object is Literal { Lexical: "current" });
        // The search documents of c1 and c2 are those of single submissions (c1 demoted, with its components).
        Assert.Equal(t.Registry.SearchablePids().Order(StringComparer.Ordinal), t.Registry.IndexedPids().Order(StringComparer.Ordinal));
        var hits = t.Registry.Search("Batch confocal 0", new Search.SearchFilter { Level = PidLevel.Descriptor });
        Assert.Contains(hits.Hits, h => h.Pid == versions[0].Pid.ToString() && !h.Current);
    }

    [Fact]
    public void A_batch_sees_the_identifiers_already_claimed_and_names_the_holder()
    {
        // The staged copy must carry the live claims: otherwise the in-memory check passes and only the
        // database's unique index refuses the record, with SQLite's words instead of the holder's PID.
        using var t = new TestRegistry();
        t.Seed();
        var held = t.Registry.RegisterFacility(new NewFacility { Name = "Holder Core", Identifiers = [new IdentifierInput { Scheme = "wikidata", Value = "Q42" }] }, "cli");
        var before = Footprint(t);
        var items = Items(1);
        items[0] = (BatchFacility)items[0] with { Input = ((BatchFacility)items[0]).Input with { Identifiers = [new IdentifierInput { Scheme = "wikidata", Value = "Q42" }] } };
        var e = Assert.Throws<BatchRecordException>(() => t.Registry.WriteBatch(items, "cli"));
        Assert.Equal(("facilities/f.json", RegistryErrorKind.Conflict), (e.Position, e.Kind));
        Assert.Contains(held.Pid.ToString(), e.Reason, StringComparison.Ordinal);
        Assert.Equal(before, Footprint(t));
    }

    [Fact]
    public void The_staged_copy_of_the_registry_holds_every_collection()
    {
        // RegistryState.Clone must copy each collection (a new one added to the state and forgotten there would
        // be invisible to records staged later in the same batch, or shared with the live registry).
        // Every collection holds an entry here, so one left out of Clone shows as a count of 0 in the copy (an
        // empty one would compare equal); a collection added to the state and not filled here fails the first assert.
        using var t = new TestRegistry();
        t.Seed();
        Assert.True(t.Registry.SubmitValidated(I, Descriptor(0), 1, "cli").Accepted);
        var live = t.Registry.GetType().GetField("_state", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(t.Registry)!;
        var s = (RegistryState)live;
        s.IdentifierClaims["x"] = "x";
        s.Related["x"] = [];
        s.Settings["x"] = null!;
        s.VersionSettings["x"] = [];
        var c = s.Clone();
        foreach (var p in typeof(RegistryState).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var original = p.GetValue(s);
            if (original is not System.Collections.IEnumerable) continue;
            Assert.True(((System.Collections.IEnumerable)original).Cast<object>().Any(), $"{p.Name} is empty in the seeded registry: give it an entry in this test");
            Assert.False(ReferenceEquals(original, p.GetValue(c)), $"{p.Name} is shared, not copied");
            Assert.Equal(((System.Collections.IEnumerable)original).Cast<object>().Count(), ((System.Collections.IEnumerable)p.GetValue(c)!).Cast<object>().Count());
        }
    }

    [Fact]
    public void Batch_lines_are_bound_like_the_single_write_api_and_a_bad_line_is_named()
    {
        string ndjson = """
            {"type":"facility","key":"f","name":"Line Core","city":"Heidelberg"}

            {"type":"model","key":"m","Name":"LSM 980","manufacturer":"Zeiss"}
            {"type":"instance","key":"i","name":"Scope","facility":"ref:f","model":"ref:m","commissioned":"2021-03-04"}
            """;
        var items = RecordInput.ParseBatch(ndjson);
        Assert.Equal(["line 1", "line 3", "line 4"], items.Select(i => i.Position));
        Assert.Equal("LSM 980", ((BatchModel)items[1]).Input.Name); // case-insensitive names, as the API
        Assert.Equal(new DateOnly(2021, 3, 4), ((BatchInstance)items[2]).Input.Commissioned);

        var e = Assert.Throws<BatchRecordException>(() => RecordInput.ParseBatch(ndjson + "\n{\"type\":\"instance\",\"name\":\"x\"}\n{\"type\":\"scope\"}"));
        Assert.Equal("line 5", e.Position); // the first bad line (a missing required field), not the later one
        e = Assert.Throws<BatchRecordException>(() => RecordInput.ParseBatch("{\"type\":\"descriptor\",\"instance\":\"ref:i\",\"tier\":1,\"contentType\":\"text/turtle\",\"content\":\"<a> <b> .\"}"));
        Assert.Equal("line 1", e.Position);
        Assert.Contains("content line 1", e.Reason, StringComparison.Ordinal);
        e = Assert.Throws<BatchRecordException>(() => RecordInput.ParseBatch("{\"type\":\"facility\",\"name\":"));
        Assert.StartsWith("malformed JSON", e.Reason, StringComparison.Ordinal);
    }
}
