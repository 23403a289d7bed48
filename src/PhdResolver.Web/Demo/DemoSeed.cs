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
/// other records get minted PHD accessions.
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
        var w2 = registry.RegisterInstance(new NewInstance
        {
            Identifier = "doi:10.5072/phd-demo.widefield-2", Name = "Widefield 2 (teaching lab)",
            Facility = second.Pid.ToString(), Model = widefield.Pid.ToString(),
            Description = "Teaching microscope, documented only in part.",
        }, Actor);
        Submit(registry, c1.Pid.ToString(), "confocal-1-c1.ttl");
        Submit(registry, c1.Pid.ToString(), "confocal-1-c2.ttl");
        Submit(registry, w1.Pid.ToString(), "widefield-1-c1.ttl");
        Submit(registry, c2.Pid.ToString(), "confocal-2-c1.ttl");
        Submit(registry, w2.Pid.ToString(), "widefield-2-c1.ttl");
        return true;
    }

    private static void Submit(RegistryService registry, string instance, string file)
    {
        var ds = Dataset.Parse(Read(file), RdfFormat.Turtle);
        // Declared at the tier it really meets: the page shows the same verdict.
        int tier = RegistryService.Validate(ds, PhdResolver.Registry.Validation.DescriptorValidation.MaxTier).ConformsAt;
        // Through the same validated path as the write API (it records the SHOULD fields met); a
        // descriptor below tier 1 has no tier to validate at.
        if (tier >= 1) registry.SubmitValidated(instance, ds, tier, Actor);
        else registry.SubmitVersion(instance, ds, tier, Actor);
    }

    internal static string Read(string file)
    {
        using var s = typeof(DemoSeed).Assembly.GetManifestResourceStream("Demo/" + file)
            ?? throw new InvalidOperationException($"demo file {file} is not embedded");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
