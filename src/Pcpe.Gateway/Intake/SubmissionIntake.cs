using System.Security.Cryptography;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.Observability;
using Pcpe.Gateway.Routing;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Intake;

/// <summary>
/// Flow 1 (push): check and map what a DUI pushed, decide its deliveries, and commit both at once.
/// Only a committed submission is acknowledged.
/// </summary>
public sealed class SubmissionIntake(GatewayStore store, RoutePlanner planner, DeliverySignal signal, TimeProvider time, GatewayMetrics metrics, ILogger<SubmissionIntake> logger)
{
    public async Task<IntakeResult> SubmitAsync(PreparationResult prepared, CallerIdentity caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var result = await DecideAsync(prepared, caller, idempotencyKey, cancellationToken);
        metrics.Submission(prepared.Document?.Kind ?? "unreadable", result switch
        {
            IntakeResult.Accepted { AlreadyKnown: true } => "duplicate",
            IntakeResult.Accepted => "created",
            IntakeResult.Invalid => "invalid",
            IntakeResult.Forbidden => "forbidden",
            _ => "conflict",
        });
        return result;
    }

    private async Task<IntakeResult> DecideAsync(PreparationResult prepared, CallerIdentity caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!prepared.Succeeded)
        {
            return new IntakeResult.Invalid(prepared.Issues);
        }

        var document = prepared.Document!;
        if (!caller.MayPushFor(document.StructureFiness))
        {
            return new IntakeResult.Forbidden("this client may not push documents for that structure");
        }

        var canonical = FhirJson.SerializeToUtf8(document.Bundle);
        var deliveries = planner.Plan(document, canonical);
        var submission = new NewSubmission(
            Guid.CreateVersion7(),
            caller.ClientId,
            document.Kind,
            document.DocumentId,
            document.Version,
            idempotencyKey,
            Convert.ToHexStringLower(SHA256.HashData(canonical)),
            document.StructureFiness,
            time.GetUtcNow(),
            canonical,
            document.Sharing is null ? null : System.Text.Json.JsonSerializer.Serialize(document.Sharing, Pcpe.Fhir.Input.PcpeJson.Options));
        var outcome = await store.InsertSubmissionAsync(submission, deliveries, cancellationToken);
        switch (outcome.Result)
        {
            case InsertResult.Created:
                signal.Notify();
                foreach (var blocked in deliveries.Where(d => d.Status == DeliveryStatus.Blocked))
                {
                    metrics.DeliveryOutcome(blocked.Channel, blocked.RecipientId, nameof(DeliveryStatus.Blocked));
                }

                GatewayLog.SubmissionAccepted(logger, outcome.SubmissionId, document.Kind, deliveries.Count(d => d.Status == DeliveryStatus.Pending), deliveries.Count(d => d.Status == DeliveryStatus.Blocked));
                return new IntakeResult.Accepted(outcome.SubmissionId, false);
            case InsertResult.Duplicate:
                return new IntakeResult.Accepted(outcome.SubmissionId, true);
            default:
                return new IntakeResult.Conflict(outcome.SubmissionId);
        }
    }
}
