using Dapper;
using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

// What operators do with deliveries: list them by status, page by page, and put dead letters back in the queue.
public sealed partial class GatewayStore
{
    // A dead letter goes back in the queue due now, with a fresh retry budget and no receipt (the one it had was
    // about the earlier sending). One whose payload is gone (retention, erasure) cannot be sent again.
    private static readonly string ReplayDeadLetters = $"""
        UPDATE deliveries SET status = {StatusSql.Of(DeliveryStatus.Pending)}, attempts_before_replay = attempts, next_attempt_at = @now, updated_at = @now, receipt = NULL
        WHERE status = {StatusSql.Of(DeliveryLifecycle.Replayable)} AND EXISTS (SELECT 1 FROM delivery_payloads p WHERE p.delivery_id = deliveries.id)
        """;

    /// <summary>Deliveries in a status, oldest change first, optionally of one recipient, from after
    /// <see cref="DeliveryListQuery.After"/>; the page says where the next one starts when more remain.</summary>
    public async Task<DeliveryListPage> ListDeliveriesAsync(DeliveryListQuery query, CancellationToken cancellationToken)
    {
        var parameters = new BoundValues { { "status", query.Status.ToString() }, { "limit", query.Limit + 1 } };
        var conditions = new List<string> { "d.status = @status" };
        if (query.RecipientId is not null)
        {
            parameters.Add("recipient", query.RecipientId);
            conditions.Add("d.recipient_id = @recipient");
        }

        if (query.Kind is not null)
        {
            parameters.Add("kind", query.Kind);
            conditions.Add("s.kind = @kind");
        }

        if (query.Since is { } since)
        {
            parameters.Add("since", since.ToUnixTimeMilliseconds());
            conditions.Add("d.updated_at >= @since");
        }

        if (query.Until is { } until)
        {
            parameters.Add("until", until.ToUnixTimeMilliseconds());
            conditions.Add("d.updated_at < @until");
        }

        if (query.After is { } after)
        {
            parameters.Add("afterAt", after.UpdatedAt);
            parameters.Add("afterId", after.Id.ToString());
            conditions.Add("(d.updated_at > @afterAt OR (d.updated_at = @afterAt AND d.id > @afterId))");
        }

        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OperatorDeliveryRow>(new CommandDefinition(
            $"""
            SELECT d.id AS Id, d.submission_id AS SubmissionId, d.recipient_id AS RecipientId, d.channel AS Channel,
                   d.attempts AS Attempts, d.last_error AS LastError, d.decision_reason AS DecisionReason,
                   d.receipt AS Receipt, d.updated_at AS UpdatedAt, s.kind AS Kind
            FROM deliveries d JOIN submissions s ON s.id = d.submission_id
            WHERE {string.Join(" AND ", conditions)} ORDER BY d.updated_at, d.id LIMIT @limit
            """,
            parameters, cancellationToken: cancellationToken))).ToList();
        var page = rows.Take(query.Limit).Select(r => new OperatorDeliveryView(
            Guid.Parse(r.Id), Guid.Parse(r.SubmissionId), r.RecipientId, r.Channel, query.Status, r.Attempts,
            r.LastError, r.DecisionReason, r.Receipt, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt))
        {
            Kind = r.Kind,
        }).ToList();
        var next = rows.Count > query.Limit ? new DeliveryListCursor(rows[query.Limit - 1].UpdatedAt, page[^1].Id) : null;
        return new DeliveryListPage(page, next);
    }

    /// <summary>Puts a dead letter back in the queue; its submission's id, or null when it is not a dead letter or
    /// its payload is gone.</summary>
    public Task<Guid?> ReplayAsync(Guid deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (connection, transaction) => await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            $"{ReplayDeadLetters} AND id = @id RETURNING submission_id",
            new { id = deliveryId.ToString(), now = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken)) is { } submission
                ? Guid.Parse(submission)
                : (Guid?)null, cancellationToken);

    /// <summary>Puts every dead letter of a recipient back in the queue (those dead-lettered at or after
    /// <paramref name="since"/> when given), in one transaction; says how many went back, and how many stay
    /// because their payload is gone.</summary>
    public Task<DeadLetterReplay> ReplayDeadLettersAsync(string recipientId, DateTimeOffset? since, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (connection, transaction) =>
        {
            var parameters = new BoundValues { { "now", now.ToUnixTimeMilliseconds() } };
            var condition = RecipientSince(recipientId, since, parameters);

            var replayed = await connection.ExecuteAsync(new CommandDefinition(
                $"{ReplayDeadLetters} AND {condition}", parameters, transaction, cancellationToken: cancellationToken));
            var left = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM deliveries WHERE status = {StatusSql.Of(DeliveryLifecycle.Replayable)} AND {condition}", parameters, transaction, cancellationToken: cancellationToken));
            return new DeadLetterReplay(replayed, (int)left);
        }, cancellationToken);

    // Which of the recipient's dead letters a replay takes: those changed at or after since, when given.
    private static string RecipientSince(string recipientId, DateTimeOffset? since, BoundValues parameters)
    {
        parameters.Add("recipient", recipientId);
        if (since is not { } from)
        {
            return "recipient_id = @recipient";
        }

        parameters.Add("since", from.ToUnixTimeMilliseconds());
        return "recipient_id = @recipient AND updated_at >= @since";
    }

    private sealed class OperatorDeliveryRow
    {
        public string Id { get; init; } = string.Empty;

        public string SubmissionId { get; init; } = string.Empty;

        public string RecipientId { get; init; } = string.Empty;

        public string Channel { get; init; } = string.Empty;

        public int Attempts { get; init; }

        public string? LastError { get; init; }

        public string? DecisionReason { get; init; }

        public string? Receipt { get; init; }

        public long UpdatedAt { get; init; }

        public string Kind { get; init; } = string.Empty;
    }
}
