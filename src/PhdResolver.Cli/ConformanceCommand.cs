using System.CommandLine;
using PhdResolver.Conformance;

namespace PhdResolver.Cli;

/// <summary><c>phd conformance SUITE|all [--tests DIR] [--earl FILE]</c> (DESIGN.md §6, a contract).</summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var suite = new Argument<string>("suite") { Description = "suite name or 'all': " + string.Join(", ", SuiteRunner.SuiteNames) };
        var tests = new Option<string?>("--tests") { Description = "folder holding the W3C suites (default: $PHD_W3C_TESTS or ../shared/reference/w3c)" };
        var earl = new Option<string?>("--earl") { Description = "write an EARL report (Turtle) to this file" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "print every failing test with its reason" };
        var cmd = new Command("conformance", "Run the W3C test suites") { suite, tests, earl, verbose };
        cmd.SetAction(pr =>
        {
            var root = SuiteRunner.LocateTests(pr.GetValue(tests));
            if (root is null)
                return ConvertCommand.Fail("cannot find the W3C test suites; pass --tests or set PHD_W3C_TESTS", Exit.Usage);
            var name = pr.GetValue(suite)!;
            IReadOnlyList<string> names = name == "all" ? SuiteRunner.SuiteNames : [name];
            foreach (var n in names)
                if (!SuiteRunner.SuiteNames.Contains(n))
                    return ConvertCommand.Fail($"unknown suite '{n}'", Exit.Usage);
            var runner = new SuiteRunner(root);
            var results = new List<TestResult>();
            long passed = 0, failed = 0;
            foreach (var n in names)
            {
                var r = runner.Run(n);
                results.AddRange(r);
                int p = r.Count(x => x.Outcome == Outcome.Passed), f = r.Count(x => x.Outcome == Outcome.Failed), s = r.Count(x => x.Outcome == Outcome.Skipped);
                if (pr.GetValue(verbose))
                    foreach (var x in r.Where(x => x.Outcome == Outcome.Failed))
                        Console.WriteLine($"  FAIL {x.Id}: {x.Message}");
                Console.WriteLine($"{n}: {p} passed, {f} failed, {s} skipped");
                passed += p;
                failed += f;
            }
            if (pr.GetValue(earl) is { } earlPath) Earl.Write(earlPath, results);
            Console.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        });
        return cmd;
    }
}
