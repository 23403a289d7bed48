using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Web.Records;

/// <summary>
/// Citation exports of a record: BibTeX, RIS, CSL-JSON, and DataCite XML (instances, following
/// the PIDINST mapping: instrument name, owner, manufacturer, model, identifier).
/// </summary>
internal static class Citation
{
    public static string Author(RecordView v) => v.Facility?.Name ?? v.Model?.Manufacturer ?? "PHD resolver";
    public static string Year(RecordView v) => v.Created.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>The "cite as" line shown on the page.</summary>
    public static string Line(RecordView v) => $"{Author(v)} ({Year(v)}). {v.Title}. {v.Pid}. {v.CiteAs}";

    public static string BibTex(RecordView v)
    {
        string key = new string(v.Pid.ToString().Where(char.IsAsciiLetterOrDigit).ToArray());
        var sb = new StringBuilder();
        sb.Append("@misc{").Append(key).Append(",\n");
        Field(sb, "title", TeX(v.Title));
        // Double braces keep an organisation's name as one "last name" (no initials, no reordering).
        Field(sb, "author", "{" + TeX(Author(v)) + "}");
        Field(sb, "year", Year(v));
        Field(sb, "howpublished", "\\url{" + UrlForTeX(v.CiteAs) + "}");
        Field(sb, "note", TeX($"Persistent hardware descriptor {v.Pid}" + (v.Version is { } d ? $", configuration c{d.Number}" : "")));
        if (v.Pid.Scheme == PidScheme.Doi) Field(sb, "doi", TeX(v.Pid.Id));
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>The value is already escaped: every brace in it is one this class wrote, balanced.</summary>
    private static void Field(StringBuilder sb, string name, string value) =>
        sb.Append("  ").Append(name).Append(" = {").Append(value).Append("},\n");

    /// <summary>
    /// Text as BibTeX/LaTeX text. BibTeX counts braces even after a backslash, so <c>\{</c> would
    /// still close the field early: braces and backslashes become brace-free-then-balanced
    /// commands (<c>\textbraceleft{}</c>), and LaTeX's other specials are escaped. A value can then
    /// neither end its field nor start a command, so a manufacturer named
    /// <c>X}, howpublished = {\url{javascript:...}}</c> stays text.
    /// </summary>
    internal static string TeX(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '{': sb.Append("\\textbraceleft{}"); break;
                case '}': sb.Append("\\textbraceright{}"); break;
                case '\\': sb.Append("\\textbackslash{}"); break;
                case '^': sb.Append("\\textasciicircum{}"); break;
                case '~': sb.Append("\\textasciitilde{}"); break;
                case '$' or '&' or '%' or '#' or '_': sb.Append('\\').Append(c); break;
                case '\r' or '\n' or '\t': sb.Append(' '); break;
                default:
                    if (!char.IsControl(c)) sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A URL inside \url{}: characters that are structure to BibTeX/TeX are percent-encoded
    /// (they are never meaningful in a URL: RFC 3986 does not allow them unencoded).</summary>
    internal static string UrlForTeX(string url)
    {
        var sb = new StringBuilder(url.Length);
        foreach (char c in url)
        {
            if (c is '{' or '}' or '\\' or '"' or ' ' || char.IsControl(c)) sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Ris(RecordView v)
    {
        var sb = new StringBuilder();
        // One line per tag: line breaks and other control characters in a value become spaces,
        // so a value can never start a tag (such as an early "ER  -") of its own.
        void L(string tag, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            sb.Append(tag).Append("  - ");
            foreach (char c in value) sb.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
            sb.Append("\r\n");
        }
        L("TY", "DATA");
        L("TI", v.Title);
        L("AU", Author(v));
        L("PY", Year(v));
        L("UR", v.CiteAs);
        if (v.Pid.Scheme == PidScheme.Doi) L("DO", v.Pid.Id);
        L("M3", "Persistent hardware descriptor");
        L("N1", v.Pid.ToString());
        // The end of the record: ER has an empty value by definition (L skips empty values).
        sb.Append("ER  - \r\n");
        return sb.ToString();
    }

    public static string CslJson(RecordView v)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("id", v.Pid.ToString());
            w.WriteString("type", "dataset");
            w.WriteString("title", v.Title);
            w.WriteStartArray("author");
            w.WriteStartObject();
            w.WriteString("literal", Author(v));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("issued");
            w.WriteStartArray("date-parts");
            w.WriteStartArray();
            w.WriteNumberValue(v.Created.UtcDateTime.Year);
            w.WriteNumberValue(v.Created.UtcDateTime.Month);
            w.WriteNumberValue(v.Created.UtcDateTime.Day);
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("URL", v.CiteAs);
            if (v.Pid.Scheme == PidScheme.Doi) w.WriteString("DOI", v.Pid.Id);
            if (v.Version is { } d) w.WriteString("version", "c" + d.Number.ToString(CultureInfo.InvariantCulture));
            w.WriteString("genre", "Persistent hardware descriptor");
            w.WriteEndObject();
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>DataCite Metadata Schema 4.x XML for an instrument, per the PIDINST mapping.</summary>
    public static string DataCite(RecordView v)
    {
        var i = v.Instance!;
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), new XmlWriterSettings { Indent = true }))
        {
            const string ns = "http://datacite.org/schema/kernel-4";
            w.WriteStartElement("resource", ns);
            w.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
            w.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance", ns + " http://schema.datacite.org/meta/kernel-4/metadata.xsd");
            w.WriteStartElement("identifier", ns);
            w.WriteAttributeString("identifierType", i.Pid.Scheme switch { PidScheme.Doi => "DOI", PidScheme.Handle => "Handle", _ => "URL" });
            w.WriteString(i.Pid.Scheme is PidScheme.Doi or PidScheme.Handle ? i.Pid.Id : v.Origin + Registry.Resolution.Paths.Of(i));
            w.WriteEndElement();
            // PIDINST: Owner -> creator (the owning facility).
            w.WriteStartElement("creators", ns);
            w.WriteStartElement("creator", ns);
            w.WriteStartElement("creatorName", ns);
            w.WriteAttributeString("nameType", "Organizational");
            w.WriteString(v.Facility?.Name ?? i.Owner.ToString());
            w.WriteEndElement();
            if (v.Facility?.Pid is { Scheme: PidScheme.Ror } ror)
            {
                w.WriteStartElement("nameIdentifier", ns);
                w.WriteAttributeString("nameIdentifierScheme", "ROR");
                w.WriteAttributeString("schemeURI", "https://ror.org/");
                w.WriteString(ror.ResolverUrl);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("titles", ns);
            w.WriteElementString("title", ns, i.Name);
            w.WriteEndElement();
            w.WriteElementString("publisher", ns, v.Facility?.Name ?? "PHD resolver");
            w.WriteElementString("publicationYear", ns, i.Provenance.Created.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture));
            w.WriteStartElement("resourceType", ns);
            w.WriteAttributeString("resourceTypeGeneral", "Instrument");
            w.WriteString(v.Model?.Modality is { } mod ? mod + " microscope" : "Microscope");
            w.WriteEndElement();
            // PIDINST: Manufacturer and Model -> contributor (HostingInstitution for the facility) and subjects/descriptions.
            w.WriteStartElement("contributors", ns);
            w.WriteStartElement("contributor", ns);
            w.WriteAttributeString("contributorType", "HostingInstitution");
            w.WriteElementString("contributorName", ns, v.Facility?.Name ?? i.Facility.ToString());
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("relatedIdentifiers", ns);
            w.WriteStartElement("relatedIdentifier", ns);
            w.WriteAttributeString("relatedIdentifierType", "URL");
            w.WriteAttributeString("relationType", "IsDescribedBy");
            w.WriteString(v.Origin + Registry.Resolution.Paths.Of(i));
            w.WriteEndElement();
            if (v.Model is { } m)
            {
                w.WriteStartElement("relatedIdentifier", ns);
                w.WriteAttributeString("relatedIdentifierType", m.Pid.Scheme == PidScheme.Rrid ? "RRID" : "URL");
                w.WriteAttributeString("relationType", "IsNewVersionOf");
                w.WriteString(m.Pid.Scheme == PidScheme.Rrid ? m.Pid.ToString() : v.Origin + "/" + m.Pid);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteStartElement("descriptions", ns);
            w.WriteStartElement("description", ns);
            w.WriteAttributeString("descriptionType", "TechnicalInfo");
            w.WriteString($"Manufacturer: {i.Manufacturer}. Model: {v.Model?.Name ?? i.Model.ToString()}." + (i.Description is { } d ? " " + d : ""));
            w.WriteEndElement();
            w.WriteEndElement();
            if (i.Commissioned is { } c)
            {
                w.WriteStartElement("dates", ns);
                w.WriteStartElement("date", ns);
                w.WriteAttributeString("dateType", "Other");
                w.WriteAttributeString("dateInformation", "Commissioned");
                w.WriteString(c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        return sb + "\n";
    }
}
