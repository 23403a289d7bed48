namespace PhdResolver.Registry.Pids;

/// <summary>The input is not a PID or concatenated PHD we can read; <see cref="Exception.Message"/> says why.</summary>
public sealed class PidFormatException : FormatException
{
    public PidFormatException() { }
    public PidFormatException(string message) : base(message) { }
    public PidFormatException(string message, Exception inner) : base(message, inner) { }
}
