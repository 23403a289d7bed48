namespace PhdResolver.NboqGen;

/// <summary>Terms NBO does not have but NBO-Q needs: structure, PID-level records, import bookkeeping, annotations.</summary>
public static class CoreTerms
{
    public static void AddTo(ModelBuilder b)
    {
        // Not a ManufacturerSpecs: software belongs to an instrument too and has no catalog number; the hardware
        // elements whose NBO complex type is Manufacturer Specs are ManufacturerSpecs in their own right.
        Class(b, "InstrumentComponent", "instrument component", "A piece of hardware or software that is mounted in, or belongs to, an instrument.");
        Class(b, "Facility", "facility", "A core facility or laboratory that operates instruments.", "schema:Organization", "prov:Organization");
        Class(b, "InstrumentModel", "instrument model", "A type of instrument as sold or designed, shared by every physical copy.", "schema:ProductModel");
        Class(b, "InstrumentInstance", "instrument instance", "One physical instrument, as identified by a PIDINST-style persistent identifier.", "schema:IndividualProduct", "sosa:Platform");
        Class(b, "HardwareDescriptor", "hardware descriptor", "One immutable, versioned description of how an instrument instance is configured at a point in time.", "prov:Entity");
        // Micro-Meta App schemas with no NBO element of their own (OME has GenericExcitationSource).
        Class(b, "GenericExcitationSource", "generic excitation source", "A light source of a kind that none of the specific light source classes describes.", "nboq:LightSource");
        Class(b, "GenericOpticalApertureSettings", "generic optical aperture settings", "The acquisition settings of an optical aperture of a kind that no specific settings class describes.", "nboq:OpticalApertureSettings");
        Class(b, "KeyValue", "key/value pair", "A field from an imported record that has no NBO-Q property, kept as its original key and value.");

        Obj(b, "hasComponent", "has component", "Links an instrument to a hardware component that belongs to it.", "schema:hasPart");
        Obj(b, "hasPart", "has part", "Links an element to a sub-element that describes one of its parts or properties.", "schema:hasPart");
        Obj(b, "refersTo", "refers to", "Links an element to another element it concerns without containing it, such as settings to the hardware they set.");
        Obj(b, "unmappedField", "unmapped field", "Links an imported element to a source field that NBO-Q could not map, kept as a key/value pair.");
        Obj(b, "layoutField", "layout field", "Links an imported element to a drawing-only source field (position, size) that says nothing about the hardware.");
        Obj(b, "owner", "owner", "Links an instrument instance to the facility or organisation that owns it.");
        Obj(b, "instanceOf", "instance of", "Links an instrument instance to its instrument model.");
        Obj(b, "heldBy", "held by", "Links an instrument instance to the facility where it is operated.");
        Obj(b, "describes", "describes", "Links a hardware descriptor to the instrument instance it describes.");
        Obj(b, "hasConfiguration", "has configuration", "Links a hardware descriptor to the instrument description that forms its content.");
        // Registry record graphs (README "The graph"): the inverse links and the "current only" shortcut.
        Obj(b, "holds", "holds", "Links a facility to an instrument instance operated there (the inverse of held by).");
        Obj(b, "hasInstance", "has instance", "Links an instrument model to a physical instrument of that model (the inverse of instance of).");
        Obj(b, "currentVersion", "current version", "Links an instrument instance to its current hardware descriptor: the newest one that is not withdrawn.");
        Obj(b, "currentConfiguration", "current configuration", "Links an instrument instance to the instrument description of its current hardware descriptor.");
        Obj(b, "configurationOf", "configuration of", "Links an instrument description inside a hardware descriptor to the instrument instance it configures.");
        Obj(b, "movedFrom", "moved from", "Links an instrument instance to a facility where it was operated before a move.");
        Obj(b, "move", "move", "Links an instrument instance to one move between facilities (with its time, origin and destination).");

        Data(b, "key", "key", "The original name of a source field.", "xsd:string");
        Data(b, "value", "value", "The original value of a source field, as text or JSON.", null);
        Data(b, "location", "location", "Where the file of a file element (specifications, transmittance or wavelength profile) is found: its address or name as given in the source.", "xsd:string");
        Data(b, "jsonPath", "JSON path", "Where a field sat in the source JSON document.", "xsd:string");
        Data(b, "mmaSchemaId", "Micro-Meta App schema", "The Micro-Meta App schema file the source object claimed to follow.", "xsd:string");
        Data(b, "mmaModelVersion", "Micro-Meta App model version", "The version of the Micro-Meta App data model of the source record.", "xsd:string");
        Data(b, "mmaAppVersion", "Micro-Meta App version", "The version of the Micro-Meta App program that wrote the source record.", "xsd:string");
        Data(b, "mmaTier", "Micro-Meta App tier", "The documentation tier the source record was written at.", "xsd:integer");
        Data(b, "mmaValidationTier", "Micro-Meta App validation tier", "The tier the source record was checked against when it was written.", "xsd:integer");
        Data(b, "mmaDomain", "Micro-Meta App domain", "The domain label the Micro-Meta App gave to the source object.", "xsd:string");
        Data(b, "mmaCategory", "Micro-Meta App category", "The drawing category the Micro-Meta App gave to the source object.", "xsd:string");
        Data(b, "mmaExtension", "Micro-Meta App extension", "The NBO extension the Micro-Meta App gave to the source object.", "xsd:string");
        Data(b, "identifier", "identifier", "A persistent identifier of the record, such as a DOI, Handle or RRID.", "xsd:string");
        Data(b, "identifierType", "identifier type", "The kind of persistent identifier, such as DOI, Handle or RRID.", "xsd:string");
        Data(b, "schemaVersion", "schema version", "The version of the metadata schema the record follows.", "xsd:string");
        Data(b, "landingPage", "landing page", "The web page where the persistent identifier resolves to.", "xsd:anyURI");
        Data(b, "ownerName", "owner name", "The full name of the organisation that owns an instrument.", "xsd:string");
        Data(b, "ownerContact", "owner contact", "An e-mail address for the owner of an instrument.", "xsd:string");
        Data(b, "ownerIdentifier", "owner identifier", "A persistent identifier of the owner, such as a ROR or RRID.", "xsd:string");
        Data(b, "manufacturerIdentifier", "manufacturer identifier", "A persistent identifier of the manufacturer.", "xsd:string");
        Data(b, "modelIdentifier", "model identifier", "A persistent identifier of the instrument model, such as an RRID.", "xsd:string");
        Data(b, "instrumentType", "instrument type", "A classification of the instrument, such as widefield or confocal microscope.", "xsd:string");
        Data(b, "measuredVariable", "measured variable", "A quantity the instrument measures.", "xsd:string");
        Data(b, "status", "status", "The registry status of a record: active or withdrawn (facilities, models, instances); current, superseded or withdrawn (hardware descriptors).", "xsd:string");
        Data(b, "withdrawalReason", "withdrawal reason", "Why a record was withdrawn.", "xsd:string");
        Data(b, "tierMet", "tier met", "The highest documentation tier whose MUST constraints a hardware descriptor meets.", "xsd:integer");
        Data(b, "shouldFieldsMet", "SHOULD fields met", "How many SHOULD constraints of the tiers up to the tier met a hardware descriptor satisfies.", "xsd:integer");
        Data(b, "descriptorVersion", "descriptor version", "The sequence number of a hardware descriptor among the versions of its instance.", "xsd:positiveInteger");

        Ann(b, "tier", "tier", "The NBO documentation tier (1, 2 or 3) at which a term is first asked for.");
        Ann(b, "extension", "extension", "The NBO model extension a term belongs to: Core, Basic, AdvancedConfocal or Calibration.");
        Ann(b, "nboName", "NBO name", "The name of the element or attribute in the NBO v02-01 tables.");
        Ann(b, "nboPath", "NBO path", "A place of the element in the nesting of the NBO v02-01 tables.");
        Ann(b, "valueScheme", "value scheme", "The SKOS concept scheme whose concepts are the values of an enumerated property.");
        Ann(b, "unitProperty", "unit property", "The companion property that states the unit of a quantity property.");
        Ann(b, "nboRequired", "NBO required", "On a SHOULD shape: the NBO tables mark the field required, but Micro-Meta App does not ask for it at this tier, so it does not fail the tier.");
        Ann(b, "sourceModelVersion", "source model version", "The version of the NBO tables an ontology or shapes graph was generated from.");
        Ann(b, "defaultUnit", "default unit", "The unit NBO assumes for a quantity when none is stated.");
    }

    private static void Class(ModelBuilder b, string name, string label, string def, params string[] supers)
    {
        var c = new ClassTerm { Name = name, Label = label, Definition = def, Tier = 1, Extension = "Core" };
        foreach (var s in supers) c.Supers.Add(s);
        b.Classes[name] = c;
    }

    private static void Obj(ModelBuilder b, string name, string label, string def, string? closeMatch = null)
    {
        var p = new PropertyTerm { Name = name, Kind = PropertyKind.Object, Label = label, Definition = def, Tier = 1, Extension = "Core" };
        if (closeMatch is not null) p.CloseMatch.Add(closeMatch);
        if (name is "unmappedField" or "layoutField") p.Range = "nboq:KeyValue";
        b.Properties[name] = p;
    }

    private static void Data(ModelBuilder b, string name, string label, string def, string? range) =>
        b.Properties[name] = new PropertyTerm { Name = name, Kind = PropertyKind.Datatype, Label = label, Definition = def, Range = range, Tier = 1, Extension = "Core" };

    private static void Ann(ModelBuilder b, string name, string label, string def) =>
        b.Properties[name] = new PropertyTerm { Name = name, Kind = PropertyKind.Annotation, Label = label, Definition = def, Tier = 1, Extension = "Core" };
}
