namespace PhdResolver.Nboq.Import;

/// <summary>
/// How Micro-Meta App names map onto NBO names: schema titles to NBO elements, field names to NBO attributes.
/// Dependency-free, so tools/PhdResolver.NboqGen compiles the same file and the shapes it writes agree with
/// what the importer produces.
/// </summary>
#if NBOQGEN
internal static class MmaNames   // the generator's copy stays private to it
#else
public static class MmaNames
#endif
{
    // Schema names that differ from the NBO element name, including pre-2.0 names.
    private static readonly Dictionary<string, string> SchemaAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["InvertedMicroscopeStand"] = "InvertedMicroscope",
        ["UprightMicroscopeStand"] = "UprightMicroscope",
        ["EmissionFilterWheel"] = "EmissionFIlterWheel",      // NBO v02-01 spells it with a capital I
        ["EmissionFilterSlider"] = "EmissionFIlterSlider",
        ["GenericDichroic"] = "Dichroic",
        ["MultiLaserEngine"] = "MultLaserEngine",
        ["NeutralDensityFilter"] = "NeutralDensity",
        ["Microscope"] = "Instrument",
        ["PhotoMultiplierTube"] = "PhotoMultiplier",
        ["AutoFocus"] = "FocusStabilizationDevice",            // pre-2.0 name
        ["Optovar"] = "MagnificationChanger",                  // pre-2.0 name
        ["ObjectiveTurretFocus"] = "TurretObjectiveFocusing",  // pre-2.0 name
        ["PiezoElectricObjectiveFocus"] = "IndividualObjectiveFocusing", // pre-2.0 name
        ["Direct"] = "FreeBeam",                               // pre-2.0 light-source coupling without a guide
    };

    // Field names that spell an NBO attribute differently (typos on either side, renamed fields of model 1.x).
    private static readonly Dictionary<string, string> FieldAliases = new(StringComparer.Ordinal)
    {
        ["ElectronicConversionFactor"] = "ElectronConversionFactor",
        ["ManufacturerOffet"] = "ManufacturerOffset",
        ["MaxTemperature"] = "MaxTemberature",      // NBO v02-01 spells the maximum "Temberature"
        ["MinTemberature"] = "MinTemperature",      // ... and Micro-Meta App spells the minimum so
        ["ReadNoise"] = "ReadOutNoise",
        ["ImageDistanceUnits"] = "ImageDistanceUnit",
        ["EyePieceFieldNumber"] = "EyepieceFieldNumber",
        ["DevianceAngle"] = "DeviationAngle",
        ["WavelengthProfile"] = "WavelengthProfileFile",
        ["lluminationPowerSettingsUnit"] = "IlluminationPowerSettingsUnit", // Micro-Meta App's LightSourceSettings schema drops the I
    };

    // Model 1.x (Micro-Meta App 1.x, "Version": "1.05.3") names of fields that model 2 renamed to the NBO names.
    private static readonly Dictionary<string, string> LegacyFieldAliases = new(StringComparer.Ordinal)
    {
        ["NominalMagnification"] = "Magnification",
        ["Infinity"] = "InfinityCorrected",         // on an Objective; a 2.x Lens's "Infinity" is NBO's Lens/Infinity
        ["NominalImmersionMedium"] = "ImmersionType",
    };

    /// <summary>The NBO element for a schema ("Fluorescence_LightSource_Laser.json" -> "Laser"), or the last name part.</summary>
    public static string ElementName(string schemaId)
    {
        var name = schemaId.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? schemaId[..^5] : schemaId;
        if (SchemaAliases.TryGetValue(name, out var alias)) return alias;
        return name;
    }

    /// <summary>"Fluorescence_LightSource_Laser" and "Transmitted_LightSource_Filament": the part after the last '_', aliased.</summary>
    public static string LastPart(string schemaId)
    {
        var name = schemaId.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? schemaId[..^5] : schemaId;
        var last = name[(name.LastIndexOf('_') + 1)..];
        return SchemaAliases.TryGetValue(last, out var alias) ? alias : last;
    }

    /// <summary>The NBO attribute name for a field, units included ("MaxTemperatureUnit" -> "MaxTemberatureUnit").</summary>
    public static string NboName(string field, bool legacy = false)
    {
        if (legacy && LegacyFieldAliases.TryGetValue(field, out var old)) return old;
        if (FieldAliases.TryGetValue(field, out var name)) return name;
        if (field.EndsWith("Unit", StringComparison.Ordinal) && FieldAliases.TryGetValue(field[..^4], out var stem)) return stem + "Unit";
        return field;
    }
}
