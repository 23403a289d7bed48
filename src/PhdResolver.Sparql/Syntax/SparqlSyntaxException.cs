using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>A SPARQL query or update that does not parse, with the 1-based line and column of the problem.</summary>
public sealed class SparqlSyntaxException(string message, long line, long column) : SyntaxException(message, line, column);
