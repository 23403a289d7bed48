using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;

namespace PhdResolver.Registry.Search;

/// <summary>Builds the search document of each kind of record.</summary>
internal static class Documents
{
    private const int MaxText = 32_000;

    public static SearchDocument Of(FacilityRecord f) => new()
    {
        Pid = f.Pid.ToString(), Level = PidLevel.Facility, Title = f.Name, Path = Paths.Of(f),
        FacilityFacet = f.Name,
        Name = f.Name,
        Facility = Join(f.Name, f.City, f.Country),
        Description = Join(f.Homepage, f.Rrid?.ToString(), f.Ror?.ToString()),
    };

    public static SearchDocument Of(ModelRecord m) => new()
    {
        Pid = m.Pid.ToString(), Level = PidLevel.Model, Title = m.Manufacturer + " " + m.Name, Path = Paths.Of(m),
        ManufacturerFacet = m.Manufacturer,
        Name = m.Name, Manufacturer = m.Manufacturer, Model = Join(m.Name, m.Modality),
        Description = m.Pid.ToString(),
    };

    public static SearchDocument Of(InstanceRecord i, FacilityRecord? f, ModelRecord? m) => new()
    {
        Pid = i.Pid.ToString(), Level = PidLevel.Instance, Title = i.Name, Path = Paths.Of(i),
        ManufacturerFacet = i.Manufacturer, FacilityFacet = f?.Name,
        Name = i.Name, Manufacturer = i.Manufacturer, Model = Join(m?.Name, m?.Modality),
        Description = Join(i.Description, i.Pid.ToString()),
        Facility = Join(f?.Name, f?.City, f?.Country),
    };

    /// <summary>A version's document: the instance's text plus the graph's component types and literals.</summary>
    public static SearchDocument Of(DescriptorVersion v, InstanceRecord i, FacilityRecord? f, ModelRecord? m, IEnumerable<Triple> graph)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var components = new StringBuilder();
        var text = new StringBuilder();
        foreach (var t in graph)
        {
            if (t.Predicate.Equals(Vocab.Rdf.Type) && t.Object is Iri ty)
            {
                string local = LocalName(ty.Value);
                if (types.Add(local)) components.Append(local).Append(' ').Append(SplitCamel(local)).Append(' ');
            }
            else if (t.Object is Literal lit && (lit.IsSimple || lit.Language is not null))
            {
                string p = LocalName(((Iri)t.Predicate).Value);
                var target = p.Contains("name", StringComparison.OrdinalIgnoreCase) || p.Contains("label", StringComparison.OrdinalIgnoreCase)
                    || p.Contains("model", StringComparison.OrdinalIgnoreCase) || p.Contains("manufacturer", StringComparison.OrdinalIgnoreCase)
                    ? components : text;
                if (target.Length < MaxText) target.Append(lit.Lexical).Append(' ');
            }
        }
        return new SearchDocument
        {
            Pid = v.Accession.ToString(), Level = PidLevel.Descriptor,
            Title = i.Name + " c" + v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Path = Paths.Of(i, v.Number), Tier = v.Tier,
            ManufacturerFacet = i.Manufacturer, FacilityFacet = f?.Name, ComponentTypes = types,
            Name = i.Name, Manufacturer = i.Manufacturer, Model = Join(m?.Name, m?.Modality),
            Components = components.ToString(),
            Description = Join(i.Description, text.ToString()),
            Facility = Join(f?.Name, f?.City, f?.Country),
        };
    }

    /// <summary>The last segment of an IRI (after '#' or '/'), split from camel case for matching: "OilImmersionObjective".</summary>
    internal static string LocalName(string iri)
    {
        int i = Math.Max(iri.LastIndexOf('#'), iri.LastIndexOf('/'));
        return i >= 0 && i < iri.Length - 1 ? iri[(i + 1)..] : iri;
    }

    /// <summary>"OilImmersionObjective" -> "Oil Immersion Objective", so each word is a token.</summary>
    private static string SplitCamel(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        for (int i = 0; i < s.Length; i++)
        {
            if (i > 0 && char.IsUpper(s[i]) && char.IsLower(s[i - 1])) sb.Append(' ');
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static string Join(params string?[] parts) => string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
}
