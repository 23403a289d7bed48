namespace PhdResolver.Conformance;

public enum Outcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One test's result. <see cref="Id"/> is the test IRI as the W3C manifest names it.</summary>
public sealed record TestResult(string Suite, string Id, Outcome Outcome, string? Message = null);
