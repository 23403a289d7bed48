using System.Xml;

namespace PhdResolver.Rdf;

/// <summary>
/// Streaming RDF/XML parser (RDF 1.1 XML Syntax) on <see cref="XmlReader"/>. Triples go to the
/// sink as they are read; the first error throws <see cref="RdfSyntaxException"/> with the
/// line and column of the offending element or attribute.
/// </summary>
/// <remarks>
/// Internal DTD subsets are parsed, because RDF/XML in the wild (OWL files especially) uses
/// entities to abbreviate namespace IRIs. External entities and DTDs are never fetched (no
/// resolver) and entity expansion is capped, so a document cannot make the parser read files,
/// call out to the network, or blow up memory ("billion laughs").
/// </remarks>
public sealed class RdfXmlParser : IRdfParser
{
    /// <summary>Upper bound on characters produced by entity expansion in one document.</summary>
    public const long MaxCharactersFromEntities = 10_000_000;

    public RdfXmlParser() { }

    public RdfFormat Format => RdfFormat.RdfXml;

    public void Parse(TextReader input, IRdfSink sink, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        Run(() => XmlReader.Create(input, CreateSettings()), sink, options);
    }

    /// <summary>Parses bytes, letting the XML declaration (or BOM) name the encoding.</summary>
    public void Parse(Stream input, IRdfSink sink, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        Run(() => XmlReader.Create(input, CreateSettings()), sink, options);
    }

    /// <summary>Creating the reader is inside the handlers: XmlReader.Create reads the first bytes to detect the
    /// encoding and throws XmlException for bytes invalid in it (fuzzing found the escape).</summary>
    private static void Run(Func<XmlReader> open, IRdfSink sink, ParserOptions? options)
    {
        ArgumentNullException.ThrowIfNull(sink);
        options ??= ParserOptions.Default;
        XmlReader? xml = null;
        try
        {
            xml = open();
            new RdfXmlGrammar(xml, sink, options).Document(options.BaseIri);
        }
        catch (XmlException ex)
        {
            throw new RdfSyntaxException(WithoutPosition(ex.Message), ex.LineNumber, ex.LinePosition, ex);
        }
        catch (ArgumentException ex) when (ThrownByXmlReader(ex))
        {
            // System.Xml's own fault on malformed bytes: XmlTextReaderImpl.SwitchEncoding, reached from an XML
            // declaration with invalid UTF-8 in it, copies a negative count (fuzzing). Bad input, not our bug:
            // refused at the reader's position instead of escaping as ArgumentOutOfRangeException (a 500).
            var at = xml as IXmlLineInfo;
            throw new RdfSyntaxException("malformed XML declaration or encoding (the XML reader failed: " + ex.Message.Split('\n')[0] + ")",
                Math.Max(1, at?.LineNumber ?? 1), Math.Max(1, at?.LinePosition ?? 1), ex);
        }
        finally
        {
            xml?.Dispose();
        }
    }

    /// <summary>True when the innermost frame outside the core library is System.Xml's: the exception is the reader's
    /// (a helper such as Buffer.BlockCopy threw it for System.Xml), not the RDF/XML grammar's.</summary>
    private static bool ThrownByXmlReader(Exception ex)
    {
        var xmlAssembly = typeof(XmlReader).Assembly;
        var core = typeof(object).Assembly;
        foreach (var frame in new System.Diagnostics.StackTrace(ex, false).GetFrames())
        {
            var asm = frame.GetMethod()?.DeclaringType?.Assembly;
            if (asm is null || asm == core) continue;
            return asm == xmlAssembly;
        }
        return false;
    }

    /// <summary>XmlException messages end in "Line n, position m."; ours carry the position already.</summary>
    private static string WithoutPosition(string message)
    {
        int at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 && message.EndsWith('.') && message.IndexOf(", position ", at, StringComparison.Ordinal) > 0
            ? message[..at]
            : message;
    }

    private static XmlReaderSettings CreateSettings() => new()
    {
        DtdProcessing = DtdProcessing.Parse,
        XmlResolver = null,
        MaxCharactersFromEntities = MaxCharactersFromEntities,
        IgnoreComments = false,
        IgnoreWhitespace = false,
        IgnoreProcessingInstructions = false,
        CloseInput = false,
        ValidationType = ValidationType.None,
    };
}
