namespace PhdResolver.Rdf;

/// <summary>Options shared by all parsers.</summary>
public sealed record ParserOptions
{
    public static readonly ParserOptions Default = new();

    /// <summary>The base IRI for relative references (the document's retrieval IRI).</summary>
    public string? BaseIri { get; init; }

    /// <summary>
    /// Opt-in leniency: skip a bad statement and go on (errors go to <see cref="OnError"/>)
    /// instead of failing the whole document. Off by default: a syntax error never yields a
    /// partial graph silently.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>Called for each error skipped in lenient mode.</summary>
    public Action<RdfSyntaxException>? OnError { get; init; }

    /// <summary>The graph that triples of triple-only syntaxes go into (null: default graph).</summary>
    public Term? DefaultGraph { get; init; }

    /// <summary>Blank node scope; a fresh one per document unless the caller shares one on purpose.</summary>
    public BlankNodeScope? BlankNodes { get; init; }

    /// <summary>Options specific to JSON-LD (document loader, processing mode, ...); ignored elsewhere.</summary>
    public object? FormatOptions { get; init; }
}

/// <summary>Options shared by all writers.</summary>
public sealed record WriterOptions
{
    public static readonly WriterOptions Default = new();

    /// <summary>Base IRI; writers that can (Turtle, TriG, RDF/XML, JSON-LD) emit relative IRIs against it.</summary>
    public string? BaseIri { get; init; }

    /// <summary>Prefixes to use; writers that group output use them to shorten IRIs.</summary>
    public IReadOnlyDictionary<string, string>? Prefixes { get; init; }

    /// <summary>Pretty output (grouping, indentation) where the syntax has it.</summary>
    public bool Pretty { get; init; } = true;

    /// <summary>Options specific to a format (e.g. a JSON-LD context to compact with); ignored elsewhere.</summary>
    public object? FormatOptions { get; init; }
}
