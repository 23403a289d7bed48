namespace PhdResolver.NboqGen;

/// <summary>One row of the derived NBO v02-01 attribute table (nbo-v02-01-attributes.tsv).</summary>
public sealed record NboAttribute(
    string Extension, string ElementPath, string Name, string Tier, bool Required,
    string DataType, string AllowedValues, string Cardinality, string ComplexType, bool IsReference)
{
    public string Element => ElementPath[(ElementPath.LastIndexOf('/') + 1)..];
}

/// <summary>One row of the derived NBO v02-01 element table (nbo-v02-01-elements.tsv).</summary>
public sealed record NboElement(
    string Extension, string Path, string Name, string Tier, string DataType, string ComplexType,
    bool SubstitutionMember, string Cardinality, bool Required = false)
{
    public string? ParentPath => Path.Contains('/', StringComparison.Ordinal) ? Path[..Path.LastIndexOf('/')] : null;
}

/// <summary>Reads the two derived tables. The format is documented in shared/reference/README.md.</summary>
public static class NboTables
{
    public static IReadOnlyList<NboAttribute> ReadAttributes(string referenceDir) =>
        ReadRows(Path.Combine(referenceDir, "nbo", "nbo-v02-01-attributes.tsv"))
            .Select(r => new NboAttribute(r["extension"], r["element_path"], r["attribute"], r["tier"],
                r["required"] == "R", r["data_type"], r["allowed_values"], r["cardinality"], r["complex_type"],
                r["kind"] == "reference"))
            .ToList();

    public static IReadOnlyList<NboElement> ReadElements(string referenceDir) =>
        ReadRows(Path.Combine(referenceDir, "nbo", "nbo-v02-01-elements.tsv"))
            .Select(r => new NboElement(r["extension"], r["element_path"], r["element"], r["tier"], r["data_type"],
                r["complex_type"], r["substitution_member"] == "Y", r["cardinality"], r["required"] == "R"))
            .ToList();

    private static IEnumerable<Dictionary<string, string>> ReadRows(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('\t');
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var cells = line.Split('\t');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++)
                row[header[i]] = i < cells.Length ? Unescape(cells[i]).Trim() : "";
            yield return row;
        }
    }

    // The TSV escapes tab, CR, LF and backslash inside cells.
    private static string Unescape(string s) =>
        !s.Contains('\\', StringComparison.Ordinal) ? s
        : s.Replace("\\t", " ", StringComparison.Ordinal).Replace("\\r", "", StringComparison.Ordinal)
           .Replace("\\n", " ", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
