using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>Micro-Meta App schema file names ("Fluorescence_LightSource_Laser.json") to NBO-Q classes.</summary>
public static class SchemaClassMap
{
    // Schema names that differ from the NBO element name, including pre-2.0 names.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["InvertedMicroscopeStand"] = "InvertedMicroscope",
        ["UprightMicroscopeStand"] = "UprightMicroscope",
        ["EmissionFilterWheel"] = "EmissionFIlterWheel",      // NBO v02-01 spells it with a capital I
        ["EmissionFilterSlider"] = "EmissionFIlterSlider",
        ["GenericDichroic"] = "Dichroic",
        ["MultiLaserEngine"] = "MultLaserEngine",
        ["NeutralDensityFilter"] = "NeutralDensity",
        ["Microscope"] = "Instrument",
        ["PhotoMultiplierTube"] = "PhotoMultiplier",             // NBO's element name
        ["AutoFocus"] = "FocusStabilizationDevice",            // pre-2.0 name
        ["Optovar"] = "MagnificationChanger",                  // pre-2.0 name
        ["ObjectiveTurretFocus"] = "TurretObjectiveFocusing",  // pre-2.0 name
        ["PiezoElectricObjectiveFocus"] = "IndividualObjectiveFocusing", // pre-2.0 name
        ["Direct"] = "FreeBeam",                               // pre-2.0 light-source coupling without a guide
    };

    public static Iri? ClassFor(NboqVocabulary vocab, string schemaId)
    {
        var name = schemaId.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? schemaId[..^5] : schemaId;
        if (Aliases.TryGetValue(name, out var alias)) return vocab.Class(alias);
        if (vocab.Class(name) is { } direct) return direct;
        // "Fluorescence_LightSource_Laser" and "Transmitted_LightSource_Filament": the last part is the element.
        var last = name[(name.LastIndexOf('_') + 1)..];
        return Aliases.TryGetValue(last, out alias) ? vocab.Class(alias) : vocab.Class(last);
    }
}
