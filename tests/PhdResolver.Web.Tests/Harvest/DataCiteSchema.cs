using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace PhdResolver.Tests.Harvest;

/// <summary>
/// DataCite kernel 4.6 (../shared/reference/datacite/kernel-4.6/metadata.xsd) as an XmlSchemaSet, loaded
/// offline: the XSD's includes and its xml.xsd import resolve to the local files, and any other URI fails
/// the load (no network). Shared by the Web and EndToEnd tests (linked source file).
/// </summary>
internal static class DataCiteSchema
{
    public const string Namespace = "http://datacite.org/schema/kernel-4";

    public static string Folder { get; } = FindFolder();

    private static readonly Lazy<XmlSchemaSet> Set = new(Load);

    /// <summary>The validation errors of <paramref name="resource"/> (a DataCite <c>resource</c> element), empty when valid.</summary>
    public static List<string> Errors(XElement resource)
    {
        var errors = new List<string>();
        var doc = new XDocument(new XElement(resource));
        doc.Validate(Set.Value, (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})"));
        return errors;
    }

    public static void AssertValid(XElement resource, string what)
    {
        Assert.Equal(XName.Get("resource", Namespace), resource.Name);
        var errors = Errors(resource);
        Assert.True(errors.Count == 0, $"{what} is not valid DataCite 4.6:\n  " + string.Join("\n  ", errors) + "\n" + resource);
    }

    private static XmlSchemaSet Load()
    {
        var file = Path.Combine(Folder, "metadata.xsd");
        Assert.True(File.Exists(file), $"{file} is missing: the tests read ../shared/reference in place");
        var set = new XmlSchemaSet { XmlResolver = new LocalOnlyResolver() };
        using (var r = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = new LocalOnlyResolver() }))
            set.Add(null, r);
        set.Compile();
        return set;
    }

    private static string FindFolder()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PhdResolver.sln")))
                return Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "reference", "datacite", "kernel-4.6"));
        throw new InvalidOperationException("cannot find the repository root");
    }

    /// <summary>Files only: an http(s) schemaLocation would be a network fetch, which the tests must never make.</summary>
    private sealed class LocalOnlyResolver : XmlUrlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (!absoluteUri.IsFile) throw new XmlException($"refusing to fetch {absoluteUri}: schemas load from the local copy only");
            return base.GetEntity(absoluteUri, role, ofObjectToReturn);
        }
    }
}
