using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Health;

/// <summary>Degraded while some relay endpoint's circuit is open: submissions are still accepted and queued.</summary>
public sealed class RelayCircuitHealthCheck(RelayCircuits circuits, RecipientDirectory directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(circuits.Open(directory.All()) is { Count: > 0 } open
            ? HealthCheckResult.Degraded($"circuit open for: {string.Join(", ", open)}")
            : HealthCheckResult.Healthy("no relay circuit open"));
}
