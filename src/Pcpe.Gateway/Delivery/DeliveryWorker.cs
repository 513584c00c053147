using Microsoft.Extensions.Options;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Health;
using Pcpe.Gateway.Observability;
using Pcpe.Gateway.Sharing;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Flow 3 (deliver): leases due deliveries, sends each through its channel, records the outcome.
/// Sends run side by side up to <see cref="DeliveryOptions.MaxParallelSends"/>, and at most a recipient's
/// own limit to one recipient; the worker leases more as soon as a send ends, so a slow or hanging
/// endpoint never holds up the others. Transient failures are rescheduled durably; permanent ones and
/// exhausted retries are dead-lettered. On shutdown the worker gives its leases back.
/// </summary>
public sealed class DeliveryWorker(
    GatewayStore store,
    IEnumerable<IDeliveryChannel> channels,
    RecipientDirectory directory,
    SharingDecisions decisions,
    DeliverySignal signal,
    RecipientSendSlots slots,
    RelayCircuits circuits,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    GatewayMetrics metrics,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly Dictionary<string, IDeliveryChannel> _channels = channels.ToDictionary(c => c.Channel.ToString(), StringComparer.Ordinal);

    private DateTimeOffset _nextQueueSample;

    private DateTimeOffset _nextOthersRound;

    private IReadOnlyDictionary<string, RecipientOptions>? _recipientsOfLastOthersRound;

    // Deliveries of recipients no longer configured (a partner withdrawn, queued before a restart) are settled by
    // a round that also looks for them: at start, at once after the configuration changed, then this often,
    // since finding them reads the whole backlog.
    private static readonly TimeSpan OthersRoundInterval = TimeSpan.FromMinutes(1);

    /// <summary>Identifies this worker's leases in the store.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var sends = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= _nextQueueSample)
                {
                    metrics.Queue(await store.CountQueueAsync(stoppingToken), directory.All().Keys);
                    _nextQueueSample = time.GetUtcNow().AddSeconds(5);
                }

                sends.RemoveAll(s => s.IsCompleted);
                var started = 0;
                // Lease in rounds, once enough sends could start (LeaseRound). A lease is a write, and on
                // SQLite every write waits its turn behind intake's commits: one per ended send would
                // halve what the gateway accepts.
                var configured = directory.All();
                Func<string, int> limit = id => LimitOf(id, settings);
                // While a recipient's circuit is open its deliveries stay queued, not leased only to be turned
                // away: that would spend one of their attempts each time they fell due during an outage.
                var (resting, probeDue) = circuits.Held(configured);
                var free = LeaseRound.ProbeOnly(slots.Free(configured.Keys, limit), probeDue, limit);
                if (LeaseRound.Size(free, configured, resting, limit, slots.Total, settings) is { } size)
                {
                    if (resting.Count > 0)
                    {
                        free = free.ToDictionary(r => r.Key, r => resting.Contains(r.Key) ? 0 : r.Value, StringComparer.Ordinal);
                    }

                    // No more of a recipient than it has slots free (none of one whose slots are all taken):
                    // the round goes to those that can be sent to now, and what is leased can start.
                    var now = time.GetUtcNow();
                    // A reloaded configuration is a new dictionary.
                    var othersToo = configured.Count == 0 || now >= _nextOthersRound || !ReferenceEquals(configured, _recipientsOfLastOthersRound);
                    var leased = await store.LeaseDueAsync(
                        Owner, size, settings.MaxParallelSendsPerRecipient, free, othersToo, TimeSpan.FromSeconds(settings.LeaseSeconds), now, stoppingToken);
                    if (othersToo)
                    {
                        _nextOthersRound = now + OthersRoundInterval;
                        _recipientsOfLastOthersRound = configured;
                    }

                    // Default deny, again at send time: the decisions are taken from the registry as it is now,
                    // read once for the round, after the lease and before any of its sends starts (they all start
                    // at once, each into a free slot), rather than once per send: one query instead of one each.
                    var persons = await decisions.LoadAsync([.. leased.Select(d => d.PersonRef).OfType<string>()], stoppingToken);
                    var unused = new List<Guid>();
                    foreach (var delivery in leased)
                    {
                        if (slots.TryTake(delivery.RecipientId, LimitOf(delivery.RecipientId, settings)))
                        {
                            var person = delivery.PersonRef is null ? PersonSharingState.Empty : persons[delivery.PersonRef];
                            sends.Add(SendAsync(delivery, person, settings, stoppingToken));
                            started++;
                        }
                        else
                        {
                            // Not expected (the round is sized to the free slots); given back rather than left waiting.
                            unused.Add(delivery.Id);
                        }
                    }

                    if (unused.Count > 0)
                    {
                        await store.ReturnLeasesAsync(Owner, unused, stoppingToken);
                    }
                }

                if (started == 0)
                {
                    // Woken by a new submission, by a send that ended (a slot is free), or by the poll.
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(settings.IdlePollMilliseconds), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                GatewayLog.WorkerRoundFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }

        // Sends in progress were cancelled with the stopping token; once they have ended, give the leases
        // back so another instance (or this one after a restart) picks them up at once. If this cannot
        // run (crash, store gone), the leases simply expire after LeaseSeconds.
        await Task.WhenAll(sends);
        try
        {
            var released = await store.ReleaseLeasesAsync(Owner, CancellationToken.None);
            GatewayLog.LeasesReleased(logger, Owner, released);
        }
        catch (ObjectDisposedException)
        {
            GatewayLog.LeasesReleased(logger, Owner, 0);
        }
    }

    private const string PayloadGone = "its payload was erased or purged before it could be sent";

    /// <summary>How many sends one recipient may have in flight in this instance.</summary>
    private int LimitOf(string recipientId, DeliveryOptions settings)
        => directory.Find(recipientId)?.MaxParallelSends ?? settings.MaxParallelSendsPerRecipient;

    /// <summary>One send, holding its recipient's slot until it ends; never throws.</summary>
    private async Task SendAsync(LeasedDelivery delivery, PersonSharingState person, DeliveryOptions settings, CancellationToken stoppingToken)
    {
        // Let the worker go on leasing for the other recipients while this one sends.
        await Task.Yield();
        try
        {
            await DeliverAsync(delivery, person, settings, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the lease is given back with the others.
        }
        catch (Exception ex)
        {
            // The store failed while recording: the lease expires and the delivery is attempted again.
            GatewayLog.SendNotRecorded(logger, ex, delivery.Id, delivery.RecipientId);
        }
        finally
        {
            slots.Give(delivery.RecipientId);
            signal.Notify();
        }
    }

    private async Task DeliverAsync(LeasedDelivery delivery, PersonSharingState person, DeliveryOptions settings, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        if (delivery.Payload.Length == 0)
        {
            // Its payload went while it waited (the person's data were erased during a failed send, or retention
            // purged a dead letter before it was replayed): nothing is left to send, and nothing leaves.
            await store.CompleteAttemptAsync(delivery.Id, Owner, DeliveryLifecycle.Blocked(PayloadGone, started, time.GetUtcNow()), null, CancellationToken.None);
            metrics.DeliveryOutcome(delivery.Channel, delivery.RecipientId, nameof(DeliveryStatus.Blocked));
            GatewayLog.BlockedAtSend(logger, delivery.Id, delivery.RecipientId);
            return;
        }

        SendResult result;
        var recipient = directory.Find(delivery.RecipientId);
        // The recipient's current registration (category, care team), the person's consents as the round read
        // them and the policy in force must still give a legal basis, or nothing leaves. What leaves is
        // minimised again under the policy in force.
        var emergency = SharingDecisions.EmergencyOf(delivery.Sharing);
        var decision = delivery.PersonRef is null
            ? SharingDecision.Deny(SharingDenial.NoLegalBasis, "the person of this submission is not known to the sharing registry", decisions.Policy.Version)
            : decisions.Decide(delivery.RecipientId, delivery.StructureFiness, delivery.Kind, emergency, person, delivery.Payload);
        if (!decision.Permitted)
        {
            var now = time.GetUtcNow();
            var reason = $"no legal basis at send time: {decision.Reason}";
            var blocked = delivery.PersonRef is null ? null : decisions.Audit(decision, delivery.PersonRef, delivery.RecipientId, delivery.Id, delivery.Kind, delivery.DocumentId, delivery.DocumentVersion, reason);
            await store.CompleteAttemptAsync(delivery.Id, Owner, DeliveryLifecycle.Blocked(reason, started, now), blocked, CancellationToken.None);
            metrics.DeliveryOutcome(delivery.Channel, delivery.RecipientId, nameof(DeliveryStatus.Blocked));
            GatewayLog.BlockedAtSend(logger, delivery.Id, delivery.RecipientId);
            return;
        }

        delivery = delivery with { Payload = decision.Document!.Json };
        if (recipient is null || !_channels.TryGetValue(delivery.Channel, out var channel))
        {
            result = new SendResult.Permanent("recipient no longer configured");
        }
        else
        {
            try
            {
                result = await channel.SendAsync(delivery, delivery.RecipientId, recipient, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug or an unforeseen failure in one channel must not stall the other deliveries:
                // this one is retried (and dead-lettered if it keeps failing), the rest go on.
                GatewayLog.ChannelFailed(logger, ex, delivery.Id, delivery.RecipientId);
                result = new SendResult.Transient($"unexpected {ex.GetType().Name} in the {delivery.Channel} channel");
            }
        }

        var finished = time.GetUtcNow();
        var outcome = DeliveryLifecycle.Conclude(
            result, delivery.AttemptsSinceReplay, settings.Retries, started, finished, Random.Shared);
        if (result is SendResult.Refused refused)
        {
            // The person is known here: a delivery without one was denied before its channel was asked.
            var refusal = SharingDecision.Deny(refused.Denial, refused.Reason, decision.PolicyVersion);
            var audit = decisions.Audit(refusal, delivery.PersonRef!, delivery.RecipientId, delivery.Id, delivery.Kind, delivery.DocumentId, delivery.DocumentVersion);
            if (!await store.CompleteAttemptAsync(delivery.Id, Owner, outcome, audit, CancellationToken.None))
            {
                GatewayLog.LeaseLost(logger, delivery.Id);
                return;
            }

            metrics.DeliveryOutcome(delivery.Channel, delivery.RecipientId, nameof(DeliveryStatus.Blocked));
            GatewayLog.BlockedAtSend(logger, delivery.Id, delivery.RecipientId);
            return;
        }

        // A disclosure is audited in the same transaction that records it delivered.
        var disclosure = outcome.Status == DeliveryStatus.Delivered
            ? decisions.Audit(decision, delivery.PersonRef!, delivery.RecipientId, delivery.Id, delivery.Kind, delivery.DocumentId, delivery.DocumentVersion)
            : null;
        if (!await store.CompleteAttemptAsync(delivery.Id, Owner, outcome, disclosure, CancellationToken.None))
        {
            GatewayLog.LeaseLost(logger, delivery.Id);
            return;
        }

        metrics.SendDuration(delivery.Channel, finished - started);
        metrics.DeliveryOutcome(delivery.Channel, delivery.RecipientId, outcome.Status.ToString());
        if (outcome.Status == DeliveryStatus.Delivered)
        {
            metrics.Delivered(delivery.Channel, finished - delivery.CreatedAt);
            GatewayLog.Delivered(logger, delivery.Id, delivery.RecipientId, delivery.Attempts);
        }
        else
        {
            GatewayLog.DeliveryFailed(logger, delivery.Id, delivery.RecipientId, delivery.Attempts, outcome.Status.ToString(), outcome.Error ?? string.Empty);
        }
    }
}
