using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pcpe.Gateway.NationalDirectory;

namespace Pcpe.Gateway.Health;

/// <summary>
/// Degraded while the national directory's last look-up failed: the gateway then works from the answers it cached,
/// and says how many. Not unhealthy: deliveries to configured addresses go on, and those that need the directory wait.
/// </summary>
public sealed class DirectoryHealthCheck(HealthDirectory directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!directory.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no national directory configured"));
        }

        var health = directory.Health;
        return Task.FromResult(health.Down
            ? HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                $"national directory unreachable since {health.LastFailure:O} ({health.LastError}): working from {health.Cached} cached answers"))
            : HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"national directory answering; {health.Cached} cached answers")));
    }
}
