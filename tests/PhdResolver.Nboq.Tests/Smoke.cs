using PhdResolver.Nboq.Import;

namespace PhdResolver.Nboq.Tests;

public class Smoke
{
    [Fact]
    public void Print()
    {
        foreach (var f in Directory.GetFiles(Paths.Examples, "*.json"))
        {
            var r = MmaImporter.ImportFile(f, new ImportOptions { Time = DateTimeOffset.UnixEpoch });
            Console.WriteLine($"{Path.GetFileName(f)}: {r.Data.Count} quads; {r.Report.Summary()}");
            foreach (var u in r.Report.Unmapped) Console.WriteLine($"   U {u.JsonPath} = {u.Value[..Math.Min(40, u.Value.Length)]} ({u.Reason})");
            foreach (var w in r.Report.Warnings.Take(5)) Console.WriteLine($"   W {w}");
        }
    }
}
