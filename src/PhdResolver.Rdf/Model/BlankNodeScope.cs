namespace PhdResolver.Rdf;

/// <summary>
/// Maps the blank node labels of one document to fresh blank nodes. One scope per document
/// (or per SPARQL query / update request) keeps labels from leaking across documents.
/// </summary>
public sealed class BlankNodeScope
{
    private readonly Dictionary<string, BlankNode> _labels = new(StringComparer.Ordinal);

    /// <summary>The blank node a label stands for in this scope, allocating one on first use.</summary>
    public BlankNode Get(string label)
    {
        if (!_labels.TryGetValue(label, out var node))
        {
            node = BlankNode.Fresh();
            _labels.Add(label, node);
        }
        return node;
    }

    /// <summary>A blank node that no label in this scope refers to (e.g. <c>[]</c> in Turtle).</summary>
    public BlankNode New() => BlankNode.Fresh();

    public int Count => _labels.Count;
}
