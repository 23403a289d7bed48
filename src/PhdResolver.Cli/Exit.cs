using System.Text;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;

namespace PhdResolver.Cli;

/// <summary>
/// The one place that decides exit codes (README, "Exit codes"): 0 success, 1 bad input (syntax
/// errors, malformed Micro-Meta App JSON, invalid UTF-8, violations), 2 usage errors (unknown
/// options or syntaxes, missing files), 70 (EX_SOFTWARE) for anything else: a bug or an
/// environment problem. Every message is one line on standard error, prefixed "phd: ".
/// </summary>
internal static class Exit
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;
    public const int Software = 70;

    /// <summary>The exit code for an exception that escaped a command.</summary>
    public static int For(Exception e) => e switch
    {
        RdfSyntaxException or MmaImportException or InvalidUtf8Exception or DecoderFallbackException => BadInput,
        UsageException => Usage,
        _ => Software,
    };

    /// <summary>Prints "phd: [source: ]message" and returns the code for <paramref name="e"/>.</summary>
    public static int Fail(Exception e, string? source = null)
    {
        string message = OneLine(e.Message);
        Console.Error.WriteLine(source is null ? $"phd: {message}" : $"phd: {source}: {message}");
        return For(e);
    }

    /// <summary>Prints "phd: message" and returns <paramref name="code"/>.</summary>
    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"phd: {OneLine(message)}");
        return code;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}

/// <summary>A command used wrongly (bad option value, unknown syntax, missing file): exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
