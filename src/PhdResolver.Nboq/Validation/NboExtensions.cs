namespace PhdResolver.Nboq.Validation;

/// <summary>
/// The NBO model extensions (Hammer et al. 2021, Table 3): Core, Basic, Advanced &amp; Confocal, Calibration &amp;
/// Performance. Every NBO-Q property shape carries its extension (nboq:extension); validating "with extensions
/// core,basic" uses only the shapes of those extensions.
/// </summary>
public static class NboExtensions
{
    /// <summary>The names as the shapes write them, in the order the model builds on them.</summary>
    public static IReadOnlyList<string> All { get; } = ["Core", "Basic", "AdvancedConfocal", "Calibration"];

    /// <summary>The cumulative sets a descriptor can meet: Core; Core+Basic; ...; all four.</summary>
    public static IReadOnlyList<IReadOnlySet<string>> Cumulative { get; } =
        [.. Enumerable.Range(1, 4).Select(n => (IReadOnlySet<string>)All.Take(n).ToHashSet(StringComparer.Ordinal))];

    /// <summary>
    /// Parses "core,basic,advanced-confocal,calibration" (case, spaces, '-', '_' and '&amp;' ignored; "confocal",
    /// "advanced", "performance" accepted). Throws <see cref="ArgumentException"/> naming an unknown entry and the known ones.
    /// </summary>
    public static IReadOnlySet<string> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = string.Concat(raw.Where(char.IsLetter)).ToLowerInvariant();
            var name = key switch
            {
                "core" => "Core",
                "basic" => "Basic",
                "advancedconfocal" or "advancedandconfocal" or "advanced" or "confocal" => "AdvancedConfocal",
                "calibration" or "calibrationperformance" or "calibrationandperformance" or "performance" => "Calibration",
                "all" => null,
                _ => throw new ArgumentException($"unknown NBO extension '{raw}' (known: core, basic, advanced-confocal, calibration, all)", nameof(list)),
            };
            if (name is null) result.UnionWith(All); else result.Add(name);
        }
        if (result.Count == 0) throw new ArgumentException("no NBO extension given (known: core, basic, advanced-confocal, calibration, all)", nameof(list));
        return result;
    }

    /// <summary>"Core + Basic" for people.</summary>
    public static string Describe(IEnumerable<string> set) =>
        string.Join(" + ", All.Where(set.Contains).Select(e => e switch { "AdvancedConfocal" => "Advanced & Confocal", "Calibration" => "Calibration & Performance", _ => e }));
}
