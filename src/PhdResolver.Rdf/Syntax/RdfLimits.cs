namespace PhdResolver.Rdf;

/// <summary>
/// The one nesting limit of the RDF library. No recursion depth may come from input: a .NET stack
/// overflow cannot be caught and ends the process, so every parser that nests (Turtle/TriG
/// collections and blank node property lists, RDF/XML elements, JSON-LD objects and arrays)
/// refuses input nested deeper than <see cref="MaxNesting"/> with an <see cref="RdfSyntaxException"/>
/// that names the position, and every later stage that walks input-shaped structures (writers,
/// JSON-LD algorithms) either works iteratively or stops nesting at this depth (writers fall back
/// to labelled blank nodes, so deep but valid data is still written in full).
/// </summary>
/// <remarks>
/// 1,000 levels is far beyond any real descriptor (the deepest W3C test nests about 10) and, at a
/// few hundred bytes of stack per level, far below the 1.5 MB stack of a .NET pool thread.
/// </remarks>
public static class RdfLimits
{
    /// <summary>Maximum nesting depth accepted by the parsers and produced by the writers.</summary>
    public const int MaxNesting = 1000;

    /// <summary>
    /// Maximum nesting of JSON (JSON-LD documents, contexts, and the JSON the JSON-LD writer
    /// produces): every object and every array is one level. A quarter of <see cref="MaxNesting"/>
    /// because the JSON-LD algorithms (expansion, compaction) spend several large frames per level;
    /// measured, expansion needs about 1.4 KB of stack per level, so 250 levels stay well inside a
    /// pool thread's stack. The JSON-LD writer folds lists of lists only this deep (beyond, they stay
    /// rdf:first/rdf:rest nodes), so what it writes always reads back in.
    /// </summary>
    public const int MaxJsonNesting = MaxNesting / 4;
}
