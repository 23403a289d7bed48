using System.Text;

namespace PhdResolver.Cli.Tests;

/// <summary>
/// Issue 12: input nested a million deep, invalid UTF-8 and data an output syntax cannot carry end
/// the real <c>phd</c> process with exit 1 and one line on stderr (never rc 134 from a stack
/// overflow, never a stack trace), and <c>-o</c> never leaves a partial or temporary file.
/// </summary>
[Trait("Category", "Cli")]
public sealed class BadInputTests : IDisposable
{
    private const int Million = 1_000_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-badinput-" + Guid.NewGuid().ToString("N"));

    public BadInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content) => WriteBytes(name, Encoding.UTF8.GetBytes(content));

    private string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    public static TheoryData<string, string> DeepFiles() => new()
    {
        { "list.ttl", "@prefix : <http://e/> .\n:s :p " + Repeat("(", Million) + "1" + Repeat(")", Million) + " .\n" },
        { "bnode.ttl", "@prefix : <http://e/> .\n:s :p " + Repeat("[ :p ", Million) + "1" + Repeat(" ]", Million) + " .\n" },
        { "deep.trig", "@prefix : <http://e/> .\n:g { :s :p " + Repeat("(", Million) + " }\n" },
        { "deep.jsonld", "{\"@context\":{\"@vocab\":\"http://e/\"}," + Repeat("\"p\":{", Million) + "\"q\":1" + Repeat("}", Million) + "}" },
        { "deep.rdf", "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">" + Repeat("<rdf:Description><e:p>", Million / 4) + "</rdf:RDF>\n" },
    };

    private static void AssertBadInput(PhdProcess.Result r, string expect)
    {
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains(expect, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [MemberData(nameof(DeepFiles))]
    public void Convert_validate_and_load_refuse_deep_files_with_exit_1(string name, string content)
    {
        var file = Write(name, content);
        var output = Path.Combine(_dir, "out.nt");
        AssertBadInput(PhdProcess.Run(null, "convert", file, "--to", "ntriples", "-o", output), "deep");
        Assert.False(File.Exists(output));
        AssertBadInput(PhdProcess.Run(null, "validate", file, "--tier", "1"), "deep");
        AssertBadInput(PhdProcess.Run(null, "load", file, "--data", Path.Combine(_dir, "store-" + Path.GetFileNameWithoutExtension(name))), "deep");
    }

    [Fact]
    public void Deep_Micro_Meta_App_json_is_bad_input()
    {
        var file = Write("deep.json", "{\"Schema_ID\":\"Instrument.json\",\"x\":" + Repeat("{\"a\":", Million) + "1" + Repeat("}", Million) + "}");
        AssertBadInput(PhdProcess.Run(null, "validate", file, "--tier", "1"), "depth");
        AssertBadInput(PhdProcess.Run(null, "import-mma", file), "depth");
    }

    [Fact]
    public void Micro_Meta_App_json_with_invalid_utf8_is_bad_input()
    {
        // Found by fuzzing (bench/fuzz/findings/mma): an invalid byte inside a JSON string escaped as InvalidOperationException.
        var file = WriteBytes("bad.json", [.. "{\"Schema_ID\":\"Instrument.json\",\"Name\":\"a"u8, 0xFF, .. "\"}"u8]);
        AssertBadInput(PhdProcess.Run(null, "import-mma", file), "byte offset 40");
        AssertBadInput(PhdProcess.Run(null, "validate", file, "--tier", "1"), "UTF-8");
    }

    [Fact]
    public void Malformed_Micro_Meta_App_json_is_bad_input_for_import_mma()
    {
        var file = Write("broken.json", "{ \"Schema_ID\": ");
        var output = Path.Combine(_dir, "out.trig");
        AssertBadInput(PhdProcess.Run(null, "import-mma", file, "-o", output), "not valid JSON");
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("bad.ttl", "line 1")]
    [InlineData("bad.nt", "line 1")]
    [InlineData("bad.jsonld", "byte offset 35")]
    public void Invalid_utf8_is_refused_with_its_position(string name, string where)
    {
        byte[] bytes = name.EndsWith(".jsonld", StringComparison.Ordinal)
            ? [.. "{\"@id\":\"http://e/s\",\"http://e/p\":\"a"u8, 0xFF, .. "b\"}"u8]
            : [.. "<http://e/s> <http://e/p> \"a"u8, 0xFF, .. "b\" .\n"u8];
        var file = WriteBytes(name, bytes);
        var r = PhdProcess.Run(null, "convert", file, "--to", "ntriples");
        AssertBadInput(r, where);
        Assert.Contains("UTF-8", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Convert_to_rdfxml_refuses_characters_xml_cannot_carry_and_leaves_no_file()
    {
        var file = Write("nul.nt", "<http://e/s> <http://e/p> \"a\\u0000b\" .\n");
        var output = Path.Combine(_dir, "out.rdf");
        File.WriteAllText(output, "previous content");
        AssertBadInput(PhdProcess.Run(null, "convert", file, "--to", "rdfxml", "-o", output), "U+0000");
        // The old file is untouched and no temporary file is left next to it.
        Assert.Equal("previous content", File.ReadAllText(output));
        Assert.Equal(["nul.nt", "out.rdf"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Convert_with_out_writes_the_whole_file_and_no_temporary()
    {
        var file = Write("ok.ttl", "@prefix : <http://e/> .\n:s :p ( 1 2 3 ) .\n");
        var output = Path.Combine(_dir, "out.nt");
        var r = PhdProcess.Run(null, "convert", file, "--to", "ntriples", "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(7, File.ReadAllLines(output).Length);
        Assert.Equal(["ok.ttl", "out.nt"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var file = Write("ok.ttl", "@prefix : <http://e/> .\n:s :p 1 .\n");
        Assert.Equal(2, PhdProcess.Run(null, "convert", file, "--to", "nonsense").ExitCode);
        Assert.Equal(2, PhdProcess.Run(null, "convert", Path.Combine(_dir, "missing.ttl"), "--to", "turtle").ExitCode);
        Assert.Equal(2, PhdProcess.Run(null, "import-mma", Path.Combine(_dir, "missing.json")).ExitCode);
        Assert.Equal(2, PhdProcess.Run(null, "convert", "--no-such-option").ExitCode);
    }
}
