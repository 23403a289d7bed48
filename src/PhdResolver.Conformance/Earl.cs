namespace PhdResolver.Conformance;

/// <summary>Writes an EARL report (Turtle), in the shape of the W3C implementation reports.</summary>
public static class Earl
{
    public static void Write(string path, IEnumerable<TestResult> results)
    {
        throw new NotSupportedException();
    }
}
