using System.Text.Json;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;
using PhdResolver.Registry;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// A submitted descriptor (the write API's body, a staff upload) read into a dataset, or refused with the
/// problem to answer: a syntax error with line and column (400), a Micro-Meta App file that cannot be
/// imported (422), an empty descriptor or characters XML cannot carry (422). Nothing is stored here.
/// </summary>
internal static class DescriptorInput
{
    /// <summary>The outcome: <see cref="Data"/>, or the refusal's status, detail and problem extensions.</summary>
    public sealed record Parsed(Dataset? Data, int Status = 200, string? Detail = null, IReadOnlyDictionary<string, object?>? Extensions = null);

    /// <summary>The media types the write API accepts: Turtle, JSON-LD, and Micro-Meta App JSON (format null).</summary>
    public static bool TryFormatOfMediaType(string mediaType, out RdfFormat? format)
    {
        format = null;
        return RecordInput.DescriptorMediaTypes.Contains(mediaType) && RecordInput.TryDescriptorFormat(mediaType, "", out format);
    }

    /// <summary>An uploaded file's format from its name (<see cref="RecordInput.TryDescriptorFormat"/>). Format null: Micro-Meta App.</summary>
    public static bool TryFormatOfFile(string fileName, string text, out RdfFormat? format)
    {
        format = null;
        return !RecordInput.DescriptorMediaTypes.Contains(fileName) && RecordInput.TryDescriptorFormat(fileName, text, out format);
    }

    /// <summary>Parses <paramref name="text"/> as <paramref name="format"/> (null: a Micro-Meta App file, imported to NBO-Q).</summary>
    public static Parsed Parse(string text, RdfFormat? format) => Parse(() => RecordInput.Decode(text, format));

    /// <summary>
    /// Runs <paramref name="decode"/> (a descriptor's or a settings file's reading) and maps its parser errors to the
    /// refusal to answer; <paramref name="what"/> names the input in the problem's detail.
    /// </summary>
    public static Parsed Parse(Func<Dataset> decode, string what = "descriptor")
    {
        ArgumentNullException.ThrowIfNull(decode);
        try
        {
            var ds = decode();
            // Empty, or characters RDF/XML and SPARQL XML results cannot carry (README, XML 1.0 character policy).
            if (RecordInput.Refusal(ds, out var bad) is { } why)
                return new(null, 422, why.Replace("descriptor", what, StringComparison.Ordinal), bad is null ? null : new Dictionary<string, object?>
                    { ["position"] = bad.Position, ["character"] = bad.Index + 1, ["codePoint"] = $"U+{bad.CodePoint:X4}" });
            return new(ds);
        }
        catch (Exception e) when (e is SyntaxException or MmaImportException or JsonException)
        {
            // The error table's answer (a syntax error with its position, an import that failed), as a refusal.
            var p = Problems.For(e);
            return new(null, p.Status, p.Detail, p.Extensions);
        }
    }
}
