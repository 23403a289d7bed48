namespace PhdResolver.Sparql;

/// <summary>A query or update that is well-formed but cannot be executed (SERVICE, LOAD refused, CREATE of an existing graph, ...).</summary>
public class SparqlEvaluationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A feature the deployment refuses by policy, not an error in the request: SERVICE to an endpoint not on
/// the allow-list (or not supported), LOAD of a source outside the allowed folders. HTTP answers it 403.</summary>
public sealed class SparqlRefusedException(string message) : SparqlEvaluationException(message);

/// <summary>The query would exceed an operator limit (intermediate or result rows).</summary>
public sealed class SparqlLimitException(string message) : SparqlEvaluationException(message);

/// <summary>The query ran past its wall-clock timeout. Each one is counted (<see cref="SparqlMetrics.Timeouts"/>)
/// where it is made: every timed-out query or update makes exactly one, whoever catches it.</summary>
public sealed class SparqlTimeoutException : SparqlEvaluationException
{
    public SparqlTimeoutException(TimeSpan timeout)
        : base($"the query ran longer than its timeout of {timeout.TotalSeconds:0.###} s")
    {
        Timeout = timeout;
        SparqlMetrics.Timeouts.Add(1);
    }

    public TimeSpan Timeout { get; }
}
