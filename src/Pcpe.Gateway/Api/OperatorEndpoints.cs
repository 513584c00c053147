using Hl7.Fhir.Model;
using Pcpe.Fhir.Input;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Api;

/// <summary>What operators use: the dead-letter (and blocked) lists, and replaying a dead letter.</summary>
public static class OperatorEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/v1/deliveries");
        ops.MapGet("/", ListAsync)
            .WithTags("Operations").WithSummary("Deliveries in a status (?status=DeadLettered by default; Blocked, RetryScheduled…), with attempts, last error and receipt")
            .ForOperators()
            .AnswersJson<IReadOnlyList<OperatorDeliveryView>>(StatusCodes.Status200OK, "The deliveries, oldest change first (?limit=, 100 by default, at most 1000).")
            .Answers(StatusCodes.Status400BadRequest, "An unknown status.");
        ops.MapPost("/{id:guid}/replay", ReplayAsync)
            .WithTags("Operations").WithSummary("A dead letter back in the queue with a fresh retry budget")
            .ForOperators()
            .AnswersWithoutBody(StatusCodes.Status202Accepted, "Queued again; its legal basis is decided again before the send.")
            .Answers(StatusCodes.Status409Conflict, "Not a dead letter (a blocked delivery has no legal basis to send).");
    }

    private static async Task<IResult> ListAsync(HttpContext context, CallerResolver callers, GatewayStore store, string? status, int? limit, CancellationToken cancellationToken)
    {
        if (await Operator(context, callers) is { } refused)
        {
            return refused;
        }

        if (!Enum.TryParse<DeliveryStatus>(status ?? nameof(DeliveryStatus.DeadLettered), ignoreCase: true, out var wanted))
        {
            return FhirResults.Resource(OperationOutcomes.Single(OperationOutcome.IssueType.Value, $"unknown status; one of {string.Join(", ", Enum.GetNames<DeliveryStatus>())}"), StatusCodes.Status400BadRequest);
        }

        return Results.Json(await store.ListDeliveriesAsync(wanted, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
    }

    private static async Task<IResult> ReplayAsync(Guid id, HttpContext context, CallerResolver callers, GatewayStore store, DeliverySignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await Operator(context, callers) is { } refused)
        {
            return refused;
        }

        if (!await store.ReplayAsync(id, time.GetUtcNow(), cancellationToken))
        {
            return FhirResults.Resource(
                OperationOutcomes.Single(OperationOutcome.IssueType.Conflict, "only a dead letter can be replayed (a blocked delivery has no legal basis to send; fix the sharing information and push again)"),
                StatusCodes.Status409Conflict);
        }

        // The worker decides the legal basis again before sending, as for every attempt.
        signal.Notify();
        return Results.Accepted($"/api/v1/deliveries?status=Pending");
    }

    /// <summary>Null for an operator; the 401/403 answer otherwise.</summary>
    internal static async Task<IResult?> Operator(HttpContext context, CallerResolver callers)
        => await callers.ResolveAsync(context) switch
        {
            null => FhirResults.Resource(OperationOutcomes.Single(OperationOutcome.IssueType.Login, "authentication required"), StatusCodes.Status401Unauthorized),
            { IsOperator: false } => FhirResults.Resource(OperationOutcomes.Single(OperationOutcome.IssueType.Forbidden, "operators only"), StatusCodes.Status403Forbidden),
            _ => null,
        };
}
