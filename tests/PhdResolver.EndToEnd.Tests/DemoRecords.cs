using PhdResolver.Registry;
using PhdResolver.Web.Records;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>Landing page paths of the demo data (seeded by the app on an empty data directory), one per PID level.</summary>
internal static class DemoRecords
{
    public sealed record Page(string Level, string Path);

    public static IReadOnlyList<Page> All(IServiceProvider services)
    {
        var reg = ((RegistryHost)services.GetService(typeof(RegistryHost))!).Registry;
        var inst = reg.Instances.OrderBy(i => i.Pid.ToString(), StringComparer.Ordinal).First(i => reg.GetVersions(i.Pid).Count > 0);
        var version = reg.GetVersions(inst.Pid)[^1];
        string versionPath = reg.PathOf(version);                         // /{facility}/{model}/{instance}/c<N>
        string instancePath = versionPath[..versionPath.LastIndexOf('/')];
        var parts = versionPath.Split('/');                               // "", facility, model, instance...
        return
        [
            new("facility", "/" + parts[1]),
            // DESIGN §2: every prefix of the concatenated path resolves, /{facility}/{model} included.
            new("model", "/" + parts[1] + "/" + parts[2]),
            new("instance", instancePath),
            new("descriptor", versionPath),
        ];
    }
}
