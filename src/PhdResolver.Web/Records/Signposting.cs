using System.Text;
using System.Text.Json;
using PhdResolver.Registry.Pids;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Records;

/// <summary>One typed link of a record (FAIR Signposting / RFC 8288 / RFC 5829).</summary>
internal readonly record struct RecordLink(string Rel, string Href, string? Type = null);

/// <summary>
/// FAIR Signposting: level 1 as Link headers, level 2 as linksets (RFC 9264) in both syntaxes.
/// The same list feeds both, plus the HTML page's &lt;link&gt; elements.
/// </summary>
internal static class Signposting
{
    public static List<RecordLink> Links(RecordView v)
    {
        var links = new List<RecordLink> { new("cite-as", v.CiteAs) };
        foreach (var mt in Conneg.RecordTypes.Skip(1))
            links.Add(new("describedby", v.Iri + "?format=" + Conneg.ShortNameOf(mt), mt));
        if (Registry.Harvest.DataCiteXml.Describes(v.Level))
            links.Add(new("describedby", v.Iri + "?format=datacite", Conneg.DataCite));
        links.Add(new("type", "https://schema.org/" + RecordRdf.TypeOf(v.Level)));
        links.Add(new("type", "https://schema.org/AboutPage"));
        links.Add(new("license", RecordRdf.License));
        if (v.Facility is not null || v.Instance is not null)
            links.Add(new("author", v.Facility?.Pid.ResolverUrl ?? v.Origin + v.FacilityPath));
        switch (v.Level)
        {
            case PidLevel.Facility:
                foreach (var i in v.Instances) links.Add(new("item", v.Origin + Registry.Resolution.Paths.Of(i), "text/html"));
                break;
            case PidLevel.Model:
                if (v.Facility is not null) links.Add(new("collection", v.Origin + v.FacilityPath, "text/html"));
                break;
            case PidLevel.Instance:
                links.Add(new("collection", v.Origin + v.FacilityPath, "text/html"));
                foreach (var ver in v.Versions) links.Add(new("item", v.Origin + v.VersionPath(ver), "text/html"));
                if (v.Versions.Count > 0)
                    links.Add(new("latest-version", v.Origin + v.VersionPath(v.Versions.MaxBy(x => x.Number)!)));
                break;
            case PidLevel.Descriptor:
                if (v.InstancePath is { } ip)
                {
                    links.Add(new("collection", v.Origin + ip, "text/html"));
                    links.Add(new("version-history", v.Origin + ip + "#versions", "text/html"));
                    var n = v.Version!.Number;
                    if (v.Versions.Where(x => x.Number < n).MaxBy(x => x.Number) is { } prev) links.Add(new("predecessor-version", v.Origin + v.VersionPath(prev)));
                    if (v.Versions.Where(x => x.Number > n).MinBy(x => x.Number) is { } next) links.Add(new("successor-version", v.Origin + v.VersionPath(next)));
                    if (v.Versions.MaxBy(x => x.Number) is { } latest) links.Add(new("latest-version", v.Origin + v.VersionPath(latest)));
                }
                break;
        }
        links.Add(new("linkset", v.Iri + "?format=linkset", Conneg.Linkset));
        links.Add(new("linkset", v.Iri + "?format=linkset-json", Conneg.LinksetJson));
        return links;
    }

    /// <summary>The Link header value (RFC 8288). Targets are our URLs or PID resolver URLs: no quoting issues.</summary>
    public static string Header(IEnumerable<RecordLink> links) =>
        string.Join(", ", links.Select(l => $"<{l.Href}>; rel=\"{l.Rel}\"" + (l.Type is null ? "" : $"; type=\"{l.Type}\"")));

    /// <summary>application/linkset (RFC 9264 §4.1): the header syntax with an anchor on each link.</summary>
    public static string LinksetText(RecordView v, IEnumerable<RecordLink> links) =>
        string.Join(",\n", links.Select(l => $"<{l.Href}>; rel=\"{l.Rel}\"; anchor=\"{v.Iri}\"" + (l.Type is null ? "" : $"; type=\"{l.Type}\""))) + "\n";

    /// <summary>application/linkset+json (RFC 9264 §4.2).</summary>
    public static string LinksetJson(RecordView v, IEnumerable<RecordLink> links)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("linkset");
            w.WriteStartObject();
            w.WriteString("anchor", v.Iri);
            foreach (var g in links.GroupBy(l => l.Rel))
            {
                w.WriteStartArray(g.Key);
                foreach (var l in g)
                {
                    w.WriteStartObject();
                    w.WriteString("href", l.Href);
                    if (l.Type is not null) w.WriteString("type", l.Type);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }
}
