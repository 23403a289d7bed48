using System.Globalization;
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
    private const string Nboq = "https://w3id.org/nbo-q/";

    /// <summary>Predicate local name -> numeric field; the unit property is "{predicate}Unit" on the same node.</summary>
    private static readonly Dictionary<string, string> NumericPredicates = new(StringComparer.Ordinal)
    {
        ["lensNA"] = SearchFields.Na, ["numericalAperture"] = SearchFields.Na,
        ["magnification"] = SearchFields.Magnification, ["nominalMagnification"] = SearchFields.Magnification,
        ["wavelength"] = SearchFields.Wavelength, ["excitationWavelength"] = SearchFields.Wavelength,
        ["emissionWavelength"] = SearchFields.Wavelength, ["peakWavelength"] = SearchFields.Wavelength,
        ["centerWavelength"] = SearchFields.Wavelength, ["cutOnWavelength"] = SearchFields.Wavelength, ["cutOffWavelength"] = SearchFields.Wavelength,
        ["power"] = SearchFields.Power, ["maximumPower"] = SearchFields.Power, ["nominalPower"] = SearchFields.Power,
        ["pixelSize"] = SearchFields.Pixel, ["pixelWidth"] = SearchFields.Pixel, ["pixelHeight"] = SearchFields.Pixel,
        ["photoSensitivePixelSizeX"] = SearchFields.Pixel, ["photoSensitivePixelSizeY"] = SearchFields.Pixel,
    };

    /// <summary>Unit local name (QUDT) -> factor to the field's unit (nm, mW, µm).</summary>
    private static readonly Dictionary<string, double> UnitFactors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NanoM"] = 1, ["MicroM"] = 1000, ["MilliM"] = 1e6, ["PicoM"] = 1e-3, // wavelengths to nm (pixel sizes are converted below)
        ["MilliW"] = 1, ["W"] = 1000, ["MicroW"] = 1e-3, ["KiloW"] = 1e6,
    };

    public static SearchDocument Of(FacilityRecord f, string? iri = null) => new()
    {
        Pid = f.Pid.ToString(), Level = PidLevel.Facility, Title = f.Name, Path = Paths.Of(f), Iri = iri,
        FacilityFacet = f.Name, CountryFacet = Nz(f.Country),
        Name = f.Name,
        Facility = Join(f.Name, f.City, f.Country),
        Description = Join(f.Homepage, f.Rrid?.ToString(), f.Ror?.ToString()),
    };

    public static SearchDocument Of(ModelRecord m, string? iri = null) => new()
    {
        Pid = m.Pid.ToString(), Level = PidLevel.Model, Title = m.Manufacturer + " " + m.Name, Path = Paths.Of(m), Iri = iri,
        ManufacturerFacet = m.Manufacturer, ModalityFacet = Nz(m.Modality),
        Name = m.Name, Products = Join(m.Manufacturer, m.Name), Types = m.Modality ?? "",
        Description = m.Pid.ToString(),
    };

    /// <summary>
    /// Acquisition settings: found by their name, their values in words and the instrument's make and model (which
    /// never change). No facility facet or text: an instrument moves and a facility is renamed without the settings
    /// changing, and their document is written once.
    /// </summary>
    public static SearchDocument Of(SettingsRecord st, InstanceRecord? i, ModelRecord? m) => new()
    {
        Pid = st.Pid.ToString(), Level = PidLevel.Settings, Title = st.Name, Path = "/" + st.Pid,
        Name = st.Name, Products = Join(i?.Manufacturer, m?.Name), Types = "acquisition settings",
        Description = Join(st.Summary, st.Pid.ToString(), st.VersionPid.ToString()),
    };

    public static SearchDocument Of(InstanceRecord i, FacilityRecord? f, ModelRecord? m, string? iri = null) => new()
    {
        Pid = i.Pid.ToString(), Level = PidLevel.Instance, Title = i.Name, Path = Paths.Of(i), Iri = iri,
        ManufacturerFacet = i.Manufacturer, FacilityFacet = f?.Name, CountryFacet = Nz(f?.Country), ModalityFacet = Nz(m?.Modality),
        Name = i.Name, Products = Join(i.Manufacturer, m?.Name), Types = m?.Modality ?? "",
        Description = Join(i.Description, i.Pid.ToString()),
        Facility = Join(f?.Name, f?.City, f?.Country),
    };

    /// <summary>A version's document: the instance's text plus the graph's components (types with their
    /// ontology labels and superclass labels, names, models, manufacturers), numbers and other literals.</summary>
    public static SearchDocument Of(DescriptorVersion v, bool current, InstanceRecord i, FacilityRecord? f, ModelRecord? m, IEnumerable<Triple> graph)
    {
        var vocab = SearchVocabulary.Default;
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var typeText = new SortedSet<string>(StringComparer.Ordinal);
        var manufacturers = new SortedSet<string>(StringComparer.Ordinal);
        var products = new StringBuilder();
        var text = new StringBuilder();
        var numbers = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var units = new Dictionary<(Term, string), string>();
        var triples = graph as IReadOnlyCollection<Triple> ?? graph.ToList();
        foreach (var t in triples)
            if (t.Object is Iri u && t.Predicate is Iri p && p.Value.EndsWith("Unit", StringComparison.Ordinal))
                units[(t.Subject, LocalName(p.Value)[..^4])] = LocalName(u.Value);
        foreach (var t in triples)
        {
            if (t.Predicate is not Iri pred) continue;
            if (pred.Equals(Vocab.Rdf.Type) && t.Object is Iri ty)
            {
                if (!ty.Value.StartsWith(Nboq, StringComparison.Ordinal)) continue;
                types.Add(LocalName(ty.Value));
                foreach (var c in vocab.SelfAndSuperClasses(ty.Value))
                {
                    typeText.Add(LocalName(c));
                    foreach (var l in vocab.LabelsOf(c)) typeText.Add(l);
                }
                continue;
            }
            string p = LocalName(pred.Value);
            if (t.Object is Iri value && value.Value.StartsWith(Nboq, StringComparison.Ordinal))
            {
                // A value from an NBO list (immersion, laser type): its label is text.
                foreach (var l in vocab.LabelsOf(value.Value)) Append(text, l);
                continue;
            }
            if (t.Object is not Literal lit) continue;
            if (NumericPredicates.TryGetValue(p, out var field))
            {
                if (double.TryParse(lit.Lexical, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
                {
                    if (units.TryGetValue((t.Subject, p), out var unit)) d = Convert(field, unit, d);
                    if (!numbers.TryGetValue(field, out var list)) numbers[field] = list = [];
                    if (!list.Contains(d)) list.Add(d);
                }
                continue;
            }
            if (!(lit.IsSimple || lit.Language is not null)) continue;
            if (p == "manufacturer") manufacturers.Add(lit.Lexical.Trim());
            bool product = p.Contains("name", StringComparison.OrdinalIgnoreCase) || p.Contains("label", StringComparison.OrdinalIgnoreCase)
                || p.Contains("model", StringComparison.OrdinalIgnoreCase) || p.Contains("manufacturer", StringComparison.OrdinalIgnoreCase)
                || p.Contains("catalog", StringComparison.OrdinalIgnoreCase);
            Append(product ? products : text, lit.Lexical);
        }
        return new SearchDocument
        {
            Pid = v.Accession.ToString(), Level = PidLevel.Descriptor, Iri = v.GraphIri, Current = current,
            Title = i.Name + " c" + v.Number.ToString(CultureInfo.InvariantCulture),
            Path = Paths.Of(i, v.Number), Tier = v.Tier,
            ManufacturerFacet = i.Manufacturer, FacilityFacet = f?.Name, CountryFacet = Nz(f?.Country), ModalityFacet = Nz(m?.Modality),
            ComponentTypes = types, ComponentManufacturers = manufacturers,
            Name = i.Name, Products = Join(i.Manufacturer, m?.Name, products.ToString()),
            Types = Join(m?.Modality, string.Join(" ; ", typeText)),
            Description = Join(i.Description, text.ToString()),
            Facility = Join(f?.Name, f?.City, f?.Country),
            Numbers = numbers,
        };
    }

    private static void Append(StringBuilder sb, string s)
    {
        if (sb.Length < MaxText) sb.Append(s).Append(" ; ");
    }

    /// <summary>A value in the field's unit: nm for wavelengths, mW for power, µm for pixel sizes.</summary>
    private static double Convert(string field, string unit, double value)
    {
        if (field == SearchFields.Pixel)
            return unit.Equals("NanoM", StringComparison.OrdinalIgnoreCase) ? value / 1000 : unit.Equals("MilliM", StringComparison.OrdinalIgnoreCase) ? value * 1000 : value;
        return field is SearchFields.Wavelength or SearchFields.Power && UnitFactors.TryGetValue(unit, out double k) ? value * k : value;
    }

    /// <summary>The last segment of an IRI (after '#' or '/').</summary>
    internal static string LocalName(string iri)
    {
        int i = Math.Max(iri.LastIndexOf('#'), iri.LastIndexOf('/'));
        return i >= 0 && i < iri.Length - 1 ? iri[(i + 1)..] : iri;
    }

    /// <summary>"OilImmersionObjective" -> "Oil Immersion Objective", so each word is a token.</summary>
    internal static string SplitCamel(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        for (int i = 0; i < s.Length; i++)
        {
            if (i > 0 && char.IsUpper(s[i]) && char.IsLower(s[i - 1])) sb.Append(' ');
            sb.Append(s[i] == '_' || s[i] == '-' ? ' ' : s[i]);
        }
        return sb.ToString();
    }

    private static string? Nz(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Join(params string?[] parts) => string.Join(" ; ", parts.Where(p => !string.IsNullOrEmpty(p)));
}
