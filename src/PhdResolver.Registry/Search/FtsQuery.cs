using System.Text;

namespace PhdResolver.Registry.Search;

/// <summary>
/// Turns what a user typed into an FTS5 query that cannot be a syntax error: every word and
/// every <c>"quoted phrase"</c> becomes an FTS5 string (so AND, OR, NOT, NEAR, parentheses,
/// colons and carets are just text); a trailing <c>*</c> keeps its prefix meaning; terms are
/// ANDed. Words without a letter or digit are dropped (the tokenizer would drop them anyway).
/// </summary>
public static class FtsQuery
{
    /// <summary>The FTS5 MATCH expression, or null when no searchable term is left.</summary>
    public static string? Build(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var sb = new StringBuilder(input.Length + 16);
        int i = 0;
        while (i < input.Length)
        {
            char c = input[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            string text;
            if (c == '"')
            {
                int end = input.IndexOf('"', i + 1);
                if (end < 0) end = input.Length; // an unclosed quote runs to the end
                text = input[(i + 1)..end];
                i = Math.Min(end + 1, input.Length);
            }
            else
            {
                int start = i;
                while (i < input.Length && !char.IsWhiteSpace(input[i]) && input[i] != '"') i++;
                text = input[start..i];
            }
            bool prefix = false;
            if (text.EndsWith('*')) { prefix = true; text = text.TrimEnd('*'); }
            else if (i < input.Length && input[i] == '*') { prefix = true; while (i < input.Length && input[i] == '*') i++; }
            if (!HasWordCharacter(text)) continue;
            if (sb.Length > 0) sb.Append(' ');
            // Inside an FTS5 string only '"' is special, and it is written twice.
            sb.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            if (prefix) sb.Append('*');
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    private static bool HasWordCharacter(string s)
    {
        foreach (char c in s) if (char.IsLetterOrDigit(c)) return true;
        return false;
    }
}
