using System.Globalization;
using System.Text;
using System.Text.Json;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Web.Records;

/// <summary>
/// Citation exports of a record: BibTeX, RIS, CSL-JSON. DataCite XML is the registry's
/// (<see cref="Registry.Harvest.DataCiteXml"/>), shared with OAI-PMH.
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
}
