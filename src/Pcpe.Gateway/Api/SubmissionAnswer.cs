using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Api;

// The JSON of GET /api/v1/submissions/{id}: the API's contract, apart from how the store keeps it.

/// <summary>A submission and each of its deliveries, as its DUI and operators follow them.</summary>
public sealed record SubmissionAnswer(
    Guid Id,
    string ClientId,
    string Kind,
    string DocumentId,
    int DocumentVersion,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<DeliveryAnswer> Deliveries)
{
    public static SubmissionAnswer From(SubmissionView view) => new(
        view.Id, view.ClientId, view.Kind, view.DocumentId, view.DocumentVersion, view.ReceivedAt, [.. view.Deliveries.Select(DeliveryAnswer.From)]);
}

/// <summary>One delivery (no payload): its status, legal basis or the reason it was blocked, attempts, last error,
/// and <c>Receipt</c>, what the receiver reported afterwards by mail (DSN/MDN), when it did.</summary>
public sealed record DeliveryAnswer(
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
    string? Receipt)
{
    public static DeliveryAnswer From(DeliveryView view) => new(
        view.Id, view.RecipientId, view.Channel, view.Status, view.LegalBasis, view.DecisionReason, view.Attempts, view.LastError, view.NextAttemptAt, view.DeliveredAt, view.Receipt);
}
