namespace PhdResolver.Registry.Pids;

public enum ConfigKind : byte
{
    /// <summary><c>c&lt;N&gt;</c>: the N-th configuration version of the instance.</summary>
    Version,
    /// <summary><c>latest</c>: the newest version (a 302 to it).</summary>
    Latest,
    /// <summary>A <c>phd:</c> accession (a 301 to its <c>c&lt;N&gt;</c> path).</summary>
    Accession,
}

/// <summary>The config (last) segment of a concatenated PHD.</summary>
public readonly record struct ConfigRef(ConfigKind Kind, int Number = 0, PhdAccession Accession = default)
{
    public static readonly ConfigRef Latest = new(ConfigKind.Latest);

    public static ConfigRef OfVersion(int number) =>
        number >= 1 ? new(ConfigKind.Version, number) : throw new ArgumentOutOfRangeException(nameof(number));

    public static ConfigRef OfAccession(PhdAccession accession) => new(ConfigKind.Accession, 0, accession);

    public override string ToString() => Kind switch
    {
        ConfigKind.Version => "c" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ConfigKind.Latest => "latest",
        _ => Accession.ToString(),
    };

    /// <summary>Parses <c>c&lt;N&gt;</c> (N &gt;= 1), <c>latest</c> or a <c>phd:</c> accession, ignoring case.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out ConfigRef config, out bool canonical)
    {
        config = default;
        canonical = false;
        if (s.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            config = Latest;
            canonical = s.SequenceEqual("latest");
            return true;
        }
        if (s.Length >= 2 && s.Length <= 10 && (s[0] is 'c' or 'C'))
        {
            int n = 0;
            foreach (char ch in s[1..])
            {
                if (ch is < '0' or > '9') return false;
                n = n * 10 + (ch - '0');
            }
            if (n < 1) return false;
            config = OfVersion(n);
            canonical = s.SequenceEqual(config.ToString());
            return true;
        }
        // Only an explicit phd: prefix makes a config segment: a bare 10-symbol word could be a DOI suffix.
        if (s.StartsWith(PhdAccession.Prefix, StringComparison.OrdinalIgnoreCase) && PhdAccession.TryParse(s, out var a, out _))
        {
            config = OfAccession(a);
            canonical = s.SequenceEqual(config.ToString());
            return true;
        }
        return false;
    }
}
