using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>Validates data graphs against a compiled shapes graph (SHACL Core, §3.4).</summary>
public sealed class ShaclValidator(ShapesGraph shapes)
{
    public ShapesGraph Shapes { get; } = shapes ?? throw new ArgumentNullException(nameof(shapes));

    /// <summary>Validates every focus node of every targeted, active shape.</summary>
    public ValidationReport Validate(ShaclGraph data) => Validate(data, default);

    /// <summary>
    /// Validates every focus node of every targeted, active shape, until <paramref name="ct"/> is cancelled:
    /// then <see cref="OperationCanceledException"/>, no report (a partial report would read as "fewer
    /// violations"). Shapes times data can be large (every focus node of every shape, nested shape checks,
    /// paths such as <c>(p*)*</c>, a SPARQL query per focus node), so a caller with a deadline passes it here
    /// (the resolver's /api/validate and write API do).
    /// </summary>
    public ValidationReport Validate(ShaclGraph data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        ct.ThrowIfCancellationRequested();
        var results = new List<ValidationResult>();
        var ctx = new ValidationContext(data, Shapes, results, ct);
        try
        {
            foreach (var shape in Shapes.TargetedShapes)
            {
                if (shape.Deactivated) continue;
                foreach (var focus in shape.FocusNodes(data)) ctx.Validate(shape, focus);
            }
        }
        finally
        {
            ctx.DisposeState();
        }
        return new ValidationReport(results);
    }

    public ValidationReport Validate(IEnumerable<Quad> data, CancellationToken ct = default) => Validate(new ShaclGraph(data), ct);

    /// <summary>One-shot convenience: compile <paramref name="shapes"/> and validate <paramref name="data"/>.</summary>
    public static ValidationReport Validate(IEnumerable<Quad> data, IEnumerable<Quad> shapes) =>
        new ShaclValidator(new ShapesGraph(shapes)).Validate(data);
}
