namespace PhdResolver.Shacl;

/// <summary>
/// The one nesting limit of the SHACL library. No recursion depth may come from input (a .NET stack
/// overflow ends the process): shapes nested in shapes (sh:property, sh:node, sh:and ... written
/// inline), property paths nested in paths, and shape checks that follow the data (sh:node on a
/// chain of values) all stop at <see cref="MaxNesting"/> levels with a <see cref="ShaclException"/>.
/// </summary>
/// <remarks>
/// Each level costs several large frames (compiling a shape's constraints takes about 7 KB of stack
/// per level, measured: 210 levels overflowed a pool thread's 1.5 MB stack); 64 levels stay well
/// inside it and far beyond any real shapes graph (NBO-Q's tier shapes nest 3 deep). As a second
/// line, the recursive entry points also check the remaining stack
/// (<see cref="System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack"/>).
/// </remarks>
public static class ShaclLimits
{
    public const int MaxNesting = 64;
}
