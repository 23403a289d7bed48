using System.Reflection;

namespace PhdResolver.Registry.Tests;

/// <summary>Data flows one way: Web/Cli → Registry → (Nboq, Shacl, Sparql) → Store → Rdf. Nothing below imports anything above.</summary>
public sealed class LayeringTests
{
    private static string[] References(Assembly a) => [.. a.GetReferencedAssemblies().Select(n => n.Name!)];

    [Fact]
    public void The_registry_knows_nothing_of_http_web_or_cli()
    {
        var refs = References(typeof(RegistryService).Assembly);
        Assert.DoesNotContain(refs, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain("PhdResolver.Web", refs);
        Assert.DoesNotContain("PhdResolver.Cli", refs);
        Assert.Contains("PhdResolver.Nboq", refs); // tier validation goes through Nboq's TierValidator
    }

    [Fact]
    public void Lower_layers_do_not_import_the_registry()
    {
        foreach (var lower in new[] { typeof(Nboq.Validation.TierValidator), typeof(Shacl.ShaclValidator), typeof(Store.QuadStore), typeof(Rdf.Dataset) })
            Assert.DoesNotContain("PhdResolver.Registry", References(lower.Assembly));
    }

    [Fact]
    public void Read_models_carry_no_markup()
    {
        // Search snippets are parts, not HTML: no public member of a registry type returns "Html".
        var html = typeof(RegistryService).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.Contains("Html", StringComparison.OrdinalIgnoreCase))
            .Select(m => m.DeclaringType!.Name + "." + m.Name).ToList();
        Assert.Empty(html);
    }
}
