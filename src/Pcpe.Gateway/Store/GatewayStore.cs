using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

/// <summary>
/// The durable store of submissions, deliveries and attempts (SQLite or PostgreSQL, same schema).
/// Every method is one transaction: a submission and its deliveries are committed together or not at all.
/// </summary>
public sealed partial class GatewayStore : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly StoreDialect _dialect;
    private readonly PayloadProtector _protector;
    private volatile bool _personKeyLoaded;

    // SQLite has one writer: every write goes through one group commit. PostgreSQL writes concurrently,
    // except the attempts' completions: each appends to the audit chain, whose lock is held to commit,
    // so they are committed in groups too.
    private readonly GroupCommit _groupCommit;

    // The audit chain's head as each open transaction left it (see AppendAuditAsync), forgotten when it ends:
    // Npgsql reuses its transaction objects.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, string> _auditHeads = [];

    internal GatewayStore(StoreDialect dialect, PayloadProtector protector)
    {
        _dialect = dialect;
        _protector = protector;
        _groupCommit = new GroupCommit(dialect.OpenAsync, transaction => _auditHeads.Remove(transaction), dialect.IsConflict, MaxBatch);
    }

    public static GatewayStore Create(StoreOptions options, string contentRoot, PayloadProtector protector) => new(StoreDialect.Create(options, contentRoot), protector);

    /// <summary>The keyed hash the store files a person under (<see cref="PayloadProtector.PersonRef"/>): callers name
    /// persons by it, and the key stays in the store.</summary>
    public string PersonRefOf(string personKey)
    {
        RequirePersonKey();
        return _protector.PersonRef(personKey);
    }

    // Before the migration loaded the store's key, a hash would be one no stored person is filed under.
    private void RequirePersonKey()
    {
        if (!_personKeyLoaded)
        {
            throw new InvalidOperationException("The store's person-reference key is loaded by MigrateAsync, which has not run.");
        }
    }

    /// <summary>Opens what the store handed out sealed (a registry consent's resource or terms). Handed out sealed so
    /// that a caller that already holds the parsed content never decrypts it.</summary>
    public byte[] Unseal(byte[] sealedBytes) => _protector.Unprotect(sealedBytes);

    /// <summary>Applies the embedded migrations not yet applied. Safe when several instances start at once.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(null, cancellationToken);

    /// <summary>Applies the migrations up to and including <paramref name="upTo"/> (all when null): tests
    /// build a store as an earlier release left it, then upgrade it.</summary>
    internal async Task MigrateAsync(string? upTo, CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            await _dialect.LockForMigrationAsync(connection, transaction, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                transaction: transaction, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
            foreach (var (version, sql) in Migrations.For(_dialect.MigrationsFolder).TakeWhile(m => upTo is null || string.CompareOrdinal(m.Version, upTo) <= 0))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                    new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
            }

            if (upTo is null)
            {
                _protector.UsePseudonymKey(await PersonReferenceKeyAsync(connection, transaction, cancellationToken));
                _personKeyLoaded = true;
            }

            return 0;
        }, cancellationToken);
    }

    // The store's person-reference key, created with the store (or, for a store that already files persons,
    // the key it filed them under) and re-sealed with the current payload key, so the older can be retired.
    private async Task<byte[]> PersonReferenceKeyAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        const string Name = "person-reference";
        var stored = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT sealed FROM store_keys WHERE name = @Name", new { Name }, transaction, cancellationToken: cancellationToken));
        if (stored is not null)
        {
            var kept = _protector.Unprotect(stored);
            if (!_protector.IsSealedWithCurrentKey(stored))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE store_keys SET sealed = @Sealed WHERE name = @Name", new { Sealed = _protector.ProtectSmall(kept), Name }, transaction, cancellationToken: cancellationToken));
            }

            return kept;
        }

        var filesPersons = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM submissions) OR EXISTS (SELECT 1 FROM consents)
                OR EXISTS (SELECT 1 FROM audit_events) THEN 1 ELSE 0 END
            """, transaction: transaction, cancellationToken: cancellationToken)) == 1;
        // Persons were filed under the payload key current when the latest of them was: the one that sealed the
        // newest consent (or, without consents, the newest document), even when the key was rotated at this upgrade.
        var latestSealed = filesPersons
            ? await connection.QueryFirstOrDefaultAsync<byte[]>(new CommandDefinition(
                "SELECT resource FROM consents ORDER BY recorded_at DESC LIMIT 1", transaction: transaction, cancellationToken: cancellationToken))
              ?? await connection.QueryFirstOrDefaultAsync<byte[]>(new CommandDefinition(
                "SELECT d.document FROM submission_documents d JOIN submissions s ON s.id = d.submission_id ORDER BY s.received_at DESC LIMIT 1",
                transaction: transaction, cancellationToken: cancellationToken))
            : null;
        var key = filesPersons ? _protector.DerivedPseudonymKeyOf(latestSealed) : RandomNumberGenerator.GetBytes(32);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO store_keys (name, sealed) VALUES (@Name, @Sealed)", new { Name, Sealed = _protector.ProtectSmall(key) }, transaction, cancellationToken: cancellationToken));
        return key;
    }

    /// <summary>Leases up to <paramref name="max"/> due deliveries (pending, retry due, or whose lease
    /// expired because a worker died) for <paramref name="lease"/>: of a recipient in <paramref name="freeSlots"/>
    /// at most as many as it says (none when 0: its sends are all taken), so that a backlog or a hanging endpoint
    /// never fills a round on its own. Deliveries of recipients not in <paramref name="freeSlots"/> (no longer
    /// configured) are taken only when <paramref name="othersToo"/>, at most <paramref name="perRecipient"/> each:
    /// finding them reads the whole due backlog, so the worker asks for them only now and then.</summary>
    public Task<IReadOnlyList<LeasedDelivery>> LeaseDueAsync(
        string owner, int max, int perRecipient, IReadOnlyDictionary<string, int> freeSlots, bool othersToo, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync<IReadOnlyList<LeasedDelivery>>(async (connection, transaction) =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var parameters = new BoundValues { { "owner", owner }, { "until", nowMs + (long)lease.TotalMilliseconds }, { "now", nowMs }, { "max", max }, { "perRecipient", perRecipient } };
            // Each recipient with room and its free slots, bound once for its scans and for the ranking's cap.
            var withRoom = freeSlots.Where(r => r.Value > 0).Select((r, i) =>
            {
                parameters.Add($"recipient{i}", r.Key);
                parameters.Add($"free{i}", r.Value);
                return (Recipient: $"@recipient{i}", Free: $"@free{i}");
            }).ToList();
            // The most of each recipient a round takes: its free slots, else (one no longer configured) the default.
            var cap = withRoom.Count == 0
                ? "@perRecipient"
                : $"CASE recipient_id {string.Join(" ", withRoom.Select(r => $"WHEN {r.Recipient} THEN {r.Free}"))} ELSE @perRecipient END";

            // Candidates are taken (and on PostgreSQL locked, skipping what other instances hold) in due order,
            // then ranked per recipient. Each recipient with room is read on its own, by index, up to its free
            // slots: one with thousands waiting (a hanging partner) costs the others' rounds nothing, and its
            // older backlog cannot take the places of theirs.
            string Due(string alias, string condition, string limit) => $"""
                SELECT * FROM (
                    SELECT id, recipient_id, next_attempt_at FROM deliveries
                    WHERE {condition}
                    ORDER BY next_attempt_at
                    LIMIT {limit}
                    {_dialect.LockClause}) AS {alias}
                """;
            var candidates = withRoom.SelectMany((r, i) => new[]
            {
                Due($"pending{i}", $"status = {StatusSql.Of(DeliveryStatus.Pending)} AND recipient_id = {r.Recipient} AND next_attempt_at <= @now", r.Free),
                Due($"retry{i}", $"status = {StatusSql.Of(DeliveryStatus.RetryScheduled)} AND recipient_id = {r.Recipient} AND next_attempt_at <= @now", r.Free),
            }).ToList();

            // In flight: as many rows as sends are running, whatever the backlog. Of the recipients with room, or
            // of any but the full ones when those no longer configured are looked for too.
            var abandonedOf = othersToo
                ? ListCondition("recipient_id", "NOT IN", "full", freeSlots.Where(r => r.Value == 0).Select(r => r.Key).ToList(), parameters)
                : withRoom.Count == 0 ? "1 = 0" : $"recipient_id IN ({string.Join(", ", withRoom.Select(r => r.Recipient))})";
            candidates.Add(Due("abandoned", $"status = {StatusSql.Of(DeliveryStatus.InFlight)} AND lease_until < @now AND {abandonedOf}", "@max"));
            if (othersToo)
            {
                var configured = ListCondition("recipient_id", "NOT IN", "configured", freeSlots.Keys.ToList(), parameters);
                candidates.Add(Due("others", $"status IN {StatusSql.In(DeliveryLifecycle.Waiting)} AND next_attempt_at <= @now AND {configured}", "@max"));
            }

            var rows = await connection.QueryAsync<LeaseRow>(new CommandDefinition(
                $"""
                UPDATE deliveries SET status = {StatusSql.Of(DeliveryStatus.InFlight)}, lease_owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now
                WHERE id IN (
                    SELECT id FROM (
                        SELECT id, recipient_id, next_attempt_at, ROW_NUMBER() OVER (PARTITION BY recipient_id ORDER BY next_attempt_at) AS recipient_rank
                        FROM (
                            {string.Join("\nUNION ALL\n", candidates)}) AS candidates) AS ranked
                    WHERE recipient_rank <= {cap}
                    ORDER BY next_attempt_at
                    LIMIT @max)
                RETURNING id AS Id, submission_id AS SubmissionId, recipient_id AS RecipientId, channel AS Channel, attempts AS Attempts,
                          attempts - attempts_before_replay AS AttemptsSinceReplay, created_at AS CreatedAt, address AS Address
                """,
                parameters, transaction, cancellationToken: cancellationToken));
            var leased = rows.ToList();
            if (leased.Count == 0)
            {
                return [];
            }

            var deliveries = new BoundValues();
            var payloads = (await connection.QueryAsync<(string DeliveryId, byte[] Payload)>(new CommandDefinition(
                $"SELECT delivery_id, payload FROM delivery_payloads WHERE {ListCondition("delivery_id", "IN", "delivery", leased.Select(r => r.Id).ToList(), deliveries)}",
                deliveries, transaction, cancellationToken: cancellationToken)))
                .ToDictionary(p => p.DeliveryId, p => p.Payload, StringComparer.Ordinal);

            // What the legal basis is decided from, read in the same transaction as the lease.
            var submissions = new BoundValues();
            var contexts = (await connection.QueryAsync<SharingRow>(new CommandDefinition(
                $"""
                SELECT id AS Id, structure_finess AS StructureFiness, sharing AS Sharing, person_ref AS PersonRef,
                       kind AS Kind, document_id AS DocumentId, document_version AS DocumentVersion FROM submissions
                WHERE {ListCondition("id", "IN", "submission", leased.Select(r => r.SubmissionId).Distinct(StringComparer.Ordinal).ToList(), submissions)}
                """,
                submissions, transaction, cancellationToken: cancellationToken)))
                .ToDictionary(c => c.Id, StringComparer.Ordinal);
            return leased.Select(r =>
            {
                var context = contexts[r.SubmissionId];
                return new LeasedDelivery(
                    Guid.Parse(r.Id), Guid.Parse(r.SubmissionId), r.RecipientId, r.Channel, r.Attempts, r.AttemptsSinceReplay,
                    DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), payloads.TryGetValue(r.Id, out var payload) ? _protector.Unprotect(payload) : [],
                    context.StructureFiness, context.Sharing)
                {
                    Address = r.Address,
                    PersonRef = context.PersonRef,
                    Kind = context.Kind,
                    DocumentId = context.DocumentId,
                    DocumentVersion = context.DocumentVersion,
                };
            }).ToList();
        }, cancellationToken);

    /// <summary>Records the outcome of an attempt by the lease holder. A lost lease (another worker took
    /// over) records nothing and returns false.</summary>
    public Task<bool> CompleteAttemptAsync(Guid deliveryId, string owner, AttemptOutcome outcome, CancellationToken cancellationToken)
        => CompleteAttemptAsync(deliveryId, owner, outcome, null, cancellationToken);

    /// <summary>Records the outcome of an attempt and, in the same transaction, its audit event (a
    /// disclosure or a blocked attempt): a delivery is never marked delivered without its audit.</summary>
    public Task<bool> CompleteAttemptAsync(Guid deliveryId, string owner, AttemptOutcome outcome, AuditRecord? audit, CancellationToken cancellationToken)
        => _groupCommit.RunAsync(
            (connection, transaction) => _dialect.BatchesStatements
                ? CompleteInOneStatementAsync(connection, transaction, deliveryId, owner, outcome, audit, cancellationToken)
                : CompleteInStepsAsync(connection, transaction, deliveryId, owner, outcome, audit, cancellationToken),
            cancellationToken);

    private const string CompleteDelivery = $$"""
        UPDATE deliveries SET status = {0}, lease_owner = NULL, lease_until = NULL, last_error = {1},
            decision_reason = CASE WHEN {0} = '{{nameof(DeliveryStatus.Blocked)}}' THEN {1} ELSE decision_reason END,
            next_attempt_at = COALESCE({2}, next_attempt_at), delivered_at = {3}, updated_at = {4}
        WHERE id = {5} AND lease_owner = {6} AND status = '{{nameof(DeliveryStatus.InFlight)}}'
        RETURNING attempts
        """;

    private const string AttemptColumns = "delivery_id, attempt, started_at, finished_at, outcome, detail, worker";

    // In process (SQLite): the update, then the attempt and the audit event once the update found the lease.
    private async Task<bool> CompleteInStepsAsync(
        DbConnection connection, DbTransaction transaction, Guid deliveryId, string owner, AttemptOutcome outcome, AuditRecord? audit, CancellationToken cancellationToken)
    {
        var update = new StatementBatch();
        update.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, CompleteDelivery, CompletionValues(update, deliveryId, owner, outcome)));
        var attempt = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(update.Text, update.Parameters, transaction, cancellationToken: cancellationToken));
        if (attempt is not { } number)
        {
            return false;
        }

        var rows = new StatementBatch();
        rows.AddInsert("delivery_attempts", AttemptColumns, [AttemptValues(deliveryId, number, owner, outcome)]);
        await AppendAuditAsync(connection, transaction, audit is null ? [] : [audit], rows, cancellationToken);
        return true;
    }

    // Across the network (PostgreSQL): one statement updates the delivery and, only when the update found the
    // lease, records the attempt and appends the audit event. A completion is one round trip (two for the
    // first audit of its transaction, which reads the chain's head) instead of two or three.
    private async Task<bool> CompleteInOneStatementAsync(
        DbConnection connection, DbTransaction transaction, Guid deliveryId, string owner, AttemptOutcome outcome, AuditRecord? audit, CancellationToken cancellationToken)
    {
        var previous = audit is null ? null : await AuditHeadAsync(connection, transaction, cancellationToken);
        var statement = new StatementBatch();
        var update = string.Format(System.Globalization.CultureInfo.InvariantCulture, CompleteDelivery, CompletionValues(statement, deliveryId, owner, outcome));
        // The attempt's number is the one the update returns (AttemptValues' second column).
        var attempt = AttemptValues(deliveryId, 0, owner, outcome);
        var attemptList = $"{statement.BindSelectList(attempt[..1])}, attempts, {statement.BindSelectList(attempt[2..])}";
        string? head = null;
        var audited = string.Empty;
        if (audit is not null)
        {
            var (values, hash) = ChainedAuditValues(audit, previous!);
            head = hash;
            audited = $", audited AS (INSERT INTO audit_events ({AuditColumns}) SELECT {statement.BindSelectList(values)} WHERE EXISTS (SELECT 1 FROM updated))";
        }

        statement.Add($"""
            WITH updated AS ({update}),
                 attempted AS (INSERT INTO delivery_attempts ({AttemptColumns}) SELECT {attemptList} FROM updated RETURNING attempt){audited}
            SELECT attempt FROM attempted
            """);
        if (await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(statement.Text, statement.Parameters, transaction, cancellationToken: cancellationToken)) is null)
        {
            return false;
        }

        if (head is not null)
        {
            _auditHeads.AddOrUpdate(transaction, head);
        }

        return true;
    }

    // The placeholders of CompleteDelivery, in its order, bound in batch.
    private static object[] CompletionValues(StatementBatch batch, Guid deliveryId, string owner, AttemptOutcome outcome)
        =>
        [
            batch.Bind(outcome.Status.ToString()),
            batch.Bind(outcome.Error),
            batch.Bind(outcome.NextAttemptAt?.ToUnixTimeMilliseconds(), System.Data.DbType.Int64),
            batch.Bind(outcome.Status == DeliveryStatus.Delivered ? outcome.FinishedAt.ToUnixTimeMilliseconds() : null, System.Data.DbType.Int64),
            batch.Bind(outcome.FinishedAt.ToUnixTimeMilliseconds(), System.Data.DbType.Int64),
            batch.Bind(deliveryId.ToString()),
            batch.Bind(owner),
        ];

    private static object?[] AttemptValues(Guid deliveryId, int attempt, string owner, AttemptOutcome outcome)
        => [deliveryId.ToString(), attempt, outcome.StartedAt.ToUnixTimeMilliseconds(), outcome.FinishedAt.ToUnixTimeMilliseconds(), outcome.Status.ToString(), outcome.Error, owner];

    // An unused lease is handed back as it was: due, and the attempt the lease counted is not one.
    private const string ReturnLease = $$"""
        UPDATE deliveries
        SET status = CASE WHEN attempts > 1
                THEN '{{nameof(DeliveryStatus.RetryScheduled)}}' ELSE '{{nameof(DeliveryStatus.Pending)}}' END,
            attempts = attempts - 1, lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = @owner AND status = '{{nameof(DeliveryStatus.InFlight)}}'
        """;

    /// <summary>Gives back leases taken but not used (their recipient had no free send): due again at
    /// once for anyone, without counting an attempt.</summary>
    public Task<int> ReturnLeasesAsync(string owner, IReadOnlyCollection<Guid> deliveryIds, CancellationToken cancellationToken)
    {
        var parameters = new BoundValues { { "owner", owner } };
        var ids = ListCondition("id", "IN", "delivery", deliveryIds.Select(d => d.ToString()).ToList(), parameters);
        return WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            $"{ReturnLease} AND {ids}", parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// "column IN (@p0, @p1, …)" with one parameter per value, the same on both stores (Dapper would pass
    /// a list as one array parameter to Npgsql, which SQLite has no equivalent for). Empty: IN is false,
    /// NOT IN true.
    /// </summary>
    private static string ListCondition(string column, string operation, string prefix, IReadOnlyCollection<string> values, BoundValues parameters)
    {
        if (values.Count == 0)
        {
            return operation == "IN" ? "1 = 0" : "1 = 1";
        }

        var names = values.Select((value, i) =>
        {
            parameters.Add($"{prefix}{i}", value);
            return $"@{prefix}{i}";
        });
        return $"{column} {operation} ({string.Join(", ", names)})";
    }

    /// <summary>Gives back the leases of a stopping worker so others pick the work up at once.</summary>
    public Task<int> ReleaseLeasesAsync(string owner, CancellationToken cancellationToken)
        => WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            ReturnLease, new { owner }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    public async Task<SubmissionView?> GetSubmissionAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var submission = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(new CommandDefinition(
            """
            SELECT id AS Id, client_id AS ClientId, kind AS Kind, document_id AS DocumentId, document_version AS DocumentVersion, received_at AS ReceivedAt
            FROM submissions WHERE id = @id
            """,
            new { id = id.ToString() }, cancellationToken: cancellationToken));
        if (submission is null)
        {
            return null;
        }

        var deliveries = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
            """
            SELECT id AS Id, recipient_id AS RecipientId, channel AS Channel, status AS Status, legal_basis AS LegalBasis,
                   decision_reason AS DecisionReason, attempts AS Attempts, last_error AS LastError,
                   next_attempt_at AS NextAttemptAt, delivered_at AS DeliveredAt, receipt AS Receipt
            FROM deliveries WHERE submission_id = @id ORDER BY recipient_id
            """,
            new { id = id.ToString() }, cancellationToken: cancellationToken));
        return new SubmissionView(
            Guid.Parse(submission.Id),
            submission.ClientId,
            submission.Kind,
            submission.DocumentId,
            submission.DocumentVersion,
            DateTimeOffset.FromUnixTimeMilliseconds(submission.ReceivedAt),
            deliveries.Select(d => new DeliveryView(
                Guid.Parse(d.Id),
                d.RecipientId,
                d.Channel,
                Enum.Parse<DeliveryStatus>(d.Status),
                d.LegalBasis,
                d.DecisionReason,
                d.Attempts,
                d.LastError,
                DateTimeOffset.FromUnixTimeMilliseconds(d.NextAttemptAt),
                d.DeliveredAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
                d.Receipt)).ToList());
    }

    /// <summary>Whom a delivery went to (null when there is no such delivery), to check who may report on it.</summary>
    public async Task<DeliveryAddressee?> AddresseeAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DeliveryAddressee>(new CommandDefinition(
            "SELECT recipient_id AS RecipientId, address AS Address FROM deliveries WHERE id = @id",
            new { id = deliveryId.ToString() }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Records a DSN/MDN about a delivery sent by mail. A failure report (bounce, error MDN) turns a
    /// delivered delivery into a dead letter with the reason, so operators see it; returns false when the
    /// delivery is unknown.
    /// </summary>
    public Task<bool> RecordReceiptAsync(Guid deliveryId, bool success, string receipt, DateTimeOffset at, CancellationToken cancellationToken)
        => WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE deliveries SET receipt = @receipt, updated_at = @now,
                status = CASE WHEN @success THEN status ELSE {StatusSql.Of(DeliveryStatus.DeadLettered)} END,
                last_error = CASE WHEN @success THEN last_error ELSE @receipt END
            WHERE id = @id
            """,
            new { id = deliveryId.ToString(), success, receipt, now = at.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken)) > 0, cancellationToken);

    /// <summary>The mapped document of the latest version of a plan, found by structure and DUI document id.</summary>
    public async Task<byte[]?> FindLatestPlanAsync(string structureFiness, string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var stored = await connection.QueryFirstOrDefaultAsync<byte[]>(new CommandDefinition(
            """
            SELECT d.document FROM submissions s JOIN submission_documents d ON d.submission_id = s.id
            WHERE s.kind = 'plan' AND s.structure_finess = @structureFiness AND s.document_id = @documentId
            ORDER BY s.document_version DESC LIMIT 1
            """,
            new { structureFiness, documentId }, cancellationToken: cancellationToken));
        return stored is null ? null : _protector.Unprotect(stored);
    }

    /// <summary>What the queue holds: deliveries still to be sent (pending, retry scheduled or in flight), and the
    /// dead letters waiting for an operator, by recipient.</summary>
    public async Task<QueueCounts> CountQueueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, string RecipientId, long Count)>(new CommandDefinition(
            $"""
            SELECT status, recipient_id, COUNT(*) FROM deliveries
            WHERE status IN {StatusSql.In(DeliveryLifecycle.Unfinished)} GROUP BY status, recipient_id
            """,
            cancellationToken: cancellationToken));
        var queued = 0L;
        var deadLetters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (status, recipient, count) in rows)
        {
            if (status == nameof(DeliveryStatus.DeadLettered))
            {
                deadLetters[recipient] = count;
            }
            else
            {
                queued += count;
            }
        }

        return new QueueCounts(queued, deadLetters);
    }

    /// <summary>Checks that the store answers (readiness).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
    }

    private Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => _dialect.SingleWriter ? _groupCommit.RunAsync(work, cancellationToken) : _groupCommit.RunAloneAsync(work, cancellationToken);

    // The store owns its protector: disposing it zeroes the keys.
    public async ValueTask DisposeAsync()
    {
        await _dialect.DisposeAsync();
        _groupCommit.Dispose();
        _protector.Dispose();
    }

    // Row shapes for Dapper: settable properties, so that SQLite's Int64 and PostgreSQL's Int32 both convert.
    private sealed class LeaseRow
    {
        public string Id { get; init; } = string.Empty;

        public string SubmissionId { get; init; } = string.Empty;

        public string RecipientId { get; init; } = string.Empty;

        public string Channel { get; init; } = string.Empty;

        public int Attempts { get; init; }

        public int AttemptsSinceReplay { get; init; }

        public long CreatedAt { get; init; }

        public string? Address { get; init; }
    }

    private sealed class SharingRow
    {
        public string Id { get; init; } = string.Empty;

        public string StructureFiness { get; init; } = string.Empty;

        public string? Sharing { get; init; }

        public string? PersonRef { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string DocumentId { get; init; } = string.Empty;

        public int DocumentVersion { get; init; }
    }

    private sealed class SubmissionRow
    {
        public string Id { get; init; } = string.Empty;

        public string ClientId { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public string DocumentId { get; init; } = string.Empty;

        public int DocumentVersion { get; init; }

        public long ReceivedAt { get; init; }
    }

    private sealed class DeliveryRow
    {
        public string Id { get; init; } = string.Empty;

        public string RecipientId { get; init; } = string.Empty;

        public string Channel { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public string? LegalBasis { get; init; }

        public string? DecisionReason { get; init; }

        public int Attempts { get; init; }

        public string? LastError { get; init; }

        public long NextAttemptAt { get; init; }

        public long? DeliveredAt { get; init; }

        public string? Receipt { get; init; }
    }
}
