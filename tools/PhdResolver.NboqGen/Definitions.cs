namespace PhdResolver.NboqGen;

/// <summary>Hand-written definitions for the terms people meet first. Everything else gets a template sentence.</summary>
public static class Definitions
{
    private static readonly Dictionary<string, string> ClassDefs = new(StringComparer.Ordinal)
    {
        ["Instrument"] = "A light microscope as a whole: the assembly of hardware components that together form one imaging system.",
        ["ManufacturerSpecs"] = "Anything bought or built that can be identified by who made it, its model and its catalogue or lot number.",
        ["Settings"] = "A record of how a piece of hardware was configured while one image was acquired.",
        ["MicroscopeStand"] = "The body of the microscope that holds the optical train, the stage and the focus drive.",
        ["InvertedMicroscope"] = "A microscope stand whose objectives look up at the sample from below.",
        ["UprightMicroscope"] = "A microscope stand whose objectives look down at the sample from above.",
        ["LightSource"] = "A device that emits the light used to illuminate or excite the sample.",
        ["Laser"] = "A light source that produces coherent, narrow-band light by stimulated emission.",
        ["Arc"] = "A light source that produces light from an electric arc through a gas, such as a mercury or xenon lamp.",
        ["Filament"] = "A light source that produces light from a heated wire, such as a halogen or tungsten lamp.",
        ["LightEmittingDiode"] = "A light source built from one or more semiconductor diodes that emit light when current flows.",
        ["Objective"] = "The lens assembly nearest the sample that forms the first magnified image.",
        ["Detector"] = "A device that turns the light coming from the sample into a recorded signal.",
        ["Camera"] = "A detector that records a whole two-dimensional image at once on an array of pixels.",
        ["CCD"] = "A camera whose sensor is a charge-coupled device.",
        ["CMOS"] = "A camera whose sensor is built with complementary metal-oxide-semiconductor technology.",
        ["PointDetector"] = "A detector that measures light from one point at a time, as used in scanning systems.",
        ["PhotoMultiplier"] = "A point detector that amplifies single photons through a cascade of dynodes.",
        ["Filter"] = "An optical element that passes some wavelengths of light and blocks others.",
        ["ExcitationFilter"] = "A filter that selects the wavelengths used to excite the sample.",
        ["EmissionFilter"] = "A filter that selects the wavelengths of light emitted by the sample that reach the detector.",
        ["Dichroic"] = "A mirror that reflects some wavelengths and transmits others, used to separate excitation and emission light.",
        ["FilterSet"] = "A matched group of excitation filter, dichroic mirror and emission filter used together.",
        ["Image"] = "One acquired image (or image series) together with the settings used to record it.",
        ["Channel"] = "One spectral or contrast channel of an acquired image and the light path that produced it.",
        ["LightPath"] = "The route light takes through the instrument for one channel, listed as the components it passes.",
        ["Software"] = "A program used to run the microscope or to process its data.",
        ["AcquisitionSoftware"] = "The program that controls the microscope and records the images.",
        ["Experiment"] = "The experimental context in which images were taken, including the sample and its preparation.",
        ["CommentAnnotation"] = "A free-text note attached to an element.",
    };

    private static readonly Dictionary<string, string> PropertyDefs = new(StringComparer.Ordinal)
    {
        ["manufacturer"] = "The name of the company or group that made the item.",
        ["model"] = "The model name or designation the maker gives the item.",
        ["catalogNumber"] = "The maker's catalogue or order number for the item.",
        ["lotNumber"] = "The maker's lot or batch number, identifying one production run.",
        ["serialNumber"] = "The number the maker assigned to this one physical item.",
        ["id"] = "The identifier of the element within its source record.",
        ["name"] = "A human-readable name for the element.",
        ["description"] = "A free-text description of the element.",
        ["magnification"] = "The magnification the objective is rated for, as printed on its barrel.",
        ["lensNA"] = "The numerical aperture of the lens: the sine of its half-angle of light acceptance times the refractive index of the medium.",
    };

    public static string? ForClass(string name) => ClassDefs.GetValueOrDefault(name);
    public static string? ForProperty(string name) => PropertyDefs.GetValueOrDefault(name);
}
