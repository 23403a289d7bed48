namespace PhdResolver.Nboq.Import;

/// <summary>The input is not usable Micro-Meta App JSON. Line and column are 1-based when known.</summary>
public sealed class MmaImportException : Exception
{
    public MmaImportException(string message, long? line = null, long? column = null, Exception? inner = null)
        : base(line is null ? message : $"{message} (line {line}, column {column})", inner)
    {
        Line = line;
        Column = column;
    }

    public MmaImportException() : this("invalid Micro-Meta App input") { }
    public MmaImportException(string message) : this(message, null, null, null) { }
    public MmaImportException(string message, Exception inner) : this(message, null, null, inner) { }

    public long? Line { get; }
    public long? Column { get; }
}
