using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>Validates data graphs against a compiled shapes graph (SHACL Core, §3.4).</summary>
public sealed class ShaclValidator(ShapesGraph shapes)
{
    public ShapesGraph Shapes { get; } = shapes ?? throw new ArgumentNullException(nameof(shapes));

    /// <summary>Validates every focus node of every targeted, active shape.</summary>
    public ValidationReport Validate(ShaclGraph data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var results = new List<ValidationResult>();
        var ctx = new ValidationContext(data, Shapes, results);
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

    public ValidationReport Validate(IEnumerable<Quad> data) => Validate(new ShaclGraph(data));

    /// <summary>One-shot convenience: compile <paramref name="shapes"/> and validate <paramref name="data"/>.</summary>
    public static ValidationReport Validate(IEnumerable<Quad> data, IEnumerable<Quad> shapes) =>
        new ShaclValidator(new ShapesGraph(shapes)).Validate(data);
}
