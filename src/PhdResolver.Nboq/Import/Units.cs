using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>Unit strings as written in Micro-Meta App files ("nm", "µm", "°C") to QUDT unit IRIs.</summary>
public static class Units
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.Ordinal)
    {
        ["pm"] = "PicoM", ["nm"] = "NanoM", ["µm"] = "MicroM", ["μm"] = "MicroM", ["um"] = "MicroM", ["mm"] = "MilliM",
        ["cm"] = "CentiM", ["m"] = "M", ["km"] = "KiloM", ["in"] = "IN", ["ft"] = "FT", ["Å"] = "ANGSTROM",
        ["fs"] = "FemtoSEC", ["ps"] = "PicoSEC", ["ns"] = "NanoSEC", ["µs"] = "MicroSEC", ["μs"] = "MicroSEC", ["us"] = "MicroSEC",
        ["ms"] = "MilliSEC", ["s"] = "SEC", ["sec"] = "SEC", ["min"] = "MIN", ["h"] = "HR", ["hr"] = "HR",
        ["Hz"] = "HZ", ["kHz"] = "KiloHZ", ["MHz"] = "MegaHZ", ["GHz"] = "GigaHZ",
        ["W"] = "W", ["mW"] = "MilliW", ["µW"] = "MicroW", ["μW"] = "MicroW", ["nW"] = "NanoW", ["kW"] = "KiloW",
        ["°C"] = "DEG_C", ["ºC"] = "DEG_C", ["C"] = "DEG_C", ["K"] = "K", ["°F"] = "DEG_F", ["ºF"] = "DEG_F", ["F"] = "DEG_F",
        ["deg"] = "DEG", ["°"] = "DEG", ["º"] = "DEG", ["rad"] = "RAD", ["mrad"] = "MilliRAD",
        ["%"] = "PERCENT", ["V"] = "V", ["mV"] = "MilliV", ["A"] = "A", ["mA"] = "MilliA",
        ["nm/s"] = "NanoM-PER-SEC", ["µm/s"] = "MicroM-PER-SEC", ["μm/s"] = "MicroM-PER-SEC", ["mm/s"] = "MilliM-PER-SEC",
        ["Pa"] = "PA", ["kPa"] = "KiloPA", ["bar"] = "BAR", ["mbar"] = "MilliBAR", ["psi"] = "PSI", ["atm"] = "ATM",
        ["g"] = "GM", ["kg"] = "KiloGM", ["mg"] = "MilliGM", ["cP"] = "CentiPOISE", ["mPa·s"] = "MilliPA-SEC", ["Pa·s"] = "PA-SEC",
        ["nm/mm"] = "NanoM-PER-MilliM",
        ["kg/m3"] = "KiloGM-PER-M3", ["kg/m³"] = "KiloGM-PER-M3", ["g/cm3"] = "GM-PER-CentiM3", ["g/cm³"] = "GM-PER-CentiM3", ["g/mL"] = "GM-PER-MilliL",
        ["bel"] = "B", ["B"] = "B", ["dB"] = "DeciB", ["decibel"] = "DeciB",
        ["e-"] = "NUM", ["electrons"] = "NUM", ["counts"] = "NUM", ["photons"] = "NUM",
    };

    /// <summary>The QUDT unit for <paramref name="text"/>, or null when we do not know it.</summary>
    public static Iri? ToQudt(string text)
    {
        var t = text.Trim();
        // UTF-8 read as Latin-1 and written back ("Âµm", "Â°C") is common in older Micro-Meta App files.
        if (t.Contains('Â', StringComparison.Ordinal)) t = t.Replace("Â", "", StringComparison.Ordinal);
        if (Map.TryGetValue(t, out var local)) return new Iri(Vocabs.Unit + local);
        // Case-insensitive second try, but never for the prefix letters where case matters (mW vs MW).
        var hit = Map.FirstOrDefault(kv => kv.Key.Length > 2 && string.Equals(kv.Key, t, StringComparison.OrdinalIgnoreCase));
        if (hit.Key is not null) return new Iri(Vocabs.Unit + hit.Value);
        // Micro-Meta App offers every SI prefix ("Ym" ... "ym", "das"): prefix + metre, second, watt, hertz, gram.
        foreach (var (symbol, qudt) in Prefixes)
            if (t.Length > symbol.Length && t.StartsWith(symbol, StringComparison.Ordinal) && BaseUnits.TryGetValue(t[symbol.Length..], out var unit))
                return new Iri(Vocabs.Unit + qudt + unit);
        return null;
    }

    private static readonly (string Symbol, string Qudt)[] Prefixes =
    [
        ("da", "Deca"), ("Y", "Yotta"), ("Z", "Zetta"), ("E", "Exa"), ("P", "Peta"), ("T", "Tera"), ("G", "Giga"), ("M", "Mega"),
        ("k", "Kilo"), ("h", "Hecto"), ("d", "Deci"), ("c", "Centi"), ("m", "Milli"), ("µ", "Micro"), ("μ", "Micro"),
        ("n", "Nano"), ("p", "Pico"), ("f", "Femto"), ("a", "Atto"), ("z", "Zepto"), ("y", "Yocto"),
    ];

    private static readonly Dictionary<string, string> BaseUnits = new(StringComparer.Ordinal)
    {
        ["m"] = "M", ["s"] = "SEC", ["W"] = "W", ["Hz"] = "HZ", ["g"] = "GM", ["V"] = "V", ["A"] = "A", ["Pa"] = "PA",
    };
}
