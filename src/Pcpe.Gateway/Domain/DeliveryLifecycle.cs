namespace Pcpe.Gateway.Domain;

/// <summary>
/// The states a delivery goes through and what moves it: Pending → InFlight (leased) → Delivered, RetryScheduled
/// (→ InFlight again), DeadLettered (→ Pending by a replay) or Blocked (no legal basis, final); a lease
/// handed back or lapsed returns to Pending, or RetryScheduled when it was not the first attempt. The store writes
/// these transitions with the states named here; nothing else decides them.
/// </summary>
public static class DeliveryLifecycle
{
    /// <summary>Waiting for an attempt: what a worker may lease when it is due, and what an erasure or a
    /// narrowed consent blocks before it leaves.</summary>
    public static readonly IReadOnlyList<DeliveryStatus> Waiting = [DeliveryStatus.Pending, DeliveryStatus.RetryScheduled];

    /// <summary>Not finished yet: waiting or being sent. A submission with one of these is still in progress.</summary>
    public static readonly IReadOnlyList<DeliveryStatus> Open =
        [DeliveryStatus.Pending, DeliveryStatus.RetryScheduled, DeliveryStatus.InFlight];

    /// <summary>What an operator watches: open, or dead-lettered and waiting for them.</summary>
    public static readonly IReadOnlyList<DeliveryStatus> Unfinished =
        [DeliveryStatus.Pending, DeliveryStatus.RetryScheduled, DeliveryStatus.InFlight, DeliveryStatus.DeadLettered];

    /// <summary>The one state an operator's replay takes back to Pending.</summary>
    public const DeliveryStatus Replayable = DeliveryStatus.DeadLettered;

    /// <summary>What one attempt's channel answer makes of the delivery. A transient failure is retried until
    /// <see cref="RetryPolicy.MaxAttempts"/> attempts since the last replay, then dead-lettered; a channel's
    /// refusal (a reason of sharing) blocks it.</summary>
    public static AttemptOutcome Conclude(
        SendResult result,
        int attemptsSinceReplay,
        RetryPolicy retries,
        DateTimeOffset started,
        DateTimeOffset finished,
        Random random) => result switch
    {
        SendResult.Delivered => new AttemptOutcome(DeliveryStatus.Delivered, null, null, started, finished),
        SendResult.Transient t when attemptsSinceReplay < retries.MaxAttempts => new AttemptOutcome(
            DeliveryStatus.RetryScheduled,
            t.Error,
            finished + RetrySchedule.Delay(attemptsSinceReplay, t.RetryAfter, retries, random),
            started,
            finished),
        SendResult.Transient t => new AttemptOutcome(
            DeliveryStatus.DeadLettered, $"retries exhausted; last: {t.Error}", null, started, finished),
        SendResult.Permanent p => new AttemptOutcome(DeliveryStatus.DeadLettered, p.Error, null, started, finished),
        SendResult.Refused r => Blocked(r.Reason, started, finished),
        _ => throw new InvalidOperationException("unknown send result"),
    };

    /// <summary>An attempt that found no legal basis (or nothing left to send): final, with its reason.</summary>
    public static AttemptOutcome Blocked(string reason, DateTimeOffset started, DateTimeOffset finished)
        => new(DeliveryStatus.Blocked, reason, null, started, finished);
}
