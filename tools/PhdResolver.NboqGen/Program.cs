using System.Text;

namespace PhdResolver.NboqGen;

/// <summary>Entry point and the one function the up-to-date test calls.</summary>
public static class Generator
{
    /// <summary>Relative output path -> file content.</summary>
    public static IReadOnlyDictionary<string, string> Generate(string referenceDir)
    {
        var model = ModelBuilder.Build(NboTables.ReadElements(referenceDir), NboTables.ReadAttributes(referenceDir), MmaRequirements.Read(referenceDir));
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ontology/nbo-q.ttl"] = OntologyWriter.Write(model),
        };
        for (int t = 1; t <= 3; t++) files[$"shapes/tier{t}.ttl"] = ShapesWriter.Write(model, t);
        return files;
    }

    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: PhdResolver.NboqGen REFERENCE_DIR REPO_ROOT   (e.g. ../shared/reference .)");
            return 2;
        }
        foreach (var (path, text) in Generate(args[0]))
        {
            var full = Path.Combine(args[1], path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, new UTF8Encoding(false));
            Console.WriteLine($"wrote {path} ({text.Length:N0} chars)");
        }
        return 0;
    }
}
