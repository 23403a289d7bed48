namespace PhdResolver.Sparql.Syntax;

internal enum TokenKind : byte
{
    Eof,
    IriRef,        // Text = IRI as written (escapes decoded, not yet resolved)
    PName,         // Text = prefix, Local = local part (escapes decoded)
    BlankNodeLabel, // Text = label
    Var,           // Text = name without ? or $
    String,        // Text = decoded value
    Integer,
    Decimal,
    Double,
    LangTag,       // Text = tag without '@'
    Word,          // keywords, built-in names, 'a', true/false
    Punct,         // Text = operator / punctuation
    Anon,          // [ ]
    Nil,           // ( )
}

/// <summary>One token with its span in the (escape-processed) query text.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string Text, string? Local = null)
{
    public bool IsPunct(string p) => Kind == TokenKind.Punct && Text == p;

    /// <summary>Keywords are case-insensitive (SPARQL 1.1 §19.3), except 'a' which the caller checks with <see cref="IsA"/>.</summary>
    public bool IsWord(string w) => Kind == TokenKind.Word && string.Equals(Text, w, StringComparison.OrdinalIgnoreCase);

    public bool IsA => Kind == TokenKind.Word && Text == "a";

    public string Describe() => Kind switch
    {
        TokenKind.Eof => "end of input",
        TokenKind.IriRef => "<" + Text + ">",
        TokenKind.PName => "'" + Text + ":" + Local + "'",
        TokenKind.BlankNodeLabel => "'_:" + Text + "'",
        TokenKind.Var => "'?" + Text + "'",
        TokenKind.String => "string literal",
        TokenKind.LangTag => "'@" + Text + "'",
        TokenKind.Anon => "'[]'",
        TokenKind.Nil => "'()'",
        _ => "'" + Text + "'",
    };
}
