using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>Micro-Meta App schema file names ("Fluorescence_LightSource_Laser.json") to NBO-Q classes.</summary>
public static class SchemaClassMap
{
    public static Iri? ClassFor(NboqVocabulary vocab, string schemaId) =>
        vocab.Class(MmaNames.ElementName(schemaId)) ?? vocab.Class(MmaNames.LastPart(schemaId));
}
