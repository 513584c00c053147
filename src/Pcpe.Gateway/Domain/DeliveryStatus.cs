namespace Pcpe.Gateway.Domain;

/// <summary>Where one delivery (one document to one recipient) stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt.</summary>
    Pending,
    /// <summary>Leased by a worker that is sending it now.</summary>
    InFlight,
    /// <summary>The recipient accepted it.</summary>
    Delivered,
    /// <summary>A transient failure; the next attempt is scheduled.</summary>
    RetryScheduled,
    /// <summary>Permanent failure or retries exhausted; an operator may replay it.</summary>
    DeadLettered,
    /// <summary>No legal basis to send it; the reason is recorded.</summary>
    Blocked,
}
