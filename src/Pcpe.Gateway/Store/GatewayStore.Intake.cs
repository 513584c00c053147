using System.Data.Common;
using Dapper;

namespace Pcpe.Gateway.Store;

/// <summary>Flow 1's write: a submission, its deliveries, and what it records in the person's registry.</summary>
public sealed partial class GatewayStore
{
    /// <summary>Stores a submission and its deliveries atomically, idempotently on
    /// (client, kind, document id, version) and on (client, idempotency key). Returns only once committed.
    /// With <see cref="NewSubmission.DecidedAtRegistryVersion"/>, stores nothing (<see cref="InsertResult.RegistryChanged"/>)
    /// when a write that can narrow sharing came to the person's registry since that version: the deliveries must be
    /// decided again.
    /// On SQLite, concurrent calls are committed together (group commit: one fsync for many submissions).</summary>
    public Task<InsertOutcome> InsertSubmissionAsync(NewSubmission submission, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken)
    {
        // Compressed and encrypted before waiting for the writer: on SQLite writes run one at a time.
        var (document, payloads) = Protect(submission, deliveries);
        var consents = SealConsents(submission);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var found = await LookUpAsync(connection, transaction, submission, consents, cancellationToken);
                if (found.Existing is { } existing)
                {
                    return Known(submission, existing);
                }

                if (submission.DecidedAtRegistryVersion is { } decidedAt && found.RegistryVersion != decidedAt)
                {
                    return new InsertOutcome(InsertResult.RegistryChanged, submission.Id);
                }

                return await InsertRowsAsync(connection, transaction, submission, document, deliveries, payloads, consents, found, cancellationToken);
            },
            cancellationToken);
    }

    private (byte[] Document, List<byte[]?> Payloads) Protect(NewSubmission submission, IReadOnlyList<NewDelivery> deliveries)
    {
        var protectedBytes = _protector.ProtectEach([submission.Document, .. deliveries.Select(d => d.Payload)]);
        return (protectedBytes[0]!, protectedBytes.Skip(1).ToList());
    }

    private List<SealedConsent> SealConsents(NewSubmission submission)
        => submission.Consents.Select(Seal).OrderBy(c => c.Consent.Identifier, StringComparer.Ordinal).ToList();

    private static InsertOutcome Known(NewSubmission submission, (string Id, string Sha) existing)
        => new(existing.Sha == submission.ContentSha256 ? InsertResult.Duplicate : InsertResult.Conflict, Guid.Parse(existing.Id));

    // One round trip however many deliveries and consents the document has, two when it blocks deliveries (the
    // audit chain's head is read), after the look-up's: on PostgreSQL an intake waits on its round trips more
    // than on the statements' work.
    private async Task<InsertOutcome> InsertRowsAsync(
        DbConnection connection, DbTransaction transaction, NewSubmission submission, byte[] document, IReadOnlyList<NewDelivery> deliveries, IReadOnlyList<byte[]?> payloads, IReadOnlyList<SealedConsent> consents, LookedUp found, CancellationToken cancellationToken)
    {
        var now = submission.ReceivedAt.ToUnixTimeMilliseconds();
        var id = submission.Id.ToString();
        var rows = new StatementBatch();
        rows.AddInsert(
            "submissions",
            "id, client_id, kind, document_id, document_version, idempotency_key, content_sha256, structure_finess, received_at, sharing, person_ref",
            [[id, submission.ClientId, submission.Kind, submission.DocumentId, submission.DocumentVersion, submission.IdempotencyKey, submission.ContentSha256, submission.StructureFiness, now, submission.Sharing, submission.PersonRef]]);
        rows.AddInsert("submission_documents", "submission_id, document", [[id, document]]);
        rows.AddInsert(
            "deliveries",
            "id, submission_id, recipient_id, channel, status, legal_basis, decision_reason, attempts, next_attempt_at, created_at, updated_at, address, policy_version",
            deliveries.Select(d => new object?[] { d.Id.ToString(), id, d.RecipientId, d.Channel, d.Status.ToString(), d.LegalBasis, d.DecisionReason, 0, now, now, now, d.Address, d.PolicyVersion }));
        rows.AddInsert(
            "delivery_payloads",
            "delivery_id, payload",
            deliveries.Zip(payloads).Where(p => p.Second is not null).Select(p => new object?[] { p.First.Id.ToString(), p.Second }));

        var changed = AddConsentVersions(rows, consents, found.LatestVersions, now);
        var changedConsents = changed.Select(c => c.Consent.Consent.Identifier).Distinct().ToList();
        if (submission.PersonRef is { } personRef)
        {
            // The latest document of a structure says who its team is for this person now; the same team again
            // writes nothing. The registry's version counts what can narrow sharing: a consent that does more than
            // widen it, a member gone or whose period changed (a member added only widens).
            var team = submission.Memberships.Select(m => (m.RecipientId, Day(m.Start), Day(m.End))).ToHashSet();
            var teamChanged = !team.SetEquals(found.StructureTeam);
            var teamNarrowed = !team.IsSupersetOf(found.StructureTeam);
            if (teamChanged)
            {
                rows.Add($"DELETE FROM care_team_members WHERE person_ref = {rows.Bind(personRef)} AND structure_finess = {rows.Bind(submission.StructureFiness)}");
                rows.AddInsert(
                    "care_team_members",
                    "person_ref, recipient_id, structure_finess, period_start, period_end, recorded_at",
                    submission.Memberships.Select(m => new object?[] { personRef, m.RecipientId, m.StructureFiness, Day(m.Start), Day(m.End), now }));
            }

            if (teamNarrowed || changed.Any(c => !c.Consent.Consent.OnlyWidens))
            {
                AddRegistryWrite(rows, personRef);
            }
        }

        await AppendAuditAsync(connection, transaction, submission.Audit, rows, cancellationToken);
        return new InsertOutcome(InsertResult.Created, submission.Id) { ChangedConsents = changedConsents, EarlierQueued = found.EarlierQueued };
    }

    // One round trip: the registry keys locked, each consent's latest version, the registry's version, whether the
    // document is already known, and (when it brings consents) whether the person has deliveries still queued, so
    // that the review a consent change calls for costs nothing when there is nothing to review.
    private async Task<LookedUp> LookUpAsync(
        DbConnection connection, DbTransaction transaction, NewSubmission submission, IReadOnlyList<SealedConsent> consents, CancellationToken cancellationToken)
    {
        var reads = new StatementBatch();
        var registry = AddRegistryReads(reads, consents, submission.PersonRef);

        // Two lookups rather than one with OR: each is one unique-index probe, and PostgreSQL keeps one plan
        // for each instead of planning the OR again at every push.
        reads.Add($"""
            SELECT id, content_sha256 FROM submissions
            WHERE client_id = {reads.Bind(submission.ClientId)} AND kind = {reads.Bind(submission.Kind)} AND document_id = {reads.Bind(submission.DocumentId)} AND document_version = {reads.Bind(submission.DocumentVersion)}
            """);
        if (submission.IdempotencyKey is { } idempotencyKey)
        {
            reads.Add($"SELECT id, content_sha256 FROM submissions WHERE client_id = {reads.Bind(submission.ClientId)} AND idempotency_key = {reads.Bind(idempotencyKey)}");
        }

        var reviewable = submission.PersonRef is not null && consents.Count > 0;
        if (reviewable)
        {
            reads.Add($"SELECT COUNT(*) FROM (SELECT 1 AS queued {_dialect.PersonDeliveries(reads.Bind(submission.PersonRef))} AND {StillQueued} LIMIT 1) AS q");
        }

        var checksVersion = submission.PersonRef is not null && submission.DecidedAtRegistryVersion is not null;
        if (checksVersion)
        {
            reads.Add(RegistryVersionsOf($"person_ref = {reads.Bind(submission.PersonRef)}"));
        }

        if (submission.PersonRef is not null)
        {
            reads.Add($"""
                SELECT recipient_id AS RecipientId, period_start AS PeriodStart, period_end AS PeriodEnd FROM care_team_members
                WHERE person_ref = {reads.Bind(submission.PersonRef)} AND structure_finess = {reads.Bind(submission.StructureFiness)}
                """);
        }

        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(reads.Text, reads.Parameters, transaction, cancellationToken: cancellationToken));
        var latest = await ReadRegistryAsync(results, registry);
        var byDocument = await results.ReadSingleOrDefaultAsync<(string Id, string Sha)?>();
        var byKey = submission.IdempotencyKey is null ? null : await results.ReadSingleOrDefaultAsync<(string Id, string Sha)?>();
        var earlierQueued = reviewable && await results.ReadSingleAsync<long>() > 0;
        var version = checksVersion ? (await results.ReadAsync<RegistryVersionRow>()).SingleOrDefault()?.Version ?? 0 : 0;
        var team = submission.PersonRef is null ? [] : (await results.ReadAsync<TeamRow>()).Select(r => (r.RecipientId, r.PeriodStart, r.PeriodEnd)).ToList();
        return new LookedUp(byDocument ?? byKey, latest, earlierQueued, version, team);
    }

    private sealed class TeamRow
    {
        public string RecipientId { get; init; } = string.Empty;

        public string? PeriodStart { get; init; }

        public string? PeriodEnd { get; init; }
    }

    // What the look-up found: the document if already known, each consent's latest version, whether the person
    // has deliveries queued, the version of the person's registry (when the submission names the one it was decided
    // from), and the care team the structure's earlier documents gave the person.
    private sealed record LookedUp(
        (string Id, string Sha)? Existing,
        Dictionary<(string PersonRef, string Identifier), (int Version, string Sha)?> LatestVersions,
        bool EarlierQueued,
        long RegistryVersion,
        IReadOnlyList<(string RecipientId, string? Start, string? End)> StructureTeam);

    private static string? Day(DateOnly? day) => day?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
