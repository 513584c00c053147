namespace Pcpe.Gateway.Domain;

/// <summary>What one send attempt came to, recorded against the delivery.</summary>
/// <param name="Status">Delivered, RetryScheduled or DeadLettered.</param>
/// <param name="Error">Why it failed, without personal data (status codes, protocol replies).</param>
/// <param name="NextAttemptAt">When to try again, for RetryScheduled.</param>
/// <param name="StartedAt">When the attempt began.</param>
/// <param name="FinishedAt">When it ended.</param>
public sealed record AttemptOutcome(DeliveryStatus Status, string? Error, DateTimeOffset? NextAttemptAt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
