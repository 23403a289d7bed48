namespace PhdResolver.Shacl;

/// <summary>
/// The one nesting limit of the SHACL library. No recursion depth may come from input (a .NET stack
/// overflow ends the process): shapes nested in shapes (sh:property, sh:node, sh:and ... written
/// inline), property paths nested in paths, and shape checks that follow the data (sh:node on a
/// chain of values) all stop at <see cref="MaxNesting"/> levels with a <see cref="ShaclException"/>.
/// </summary>
/// <remarks>
/// Each level costs several frames (shape check, constraint, nested check); 256 levels stay far
/// inside the 1.5 MB stack of a pool thread and far beyond any real shapes graph (NBO-Q's tier
/// shapes nest 3 deep).
/// </remarks>
public static class ShaclLimits
{
    public const int MaxNesting = 256;
}
