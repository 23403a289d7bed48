namespace PhdResolver.Shacl;

/// <summary>
/// A SHACL failure (§3.6.1): the shapes graph is ill-formed (e.g. a SHACL-SPARQL query that does not
/// parse or breaks the pre-binding rules) or a query reported <c>?failure</c>. Validation stops; there is no report.
/// </summary>
public sealed class ShaclException : Exception
{
    public ShaclException(string message) : base(message) { }

    public ShaclException(string message, Exception inner) : base(message, inner) { }
}
