using PhdResolver.Rdf;

namespace PhdResolver.Registry.Tests;

/// <summary>Issue 12 at the registry: URL fields are RFC 3987 http(s) IRIs, and a cancelled validation writes nothing.</summary>
public class InputHardeningTests
{
    [Theory]
    [InlineData("core.example.org")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://core.example.org/a b")]
    [InlineData("mailto:core@example.org")]
    public void A_homepage_that_is_not_an_http_iri_is_refused_naming_the_field(string homepage)
    {
        using var t = new TestRegistry();
        var before = t.Registry.AuditLog().Count;
        var e = Assert.Throws<RegistryException>(() => t.Registry.RegisterFacility(new NewFacility { Name = "Core", Homepage = homepage }, "cli"));
        Assert.Equal(RegistryErrorKind.Invalid, e.Kind);
        Assert.Equal("homepage", e.Field);
        Assert.Empty(t.Registry.Facilities);
        Assert.Equal(before, t.Registry.AuditLog().Count);
    }

    [Fact]
    public void A_homepage_iri_is_kept_as_given_and_in_the_record_graph()
    {
        using var t = new TestRegistry();
        var f = t.Registry.RegisterFacility(new NewFacility { Name = "Core", Homepage = " https://core.example.org/imaging " }, "cli");
        Assert.Equal("https://core.example.org/imaging", f.Homepage);
        Assert.Contains(t.Registry.Describe(t.Registry.RecordIri(f.Pid)), tr => tr.Object is Iri { Value: "https://core.example.org/imaging" });
    }

    [Fact]
    public void A_cancelled_submission_stops_in_validation_and_writes_nothing()
    {
        using var t = new TestRegistry();
        t.Seed();
        var before = t.Registry.AuditLog().Count;
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => t.Registry.SubmitValidated(TestRegistry.I, TestRegistry.Graph("Plan Apo 60x"), 1, "cli", cts.Token));
        Assert.Empty(t.Registry.GetVersions(PhdResolver.Registry.Pids.Pid.Parse(TestRegistry.I)));
        Assert.Equal(before, t.Registry.AuditLog().Count);
    }
}
