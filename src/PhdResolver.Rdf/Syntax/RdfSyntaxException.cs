namespace PhdResolver.Rdf;

/// <summary>
/// A syntax error in a document or a query, with the position a person needs to fix it: line and
/// column (1-based) for text syntaxes, a JSON path for JSON. Each language has its own subclass
/// (<see cref="RdfSyntaxException"/>, the SPARQL engine's), so a caller can tell whose input was bad
/// by its type, never by its message.
/// </summary>
public abstract class SyntaxException : FormatException
{
    protected SyntaxException(string message, long line, long column, Exception? inner = null)
        : base(Compose(message, line, column, null), inner)
    {
        Reason = message;
        Line = line;
        Column = column;
    }

    protected SyntaxException(string message, string jsonPath, string? errorCode = null, Exception? inner = null)
        : base(Compose(message, 0, 0, jsonPath), inner)
    {
        Reason = message;
        JsonPath = jsonPath;
        ErrorCode = errorCode;
    }

    /// <summary>The message without the position.</summary>
    public string Reason { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>1-based column (in characters), or 0 when unknown.</summary>
    public long Column { get; }

    /// <summary>JSON path of the offending value (JSON-LD), e.g. <c>$["@graph"][2]["name"]</c>.</summary>
    public string? JsonPath { get; }

    /// <summary>A standard error code where the syntax defines them (JSON-LD: "invalid IRI mapping" ...).</summary>
    public string? ErrorCode { get; init; }

    private static string Compose(string message, long line, long column, string? path)
    {
        if (path is not null) return $"{message} (at {path})";
        if (line > 0) return $"{message} (line {line}, column {column})";
        return message;
    }
}

/// <summary>
/// A syntax error in an RDF document (or a SPARQL results document), with line and column for text
/// syntaxes and a JSON path for JSON-LD.
/// </summary>
public sealed class RdfSyntaxException : SyntaxException
{
    public RdfSyntaxException(string message, long line, long column, Exception? inner = null)
        : base(message, line, column, inner) { }

    public RdfSyntaxException(string message, string jsonPath, string? errorCode = null, Exception? inner = null)
        : base(message, jsonPath, errorCode, inner) { }
}
