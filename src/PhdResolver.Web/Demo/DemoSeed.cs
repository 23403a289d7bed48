using System.Reflection;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Demo;

/// <summary>
/// Demo data written for this project (no third-party records): two fictional facilities in two
/// countries, three instrument models, four instruments and five configuration versions, so a fresh
/// `phd serve` shows every kind of page and each /sparql example has rows (a 561 nm laser with a
/// 1.4 NA oil objective; cameras and PMTs; one instrument below tier 2). Instances carry DOIs under
/// 10.5072, DataCite's test prefix, which never names a real object. The first facility's RRID
/// (SCR_DEMO01: real RRIDs are numeric) and ROR id (0zzdem0, valid checksum) are made up; the
/// other records get minted PHD accessions. Issue 15: people (one with ORCID's fictional test iD), several
/// external identifiers, a moved instrument, a withdrawn configuration and a metadata edit.
/// </summary>
internal static class DemoSeed
{
    public const string Actor = "demo-seed";

    public static bool SeedIfEmpty(RegistryService registry)
    {
        if (registry.FacilityCount > 0) return false;
        var facility = registry.RegisterFacility(new NewFacility
        {
            Rrid = "RRID:SCR_DEMO01", Ror = "ror:0zzdem023",
            Name = "Demo Light Microscopy Core (example data)",
            Homepage = "https://example.org/demo-core",
            City = "Example City",
            Country = "DE",
            Contact = "imaging-core@example.org",
            // Q4115189 is Wikidata's own sandbox item: a real, resolvable identifier that names no real facility.
            Identifiers = [new IdentifierInput { Scheme = "Wikidata", Value = "Q4115189" }],
            // 0000-0002-1825-0097 is ORCID's own fictional researcher (Josiah Carberry), used for demos and tests.
            People =
            [
                new PersonInput { Name = "Josiah Carberry", Orcid = "0000-0002-1825-0097", Role = "manager", Email = "josiah.carberry@example.org", EmailPublic = true },
                new PersonInput { Name = "Imaging core front desk", Role = "contact", Email = "imaging-core@example.org", EmailPublic = true },
            ],
        }, Actor);
        var confocal = registry.RegisterModel(new NewModel
        {
            Name = "LSM 980 confocal laser scanning microscope", Manufacturer = "Carl Zeiss Microscopy", Modality = "confocal",
        }, Actor);
        var widefield = registry.RegisterModel(new NewModel
        {
            Name = "Eclipse Ti2-E inverted microscope", Manufacturer = "Nikon", Modality = "widefield",
        }, Actor);
        var c1 = registry.RegisterInstance(new NewInstance
        {
            Identifier = "doi:10.5072/phd-demo.confocal-1", Name = "Confocal 1 (room B2.114)",
            Facility = facility.Pid.ToString(), Model = confocal.Pid.ToString(),
            Description = "Point-scanning confocal for fixed and live samples; four laser lines.",
            Commissioned = new DateOnly(2023, 3, 1),
            // 21.T11998 is the ePIC test prefix (PIDINST Handles); serial and inventory numbers are made up.
            Identifiers =
            [
                new IdentifierInput { Scheme = "Handle", Value = "21.T11998/phd-demo.confocal-1" },
                new IdentifierInput { Scheme = "serial", Value = "DEMO-SN-2303-001" },
                new IdentifierInput { Scheme = "inventory", Value = "INV-2023-017" },
            ],
            // Alex's address is kept but not public: no page, graph or DataCite record shows it.
            People =
            [
                new PersonInput { Name = "Josiah Carberry", Orcid = "https://orcid.org/0000-0002-1825-0097", Role = "contact" },
                new PersonInput { Name = "Alex Example", Role = "staff", Email = "alex.example@example.org" },
            ],
        }, Actor);
        var w1 = registry.RegisterInstance(new NewInstance
        {
            Identifier = "doi:10.5072/phd-demo.widefield-1", Name = "Widefield 1 (room B2.108)",
            Facility = facility.Pid.ToString(), Model = widefield.Pid.ToString(),
            Description = "Inverted widefield microscope with LED illumination and an sCMOS camera.",
            Commissioned = new DateOnly(2024, 6, 15),
        }, Actor);
        var second = registry.RegisterFacility(new NewFacility
        {
            Name = "Second Demo Imaging Facility (example data)",
            Homepage = "https://example.org/second-demo-facility",
            City = "Example Town",
            Country = "NL",
        }, Actor);
        var leica = registry.RegisterModel(new NewModel
        {
            Name = "Stellaris 5 confocal microscope", Manufacturer = "Leica Microsystems", Modality = "confocal",
        }, Actor);
        var c2 = registry.RegisterInstance(new NewInstance
        {
            Identifier = "doi:10.5072/phd-demo.confocal-2", Name = "Confocal 2 (imaging hall)",
            Facility = second.Pid.ToString(), Model = leica.Pid.ToString(),
            Description = "Confocal with a 561 nm line and a water objective.",
        }, Actor);
        // Widefield 2 started at the first facility and moved to the second (a moved instrument: its old
        // paths answer 301, its IRI stays); it ends where the example queries expect it.
        var w2 = registry.RegisterInstance(new NewInstance
        {
            Identifier = "doi:10.5072/phd-demo.widefield-2", Name = "Widefield 2 (teaching lab)",
            Facility = facility.Pid.ToString(), Model = widefield.Pid.ToString(),
            Description = "Teaching microscope, documented only in part.",
            Identifiers = [new IdentifierInput { Scheme = "inventory", Value = "INV-2019-044" }],
        }, Actor);
        Submit(registry, c1.Pid.ToString(), "confocal-1-c1.ttl");
        Submit(registry, c1.Pid.ToString(), "confocal-1-c2.ttl");
        Submit(registry, w1.Pid.ToString(), "widefield-1-c1.ttl");
        Submit(registry, c2.Pid.ToString(), "confocal-2-c1.ttl");
        Submit(registry, w2.Pid.ToString(), "widefield-2-c1.ttl");
        registry.MoveInstance(w2.Pid.ToString(), second.Pid.ToString(), Actor);
        // A withdrawn configuration: Confocal 2's c2 named an objective that was never installed. Its
        // tombstone (410) keeps the citation; c1 stays the current configuration.
        var wrong = SubmitText(registry, c2.Pid.ToString(), Read("confocal-2-c1.ttl").Replace("nboq:magnification 40.0e0 ; nboq:lensNA 1.10e0", "nboq:magnification 63.0e0 ; nboq:lensNA 1.20e0", StringComparison.Ordinal));
        registry.Withdraw(wrong.Pid.ToString(), "recorded a 63x objective that was never installed; c1 is the valid configuration", Actor);
        // Related works of Confocal 1's current configuration, by value (10.5072: DataCite's test prefix).
        var c1c2 = registry.GetVersions(c1.Pid)[^1];
        registry.AddRelatedWork(c1c2.Pid.ToString(), new PhdResolver.Registry.Records.RelatedWorkInput
        {
            Identifier = "doi:10.5072/phd-demo.dataset-1", Relation = "used-by", Title = "Demo dataset: live-cell time lapse acquired on Confocal 1 (example data)", Year = 2025,
        }, Actor);
        registry.AddRelatedWork(c1c2.Pid.ToString(), new PhdResolver.Registry.Records.RelatedWorkInput
        {
            Identifier = "https://example.org/demo-core/methods-note", Relation = "described-in", Title = "Demo methods note: imaging with the demo confocal (example data)", Year = 2025,
        }, Actor);
        // Acquisition settings of that dataset (a Micro-Meta App Image file, written for the demo): its own record and
        // PHD, listed on c2's page and closing its Methods paragraph (issue 15 item 5).
        registry.RegisterSettings(c1c2.Pid.ToString(), Read("confocal-1-c2-settings.json"), "confocal-1-c2-settings.json", Actor);
        // A metadata edit (a record revision, in the History page).
        registry.EditRecord(second.Pid.ToString(), new RecordEdit { Contact = "imaging@example.org", Reason = "contact address added" }, Actor);
        return true;
    }

    private static void Submit(RegistryService registry, string instance, string file) => SubmitText(registry, instance, Read(file));

    private static PhdResolver.Registry.Records.DescriptorVersion SubmitText(RegistryService registry, string instance, string turtle)
    {
        var ds = Dataset.Parse(turtle, RdfFormat.Turtle);
        // Declared at the tier it really meets: the page shows the same verdict.
        int tier = RegistryService.Validate(ds, PhdResolver.Registry.Validation.DescriptorValidation.MaxTier).ConformsAt;
        // Through the same validated path as the write API (it records the SHOULD fields met); a
        // descriptor below tier 1 has no tier to validate at.
        return tier >= 1 ? registry.SubmitValidated(instance, ds, tier, Actor).Version! : registry.SubmitVersion(instance, ds, tier, Actor);
    }

    internal static string Read(string file)
    {
        using var s = typeof(DemoSeed).Assembly.GetManifestResourceStream("Demo/" + file)
            ?? throw new InvalidOperationException($"demo file {file} is not embedded");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
