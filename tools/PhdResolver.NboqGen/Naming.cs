using System.Globalization;
using System.Text;

namespace PhdResolver.NboqGen;

/// <summary>How NBO names become IRI local names, labels and words. Shared with the tests through NboqNames in the library.</summary>
public static class Naming
{
    /// <summary>A class local name: the NBO element name with characters Turtle cannot take replaced.</summary>
    public static string ClassName(string element) => Clean(element);

    /// <summary>A property local name: the NBO attribute name in lowerCamelCase ("LensNA" -> "lensNA", "DIC" -> "dic").</summary>
    public static string PropertyName(string attribute)
    {
        var s = Clean(attribute);
        int upper = 0;
        while (upper < s.Length && char.IsUpper(s[upper])) upper++;
        if (upper == 0) return s;
        // Keep the last capital of a leading acronym when a lowercase word follows ("CO2Control" -> "co2Control").
        int cut = upper == s.Length || !char.IsLower(s[upper]) || upper == 1 ? upper : upper - 1;
        return s[..cut].ToLowerInvariant() + s[cut..];
    }

    /// <summary>Letters, digits, '_' and '-' only; never ends in '.'.</summary>
    public static string Clean(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        var r = sb.ToString().Trim('_');
        return r.Length == 0 ? "x" : r;
    }

    /// <summary>"InvertedMicroscope" -> "inverted microscope"; acronyms stay upper case ("CCD", "LensNA" -> "lens NA").</summary>
    public static string Words(string name)
    {
        var sb = new StringBuilder();
        var s = name.Replace('_', ' ').Replace('-', ' ');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool boundary = i > 0 && char.IsUpper(c) && s[i - 1] != ' ' &&
                (char.IsLower(s[i - 1]) || char.IsDigit(s[i - 1]) || (i + 1 < s.Length && char.IsLower(s[i + 1]) && char.IsUpper(s[i - 1])));
            if (boundary) sb.Append(' ');
            sb.Append(c);
        }
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Length > 1 && w.Skip(1).Any(char.IsUpper) || w.All(ch => char.IsUpper(ch) || char.IsDigit(ch)) && w.Length > 1
                ? w : w.ToLowerInvariant());
        return string.Join(' ', words);
    }

    /// <summary>A concept local name inside a scheme: "DiodePumpedSolidState (DPSS)" -> "DiodePumpedSolidState_DPSS".</summary>
    public static string ConceptName(string scheme, string value)
    {
        var sb = new StringBuilder();
        foreach (var c in value.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        var v = sb.ToString().Trim('_');
        return scheme + "-" + (v.Length == 0 ? "blank" : v);
    }
}
