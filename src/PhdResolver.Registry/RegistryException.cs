namespace PhdResolver.Registry;

public enum RegistryErrorKind : byte
{
    /// <summary>Bad input (400 / 422).</summary>
    Invalid,
    /// <summary>The record does not exist (404).</summary>
    NotFound,
    /// <summary>The PID is already registered, or the write conflicts with the current state (409).</summary>
    Conflict,
    /// <summary>The record was withdrawn (410).</summary>
    Gone,
}

/// <summary>A write the registry refused; <see cref="Kind"/> maps to an HTTP status for problem details.</summary>
public sealed class RegistryException : Exception
{
    public RegistryException() { }
    public RegistryException(string message) : base(message) { }
    public RegistryException(string message, Exception inner) : base(message, inner) { }
    public RegistryException(RegistryErrorKind kind, string message) : base(message) => Kind = kind;

    public RegistryErrorKind Kind { get; }

    /// <summary>The input field the error is about (e.g. "homepage"), when it is about one: problem details name it.</summary>
    public string? Field { get; init; }

    /// <summary>The offending subjects of a refused descriptor (each with the reason), for the problem details.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];
}
