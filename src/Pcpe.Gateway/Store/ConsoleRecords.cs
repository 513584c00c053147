using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

/// <summary>One recipient's deliveries by state, as the console's overview shows them.</summary>
/// <param name="RecipientId">The configured recipient (or one no longer configured).</param>
/// <param name="Counts">How many deliveries are in each state but Delivered.</param>
/// <param name="OldestWaitingSince">When the oldest delivery still waiting (pending or retrying) was queued.</param>
/// <param name="LastError">The latest error of a delivery retrying or dead-lettered, without personal data.</param>
/// <param name="LastErrorAt">When it was recorded.</param>
public sealed record RecipientQueue(
    string RecipientId,
    IReadOnlyDictionary<DeliveryStatus, long> Counts,
    DateTimeOffset? OldestWaitingSince,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    public long this[DeliveryStatus status] => Counts.GetValueOrDefault(status);
}

/// <summary>Submissions accepted in one hour (UTC).</summary>
public sealed record HourlyCount(DateTimeOffset Hour, long Count);

/// <summary>One delivery with its submission and every attempt, as the console's delivery page shows it.</summary>
public sealed record DeliveryDetail(
    OperatorDeliveryView Delivery,
    string Kind,
    int DocumentVersion,
    string StructureFiness,
    string ClientId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    string? LegalBasis,
    bool PayloadKept,
    IReadOnlyList<AttemptView> Attempts);

/// <summary>One send attempt: when, what came of it and which worker made it.</summary>
public sealed record AttemptView(int Number, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Outcome, string? Detail, string Worker);

/// <summary>What the store holds of one person: submissions with their payloads, deliveries queued or in flight,
/// and audit events.</summary>
public sealed record PersonHoldings(long Submissions, long Queued, long InFlight, long AuditEvents);
