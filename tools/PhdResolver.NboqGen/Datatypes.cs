namespace PhdResolver.NboqGen;

/// <summary>NBO data-type texts ("float with unit:WavelengthUnit", "PositiveInteger", ...) to XSD ranges and units.</summary>
public static class Datatypes
{
    public static string FromNbo(string dataType)
    {
        var t = dataType.Trim().ToLowerInvariant();
        if (t.StartsWith("xsd:", StringComparison.Ordinal)) t = t[4..];
        if (t.StartsWith("boolean", StringComparison.Ordinal)) return "xsd:boolean";
        if (t.StartsWith("float", StringComparison.Ordinal) || t.StartsWith("positivefloat", StringComparison.Ordinal)
            || t.StartsWith("percentfraction", StringComparison.Ordinal) || t.StartsWith("double", StringComparison.Ordinal))
            return "xsd:double";   // NBO "float" values are stored as xsd:double: JSON numbers map onto it without loss
        if (t.StartsWith("integer", StringComparison.Ordinal) || t.StartsWith("positiveint", StringComparison.Ordinal)
            || t.StartsWith("nonnegativeint", StringComparison.Ordinal) || t.StartsWith("long", StringComparison.Ordinal)
            || t.StartsWith("int ", StringComparison.Ordinal) || t == "int")
            return "xsd:integer";
        if (t.StartsWith("anyuri", StringComparison.Ordinal)) return "xsd:anyURI";
        if (t.StartsWith("date", StringComparison.Ordinal)) return "xsd:date";
        return "xsd:string";
    }

    /// <summary>The range of a property used with several NBO types.</summary>
    public static string Unify(string a, string b) =>
        a == b ? a
        : (a, b) is ("xsd:integer", "xsd:double") or ("xsd:double", "xsd:integer") ? "xsd:double"
        : "xsd:string";

    /// <summary>The XSD unit attribute named in the type ("WavelengthUnit"), or null when the value has no unit.</summary>
    public static string? UnitName(string dataType)
    {
        int i = dataType.IndexOf("unit", StringComparison.OrdinalIgnoreCase);
        if (i < 0) i = dataType.IndexOf("uint", StringComparison.OrdinalIgnoreCase);   // upstream typo "uint:"
        if (i < 0) return null;
        var rest = dataType[(i + 4)..].TrimStart(':', ' ');
        var end = rest.IndexOfAny([';', '[', ' ', '.']);
        var name = (end < 0 ? rest : rest[..end]).Trim();
        return name.Length == 0 || name.Equals("none", StringComparison.OrdinalIgnoreCase) || name.Equals("bytes", StringComparison.OrdinalIgnoreCase) ? null : name;
    }

    /// <summary>The default unit stated as "[default mm]" in the type text, as a QUDT unit CURIE.</summary>
    public static string? DefaultUnit(string dataType)
    {
        int i = dataType.IndexOf("default", StringComparison.OrdinalIgnoreCase);
        if (i < 0) return null;
        var u = dataType[(i + 7)..].Trim(' ', ':', ']', ';');
        if (u.StartsWith("Celsius", StringComparison.OrdinalIgnoreCase)) return "unit:DEG_C";
        return u switch { "mm" => "unit:MilliM", "Hz" => "unit:HZ", "ms" => "unit:MilliSEC", "min" => "unit:MIN", "deg" => "unit:DEG", "mW" => "unit:MilliW", _ => null };
    }

    public static string Phrase(string? range) => range switch
    {
        "xsd:boolean" => "a yes/no flag",
        "xsd:double" => "a decimal number",
        "xsd:integer" => "a whole number",
        "xsd:anyURI" => "a web address (URI)",
        "xsd:date" => "a calendar date",
        _ => "free text",
    };
}
