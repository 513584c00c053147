using Dapper;
using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

// What the operators' console reads: the queues per recipient, the intake per hour, one delivery in full.
public sealed partial class GatewayStore
{
    private static readonly DeliveryStatus[] NotDelivered = [.. DeliveryLifecycle.Unfinished, DeliveryStatus.Blocked];

    /// <summary>Each recipient's deliveries by state (all but Delivered, read by the status index), the oldest
    /// still waiting and the latest error of those failing.</summary>
    public async Task<IReadOnlyList<RecipientQueue>> RecipientQueuesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var counts = await connection.QueryAsync<(string Recipient, string Status, long Count, long? Oldest)>(
            new CommandDefinition(
                $"""
                SELECT recipient_id, status, COUNT(*),
                       MIN(CASE WHEN status IN {StatusSql.In(DeliveryLifecycle.Waiting)} THEN created_at END)
                FROM deliveries WHERE status IN {StatusSql.In(NotDelivered)}
                GROUP BY recipient_id, status
                """,
                cancellationToken: cancellationToken));
        var failing = await connection.QueryAsync<(string Recipient, string? Error, long At)>(new CommandDefinition(
            $"""
            SELECT recipient_id, last_error, updated_at FROM (
                SELECT recipient_id, last_error, updated_at,
                       ROW_NUMBER() OVER (PARTITION BY recipient_id ORDER BY updated_at DESC) AS latest
                FROM deliveries
                WHERE status IN {StatusSql.In([DeliveryStatus.RetryScheduled, DeliveryStatus.DeadLettered])}
                  AND last_error IS NOT NULL) AS errors
            WHERE latest = 1
            """,
            cancellationToken: cancellationToken));
        var errors = failing.ToDictionary(f => f.Recipient);
        return counts.GroupBy(c => c.Recipient, StringComparer.Ordinal)
            .Select(recipient =>
            {
                var oldest = recipient.Min(c => c.Oldest);
                var error = errors.GetValueOrDefault(recipient.Key);
                return new RecipientQueue(
                    recipient.Key,
                    recipient.ToDictionary(c => Enum.Parse<DeliveryStatus>(c.Status), c => c.Count),
                    oldest is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
                    error.Error,
                    error.Recipient is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(error.At));
            })
            .ToList();
    }

    /// <summary>Submissions accepted per hour since <paramref name="since"/> (hours with none are left out).</summary>
    public async Task<IReadOnlyList<HourlyCount>> SubmissionsPerHourAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        const long Hour = 3_600_000;
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Hour, long Count)>(new CommandDefinition(
            $"""
            SELECT received_at / {Hour} AS hour, COUNT(*) FROM submissions
            WHERE received_at >= @since GROUP BY received_at / {Hour} ORDER BY hour
            """,
            new { since = since.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return rows.Select(r => new HourlyCount(DateTimeOffset.FromUnixTimeMilliseconds(r.Hour * Hour), r.Count)).ToList();
    }

    /// <summary>One delivery, its submission and its attempts in order; null when there is none by that id.</summary>
    public async Task<DeliveryDetail?> DeliveryDetailAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DetailRow>(new CommandDefinition(
            """
            SELECT d.id AS Id, d.submission_id AS SubmissionId, d.recipient_id AS RecipientId, d.channel AS Channel,
                   d.status AS Status, d.attempts AS Attempts, d.last_error AS LastError,
                   d.decision_reason AS DecisionReason, d.receipt AS Receipt, d.updated_at AS UpdatedAt,
                   d.created_at AS CreatedAt, d.delivered_at AS DeliveredAt, d.legal_basis AS LegalBasis,
                   s.kind AS Kind, s.document_version AS DocumentVersion, s.structure_finess AS StructureFiness,
                   s.client_id AS ClientId, s.received_at AS ReceivedAt,
                   (SELECT COUNT(*) FROM delivery_payloads p WHERE p.delivery_id = d.id) AS Payloads
            FROM deliveries d JOIN submissions s ON s.id = d.submission_id
            WHERE d.id = @id
            """,
            new { id = deliveryId.ToString() },
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var attempts = await connection.QueryAsync<(long Attempt, long Started, long Finished, string Outcome, string? Detail, string Worker)>(
            new CommandDefinition(
                """
                SELECT attempt, started_at, finished_at, outcome, detail, worker FROM delivery_attempts
                WHERE delivery_id = @id ORDER BY attempt
                """,
                new { id = deliveryId.ToString() },
                cancellationToken: cancellationToken));
        var view = new OperatorDeliveryView(
            deliveryId, Guid.Parse(row.SubmissionId), row.RecipientId, row.Channel, Enum.Parse<DeliveryStatus>(row.Status),
            row.Attempts, row.LastError, row.DecisionReason, row.Receipt, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt))
        {
            Kind = row.Kind,
        };
        return new DeliveryDetail(
            view,
            row.Kind,
            row.DocumentVersion,
            row.StructureFiness,
            row.ClientId,
            DateTimeOffset.FromUnixTimeMilliseconds(row.ReceivedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            row.DeliveredAt is { } delivered ? DateTimeOffset.FromUnixTimeMilliseconds(delivered) : null,
            row.LegalBasis,
            row.Payloads > 0,
            attempts.Select(a => new AttemptView(
                (int)a.Attempt,
                DateTimeOffset.FromUnixTimeMilliseconds(a.Started),
                DateTimeOffset.FromUnixTimeMilliseconds(a.Finished),
                a.Outcome,
                a.Detail,
                a.Worker)).ToList());
    }

    /// <summary>What an erasure of the person would remove and what it would keep: the submissions whose payloads
    /// are still held, the deliveries still queued (they would be blocked), those in flight (they finish) and the
    /// audit events (kept).</summary>
    public async Task<PersonHoldings> PersonHoldingsAsync(string personRef, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var held = await connection.QuerySingleAsync<(long Submissions, long Queued, long InFlight, long Audit)>(new CommandDefinition(
            $"""
            SELECT (SELECT COUNT(*) FROM submissions WHERE person_ref = @personRef AND payload_purged_at IS NULL),
                   (SELECT COUNT(*) {_dialect.PersonDeliveries("@personRef")} AND {StillQueued}),
                   (SELECT COUNT(*) {_dialect.PersonDeliveries("@personRef")} AND d.status = {StatusSql.Of(DeliveryStatus.InFlight)}),
                   (SELECT COUNT(*) FROM audit_events WHERE person_ref = @personRef)
            """,
            new { personRef },
            cancellationToken: cancellationToken));
        return new PersonHoldings(held.Submissions, held.Queued, held.InFlight, held.Audit);
    }

    /// <summary>What a replay of the recipient's dead letters (since a time) would do, before the operator
    /// confirms it: how many would go back, and how many stay because their payload is gone.</summary>
    public async Task<DeadLetterReplay> CountReplayableAsync(string recipientId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var parameters = new BoundValues();
        var condition = RecipientSince(recipientId, since, parameters);
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<(long All, long Kept)>(new CommandDefinition(
            $"""
            SELECT COUNT(*),
                   COUNT(CASE WHEN EXISTS (SELECT 1 FROM delivery_payloads p WHERE p.delivery_id = deliveries.id) THEN 1 END)
            FROM deliveries
            WHERE status = {StatusSql.Of(DeliveryLifecycle.Replayable)} AND {condition}
            """,
            parameters,
            cancellationToken: cancellationToken));
        return new DeadLetterReplay((int)counts.Kept, (int)(counts.All - counts.Kept));
    }

    private sealed class DetailRow
    {
        public string SubmissionId { get; init; } = string.Empty;

        public string RecipientId { get; init; } = string.Empty;

        public string Channel { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public int Attempts { get; init; }

        public string? LastError { get; init; }

        public string? DecisionReason { get; init; }

        public string? Receipt { get; init; }

        public long UpdatedAt { get; init; }

        public long CreatedAt { get; init; }

        public long? DeliveredAt { get; init; }

        public string? LegalBasis { get; init; }

        public string Kind { get; init; } = string.Empty;

        public int DocumentVersion { get; init; }

        public string StructureFiness { get; init; } = string.Empty;

        public string ClientId { get; init; } = string.Empty;

        public long ReceivedAt { get; init; }

        public long Payloads { get; init; }
    }
}
