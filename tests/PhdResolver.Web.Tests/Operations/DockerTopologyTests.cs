using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PhdResolver.Web.Tests.Operations;

/// <summary>
/// docker/compose.yaml is valid YAML (YamlDotNet) and describes the same topology as docker/local-topology.sh,
/// which runs it as local processes where no Docker engine is (CI): the same services, the same `phd serve` and
/// `redis-server` flags, the same nginx template. A flag or service added to one file and not the other fails here.
/// </summary>
public sealed partial class DockerTopologyTests
{
    /// <summary>In compose.yaml only (none: the script starts PostgreSQL and passes --database too).</summary>
    private static readonly string[] ComposeOnlyServices = [];
    private static readonly string[] ComposeOnlyServeFlags = [];

    private static string Docker(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PhdResolver.sln"))) return Path.Combine(dir.FullName, "docker", file);
        throw new InvalidOperationException("repository root (PhdResolver.sln) not found above " + AppContext.BaseDirectory);
    }

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Docker("compose.yaml"))) yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlMappingNode Services() => (YamlMappingNode)Compose().Children[new YamlScalarNode("services")];

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services().Children[new YamlScalarNode(name)];

    private static List<string> Command(string service) =>
        [.. ((YamlSequenceNode)Service(service).Children[new YamlScalarNode("command")]).Children.Select(n => ((YamlScalarNode)n).Value!)];

    private static SortedSet<string> Flags(IEnumerable<string> words) => new(words.Where(w => w.StartsWith("--", StringComparison.Ordinal)), StringComparer.Ordinal);

    /// <summary>The words of a bash array assignment <c>NAME=(...)</c> in the script (quotes dropped).</summary>
    private static List<string> ScriptArray(string name)
    {
        string script = File.ReadAllText(Docker("local-topology.sh"));
        var m = Regex.Match(script, @"(?m)^\s*" + name + @"=\((.*)\)\s*$");
        Assert.True(m.Success, $"local-topology.sh has no {name}=(...) line");
        return [.. Words().Matches(m.Groups[1].Value).Select(w => w.Value.Trim('"'))];
    }

    [GeneratedRegex(@"""[^""]*""|\S+")]
    private static partial Regex Words();

    [Fact]
    public void Compose_file_is_yaml_with_the_production_services()
    {
        var names = Services().Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["phd1", "phd2", "postgres", "proxy", "redis"], names);
        foreach (var name in names)
            Assert.True(Service(name).Children.ContainsKey(new YamlScalarNode("healthcheck")), name + " has no healthcheck");
        var volumes = (YamlMappingNode)Compose().Children[new YamlScalarNode("volumes")];
        Assert.Equal(["phd1-data", "phd2-data", "postgres-data"], volumes.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Script_runs_the_compose_services()
    {
        var compose = Services().Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Except(ComposeOnlyServices);
        Assert.Equal(compose.Order(StringComparer.Ordinal), ScriptArray("SERVICES").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("phd1")]
    [InlineData("phd2")]
    public void Replicas_run_serve_with_the_script_flags(string replica)
    {
        var compose = Command(replica);
        var script = ScriptArray("PHD_COMMAND");
        Assert.Equal("serve", compose[0]);
        Assert.Equal("serve", script[0]);
        Assert.Equal(Flags(script), new SortedSet<string>(Flags(compose).Except(ComposeOnlyServeFlags), StringComparer.Ordinal));
        Assert.Equal(Command("phd1").Select(w => w.Replace("phd1", "phdN", StringComparison.Ordinal)),
            Command(replica).Select(w => w.Replace(replica, "phdN", StringComparison.Ordinal))); // the replicas differ in name only
    }

    [Fact]
    public void Redis_runs_with_the_script_flags()
    {
        var compose = Command("redis");
        var script = ScriptArray("REDIS_COMMAND");
        Assert.Equal("redis-server", compose[0]);
        Assert.Equal("redis-server", script[0]);
        // Flags the script adds to reach 127.0.0.1 only: the container network needs none.
        Assert.Equal(Flags(compose), new SortedSet<string>(Flags(script).Except(["--bind", "--port"]), StringComparer.Ordinal));
    }

    [Fact]
    public void Both_use_the_one_nginx_template()
    {
        var volumes = ((YamlSequenceNode)Service("proxy").Children[new YamlScalarNode("volumes")]).Children.Select(n => ((YamlScalarNode)n).Value!);
        Assert.Contains(volumes, v => v.StartsWith("./nginx/default.conf.template:/etc/nginx/templates/", StringComparison.Ordinal));
        Assert.Contains("docker/nginx/default.conf.template", File.ReadAllText(Docker("local-topology.sh")), StringComparison.Ordinal);
        string template = File.ReadAllText(Docker("nginx/default.conf.template"));
        var env = (YamlMappingNode)Service("proxy").Children[new YamlScalarNode("environment")];
        foreach (Match m in Regex.Matches(template, @"\$\{([A-Z0-9_]+)\}"))
            Assert.True(env.Children.ContainsKey(new YamlScalarNode(m.Groups[1].Value)), "compose.yaml does not set " + m.Groups[1].Value);
    }
}
