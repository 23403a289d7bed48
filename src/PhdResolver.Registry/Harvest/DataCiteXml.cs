using System.Globalization;
using System.Text;
using System.Xml;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Harvest;

/// <summary>
/// DataCite Metadata Schema 4.6 (<c>http://datacite.org/schema/kernel-4</c>) for instruments and
/// configuration versions. Facilities and models have none: DataCite describes resources, and has no
/// resource type for an organisation (a model record is a product description, not an instrument).
/// <para>
/// Instruments follow the PIDINST mapping (DataCite's own Instrument example): the manufacturer is the
/// creator; the facility holding the instrument is the <c>HostingInstitution</c> contributor and the
/// owner, when another facility, a <c>RightsHolder</c>; the model is a related identifier
/// <c>IsDescribedBy</c> (<c>IsNewVersionOf</c> would mean an earlier DOI of a modified instrument) and is
/// named in the <c>TechnicalInfo</c> description as "Model Name: …"; the modality is a subject; the
/// commissioning date is <c>Available</c>. A configuration version is a <c>Dataset</c> ("Hardware
/// configuration descriptor") that <c>IsVersionOf</c> the instrument, <c>IsNewVersionOf</c> its predecessor
/// and <c>IsPreviousVersionOf</c> its successor, <c>IsDescribedBy</c> the model and carries its
/// configuration number as <c>version</c>. A withdrawn record keeps its metadata with a <c>Withdrawn</c> date.
/// </para>
/// </summary>
public static class DataCiteXml
{
    public const string Namespace = "http://datacite.org/schema/kernel-4";
    public const string SchemaLocation = "https://schema.datacite.org/meta/kernel-4.6/metadata.xsd";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Whether records of <paramref name="level"/> have DataCite XML: instruments and configuration versions.</summary>
    public static bool Describes(PidLevel level) => level is PidLevel.Instance or PidLevel.Descriptor;

    /// <summary>The whole document as UTF-8 bytes (declared UTF-8, no byte order mark). Only when <see cref="HarvestItem.HasDataCite"/>.</summary>
    public static byte[] Document(HarvestItem item, string origin)
    {
        var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            Write(w, item, origin);
            w.WriteEndDocument();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    /// <summary>Writes the <c>resource</c> element (for embedding, e.g. in OAI-PMH <c>metadata</c>).</summary>
    public static void Write(XmlWriter w, HarvestItem item, string origin)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(item);
        if (!item.HasDataCite) throw new ArgumentException($"{item.Level} records have no DataCite XML", nameof(item));
        var i = item.Instance!;
        var v = item.Version;
        const string ns = Namespace;
        w.WriteStartElement("resource", ns);
        w.WriteAttributeString("xmlns", "xsi", null, Xsi);
        w.WriteAttributeString("xsi", "schemaLocation", Xsi, ns + " " + SchemaLocation);

        // 1 Identifier: the DOI or Handle of an instrument; otherwise (minted PIDs, every version) our stable IRI.
        var own = v is null ? i.Pid : v.Pid;
        w.WriteStartElement("identifier", ns);
        w.WriteAttributeString("identifierType", IdentifierType(own));
        w.WriteString(IdentifierValue(own, origin));
        w.WriteEndElement();

        // 2 Creator. PIDINST: the manufacturer. A configuration is described by its facility.
        w.WriteStartElement("creators", ns);
        if (v is null)
        {
            w.WriteStartElement("creator", ns);
            Name(w, "creatorName", i.Manufacturer);
            w.WriteEndElement();
        }
        else
        {
            w.WriteStartElement("creator", ns);
            Name(w, "creatorName", item.Facility?.Name ?? i.Facility.ToString());
            if (item.Facility is { } f) FacilityIdentifiers(w, f);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        // 3 Title
        w.WriteStartElement("titles", ns);
        w.WriteStartElement("title", ns);
        w.WriteAttributeString("xml", "lang", null, "en");
        w.WriteString(v is null ? i.Name : ConfigurationTitle(i, v));
        w.WriteEndElement();
        w.WriteEndElement();

        // 4 Publisher: who manages the record (PIDINST footnote), the facility holding the instrument.
        w.WriteStartElement("publisher", ns);
        w.WriteAttributeString("xml", "lang", null, "en");
        w.WriteString(item.Facility?.Name ?? i.Facility.ToString());
        w.WriteEndElement();
        var created = v?.Provenance.Created ?? i.Provenance.Created;
        w.WriteElementString("publicationYear", ns, created.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture));

        // 10 ResourceType
        w.WriteStartElement("resourceType", ns);
        w.WriteAttributeString("resourceTypeGeneral", v is null ? "Instrument" : "Dataset");
        w.WriteString(v is null
            ? (item.Model?.Modality is { Length: > 0 } mod ? Capital(mod) + " light microscope" : "Light microscope")
            : "Hardware configuration descriptor");
        w.WriteEndElement();

        // 6 Subject: the kind of instrument.
        w.WriteStartElement("subjects", ns);
        w.WriteElementString("subject", ns, "light microscopy");
        if (item.Model?.Modality is { Length: > 0 } modality) w.WriteElementString("subject", ns, modality);
        w.WriteEndElement();

        // 7 Contributors. PIDINST: the owner as HostingInstitution; here the holder, with the owner as RightsHolder when it differs.
        w.WriteStartElement("contributors", ns);
        w.WriteStartElement("contributor", ns);
        w.WriteAttributeString("contributorType", "HostingInstitution");
        Name(w, "contributorName", item.Facility?.Name ?? i.Facility.ToString());
        if (item.Facility is { } host) FacilityIdentifiers(w, host);
        w.WriteEndElement();
        if (i.Owner != i.Facility)
        {
            w.WriteStartElement("contributor", ns);
            w.WriteAttributeString("contributorType", "RightsHolder");
            Name(w, "contributorName", item.Owner?.Name ?? i.Owner.ToString());
            if (item.Owner is { } owner) FacilityIdentifiers(w, owner);
            w.WriteEndElement();
        }
        // The instrument's people (for a configuration too: they answer for it): contacts as ContactPerson,
        // managers as ProjectManager, staff as ProjectMember, with their ORCID iDs. Never an email address.
        foreach (var p in i.People)
        {
            w.WriteStartElement("contributor", ns);
            w.WriteAttributeString("contributorType", p.Role switch { Person.Contact => "ContactPerson", Person.Manager => "ProjectManager", _ => "ProjectMember" });
            w.WriteStartElement("contributorName", ns);
            w.WriteAttributeString("nameType", "Personal");
            w.WriteString(p.Name);
            w.WriteEndElement();
            if (p.OrcidUrl is { } orcid) NameId(w, "ORCID", "https://orcid.org", orcid);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        // 8 Dates
        w.WriteStartElement("dates", ns);
        Date(w, "Created", created, null);
        if (v is null && i.Commissioned is { } c)
            Date(w, "Available", null, c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "commissioned");
        if ((v?.Tombstone ?? i.Tombstone) is { } t) Date(w, "Withdrawn", t.WithdrawnAt, null);
        w.WriteEndElement();
        w.WriteElementString("language", ns, "en");

        // 11 AlternateIdentifiers: our PID and paths for what the identifier does not say.
        w.WriteStartElement("alternateIdentifiers", ns);
        if (v is null)
        {
            if (i.Pid.Scheme is PidScheme.Doi or PidScheme.Handle) AltId(w, "URL", origin + "/" + i.Pid);
            else AltId(w, "PHD", i.Pid.ToString());
            AltId(w, "URL", origin + Resolution.Paths.Of(i));
            // PIDINST: the instrument's other identifiers (serial and inventory numbers, other PIDs).
            foreach (var x in i.Identifiers)
                AltId(w, x.Scheme switch { ExternalId.Serial => "SerialNumber", ExternalId.Inventory => "InventoryNumber", _ => x.Scheme }, x.Value);
        }
        else
        {
            AltId(w, "PHD", v.Pid.ToString());
            AltId(w, "URL", origin + Resolution.Paths.Of(i, v.Number));
        }
        w.WriteEndElement();

        // 12 RelatedIdentifiers
        w.WriteStartElement("relatedIdentifiers", ns);
        if (v is not null)
        {
            Related(w, i.Pid, origin, "IsVersionOf", "Instrument");
            if (Neighbour(item.Versions, v.Number - 1) is { } prev) Related(w, prev.Pid, origin, "IsNewVersionOf", "Dataset");
            if (Neighbour(item.Versions, v.Number + 1) is { } next) Related(w, next.Pid, origin, "IsPreviousVersionOf", "Dataset");
        }
        else
        {
            foreach (var x in item.Versions)
                if (x is not null) Related(w, x.Pid, origin, "HasVersion", "Dataset");
        }
        if (item.Model is { } m) Related(w, m.Pid, origin, "IsDescribedBy", null);
        // Datasets acquired on the configuration (it IsSourceOf them) and publications documenting it, given by
        // value; the works' own records point back (IsDerivedFrom / Documents) when their authors link them.
        var linked = new HashSet<(string, string)>();
        foreach (var work in item.Related)
        {
            string relation = work.Relation == RelatedWork.UsedBy ? "IsSourceOf" : "IsDocumentedBy";
            if (!linked.Add((work.Identifier, relation))) continue;
            w.WriteStartElement("relatedIdentifier", ns);
            bool doi = work.Identifier.StartsWith("doi:", StringComparison.Ordinal);
            w.WriteAttributeString("relatedIdentifierType", doi ? "DOI" : "URL");
            w.WriteAttributeString("relationType", relation);
            w.WriteAttributeString("resourceTypeGeneral", work.Kind == RelatedWork.Dataset ? "Dataset" : "Text");
            w.WriteString(doi ? work.Identifier[4..] : work.Identifier);
            w.WriteEndElement();
        }
        // Acquisition settings registered against the configuration supplement it (their records reference it back).
        foreach (var st in item.Settings)
        {
            w.WriteStartElement("relatedIdentifier", ns);
            w.WriteAttributeString("relatedIdentifierType", "URL");
            w.WriteAttributeString("relationType", "IsSupplementedBy");
            w.WriteAttributeString("resourceTypeGeneral", "Dataset");
            w.WriteString(origin + "/" + st.Pid);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        if (v is not null)
        {
            w.WriteStartElement("formats", ns);
            foreach (var f in (string[])["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]) w.WriteElementString("format", ns, f);
            w.WriteEndElement();
            w.WriteElementString("version", ns, v.Number.ToString(CultureInfo.InvariantCulture));
        }

        w.WriteStartElement("rightsList", ns);
        w.WriteStartElement("rights", ns);
        w.WriteAttributeString("xml", "lang", null, "en");
        w.WriteAttributeString("rightsURI", RecordVocab.License);
        w.WriteAttributeString("rightsIdentifier", "CC0-1.0");
        w.WriteAttributeString("rightsIdentifierScheme", "SPDX");
        w.WriteString("Creative Commons Zero v1.0 Universal");
        w.WriteEndElement();
        w.WriteEndElement();

        // 17 Descriptions. PIDINST: TechnicalInfo names the model (as in DataCite's Instrument example).
        w.WriteStartElement("descriptions", ns);
        if (v is null && i.Description is { Length: > 0 } d) Description(w, "Abstract", d);
        string modelName = item.Model?.Name ?? i.Model.ToString();
        Description(w, "TechnicalInfo", v is null
            ? $"Model Name: {modelName}. Manufacturer: {i.Manufacturer}. Instrument type: {item.Model?.Modality ?? "light microscope"}."
            : $"Configuration c{v.Number.ToString(CultureInfo.InvariantCulture)} of {i.Name} ({modelName}, {i.Manufacturer}), described with NBO-Q at tier {v.Tier.ToString(CultureInfo.InvariantCulture)}.");
        w.WriteEndElement();

        w.WriteEndElement();
    }

    public static string ConfigurationTitle(InstanceRecord i, DescriptorVersion v) =>
        $"{i.Name} — configuration c{v.Number.ToString(CultureInfo.InvariantCulture)}";

    private static DescriptorVersion? Neighbour(IReadOnlyList<DescriptorVersion> versions, int number) =>
        number >= 1 && number <= versions.Count ? versions[number - 1] : null;

    private static string IdentifierType(Pid p) => p.Scheme switch { PidScheme.Doi => "DOI", PidScheme.Handle => "Handle", PidScheme.Rrid => "RRID", _ => "URL" };

    private static string IdentifierValue(Pid p, string origin) => p.Scheme switch
    {
        PidScheme.Doi or PidScheme.Handle => p.Id,
        PidScheme.Rrid => p.ToString(),
        _ => origin + "/" + p,
    };

    private static void Related(XmlWriter w, Pid p, string origin, string relation, string? resourceTypeGeneral)
    {
        w.WriteStartElement("relatedIdentifier", Namespace);
        w.WriteAttributeString("relatedIdentifierType", IdentifierType(p));
        w.WriteAttributeString("relationType", relation);
        if (resourceTypeGeneral is not null) w.WriteAttributeString("resourceTypeGeneral", resourceTypeGeneral);
        w.WriteString(IdentifierValue(p, origin));
        w.WriteEndElement();
    }

    private static void Name(XmlWriter w, string element, string name)
    {
        w.WriteStartElement(element, Namespace);
        w.WriteAttributeString("nameType", "Organizational");
        w.WriteString(name);
        w.WriteEndElement();
    }

    private static void FacilityIdentifiers(XmlWriter w, FacilityRecord f)
    {
        if (f.Ror is { } ror) NameId(w, "ROR", "https://ror.org/", ror.ResolverUrl!);
        if (f.Rrid is { } rrid) NameId(w, "RRID", "https://identifiers.org/RRID/", rrid.ToString());
    }

    private static void NameId(XmlWriter w, string scheme, string uri, string value)
    {
        w.WriteStartElement("nameIdentifier", Namespace);
        w.WriteAttributeString("nameIdentifierScheme", scheme);
        w.WriteAttributeString("schemeURI", uri);
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static void Date(XmlWriter w, string type, DateTimeOffset? at, string? text, string? info = null)
    {
        w.WriteStartElement("date", Namespace);
        w.WriteAttributeString("dateType", type);
        if (info is not null) w.WriteAttributeString("dateInformation", info);
        w.WriteString(text ?? at!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }

    private static void AltId(XmlWriter w, string type, string value)
    {
        w.WriteStartElement("alternateIdentifier", Namespace);
        w.WriteAttributeString("alternateIdentifierType", type);
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static void Description(XmlWriter w, string type, string text)
    {
        w.WriteStartElement("description", Namespace);
        w.WriteAttributeString("xml", "lang", null, "en");
        w.WriteAttributeString("descriptionType", type);
        w.WriteString(text);
        w.WriteEndElement();
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
