using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>The RDF an import produced and the account of how each field was treated.</summary>
public sealed record ImportResult(Dataset Data, ImportReport Report, Iri Root);
