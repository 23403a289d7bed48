using System.Text;
using System.Text.RegularExpressions;

namespace PhdResolver.Sparql.Functions;

/// <summary>
/// XPath regular expressions (XPath F&amp;O §5.6, used by SPARQL's REGEX/REPLACE and by SHACL's
/// sh:pattern) as .NET patterns: the one place where the two dialects' differences are bridged.
/// '.' excludes \r as well as \n unless flag 's'; '$' is the end of the input (not before a final
/// newline) unless 'm'; 'x' drops whitespace outside character classes; 'q' quotes the whole pattern.
/// </summary>
public static class XPathRegex
{
    /// <summary>The .NET pattern and options for an XPath pattern and flags string; false when a flag is
    /// not one of s, m, i, x, q (FORX0001). The pattern itself is checked by constructing the Regex.</summary>
    public static bool TryTranslate(string pattern, string? flags, out string netPattern, out RegexOptions options)
    {
        options = RegexOptions.CultureInvariant;
        bool dotAll = false, multiline = false, extended = false, literal = false;
        foreach (char f in flags ?? "")
        {
            switch (f)
            {
                case 's': dotAll = true; break;
                case 'm': multiline = true; break;
                case 'i': options |= RegexOptions.IgnoreCase; break;
                case 'x': extended = true; break;
                case 'q': literal = true; break;
                default: netPattern = ""; return false;
            }
        }
        if (multiline) options |= RegexOptions.Multiline;
        if (dotAll) options |= RegexOptions.Singleline;
        netPattern = literal ? Regex.Escape(pattern) : Translate(pattern, dotAll, multiline, extended);
        return true;
    }

    private static string Translate(string p, bool dotAll, bool multiline, bool extended)
    {
        var sb = new StringBuilder(p.Length + 8);
        int classDepth = 0;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                sb.Append(c).Append(p[++i]);
                continue;
            }
            if (classDepth > 0)
            {
                if (c == '[') classDepth++;
                else if (c == ']') classDepth--;
                sb.Append(c);
                continue;
            }
            switch (c)
            {
                case '[':
                    classDepth++;
                    sb.Append(c);
                    break;
                case ' ' or '\t' or '\n' or '\r' when extended:
                    break;
                case '.' when !dotAll:
                    sb.Append(@"[^\n\r]");
                    break;
                case '$' when !multiline:
                    sb.Append(@"\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
