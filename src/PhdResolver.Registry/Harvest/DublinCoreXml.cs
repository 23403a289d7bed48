using System.Globalization;
using System.Xml;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Harvest;

/// <summary>
/// Simple Dublin Core (OAI-PMH's <c>oai_dc</c>) for every level, the lowest common denominator every
/// harvester reads: title, creator (manufacturer of an instrument or model, facility of a configuration),
/// publisher and contributor (the facilities), subject (modality), type (DCMI type first), identifiers
/// (the PID, its resolver URL, our stable IRI), relations to the records it links to, dates and rights.
/// </summary>
public static class DublinCoreXml
{
    public const string OaiDcNamespace = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    public const string OaiDcSchema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";
    public const string DcNamespace = "http://purl.org/dc/elements/1.1/";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static void Write(XmlWriter w, HarvestItem item, string origin)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(item);
        w.WriteStartElement("oai_dc", "dc", OaiDcNamespace);
        w.WriteAttributeString("xmlns", "dc", null, DcNamespace);
        w.WriteAttributeString("xmlns", "xsi", null, Xsi);
        w.WriteAttributeString("xsi", "schemaLocation", Xsi, OaiDcNamespace + " " + OaiDcSchema);
        switch (item.Level)
        {
            case PidLevel.Facility:
            {
                var f = item.Facility!;
                E(w, "title", f.Name);
                E(w, "type", "Organization");
                E(w, "type", "Core facility");
                if (string.Join(", ", new[] { f.City, f.Country }.Where(x => !string.IsNullOrEmpty(x))) is { Length: > 0 } place)
                    E(w, "coverage", place);
                Identifiers(w, f.Pid, origin);
                if (f.Rrid is { } rrid && rrid != f.Pid) Identifiers(w, rrid, null);
                if (f.Ror is { } ror && ror != f.Pid) Identifiers(w, ror, null);
                if (f.Homepage is { Length: > 0 } home) E(w, "relation", home);
                Dates(w, f.Provenance, f.Tombstone);
                break;
            }
            case PidLevel.Model:
            {
                var m = item.Model!;
                E(w, "title", m.Name);
                E(w, "creator", m.Manufacturer);
                E(w, "type", "Instrument model");
                E(w, "subject", "light microscopy");
                if (m.Modality is { Length: > 0 } mod) E(w, "subject", mod);
                Identifiers(w, m.Pid, origin);
                Dates(w, m.Provenance, m.Tombstone);
                break;
            }
            case PidLevel.Instance:
            {
                var i = item.Instance!;
                E(w, "title", i.Name);
                E(w, "creator", i.Manufacturer);
                E(w, "publisher", item.Facility?.Name ?? i.Facility.ToString());
                E(w, "contributor", item.Facility?.Name ?? i.Facility.ToString());
                if (i.Owner != i.Facility) E(w, "contributor", item.Owner?.Name ?? i.Owner.ToString());
                E(w, "type", "PhysicalObject");
                E(w, "type", "Instrument");
                E(w, "subject", "light microscopy");
                if (item.Model?.Modality is { Length: > 0 } mod) E(w, "subject", mod);
                E(w, "description", $"Model: {item.Model?.Name ?? i.Model.ToString()} ({i.Manufacturer})." + (i.Description is { Length: > 0 } d ? " " + d : ""));
                Identifiers(w, i.Pid, origin);
                E(w, "relation", origin + "/" + i.Model);
                foreach (var v in item.Versions) if (v is not null) E(w, "relation", origin + "/" + v.Pid);
                Dates(w, i.Provenance, i.Tombstone);
                break;
            }
            default:
            {
                var v = item.Version!;
                var i = item.Instance!;
                E(w, "title", DataCiteXml.ConfigurationTitle(i, v));
                E(w, "creator", item.Facility?.Name ?? i.Facility.ToString());
                E(w, "publisher", item.Facility?.Name ?? i.Facility.ToString());
                E(w, "type", "Dataset");
                E(w, "type", "Hardware configuration descriptor");
                E(w, "subject", "light microscopy");
                E(w, "description", $"Configuration c{v.Number.ToString(CultureInfo.InvariantCulture)} of {i.Name}, described with NBO-Q at tier {v.Tier.ToString(CultureInfo.InvariantCulture)}.");
                E(w, "format", "text/turtle");
                E(w, "format", "application/ld+json");
                Identifiers(w, v.Pid, origin);
                E(w, "relation", i.Pid.ResolverUrl ?? origin + "/" + i.Pid);
                Dates(w, v.Provenance, v.Tombstone);
                break;
            }
        }
        E(w, "language", "en");
        E(w, "rights", RecordVocab.License);
        w.WriteEndElement();
    }

    private static void Identifiers(XmlWriter w, Pid pid, string? origin)
    {
        E(w, "identifier", pid.ToString());
        if (pid.ResolverUrl is { } url) E(w, "identifier", url);
        if (origin is not null) E(w, "identifier", origin + "/" + pid);
    }

    private static void Dates(XmlWriter w, Provenance p, Tombstone? t)
    {
        E(w, "date", p.Created.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (t is not null) E(w, "description", "Withdrawn " + t.WithdrawnAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ": " + t.Reason);
    }

    private static void E(XmlWriter w, string name, string value) => w.WriteElementString("dc", name, DcNamespace, value);
}
