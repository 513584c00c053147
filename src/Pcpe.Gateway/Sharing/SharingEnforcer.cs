using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Observability;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Sharing;

/// <summary>
/// Opposition and withdrawal win (sharing-rules.md 3): once a person's consents change, every delivery
/// still queued for them is decided again and blocked, with its audit event, when it lost its basis.
/// In-flight ones are caught by the decision the worker takes before each send.
/// </summary>
public sealed class SharingEnforcer(GatewayStore store, SharingDecisions decisions, GatewayMetrics metrics, ILogger<SharingEnforcer> logger)
{
    /// <summary>Re-decides the person's queued deliveries, except those of <paramref name="decidedWith"/>
    /// (the submission that brought the change, decided with it already); returns how many were blocked.</summary>
    public async Task<int> ReviewQueuedAsync(string personRef, Guid? decidedWith, CancellationToken cancellationToken)
    {
        var queued = (await store.QueuedForPersonAsync(personRef, cancellationToken)).Where(d => d.SubmissionId != decidedWith).ToList();
        if (queued.Count == 0)
        {
            return 0;
        }

        var person = await decisions.LoadAsync(personRef, cancellationToken);
        var blocked = 0;
        foreach (var delivery in queued)
        {
            var emergency = SharingDecisions.EmergencyOf(delivery.Sharing);
            var decision = decisions.Decide(delivery.RecipientId, delivery.StructureFiness, delivery.Kind, emergency, person, null);
            if (decision.Permitted)
            {
                continue;
            }

            var reason = $"no legal basis any more: {decision.Reason}";
            var audit = decisions.Audit(decision, personRef, delivery.RecipientId, delivery.Id, delivery.Kind, delivery.DocumentId, delivery.DocumentVersion, reason);
            if (await store.BlockQueuedAsync(delivery.Id, reason, audit, cancellationToken))
            {
                blocked++;
                metrics.DeliveryOutcome("review", delivery.RecipientId, nameof(DeliveryStatus.Blocked));
            }
        }

        GatewayLog.QueuedReviewed(logger, queued.Count, blocked);
        return blocked;
    }
}
