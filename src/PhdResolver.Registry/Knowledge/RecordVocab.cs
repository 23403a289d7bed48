using PhdResolver.Rdf;

namespace PhdResolver.Registry.Knowledge;

/// <summary>
/// The terms the registry's record graphs use (README "The graph"): NBO-Q's record classes and
/// PID-level properties, plus schema.org, DCTERMS, PROV and OWL. One home, so the writer, the
/// web layer and the example queries cannot drift apart.
/// </summary>
public static class RecordVocab
{
    public const string Nboq = "https://w3id.org/nbo-q/";
    public const string Schema = "https://schema.org/";
    public const string Dct = "http://purl.org/dc/terms/";
    public const string Prov = "http://www.w3.org/ns/prov#";
    public const string Owl = "http://www.w3.org/2002/07/owl#";

    /// <summary>The NBO-Q ontology's IRI, which also names the graph holding the ontology.</summary>
    public static readonly Iri OntologyGraph = new(Nboq);

    public static readonly Iri RdfType = Vocab.Rdf.Type;

    // Record classes (ontology/nbo-q.ttl).
    public static readonly Iri Facility = new(Nboq + "Facility");
    public static readonly Iri InstrumentModel = new(Nboq + "InstrumentModel");
    public static readonly Iri InstrumentInstance = new(Nboq + "InstrumentInstance");
    public static readonly Iri HardwareDescriptor = new(Nboq + "HardwareDescriptor");
    public static readonly Iri Instrument = new(Nboq + "Instrument");

    // NBO-Q record properties.
    public static readonly Iri Name = new(Nboq + "name");
    public static readonly Iri Identifier = new(Nboq + "identifier");
    public static readonly Iri IdentifierType = new(Nboq + "identifierType");
    public static readonly Iri ModelIdentifier = new(Nboq + "modelIdentifier");
    public static readonly Iri SchemaVersion = new(Nboq + "schemaVersion");
    public static readonly Iri LandingPage = new(Nboq + "landingPage");
    public static readonly Iri Owner = new(Nboq + "owner");
    public static readonly Iri OwnerName = new(Nboq + "ownerName");
    public static readonly Iri Manufacturer = new(Nboq + "manufacturer");
    public static readonly Iri Model = new(Nboq + "model");
    public static readonly Iri Description = new(Nboq + "description");
    public static readonly Iri InstrumentType = new(Nboq + "instrumentType");
    public static readonly Iri InstanceOf = new(Nboq + "instanceOf");
    public static readonly Iri HasInstance = new(Nboq + "hasInstance");
    public static readonly Iri HeldBy = new(Nboq + "heldBy");
    public static readonly Iri Holds = new(Nboq + "holds");
    public static readonly Iri Describes = new(Nboq + "describes");
    public static readonly Iri HasConfiguration = new(Nboq + "hasConfiguration");
    public static readonly Iri ConfigurationOf = new(Nboq + "configurationOf");
    public static readonly Iri CurrentVersion = new(Nboq + "currentVersion");
    public static readonly Iri CurrentConfiguration = new(Nboq + "currentConfiguration");
    public static readonly Iri DescriptorVersionNumber = new(Nboq + "descriptorVersion");
    public static readonly Iri Status = new(Nboq + "status");
    public static readonly Iri WithdrawalReason = new(Nboq + "withdrawalReason");
    public static readonly Iri TierMet = new(Nboq + "tierMet");
    public static readonly Iri ShouldFieldsMet = new(Nboq + "shouldFieldsMet");
    public static readonly Iri MovedFrom = new(Nboq + "movedFrom");
    public static readonly Iri Move = new(Nboq + "move");
    /// <summary>The record's metadata revision (1 at registration, +1 per edit; descriptor versions are not revisions).</summary>
    public static readonly Iri RecordRevision = new(Nboq + "recordRevision");
    /// <summary>A configuration version -> a dataset acquired on it (inverse: prov:used).</summary>
    public static readonly Iri UsedBy = new(Nboq + "usedBy");
    /// <summary>The class of acquisition settings records (a Micro-Meta App Image's settings, registered against a configuration).</summary>
    public static readonly Iri AcquisitionSettings = new(Nboq + "AcquisitionSettings");
    /// <summary>A configuration version -> acquisition settings acquired on it (inverse: <see cref="SettingsOf"/>).</summary>
    public static readonly Iri HasAcquisitionSettings = new(Nboq + "acquisitionSettings");
    /// <summary>Acquisition settings -> the configuration version they were acquired on.</summary>
    public static readonly Iri SettingsOf = new(Nboq + "settingsOf");

    // schema.org
    public static readonly Iri SchemaOrganization = new(Schema + "Organization");
    public static readonly Iri SchemaProductModel = new(Schema + "ProductModel");
    public static readonly Iri SchemaIndividualProduct = new(Schema + "IndividualProduct");
    public static readonly Iri SchemaDataset = new(Schema + "Dataset");
    public static readonly Iri SchemaCreativeWork = new(Schema + "CreativeWork");
    public static readonly Iri SchemaPostalAddress = new(Schema + "PostalAddress");
    public static readonly Iri SchemaPropertyValue = new(Schema + "PropertyValue");
    public static readonly Iri SchemaName = new(Schema + "name");
    public static readonly Iri SchemaIdentifier = new(Schema + "identifier");
    public static readonly Iri SchemaPropertyId = new(Schema + "propertyID");
    public static readonly Iri SchemaValue = new(Schema + "value");
    public static readonly Iri SchemaUrl = new(Schema + "url");
    public static readonly Iri SchemaEmail = new(Schema + "email");
    public static readonly Iri SchemaAddress = new(Schema + "address");
    public static readonly Iri SchemaLocality = new(Schema + "addressLocality");
    public static readonly Iri SchemaCountry = new(Schema + "addressCountry");
    public static readonly Iri SchemaLocation = new(Schema + "location");
    public static readonly Iri SchemaOwns = new(Schema + "owns");
    public static readonly Iri SchemaModel = new(Schema + "model");
    public static readonly Iri SchemaCategory = new(Schema + "category");
    public static readonly Iri SchemaDescription = new(Schema + "description");
    public static readonly Iri SchemaPurchaseDate = new(Schema + "purchaseDate");
    public static readonly Iri SchemaVersion_ = new(Schema + "version");
    public static readonly Iri SchemaLicense = new(Schema + "license");
    public static readonly Iri SchemaDataCatalog = new(Schema + "DataCatalog");
    public static readonly Iri SchemaSameAs = new(Schema + "sameAs");
    public static readonly Iri SchemaDateCreated = new(Schema + "dateCreated");
    public static readonly Iri SchemaDateModified = new(Schema + "dateModified");
    public static readonly Iri SchemaDatePublished = new(Schema + "datePublished");
    public static readonly Iri SchemaIsPartOf = new(Schema + "isPartOf");
    public static readonly Iri SchemaHasPart = new(Schema + "hasPart");
    public static readonly Iri SchemaAbout = new(Schema + "about");
    public static readonly Iri SchemaSubjectOf = new(Schema + "subjectOf");
    public static readonly Iri SchemaCreator = new(Schema + "creator");
    public static readonly Iri SchemaPublisher = new(Schema + "publisher");
    public static readonly Iri SchemaIncludedInDataCatalog = new(Schema + "includedInDataCatalog");
    public static readonly Iri SchemaKeywords = new(Schema + "keywords");
    public static readonly Iri SchemaIsAccessibleForFree = new(Schema + "isAccessibleForFree");
    public static readonly Iri SchemaSerialNumber = new(Schema + "serialNumber");
    public static readonly Iri SchemaPerson = new(Schema + "Person");
    public static readonly Iri SchemaContactPoint = new(Schema + "contactPoint");
    public static readonly Iri SchemaEmployee = new(Schema + "employee");
    public static readonly Iri SchemaMaintainer = new(Schema + "maintainer");
    public static readonly Iri SchemaJobTitle = new(Schema + "jobTitle");
    public static readonly Iri SchemaScholarlyArticle = new(Schema + "ScholarlyArticle");

    // DCTERMS, PROV, OWL
    public static readonly Iri Created = new(Dct + "created");
    public static readonly Iri Modified = new(Dct + "modified");
    public static readonly Iri HasVersion = new(Dct + "hasVersion");
    public static readonly Iri IsVersionOf = new(Dct + "isVersionOf");
    public static readonly Iri Replaces = new(Dct + "replaces");
    public static readonly Iri IsReplacedBy = new(Dct + "isReplacedBy");
    public static readonly Iri References = new(Dct + "references");
    public static readonly Iri IsReferencedBy = new(Dct + "isReferencedBy");
    public static readonly Iri ProvEntity = new(Prov + "Entity");
    public static readonly Iri ProvOrganization = new(Prov + "Organization");
    public static readonly Iri ProvActivity = new(Prov + "Activity");
    public static readonly Iri ProvPerson = new(Prov + "Person");
    public static readonly Iri ProvUsed = new(Prov + "used");
    public static readonly Iri WasRevisionOf = new(Prov + "wasRevisionOf");
    public static readonly Iri GeneratedAtTime = new(Prov + "generatedAtTime");
    public static readonly Iri InvalidatedAtTime = new(Prov + "invalidatedAtTime");
    public static readonly Iri AtTime = new(Prov + "atTime");
    public static readonly Iri SameAs = new(Owl + "sameAs");

    public const string License = "https://creativecommons.org/publicdomain/zero/1.0/";
}
