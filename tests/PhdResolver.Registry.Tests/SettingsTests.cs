using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Resolution;

namespace PhdResolver.Registry.Tests;

/// <summary>Acquisition settings records (issue 15 item 5): registered against a configuration version, their own PHD.</summary>
public sealed class SettingsTests
{
    /// <summary>A configuration with MMA-style component IDs: a 488 nm laser, a 525/50 emission filter, a PMT.</summary>
    public const string Configuration = """
        @prefix nboq: <https://w3id.org/nbo-q/> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        @prefix : <urn:test:conf:> .
        :instrument a nboq:Instrument ; nboq:name "Test confocal" ; nboq:hasComponent :laser488, :em525, :pmt1 .
        :laser488 a nboq:Laser ; nboq:id "laser488" ; nboq:name "488 nm diode laser" ; nboq:wavelength 488.0e0 ; nboq:wavelengthUnit unit:NanoM .
        :em525 a nboq:EmissionFilter ; nboq:id "em525" ; nboq:name "Emission 525/50" ; nboq:type nboq:FilterType-Bandpass ; nboq:hasPart :em525-band .
        :em525-band a nboq:TransmittanceRange ; nboq:wavelength 525.0e0 ; nboq:wavelengthUnit unit:NanoM ; nboq:fwhmBandwidth 50.0e0 ; nboq:fwhmBandwidthUnit unit:NanoM .
        :pmt1 a nboq:PhotoMultiplier ; nboq:id "pmt1" ; nboq:name "PMT 1" .
        """;

    /// <summary>A Micro-Meta App Image (settings) file naming the configuration's components by ID.</summary>
    public static string MmaSettings(string laser = "laser488", string filter = "em525") => $$"""
        { "Schema_ID": "Image.json", "ID": "img-1", "Name": "HeLa GFP live", "ModelVersion": "2.01.0", "Tier": 1,
          "InstrumentName": "Test confocal", "InstrumentID": "55581e96-039b-4804-ac80-57405cbbc962",
          "Channel": [ { "Schema_ID": "Channel.json", "ID": "ch-gfp", "Name": "GFP",
              "LightSourceSettings": [ { "Schema_ID": "LightSourceSettings.json", "ID": "lss-1", "ComponentID": "{{laser}}",
                                         "IlluminationPowerSettings": 2, "IlluminationPowerSettingsUnit": "mW" } ],
              "TransmissionWavelengthRangeSettings": [ { "Schema_ID": "TransmissionWavelengthRangeSettings.json", "ID": "tw-1", "ComponentID": "{{filter}}" } ],
              "Plane": [ { "Schema_ID": "Plane.json", "ID": "pl-1", "ExposureTime": 100, "ExposureTimeUnit": "ms" } ] } ] }
        """;

    private static (TestRegistry T, Records.DescriptorVersion V) Seeded()
    {
        var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(TestRegistry.I, Dataset.Parse(Configuration, RdfFormat.Turtle), 1, "cli");
        return (t, v);
    }

    [Fact]
    public void Mma_settings_become_their_own_record_linked_both_ways_to_the_configuration_and_survive_a_reopen()
    {
        var (t, v) = Seeded();
        using var _ = t;
        var st = t.Registry.RegisterSettings(TestRegistry.I + "/c1", MmaSettings(), "application/json", "cli");
        Assert.Equal(v.Accession, st.Version);
        Assert.Equal("mma", st.Format);
        Assert.Equal("HeLa GFP live", st.Name);
        Assert.Equal("488 nm at 2 mW, 525/50 nm band pass emission, 100 ms exposure", st.Summary);

        // Its own PHD, resolvable as a lone accession; the configuration's components are linked by their IRIs.
        var r = t.Registry.Resolver.Resolve("/" + st.Pid);
        Assert.Equal(ResolutionStatus.Found, r.Status);
        Assert.Equal(PidLevel.Settings, r.Level);
        Assert.Equal(v.Accession, r.Version!.Accession);
        var graph = t.Registry.GetGraph(st);
        var refersTo = new Iri("https://w3id.org/nbo-q/refersTo");
        var targets = graph.Where(q => q.Predicate == refersTo).Select(q => q.Object).OfType<Iri>().Select(i => i.Value).ToHashSet();
        Assert.Contains(v.GraphIri + "#laser488", targets);
        Assert.Contains(v.GraphIri + "#em525", targets);
        Assert.Contains(v.GraphIri, targets); // the Image's instrument is the configuration
        Assert.All(graph.Where(q => q.Subject is Iri), q => Assert.StartsWith(st.GraphIri + "#", ((Iri)q.Subject).Value, StringComparison.Ordinal));

        // Both ways in the record graphs.
        var versionGraph = t.Registry.GetRecordGraph(v.Pid);
        Assert.Contains(versionGraph, q => q.Predicate.ToString().Contains("acquisitionSettings", StringComparison.Ordinal) && q.Object is Iri o && o.Value == st.GraphIri);
        var own = t.Registry.GetRecordGraph(st.Pid);
        Assert.Contains(own, q => q.Predicate is Iri p && p.Value == "http://purl.org/dc/terms/references" && q.Object is Iri o && o.Value == v.GraphIri);

        // The Methods paragraph cites it with its values.
        var methods = t.Registry.MethodsParagraphOf(v, "https://phd.example.org/x/c1");
        Assert.EndsWith($"Acquisition settings: {st.Pid} (https://phd.example.org/{st.Pid}); 488 nm at 2 mW, 525/50 nm band pass emission, 100 ms exposure.", methods, StringComparison.Ordinal);

        // Under the instrument's path, the settings accession answers 301 to its own page.
        var under = t.Registry.Resolver.Resolve($"/{TestRegistry.F}/{TestRegistry.M}/{TestRegistry.I}/{st.Pid}");
        Assert.Equal(ResolutionStatus.Redirect, under.Status);
        Assert.Equal("/" + st.Pid, under.Location);

        // Found by its values in the search index, which holds exactly the live records.
        Assert.Contains(t.Registry.Search("HeLa GFP", new Search.SearchFilter { Level = PidLevel.Settings }).Hits, h => h.Pid == st.Pid.ToString());
        Assert.Equal(t.Registry.SearchablePids().Order(StringComparer.Ordinal), t.Registry.IndexedPids().Order(StringComparer.Ordinal));

        t.Reopen();
        var again = t.Registry.GetSettings(st.Accession)!;
        Assert.Equal(st with { Provenance = again.Provenance }, again);
        Assert.Single(t.Registry.SettingsOf(t.Registry.GetVersion(v.Accession)!));
        Assert.Equal(graph.Count, t.Registry.GetGraph(again).Count);
        Assert.Contains(t.Registry.AuditLog(st.Accession.ToString()), e => e.Action == "register-settings");
    }

    [Fact]
    public void A_component_id_the_configuration_lacks_is_a_dangling_link_with_its_json_path_and_nothing_is_written()
    {
        var (t, v) = Seeded();
        using var _ = t;
        int pids = CountPids(t);
        var e = Assert.Throws<MmaImportException>(() => t.Registry.RegisterSettings(v.Pid.ToString(), MmaSettings(laser: "laser561"), "settings.json", "cli"));
        Assert.Contains("'laser561'", e.Message, StringComparison.Ordinal);
        Assert.Contains("LightSourceSettings[0].ComponentID", e.Message, StringComparison.Ordinal);
        Assert.Contains("not", e.Message, StringComparison.Ordinal);
        Assert.Empty(t.Registry.SettingsOf(v));
        Assert.Equal(pids, CountPids(t));
    }

    [Fact]
    public void Rdf_settings_may_refer_to_the_configuration_nodes_by_iri_and_a_missing_node_is_refused_with_the_list()
    {
        var (t, v) = Seeded();
        using var _ = t;
        string Ttl(string slug) => $"""
            @prefix nboq: <https://w3id.org/nbo-q/> .
            @prefix unit: <http://qudt.org/vocab/unit/> .
            <#ch1> a nboq:Channel ; nboq:name "mCherry" ; nboq:hasPart <#ls> .
            <#ls> a nboq:LightSourceSettings ; nboq:refersTo <{v.GraphIri}#{slug}> ; nboq:illuminationPowerSettings 5.0e0 ; nboq:illuminationPowerSettingsUnit unit:MilliW .
            """;
        var e = Assert.Throws<RegistryException>(() => t.Registry.RegisterSettings(v.Pid.ToString(), Ttl("laser999"), "text/turtle", "cli"));
        Assert.Equal(RegistryErrorKind.Invalid, e.Kind);
        Assert.Contains($"{v.GraphIri}#laser999", Assert.Single(e.Subjects), StringComparison.Ordinal);
        Assert.Empty(t.Registry.SettingsOf(v));

        var st = t.Registry.RegisterSettings(v.Pid.ToString(), Ttl("laser488"), "text/turtle", "cli");
        Assert.Equal("turtle", st.Format);
        Assert.Equal("mCherry", st.Name);
        Assert.Equal("488 nm at 5 mW", st.Summary);
    }

    [Fact]
    public void Settings_cannot_describe_the_configuration_nodes_themselves()
    {
        var (t, v) = Seeded();
        using var _ = t;
        var ttl = $"<{v.GraphIri}#laser488> <https://w3id.org/nbo-q/name> \"renamed\" .";
        var e = Assert.Throws<RegistryException>(() => t.Registry.RegisterSettings(v.Pid.ToString(), ttl, "text/turtle", "cli"));
        Assert.Contains("settings may only describe its own nodes", e.Message, StringComparison.Ordinal);
        Assert.Empty(t.Registry.SettingsOf(v));
    }

    [Fact]
    public void Unknown_latest_and_withdrawn_versions_are_refused()
    {
        var (t, v) = Seeded();
        using var _ = t;
        Assert.Equal(RegistryErrorKind.NotFound, Assert.Throws<RegistryException>(() => t.Registry.RegisterSettings(TestRegistry.I + "/c9", MmaSettings(), "application/json", "cli")).Kind);
        Assert.Equal(RegistryErrorKind.Invalid, Assert.Throws<RegistryException>(() => t.Registry.RegisterSettings(TestRegistry.I + "/latest", MmaSettings(), "application/json", "cli")).Kind);
        Assert.Equal(RegistryErrorKind.Invalid, Assert.Throws<RegistryException>(() => t.Registry.RegisterSettings(TestRegistry.I, MmaSettings(), "application/json", "cli")).Kind);
        t.Registry.Withdraw(v.Pid.ToString(), "wrong objective recorded", "cli");
        Assert.Equal(RegistryErrorKind.Gone, Assert.Throws<RegistryException>(() => t.Registry.RegisterSettings(v.Pid.ToString(), MmaSettings(), "application/json", "cli")).Kind);
        Assert.Empty(t.Registry.SettingsOf(t.Registry.GetVersion(v.Accession)!));
    }

    [Fact]
    public void A_syntax_error_names_line_and_column_and_writes_nothing()
    {
        var (t, v) = Seeded();
        using var _ = t;
        var e = Assert.Throws<RdfSyntaxException>(() => t.Registry.RegisterSettings(v.Pid.ToString(), "@prefix nboq: <https://w3id.org/nbo-q/> .\n<#a> nboq:name \"x\" \"y\" .", "text/turtle", "cli"));
        Assert.Equal(2, e.Line);
        Assert.Empty(t.Registry.SettingsOf(v));
    }

    [Fact]
    public void Withdrawn_settings_answer_410_and_leave_the_configuration_graph()
    {
        var (t, v) = Seeded();
        using var _ = t;
        var st = t.Registry.RegisterSettings(v.Pid.ToString(), MmaSettings(), "application/json", "cli");
        t.Registry.Withdraw(st.Pid.ToString(), "exposure was recorded wrongly", "cli");
        var r = t.Registry.Resolver.Resolve("/" + st.Pid);
        Assert.Equal(ResolutionStatus.Gone, r.Status);
        Assert.Equal("exposure was recorded wrongly", r.Tombstone!.Reason);
        Assert.DoesNotContain(t.Registry.GetRecordGraph(v.Pid), q => q.Object is Iri o && o.Value == st.GraphIri);
        Assert.DoesNotContain("Acquisition settings", t.Registry.MethodsParagraphOf(t.Registry.GetVersion(v.Accession)!, "https://phd.example.org/x/c1"), StringComparison.Ordinal);
        Assert.Equal(RegistryErrorKind.Gone, Assert.Throws<RegistryException>(() => t.Registry.Withdraw(st.Pid.ToString(), "again", "cli")).Kind);
        t.Reopen();
        Assert.Equal(ResolutionStatus.Gone, t.Registry.Resolver.Resolve("/" + st.Pid).Status);
    }

    [Fact]
    public void A_4dn_microscope_setting_record_is_summarised_channel_by_channel()
    {
        var file = Path.Combine(RepoRoot(), "..", "shared", "reference", "micrometaapp", "examples", "microscope_setting_a1.json");
        if (!File.Exists(file)) { Assert.True(Environment.GetEnvironmentVariable("CI") != "true", "reference data missing"); return; }
        var (t, v) = Seeded();
        using var _ = t;
        var st = t.Registry.RegisterSettings(v.Pid.ToString(), File.ReadAllText(file), "microscope_setting_a1.json", "cli");
        Assert.Equal("Test microscope tier A1 info", st.Name);
        Assert.Equal("406 nm at 10 mW, BP 530-585 FT 600 LP 615 emission, 1 sec exposure; 510 nm at 10 mW, BP 365/12 FT 395 LP 397 emission, 1 sec exposure; "
            + "600 nm at 10 mW, G 365 FT 395 LP 420 emission, 1 sec exposure", st.Summary);
    }

    private static int CountPids(TestRegistry t) => t.Registry.Resolver.Resolve(TestRegistry.I).Status == ResolutionStatus.NotFound ? -1 : t.Registry.AuditLog().Count;

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }
}
