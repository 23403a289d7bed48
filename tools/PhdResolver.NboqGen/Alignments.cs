namespace PhdResolver.NboqGen;

/// <summary>Links to outside vocabularies. Kept small and conservative: only matches we can defend.</summary>
public static class Alignments
{
    public const string OmeNamespace = "http://www.openmicroscopy.org/Schemas/OME/2016-06#";

    // NBO extends the OME model: elements with the same name and role in OME get a close match.
    private static readonly HashSet<string> OmeElements = new(StringComparer.Ordinal)
    {
        "Instrument", "Microscope", "LightSource", "Laser", "Arc", "Filament", "LightEmittingDiode", "GenericExcitationSource",
        "Detector", "Objective", "Filter", "FilterSet", "Dichroic", "TransmittanceRange", "Image", "Pixels", "Channel", "Plane",
        "LightPath", "ObjectiveSettings", "DetectorSettings", "LightSourceSettings", "ImagingEnvironment", "StageLabel",
        "MapAnnotation", "CommentAnnotation", "Experiment", "MicrobeamManipulation", "TiffData", "BinData", "MetadataOnly",
    };

    public static IEnumerable<string> CloseMatchForClass(string name)
    {
        if (OmeElements.Contains(name)) yield return "ome:" + name;
        if (name == "Instrument") yield return "schema:IndividualProduct";
    }

    public static IEnumerable<string> ForClass(string name) => name switch
    {
        "Instrument" => ["sosa:Platform"],
        "ManufacturerSpecs" => ["schema:Product"],
        "Detector" => ["sosa:Sensor"],
        "Image" => ["schema:ImageObject"],
        "Settings" => ["prov:Entity"],
        _ => [],
    };

    public static IEnumerable<string> CloseMatchForProperty(string name) => name switch
    {
        "manufacturer" => ["schema:manufacturer"],
        "model" => ["schema:model"],
        "name" => ["schema:name"],
        "description" => ["schema:description"],
        "serialNumber" => ["schema:serialNumber"],
        "catalogNumber" => ["schema:mpn"],
        "lotNumber" => ["schema:productID"],
        _ => [],
    };
}
