using System.Diagnostics.Metrics;

namespace PhdResolver.Sparql;

/// <summary>
/// The engine's metrics, on the BCL's <see cref="Meter"/> (no dependency here): whoever hosts the engine
/// decides whether to export them (the web service publishes them on its Prometheus endpoint).
/// </summary>
public static class SparqlMetrics
{
    /// <summary>The meter's name, for an exporter's <c>AddMeter</c>.</summary>
    public const string MeterName = "PhdResolver.Sparql";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Queries and updates stopped by their deadline.</summary>
    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>("phd.sparql.timeouts", unit: "{query}",
        description: "SPARQL queries and updates stopped by their timeout");
}
