namespace PhdResolver.Nboq.Import;

/// <summary>The naming rule the generator used for properties, repeated here so imports find the same IRIs.</summary>
public static class NboqNames
{
    /// <summary>"LensNA" -> "lensNA", "DIC" -> "dic", "CO2Control" -> "co2Control".</summary>
    public static string PropertyName(string attribute)
    {
        var chars = attribute.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray();
        var s = new string(chars).Trim('_');
        if (s.Length == 0) return "x";
        int upper = 0;
        while (upper < s.Length && char.IsUpper(s[upper])) upper++;
        if (upper == 0) return s;
        int cut = upper == s.Length || !char.IsLower(s[upper]) || upper == 1 ? upper : upper - 1;
        return s[..cut].ToLowerInvariant() + s[cut..];
    }
}
