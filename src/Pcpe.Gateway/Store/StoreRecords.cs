namespace Pcpe.Gateway.Store;

/// <summary>A submission to store: what came in, already validated and mapped. <c>Sharing</c> is the
/// person's sharing preferences as JSON, kept to decide the legal basis again at send time.</summary>
public sealed record NewSubmission(
    Guid Id,
    string ClientId,
    string Kind,
    string DocumentId,
    int DocumentVersion,
    string? IdempotencyKey,
    string ContentSha256,
    string StructureFiness,
    DateTimeOffset ReceivedAt,
    byte[] Document,
    string? Sharing = null);

/// <summary>A delivery to create with its submission, with the routing decision already taken.</summary>
public sealed record NewDelivery(
    Guid Id,
    string RecipientId,
    string Channel,
    DeliveryStatus Status,
    string? LegalBasis,
    string? DecisionReason,
    byte[]? Payload)
{
    /// <summary>Where to send when not the recipient's configured address (a transition's destination).</summary>
    public string? Address { get; init; }
}

/// <summary>What storing a submission did.</summary>
public enum InsertResult
{
    /// <summary>Stored now, with its deliveries.</summary>
    Created,
    /// <summary>The same document (same caller, id, version, content) was stored before: nothing new.</summary>
    Duplicate,
    /// <summary>Same caller, id and version but different content: refused.</summary>
    Conflict,
}

/// <summary>The outcome of storing a submission and the tracking id that stands for it.</summary>
public sealed record InsertOutcome(InsertResult Result, Guid SubmissionId);

/// <summary>A delivery leased by a worker, with what it must send.</summary>
/// <param name="Id">The delivery.</param>
/// <param name="SubmissionId">The submission it delivers.</param>
/// <param name="RecipientId">The configured recipient.</param>
/// <param name="Channel">FhirRest or MsSante.</param>
/// <param name="Attempts">Number of this attempt over the delivery's life (the history's key).</param>
/// <param name="AttemptsSinceReplay">Attempts counted against the retry budget (since the last replay).</param>
/// <param name="CreatedAt">When the delivery was committed with its submission (start of the end-to-end latency).</param>
/// <param name="Payload">The document decided for this recipient at routing.</param>
/// <param name="StructureFiness">The structure that owns the document.</param>
/// <param name="Sharing">The person's sharing preferences (JSON) recorded with the submission.</param>
public sealed record LeasedDelivery(Guid Id, Guid SubmissionId, string RecipientId, string Channel, int Attempts, int AttemptsSinceReplay, DateTimeOffset CreatedAt, byte[] Payload, string StructureFiness, string? Sharing)
{
    /// <summary>Where to send when not the recipient's configured address (a transition's destination).</summary>
    public string? Address { get; init; }
}

/// <summary>A submission as operators and callers see it.</summary>
public sealed record SubmissionView(
    Guid Id,
    string ClientId,
    string Kind,
    string DocumentId,
    int DocumentVersion,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<DeliveryView> Deliveries);

/// <summary>One delivery as operators and callers see it (no payload). <c>Receipt</c> is what the receiver
/// reported afterwards by mail (DSN/MDN), when it did.</summary>
public sealed record DeliveryView(
    Guid Id,
    string RecipientId,
    string Channel,
    DeliveryStatus Status,
    string? LegalBasis,
    string? DecisionReason,
    int Attempts,
    string? LastError,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? Receipt);

/// <summary>A delivery as an operator lists it (dead letters, blocked), without payload.</summary>
public sealed record OperatorDeliveryView(
    Guid Id,
    Guid SubmissionId,
    string RecipientId,
    string Channel,
    DeliveryStatus Status,
    int Attempts,
    string? LastError,
    string? DecisionReason,
    string? Receipt,
    DateTimeOffset UpdatedAt);
