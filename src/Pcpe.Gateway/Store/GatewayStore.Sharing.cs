using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

/// <summary>The consent registry, the care-team memberships, the audit trail and payload purges.</summary>
public sealed partial class GatewayStore
{
    /// <summary>Records one consent version received on its own (<c>POST /fhir/Consent</c>). Returns its version, or the current one when nothing changed.</summary>
    public Task<(int Version, bool Created)> RecordConsentAsync(ConsentToStore consent, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var sealedConsent = Seal(consent);
        return WriteAsync(async (connection, transaction) =>
        {
            var reads = new StatementBatch();
            // The person's lock too: a submission deciding from the registry's version waits for this write.
            var registry = AddRegistryReads(reads, [sealedConsent], lockedPerson: consent.PersonRef);
            Dictionary<(string PersonRef, string Identifier), (int Version, string Sha)?> latest;
            await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(reads.Text, reads.Parameters, transaction, cancellationToken: cancellationToken)))
            {
                latest = await ReadRegistryAsync(results, registry);
            }

            var rows = new StatementBatch();
            var created = AddConsentVersions(rows, [sealedConsent], latest, at.ToUnixTimeMilliseconds());
            if (created.Count == 0)
            {
                return (latest.Values.Single()!.Value.Version, false);
            }

            if (!consent.OnlyWidens)
            {
                AddRegistryWrite(rows, consent.PersonRef);
            }

            await rows.ExecuteAsync(connection, transaction, cancellationToken);
            return (created[0].Version, true);
        }, cancellationToken);
    }

    // Adds to reads, first, the locks of the registry keys a write touches, in one order for every writer
    // (a person's consents by identifier, then the person) so that concurrent writers never
    // deadlock, then each consent's latest version. ReadRegistryAsync reads them back.
    private RegistryReads AddRegistryReads(StatementBatch reads, IReadOnlyList<SealedConsent> consents, string? lockedPerson)
    {
        var keys = consents.Select(c => (c.Consent.PersonRef, c.Consent.Identifier)).Distinct().ToList();
        var locks = _dialect.LockKeysStatement(keys.Select(k => $"consent:{k.PersonRef}/{k.Identifier}")
            .Concat(lockedPerson is null ? [] : ["person:" + lockedPerson])
            .Select(reads.Bind)
            .ToList());
        if (locks is not null)
        {
            reads.Add(locks);
        }

        foreach (var (person, identifier) in keys)
        {
            reads.Add($"SELECT version, content_sha256 FROM consents WHERE person_ref = {reads.Bind(person)} AND identifier = {reads.Bind(identifier)} ORDER BY version DESC LIMIT 1");
        }

        return new RegistryReads(locks is not null, keys);
    }

    private static async Task<Dictionary<(string PersonRef, string Identifier), (int Version, string Sha)?>> ReadRegistryAsync(SqlMapper.GridReader results, RegistryReads registry)
    {
        if (registry.Locked)
        {
            await results.ReadAsync<long>();
        }

        var latest = new Dictionary<(string PersonRef, string Identifier), (int Version, string Sha)?>();
        foreach (var key in registry.Keys)
        {
            latest[key] = await results.ReadSingleOrDefaultAsync<(int Version, string Sha)?>();
        }

        return latest;
    }

    // A new version only when the content changed: a re-pushed document does not grow the history.
    // Versions are counted per person and identifier (a structure's care-team sharing record has one
    // identifier for all its persons); two consents of one write under one identifier are two versions,
    // in order. Adds the rows to write, moves latest on, and returns the versions made.
    private static List<(SealedConsent Consent, int Version)> AddConsentVersions(
        StatementBatch rows, IReadOnlyList<SealedConsent> consents, Dictionary<(string PersonRef, string Identifier), (int Version, string Sha)?> latest, long now)
    {
        var created = new List<(SealedConsent Consent, int Version)>();
        foreach (var consent in consents)
        {
            var key = (consent.Consent.PersonRef, consent.Consent.Identifier);
            if (latest[key] is { } current && current.Sha == consent.Sha256)
            {
                continue;
            }

            var version = (latest[key]?.Version ?? 0) + 1;
            created.Add((consent, version));
            latest[key] = (version, consent.Sha256);
        }

        rows.AddInsert(
            "consents",
            "identifier, version, person_ref, kind, structure_finess, status, content_sha256, recorded_at, source, resource, terms",
            created.Select(c => new object?[] { c.Consent.Consent.Identifier, c.Version, c.Consent.Consent.PersonRef, c.Consent.Consent.Kind, c.Consent.Consent.StructureFiness, c.Consent.Consent.Status, c.Consent.Sha256, now, c.Consent.Consent.Source, c.Consent.Resource, c.Consent.Terms }));
        return created;
    }

    private sealed record RegistryReads(bool Locked, IReadOnlyList<(string PersonRef, string Identifier)> Keys);

    // A consent as the registry stores it: its content hash, the resource compressed and encrypted, its terms encrypted.
    private sealed record SealedConsent(ConsentToStore Consent, string Sha256, byte[] Resource, byte[]? Terms);

    private SealedConsent Seal(ConsentToStore consent)
        => new(consent, Convert.ToHexStringLower(SHA256.HashData(consent.Resource)), _protector.Protect(consent.Resource), consent.Terms is null ? null : _protector.ProtectSmall(consent.Terms));

    /// <summary>
    /// What sharing decisions read of several persons (one, or a lease round's), in one round trip: the latest
    /// version of each of their consents (still sealed: a caller that already holds a content parsed never
    /// opens it) and the care-team memberships their documents gave registered recipients. Every person asked
    /// for is in the answer, with an empty registry when nothing is recorded for them.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PersonRegistry>> PersonRegistriesAsync(IReadOnlyCollection<string> personRefs, CancellationToken cancellationToken)
    {
        var distinct = personRefs.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return new Dictionary<string, PersonRegistry>(StringComparer.Ordinal);
        }

        var parameters = new BoundValues();
        var persons = ListCondition("person_ref", "IN", "person", distinct, parameters);
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"{RegistryVersionsOf(persons)};\n{LatestConsentsOf(persons)};\n{MembershipsOf(persons)}", parameters, cancellationToken: cancellationToken));
        return await ReadPersonRegistriesAsync(results, distinct);
    }

    // What a decision reads of a person's registry, by a condition on person_ref: each consent's latest version,
    // and the care-team memberships.
    private static string LatestConsentsOf(string persons) => $"""
        SELECT person_ref AS PersonRef, identifier AS Identifier, kind AS Kind, structure_finess AS StructureFiness, content_sha256 AS ContentSha256, resource AS SealedResource, terms AS SealedTerms
        FROM consents c
        WHERE {persons} AND version = (SELECT MAX(version) FROM consents v WHERE v.person_ref = c.person_ref AND v.identifier = c.identifier)
        ORDER BY identifier
        """;

    private static string MembershipsOf(string persons) => $"""
        SELECT person_ref AS PersonRef, recipient_id AS RecipientId, structure_finess AS StructureFiness, period_start AS PeriodStart, period_end AS PeriodEnd
        FROM care_team_members WHERE {persons}
        """;

    private static string RegistryVersionsOf(string persons) => $"""
        SELECT person_ref AS PersonRef, version AS Version FROM person_registry_versions WHERE {persons}
        """;

    // Every write of a person's registry that can narrow sharing counts one more version (the first makes it 1).
    private static void AddRegistryWrite(StatementBatch rows, string personRef)
        => rows.Add($"""
            INSERT INTO person_registry_versions (person_ref, version) VALUES ({rows.Bind(personRef)}, 1)
            ON CONFLICT (person_ref) DO UPDATE SET version = person_registry_versions.version + 1
            """);

    // Reads back the results of RegistryVersionsOf, LatestConsentsOf, then MembershipsOf. Each statement may see a
    // later commit than the one before it: the version, read first, is never newer than what the rest shows, so a
    // narrowing write in between makes the submission's check fail rather than pass.
    private static async Task<IReadOnlyDictionary<string, PersonRegistry>> ReadPersonRegistriesAsync(SqlMapper.GridReader results, IReadOnlyCollection<string> personRefs)
    {
        var versions = (await results.ReadAsync<RegistryVersionRow>()).ToDictionary(r => r.PersonRef, r => r.Version, StringComparer.Ordinal);
        var consents = (await results.ReadAsync<LatestConsentRow>()).ToLookup(r => r.PersonRef, StringComparer.Ordinal);
        var memberships = (await results.ReadAsync<MembershipRow>()).ToLookup(r => r.PersonRef, StringComparer.Ordinal);
        return personRefs.ToDictionary(
            p => p,
            p => new PersonRegistry(
                consents[p].Select(r => new LatestConsent(r.Identifier, r.Kind, r.StructureFiness, r.ContentSha256, r.SealedResource, r.SealedTerms)).ToList(),
                memberships[p].Select(r => new StoredMembership(r.RecipientId, r.StructureFiness, ParseDay(r.PeriodStart), ParseDay(r.PeriodEnd))).ToList())
            {
                Version = versions.GetValueOrDefault(p),
            },
            StringComparer.Ordinal);
    }

    private sealed class RegistryVersionRow
    {
        public string PersonRef { get; init; } = string.Empty;

        public long Version { get; init; }
    }

    /// <summary>Every version of every consent of a person, oldest first.</summary>
    public async Task<IReadOnlyList<StoredConsent>> ConsentHistoryAsync(string personRef, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConsentRow>(new CommandDefinition(
            """
            SELECT identifier AS Identifier, version AS Version, kind AS Kind, structure_finess AS StructureFiness, status AS Status,
                   recorded_at AS RecordedAt, source AS Source, resource AS Resource, content_sha256 AS ContentSha256
            FROM consents WHERE person_ref = @personRef ORDER BY recorded_at, identifier, version
            """,
            new { personRef }, cancellationToken: cancellationToken));
        return rows.Select(r => new StoredConsent(r.Identifier, r.Version, r.Kind, r.StructureFiness, r.Status, DateTimeOffset.FromUnixTimeMilliseconds(r.RecordedAt), r.Source, _protector.Unprotect(r.Resource)) { ContentSha256 = r.ContentSha256 }).ToList();
    }

    /// <summary>A person's deliveries still waiting to be sent (pending or retry scheduled).</summary>
    public async Task<IReadOnlyList<QueuedDelivery>> QueuedForPersonAsync(string personRef, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<QueuedRow>(new CommandDefinition(
            $"{QueuedOfPerson} AND {StillQueued}", new { personRef }, cancellationToken: cancellationToken));
        return rows.Select(QueuedRow.ToView).ToList();
    }

    /// <summary>Blocks a delivery still queued (its payload goes) and audits the blocked attempt. False when it was no longer queued.</summary>
    public Task<bool> BlockQueuedAsync(Guid deliveryId, string reason, AuditRecord audit, CancellationToken cancellationToken)
        => WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE deliveries SET status = {StatusSql.Of(DeliveryStatus.Blocked)}, decision_reason = @reason,
                    last_error = @reason, updated_at = @now
                WHERE id = @id AND status IN {StatusSql.In(DeliveryLifecycle.Waiting)}
                """,
                new { id = deliveryId.ToString(), reason, now = audit.RecordedAt.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
            if (updated == 0)
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM delivery_payloads WHERE delivery_id = @id", new { id = deliveryId.ToString() }, transaction, cancellationToken: cancellationToken));
            await AppendAuditAsync(connection, transaction, [audit], cancellationToken);
            return true;
        }, cancellationToken);

    private Task AppendAuditAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        => AppendAuditAsync(connection, transaction, records, new StatementBatch(), cancellationToken);

    // Appends to the chain, in the command that runs the statements already in rows: two round trips at
    // most, one when the transaction already appended.
    private async Task AppendAuditAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> records, StatementBatch rows, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            await rows.ExecuteAsync(connection, transaction, cancellationToken);
            return;
        }

        var previous = await AuditHeadAsync(connection, transaction, cancellationToken);

        // One statement per event, run in order: the chain follows seq.
        foreach (var record in records)
        {
            var (values, hash) = ChainedAuditValues(record, previous);
            rows.AddInsert("audit_events", AuditColumns, [values]);
            previous = hash;
        }

        await rows.ExecuteAsync(connection, transaction, cancellationToken);
        _auditHeads.AddOrUpdate(transaction, previous);
    }

    // The chain's head for this transaction. The first append of a transaction reads it under the lock that
    // holds until commit, so within the transaction no one else appends; later ones know it already.
    private async Task<string> AuditHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (_auditHeads.TryGetValue(transaction, out var known))
        {
            return known;
        }

        var head = new StatementBatch();
        var locks = _dialect.LockAuditStatement;
        if (locks is not null)
        {
            head.Add(locks);
        }

        head.Add("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1");
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(head.Text, head.Parameters, transaction, cancellationToken: cancellationToken));
        if (locks is not null)
        {
            await results.ReadAsync<long>();
        }

        return await results.ReadFirstOrDefaultAsync<string>() ?? AuditChain.Genesis;
    }

    private const string AuditColumns = "recorded_at, person_ref, outcome, recipient_id, delivery_id, kind, document_id, document_version, legal_basis, reason, policy_version, event, prev_hash, hash";

    // An event's column values (in AuditColumns' order), chained after previous, and its hash.
    private static (object?[] Values, string Hash) ChainedAuditValues(AuditRecord record, string previous)
    {
        var at = record.RecordedAt.ToUnixTimeMilliseconds();
        var deliveryId = record.DeliveryId.ToString();
        var hash = AuditChain.Hash(previous, at, record.PersonRef, record.Outcome, record.RecipientId, deliveryId, record.Kind, record.DocumentId, record.DocumentVersion, record.LegalBasis, record.Reason, record.PolicyVersion, record.Event);
        return ([at, record.PersonRef, record.Outcome, record.RecipientId, deliveryId, record.Kind, record.DocumentId, record.DocumentVersion, record.LegalBasis, record.Reason, record.PolicyVersion, record.Event, previous, hash], hash);
    }

    /// <summary>A person's disclosures and blocked attempts, oldest first (the right of access).</summary>
    public async Task<IReadOnlyList<DisclosureView>> DisclosuresAsync(string personRef, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            """
            SELECT seq AS Seq, recorded_at AS RecordedAt, outcome AS Outcome, recipient_id AS RecipientId, kind AS Kind, document_id AS DocumentId,
                   document_version AS DocumentVersion, legal_basis AS LegalBasis, reason AS Reason, policy_version AS PolicyVersion
            FROM audit_events WHERE person_ref = @personRef ORDER BY seq
            """,
            new { personRef }, cancellationToken: cancellationToken));
        return rows.Select(r => new DisclosureView(r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.RecordedAt), r.Outcome, r.RecipientId, r.Kind, r.DocumentId, r.DocumentVersion, r.LegalBasis, r.Reason, r.PolicyVersion)).ToList();
    }

    /// <summary>Recomputes the whole audit chain; reports the first event that does not follow.</summary>
    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var previous = AuditChain.Genesis;
        long count = 0;
        // Streamed: the trail grows for years; it is read once, in order, never held whole in memory.
        var rows = connection.QueryUnbufferedAsync<AuditRow>(
            """
            SELECT seq AS Seq, recorded_at AS RecordedAt, person_ref AS PersonRef, outcome AS Outcome, recipient_id AS RecipientId, delivery_id AS DeliveryId,
                   kind AS Kind, document_id AS DocumentId, document_version AS DocumentVersion, legal_basis AS LegalBasis, reason AS Reason,
                   policy_version AS PolicyVersion, event AS Event, prev_hash AS PrevHash, hash AS Hash
            FROM audit_events ORDER BY seq
            """);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            count++;
            var expected = AuditChain.Hash(previous, row.RecordedAt, row.PersonRef, row.Outcome, row.RecipientId, row.DeliveryId, row.Kind, row.DocumentId, row.DocumentVersion, row.LegalBasis, row.Reason, row.PolicyVersion, row.Event);
            if (row.PrevHash != previous || row.Hash != expected)
            {
                return new AuditVerification(count, row.Seq);
            }

            previous = row.Hash;
        }

        return new AuditVerification(count, null);
    }

    /// <summary>
    /// Erases a person's payloads (documents, delivery payloads, the ids receivers gave their resources)
    /// and blocks what was still queued for them; consents and the audit trail stay. Returns the deliveries blocked, and how many were being
    /// sent at that moment: those are left to their worker, which records what really happened (a
    /// disclosure that reached its recipient is recorded and audited; a failed one is not sent again,
    /// its payload being gone).
    /// </summary>
    public Task<PersonErasure> ErasePersonAsync(string personRef, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (connection, transaction) =>
        {
            var queued = (await connection.QueryAsync<QueuedRow>(new CommandDefinition(
                $"{QueuedOfPerson} AND {StillQueued}", new { personRef }, transaction, cancellationToken: cancellationToken))).ToList();
            var ms = now.ToUnixTimeMilliseconds();
            // Sends in flight keep their lease: taking it would make their outcome, a disclosure maybe, go unrecorded.
            var inFlight = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) {_dialect.PersonDeliveries("@personRef")} AND d.status = {StatusSql.Of(DeliveryStatus.InFlight)}", new { personRef }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE deliveries SET status = {StatusSql.Of(DeliveryStatus.Blocked)}, decision_reason = 'the person''s data were erased', updated_at = @ms
                WHERE id IN (SELECT d.id {_dialect.PersonDeliveries("@personRef")} AND {StillQueued});
                DELETE FROM delivery_payloads WHERE delivery_id IN
                    (SELECT d.id FROM submissions s CROSS JOIN deliveries d WHERE d.submission_id = s.id AND s.person_ref = @personRef);
                DELETE FROM submission_documents WHERE submission_id IN (SELECT id FROM submissions WHERE person_ref = @personRef);
                DELETE FROM receiver_ids WHERE person_ref = @personRef
                """,
                new { personRef, ms }, transaction, cancellationToken: cancellationToken));
            var submissions = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE submissions SET sharing = NULL, payload_purged_at = @ms WHERE person_ref = @personRef AND payload_purged_at IS NULL",
                new { personRef, ms }, transaction, cancellationToken: cancellationToken));
            return new PersonErasure(submissions, queued.Select(QueuedRow.ToView).ToList(), (int)inFlight);
        }, cancellationToken);

    /// <summary>
    /// Retention: purges the payloads of submissions received before <paramref name="cutoff"/> whose
    /// deliveries are all finished (delivered, dead-lettered or blocked). Returns how many were purged.
    /// </summary>
    public Task<int> PurgeFinishedPayloadsAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(async (connection, transaction) =>
        {
            var ms = now.ToUnixTimeMilliseconds();
            var finished = $"""
                received_at < @cutoff AND payload_purged_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM deliveries d
                    WHERE d.submission_id = submissions.id AND d.status IN {StatusSql.In(DeliveryLifecycle.Open)})
                """;
            // The payloads go first: the purge mark, set last, is part of what "finished" selects.
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                DELETE FROM delivery_payloads WHERE delivery_id IN
                    (SELECT d.id FROM deliveries d WHERE d.submission_id IN (SELECT id FROM submissions WHERE {finished}));
                DELETE FROM submission_documents WHERE submission_id IN (SELECT id FROM submissions WHERE {finished})
                """,
                new { cutoff = cutoff.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
            return await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE submissions SET payload_purged_at = @ms WHERE {finished}",
                new { cutoff = cutoff.ToUnixTimeMilliseconds(), ms }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

    private static DateOnly? ParseDay(string? day) => day is null ? null : DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    private sealed class LatestConsentRow
    {
        public string PersonRef { get; init; } = string.Empty;

        public string Identifier { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public string StructureFiness { get; init; } = string.Empty;

        public string ContentSha256 { get; init; } = string.Empty;

        public byte[] SealedResource { get; init; } = [];

        public byte[]? SealedTerms { get; init; }
    }

    private sealed class MembershipRow
    {
        public string PersonRef { get; init; } = string.Empty;

        public string RecipientId { get; init; } = string.Empty;

        public string StructureFiness { get; init; } = string.Empty;

        public string? PeriodStart { get; init; }

        public string? PeriodEnd { get; init; }
    }

    private sealed class ConsentRow
    {
        public string Identifier { get; init; } = string.Empty;

        public int Version { get; init; }

        public string Kind { get; init; } = string.Empty;

        public string StructureFiness { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public long RecordedAt { get; init; }

        public string Source { get; init; } = string.Empty;

        public byte[] Resource { get; init; } = [];

        public string ContentSha256 { get; init; } = string.Empty;
    }

    // A person's deliveries with what deciding them again needs; callers add the statuses they want.
    // What a consent change re-decides (d: a delivery of PersonDeliveries); in flight is the send's own decision.
    private static readonly string StillQueued = $"d.status IN {StatusSql.In(DeliveryLifecycle.Waiting)}";

    private string QueuedOfPerson => $"""
        SELECT d.id AS Id, d.submission_id AS SubmissionId, d.recipient_id AS RecipientId, s.structure_finess AS StructureFiness,
               s.kind AS Kind, s.document_id AS DocumentId, s.document_version AS DocumentVersion, s.sharing AS Sharing
        {_dialect.PersonDeliveries("@personRef")}
        """;

    private sealed class QueuedRow
    {
        public static QueuedDelivery ToView(QueuedRow r)
            => new(Guid.Parse(r.Id), Guid.Parse(r.SubmissionId), r.RecipientId, r.StructureFiness, r.Kind, r.DocumentId, r.DocumentVersion, r.Sharing);

        public string Id { get; init; } = string.Empty;

        public string SubmissionId { get; init; } = string.Empty;

        public string RecipientId { get; init; } = string.Empty;

        public string StructureFiness { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public string DocumentId { get; init; } = string.Empty;

        public int DocumentVersion { get; init; }

        public string? Sharing { get; init; }
    }

    private sealed class AuditRow
    {
        public long Seq { get; init; }

        public long RecordedAt { get; init; }

        public string PersonRef { get; init; } = string.Empty;

        public string Outcome { get; init; } = string.Empty;

        public string RecipientId { get; init; } = string.Empty;

        public string DeliveryId { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public string DocumentId { get; init; } = string.Empty;

        public int DocumentVersion { get; init; }

        public string? LegalBasis { get; init; }

        public string? Reason { get; init; }

        public string? PolicyVersion { get; init; }

        public string Event { get; init; } = string.Empty;

        public string PrevHash { get; init; } = string.Empty;

        public string Hash { get; init; } = string.Empty;
    }
}
