using System.Reflection;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq;

/// <summary>The ontology and shapes files compiled into this assembly.</summary>
public static class EmbeddedFiles
{
    public static string Read(string logicalName)
    {
        using var s = typeof(EmbeddedFiles).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new FileNotFoundException($"embedded resource '{logicalName}' is missing from {typeof(EmbeddedFiles).Assembly.GetName().Name}");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    public static Dataset LoadTurtle(string logicalName) => Dataset.Parse(Read(logicalName), RdfFormat.Turtle);

    /// <summary>The NBO-Q ontology as parsed RDF.</summary>
    public static Dataset Ontology() => LoadTurtle("nbo-q.ttl");
}
