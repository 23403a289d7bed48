using System.Globalization;
using System.Text;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Knowledge;

/// <summary>
/// One-paragraph plain-text descriptions of records: the descriptor's <c>schema:description</c> in
/// its record graph, and the summary every landing page shows to search engines (meta description).
/// One home, so the page and the graph say the same. Always at least 50 characters (Google Dataset
/// Search's lower bound for a description) and well under its 5,000-character upper bound: names are
/// capped, keywords are at most <see cref="MaxListed"/>.
/// </summary>
public static class RecordText
{
    /// <summary>Component types named in a description.</summary>
    public const int MaxListed = 12;

    private const int MaxName = 200;

    public static string Version(DescriptorVersion v, InstanceRecord? instance, ModelRecord? model, FacilityRecord? facility, IReadOnlyList<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(keywords);
        var sb = new StringBuilder(256);
        sb.Append("Persistent hardware descriptor ").Append(v.Pid).Append(": configuration c").Append(v.Number.ToString(CultureInfo.InvariantCulture))
          .Append(" of the light microscope ").Append(Cap(instance?.Name ?? v.Instance.ToString()));
        if (model is not null)
        {
            sb.Append(" (").Append(Cap(model.Name));
            if (!string.IsNullOrWhiteSpace(model.Manufacturer)) sb.Append(" by ").Append(Cap(model.Manufacturer));
            if (!string.IsNullOrWhiteSpace(model.Modality)) sb.Append(", ").Append(Cap(model.Modality));
            sb.Append(')');
        }
        if (facility is not null) sb.Append(" at ").Append(Cap(facility.Name));
        sb.Append(", described with the NBO-Q model at tier ").Append(v.Tier.ToString(CultureInfo.InvariantCulture));
        if (keywords.Count > 0)
        {
            sb.Append(". Component types: ").Append(string.Join(", ", keywords.Take(MaxListed)));
            if (keywords.Count > MaxListed) sb.Append(" and ").Append((keywords.Count - MaxListed).ToString(CultureInfo.InvariantCulture)).Append(" more");
        }
        return sb.Append('.').ToString();
    }

    public static string Facility(FacilityRecord f, int instruments)
    {
        ArgumentNullException.ThrowIfNull(f);
        var sb = new StringBuilder(160).Append(Cap(f.Name)).Append(": a microscopy facility");
        var place = string.Join(", ", new[] { f.City, f.Country }.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => Cap(x!)));
        if (place.Length > 0) sb.Append(" in ").Append(place);
        return sb.Append(" with ").Append(Count(instruments, "instrument")).Append(" registered with persistent hardware descriptors (PHDs).").ToString();
    }

    public static string Model(ModelRecord m, int instruments)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sb = new StringBuilder(160).Append(Cap(m.Name));
        if (!string.IsNullOrWhiteSpace(m.Manufacturer)) sb.Append(" by ").Append(Cap(m.Manufacturer));
        sb.Append(": a light microscope model");
        if (!string.IsNullOrWhiteSpace(m.Modality)) sb.Append(" (").Append(Cap(m.Modality)).Append(')');
        return sb.Append(" with ").Append(Count(instruments, "registered instrument")).Append(" and their persistent hardware descriptors.").ToString();
    }

    public static string Instance(InstanceRecord i, ModelRecord? model, FacilityRecord? facility, int versions)
    {
        ArgumentNullException.ThrowIfNull(i);
        var sb = new StringBuilder(200).Append(Cap(i.Name)).Append(": a light microscope");
        if (model is not null) sb.Append(" (").Append(Cap(model.Name)).Append(" by ").Append(Cap(i.Manufacturer)).Append(')');
        if (facility is not null) sb.Append(" at ").Append(Cap(facility.Name));
        sb.Append(", with ").Append(Count(versions, "configuration version")).Append(" registered as persistent hardware descriptors.");
        if (!string.IsNullOrWhiteSpace(i.Description)) sb.Append(' ').Append(Cap(i.Description, 600));
        return sb.ToString();
    }

    /// <summary>schema:keywords: the model's modality (when known) and the component types.</summary>
    public static IEnumerable<string> Keywords(ModelRecord? model, IReadOnlyList<string> componentTypes)
    {
        ArgumentNullException.ThrowIfNull(componentTypes);
        yield return "light microscope";
        if (!string.IsNullOrWhiteSpace(model?.Modality)) yield return model.Modality.Trim();
        foreach (var k in componentTypes) yield return k;
    }

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    private static string Cap(string text, int max = MaxName)
    {
        text = text.Trim();
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
