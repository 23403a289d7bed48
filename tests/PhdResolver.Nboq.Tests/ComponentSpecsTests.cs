using PhdResolver.Nboq.Import;
using PhdResolver.Nboq.Presentation;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Tests;

public class ComponentSpecsTests
{
    private const string Ttl = """
        @prefix nboq: <https://w3id.org/nbo-q/> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:i> a nboq:Instrument ; nboq:name "Widefield 1" ; nboq:hasComponent <urn:o>, <urn:f>, <urn:c> .
        <urn:o> a nboq:Objective ; nboq:name "Plan Apo 63x" ; nboq:magnification "63.0e0"^^xsd:double ; nboq:lensNA "1.4"^^xsd:double ;
            nboq:immersionType nboq:ImmersionTypeList-Mineral_Oil ; nboq:workingDistance "0.14"^^xsd:double ; nboq:workingDistanceUnit unit:MilliM .
        <urn:f> a nboq:EmissionFilter ; nboq:name "GFP emission" ; nboq:type nboq:FilterType-Bandpass ; nboq:hasPart <urn:f/r> .
        <urn:f/r> a nboq:TransmittanceRange ; nboq:wavelength "525"^^xsd:double ; nboq:fwhmBandwidth "50"^^xsd:double ; nboq:wavelengthUnit unit:NanoM .
        <urn:c> a nboq:CCD ; nboq:name "Camera" ; nboq:pixelWidth "6.45"^^xsd:double ; nboq:pixelWidthUnit unit:MicroM .
        """;

    private static ComponentSpecs Specs(string ttl) => new(Dataset.Parse(ttl, RdfFormat.Turtle));

    [Fact]
    public void Values_read_as_people_write_them()
    {
        var specs = Specs(Ttl);
        var all = specs.Components(new Iri("urn:i")).SelectMany(c => c.Values.Select(v => $"{c.Name}: {v.Label} {v.Value}")).ToList();
        Assert.Contains("Plan Apo 63x: Objective 63× / 1.40 NA, oil", all);
        Assert.Contains("Plan Apo 63x: Working distance 0.14 mm", all);
        Assert.Contains("GFP emission: Band 525/50 nm band pass", all);
        Assert.Contains("Camera: Detector type CCD camera", all);
        Assert.Contains("Camera: Pixel size 6.45 µm", all);
        Assert.DoesNotContain(all, v => v.Contains("e0", StringComparison.Ordinal));
        Assert.Equal("Images were acquired on Widefield 1 with a CCD camera (6.45 µm pixels), a 525/50 nm band pass emission filter and a 63× / 1.40 NA, oil objective.",
            specs.Methods(new Iri("urn:i")));
    }

    [Fact]
    public void Changes_name_components_and_fields_in_words()
    {
        var before = Specs(Ttl);
        var after = Specs(Ttl.Replace("\"1.4\"^^xsd:double", "\"1.45\"^^xsd:double", StringComparison.Ordinal).Replace(", <urn:c> .", " .", StringComparison.Ordinal));
        var changes = ComponentSpecs.Changes(before, new Iri("urn:i"), after, new Iri("urn:i"));
        Assert.Contains("Objective 'Plan Apo 63x': Objective 63× / 1.40 NA, oil → 63× / 1.45 NA, oil", changes);
        Assert.Contains("removed CCD 'Camera'", changes);
    }

    [Fact]
    public void A_real_import_gives_filter_bands_and_objectives()
    {
        if (!Paths.HaveReference()) return;
        var r = MmaImporter.ImportFile(Path.Combine(Paths.Examples, "microscope_configuration__1-3-1_STRAMBIO_TESM_033121.json"));
        var specs = new ComponentSpecs(r.Data);
        var values = specs.Components(r.Root).SelectMany(c => c.Values).Select(v => v.Value).ToList();
        Assert.Contains("60× / 1.40 NA, oil", values);
        Assert.Contains(values, v => v.EndsWith("nm band pass", StringComparison.Ordinal));
    }
}
