namespace PhdResolver.Sparql;

/// <summary>A query or update that is well-formed but cannot be executed (SERVICE, LOAD refused, CREATE of an existing graph, ...).</summary>
public class SparqlEvaluationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A feature the deployment refuses by policy, not an error in the request: SERVICE to an endpoint not on
/// the allow-list (or not supported), LOAD of a source outside the allowed folders. HTTP answers it 403.</summary>
public sealed class SparqlRefusedException(string message) : SparqlEvaluationException(message);

/// <summary>The query would exceed an operator limit (intermediate or result rows).</summary>
public sealed class SparqlLimitException(string message) : SparqlEvaluationException(message);

/// <summary>The query ran past its wall-clock timeout.</summary>
public sealed class SparqlTimeoutException(TimeSpan timeout)
    : SparqlEvaluationException($"the query ran longer than its timeout of {timeout.TotalSeconds:0.###} s")
{
    public TimeSpan Timeout { get; } = timeout;
}
