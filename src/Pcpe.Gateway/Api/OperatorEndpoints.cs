using Hl7.Fhir.Model;
using Pcpe.Gateway.Api.Security;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Api;

/// <summary>What operators use: the dead-letter (and blocked) lists, page by page, and replaying dead letters, one or a recipient's all.</summary>
public static class OperatorEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/v1/deliveries").RequireAuthorization(CallerPolicies.Operator);
        ops.MapGet("/", ListAsync)
            .WithTags("Operations").WithSummary("Deliveries in a status (?status=DeadLettered by default; Blocked, RetryScheduled…), with attempts, last error and receipt")
            .WithDescription("Oldest change first, optionally of one recipient (?recipient=). A page holds ?limit= deliveries (100 by default, at most 1000); when more remain, the Link header (rel=\"next\") gives the next page's address, with its ?after= token.")
            .AnswersJson<IReadOnlyList<OperatorDeliveryAnswer>>(StatusCodes.Status200OK, "A page of deliveries; a Link header (rel=\"next\") when more remain.")
            .Answers(StatusCodes.Status400BadRequest, "An unknown status, or an ?after= token that is not one this list gave.");
        ops.MapPost("/{id:guid}/replay", ReplayAsync)
            .WithTags("Operations").WithSummary("A dead letter back in the queue with a fresh retry budget")
            .AnswersWithoutBody(StatusCodes.Status202Accepted, "Queued again; its legal basis is decided again before the send. Location: its submission.")
            .Answers(StatusCodes.Status409Conflict, "Not a dead letter (a blocked delivery has no legal basis to send), or its payload is gone (retention, erasure).");
        ops.MapPost("/replay", ReplayRecipientAsync)
            .WithTags("Operations").WithSummary("Every dead letter of a recipient back in the queue (?recipient=, and ?since= an ISO 8601 time to take only those dead-lettered from then)")
            .WithDescription("For after a partner's outage, once its cause is fixed. Each goes back with a fresh retry budget; the per-recipient send limits pace them, and their legal basis is decided again before each send.")
            .AnswersJson<DeadLetterReplayAnswer>(StatusCodes.Status200OK, "How many went back in the queue, and how many stay dead letters because their payload is gone (the DUI must push those again).")
            .Answers(StatusCodes.Status400BadRequest, "No recipient, a recipient the configuration does not name, or ?since= not an ISO 8601 time with its offset.");
    }

    private static async Task<IResult> ListAsync(
        HttpContext context, GatewayStore store, string? status, string? recipient, int? limit, string? after, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<DeliveryStatus>(status ?? nameof(DeliveryStatus.DeadLettered), ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted))
        {
            return FhirResults.Outcome(OperationOutcome.IssueType.Value, $"unknown status; one of {string.Join(", ", Enum.GetNames<DeliveryStatus>())}", StatusCodes.Status400BadRequest);
        }

        var from = after is null ? null : DeliveryListCursor.FromToken(after);
        if (after is not null && from is null)
        {
            return FhirResults.Outcome(OperationOutcome.IssueType.Value, "?after= is not a token of this list: take it from the Link header of the previous page", StatusCodes.Status400BadRequest);
        }

        var size = Math.Clamp(limit ?? 100, 1, 1000);
        var page = await store.ListDeliveriesAsync(new DeliveryListQuery(wanted, recipient, from, size), cancellationToken);
        if (page.Next is { } next)
        {
            var query = QueryString.Create(new Dictionary<string, string?> { ["status"] = wanted.ToString(), ["recipient"] = recipient, ["limit"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture), ["after"] = next.Token }.Where(p => p.Value is not null));
            context.Response.Headers.Link = $"<{context.Request.PathBase}{context.Request.Path}{query}>; rel=\"next\"";
        }

        return Results.Json(page.Deliveries.Select(OperatorDeliveryAnswer.From).ToList());
    }

    private static async Task<IResult> ReplayAsync(
        Guid id, HttpContext context, GatewayStore store, DeliverySignal signal, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await store.ReplayAsync(id, time.GetUtcNow(), cancellationToken) is not { } submissionId)
        {
            return FhirResults.Outcome(
                OperationOutcome.IssueType.Conflict,
                "only a dead letter whose payload is kept can be replayed (a blocked delivery has no legal basis to send; fix the sharing information and push again)",
                StatusCodes.Status409Conflict);
        }

        GatewayLog.DeliveryReplayed(loggers.CreateLogger(typeof(OperatorEndpoints)), id, context.User.Caller().ClientId);
        // The worker decides the legal basis again before sending, as for every attempt.
        signal.Notify();
        return Results.Accepted($"/api/v1/submissions/{submissionId}");
    }

    private static async Task<IResult> ReplayRecipientAsync(
        HttpContext context, GatewayStore store, RecipientDirectory directory, DeliverySignal signal, TimeProvider time, ILoggerFactory loggers,
        string? recipient, string? since, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(recipient) || directory.Find(recipient) is null)
        {
            return FhirResults.Outcome(OperationOutcome.IssueType.Value, $"?recipient= must name a configured recipient; one of {string.Join(", ", directory.All().Keys.Order(StringComparer.Ordinal))}", StatusCodes.Status400BadRequest);
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParseExact(since, IsoTimesWithOffset, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return FhirResults.Outcome(OperationOutcome.IssueType.Value, "?since= must be an ISO 8601 time with its offset, e.g. 2026-11-22T08:00:00Z", StatusCodes.Status400BadRequest);
            }

            from = parsed;
        }

        var replay = await store.ReplayDeadLettersAsync(recipient, from, time.GetUtcNow(), cancellationToken);
        GatewayLog.DeadLettersReplayed(loggers.CreateLogger(typeof(OperatorEndpoints)), replay.Replayed, replay.NotReplayable, recipient, context.User.Caller().ClientId);
        if (replay.Replayed > 0)
        {
            signal.Notify();
        }

        return Results.Json(DeadLetterReplayAnswer.From(replay));
    }

    // An offset is required: a time without one would be read in the server's zone, not the operator's.
    private static readonly string[] IsoTimesWithOffset = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
}
