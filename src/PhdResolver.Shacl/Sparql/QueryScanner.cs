namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// Just enough of a SPARQL lexer to find, in query text, the group braces and the variables:
/// strings, IRIs and comments are skipped so that braces or '?x' inside them are not mistaken.
/// The SPARQL parser validates the text separately; this scanner never has to reject anything.
/// </summary>
internal static class QueryScanner
{
    public enum Kind { OpenBrace, CloseBrace, Var, Word }

    public readonly record struct Item(Kind Kind, int Start, int End, string Text);

    public static List<Item> Scan(string text)
    {
        var items = new List<Item>();
        int i = 0, n = text.Length;
        while (i < n)
        {
            char c = text[i];
            if (c == '#')
            {
                while (i < n && text[i] != '\n' && text[i] != '\r') i++;
            }
            else if (c is '"' or '\'')
            {
                i = SkipString(text, i);
            }
            else if (c == '<' && IriEnd(text, i) is int end and > 0)
            {
                i = end;
            }
            else if (c == '{') { items.Add(new Item(Kind.OpenBrace, i, i + 1, "{")); i++; }
            else if (c == '}') { items.Add(new Item(Kind.CloseBrace, i, i + 1, "}")); i++; }
            else if ((c is '?' or '$') && i + 1 < n && IsNameChar(text[i + 1]))
            {
                int start = i++;
                while (i < n && IsNameChar(text[i])) i++;
                items.Add(new Item(Kind.Var, start, i, text[(start + 1)..i]));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < n && (IsNameChar(text[i]) || text[i] is ':' or '-' or '.')) i++;
                items.Add(new Item(Kind.Word, start, i, text[start..i]));
            }
            else i++;
        }
        return items;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '\u00B7';

    /// <summary>The index after a closing '>' if an IRIREF starts at <paramref name="i"/> (else -1: a less-than operator).</summary>
    private static int IriEnd(string text, int i)
    {
        for (int j = i + 1; j < text.Length; j++)
        {
            char c = text[j];
            if (c == '>') return j + 1;
            if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`' or '\\') return -1;
        }
        return -1;
    }

    private static int SkipString(string text, int i)
    {
        char q = text[i];
        bool longForm = i + 2 < text.Length && text[i + 1] == q && text[i + 2] == q;
        i += longForm ? 3 : 1;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\') { i += 2; continue; }
            if (c == q)
            {
                if (!longForm) return i + 1;
                if (i + 2 < text.Length && text[i + 1] == q && text[i + 2] == q) return i + 3;
            }
            i++;
        }
        return i;
    }
}
