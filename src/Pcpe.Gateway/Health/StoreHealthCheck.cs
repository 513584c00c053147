using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Health;

/// <summary>Ready only when the store answers.</summary>
public sealed class StoreHealthCheck(GatewayStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("store answers");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("store does not answer: " + ex.GetType().Name);
        }
    }
}
