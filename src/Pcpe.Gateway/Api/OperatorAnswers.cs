using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Api;

// The JSON the operators' endpoints answer (OperatorEndpoints, the audit check): the API's contract, apart
// from how the store keeps it.

/// <summary>A delivery as an operator lists it (dead letters, blocked…), without payload.</summary>
public sealed record OperatorDeliveryAnswer(
    Guid Id,
    Guid SubmissionId,
    string RecipientId,
    string Channel,
    DeliveryStatus Status,
    int Attempts,
    string? LastError,
    string? DecisionReason,
    string? Receipt,
    DateTimeOffset UpdatedAt)
{
    public static OperatorDeliveryAnswer From(OperatorDeliveryView view) => new(
        view.Id, view.SubmissionId, view.RecipientId, view.Channel, view.Status, view.Attempts, view.LastError, view.DecisionReason, view.Receipt, view.UpdatedAt);
}

/// <summary>What a recipient's replay did: dead letters back in the queue, and those that stay (payload gone).</summary>
public sealed record DeadLetterReplayAnswer(int Replayed, int NotReplayable)
{
    public static DeadLetterReplayAnswer From(DeadLetterReplay replay) => new(replay.Replayed, replay.NotReplayable);
}

/// <summary>The audit chain recomputed: how many events, whether it is intact, and the first broken one.</summary>
public sealed record AuditVerificationAnswer(long Events, long? FirstBrokenSequence, bool Intact)
{
    public static AuditVerificationAnswer From(AuditVerification verification) => new(verification.Events, verification.FirstBrokenSequence, verification.Intact);
}
