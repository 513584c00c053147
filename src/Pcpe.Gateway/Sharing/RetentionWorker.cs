using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Sharing;

/// <summary>
/// Purges the payloads of finished submissions (every delivery delivered, dead-lettered or blocked)
/// once they are older than <c>Gateway:Sharing:RetentionDays</c>. The audit trail and consents stay.
/// </summary>
public sealed class RetentionWorker(GatewayStore store, IOptions<SharingOptions> options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RetentionDays <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, settings.RetentionIntervalMinutes)), time);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                var purged = await store.PurgeFinishedPayloadsAsync(now.AddDays(-settings.RetentionDays), now, stoppingToken);
                if (purged > 0)
                {
                    GatewayLog.PayloadsPurged(logger, purged, settings.RetentionDays);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                GatewayLog.WorkerRoundFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
