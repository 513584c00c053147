using System.Data.Common;
using Dapper;

namespace Pcpe.Gateway.Store;

/// <summary>Flow 1's write: a submission, its deliveries, and what it records in the person's registry.</summary>
public sealed partial class GatewayStore
{
    /// <summary>Stores a submission and its deliveries atomically, idempotently on
    /// (client, kind, document id, version) and on (client, idempotency key). Returns only once committed.
    /// On SQLite, concurrent calls are committed together (group commit): one fsync for many submissions.</summary>
    public Task<InsertOutcome> InsertSubmissionAsync(NewSubmission submission, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken)
    {
        // Compressed and encrypted before waiting for the writer: on SQLite writes run one at a time.
        var (document, payloads) = Protect(submission, deliveries);
        return WriteSubmissionAsync(submission, readPerson: false, _ => new SubmissionRows(deliveries, submission.Audit, document, payloads), cancellationToken);
    }

    /// <summary>
    /// Stores a submission as <see cref="InsertSubmissionAsync"/> does, with deliveries decided by
    /// <paramref name="decide"/> from what the registry holds for the submission's person before it (the audit of
    /// that decision is stored with it). Returns the deliveries stored (none when the document was already known).
    /// </summary>
    /// <remarks>On PostgreSQL the registry is read in the write's first round trip, after the registry keys the
    /// document writes are locked: a push needs no round trip of its own for the registry, and the decision sees the registry as the write
    /// finds it. On SQLite it is read before the write, so that deciding and encrypting stay outside the single writer.</remarks>
    public async Task<(InsertOutcome Outcome, IReadOnlyList<NewDelivery> Deliveries)> InsertDecidedSubmissionAsync(
        NewSubmission submission, Func<PersonRegistry, DecidedDeliveries> decide, CancellationToken cancellationToken)
    {
        if (!_dialect.BatchesStatements)
        {
            var registry = submission.PersonRef is { } personRef ? (await PersonRegistriesAsync([personRef], cancellationToken))[personRef] : PersonRegistry.Empty;
            var decided = decide(registry);
            var outcome = await InsertSubmissionAsync(submission with { Audit = decided.Audit }, decided.Deliveries, cancellationToken);
            return (outcome, outcome.Result == InsertResult.Created ? decided.Deliveries : []);
        }

        IReadOnlyList<NewDelivery> stored = [];
        var written = await WriteSubmissionAsync(
            submission,
            readPerson: submission.PersonRef is not null,
            person =>
            {
                var decided = decide(person ?? PersonRegistry.Empty);
                var (document, payloads) = Protect(submission, decided.Deliveries);
                stored = decided.Deliveries;
                return new SubmissionRows(decided.Deliveries, decided.Audit, document, payloads);
            },
            cancellationToken);
        return (written, written.Result == InsertResult.Created ? stored : []);
    }

    // The write of a submission: looked up (and, with readPerson, the person's registry read) in the first round
    // trip, then its rows, prepared from that registry, unless the document is already known. Run again, prepared
    // again, when the database aborted it on meeting a concurrent write.
    private Task<InsertOutcome> WriteSubmissionAsync(NewSubmission submission, bool readPerson, Func<PersonRegistry?, SubmissionRows> prepare, CancellationToken cancellationToken)
    {
        var consents = SealConsents(submission);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var found = await LookUpAsync(connection, transaction, submission, consents, readPerson, cancellationToken);
                if (found.Existing is { } existing)
                {
                    return Known(submission, existing);
                }

                var rows = prepare(found.Person);
                return await InsertRowsAsync(connection, transaction, submission with { Audit = rows.Audit }, rows.Document, rows.Deliveries, rows.Payloads, consents, found, cancellationToken);
            },
            cancellationToken);
    }

    // A submission's deliveries, the audit of their decision, and the stored bytes (document, payloads), protected.
    private sealed record SubmissionRows(IReadOnlyList<NewDelivery> Deliveries, IReadOnlyList<AuditRecord> Audit, byte[] Document, IReadOnlyList<byte[]?> Payloads);

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

        var changedConsents = AddConsentVersions(rows, consents, found.LatestVersions, now).Select(c => c.Consent.Consent.Identifier).Distinct().ToList();
        if (submission.PersonRef is { } personRef)
        {
            // The latest document of a structure says who its team is for this person now.
            rows.Add($"DELETE FROM care_team_members WHERE person_ref = {rows.Bind(personRef)} AND structure_finess = {rows.Bind(submission.StructureFiness)}");
            rows.AddInsert(
                "care_team_members",
                "person_ref, recipient_id, structure_finess, period_start, period_end, recorded_at",
                submission.Memberships.Select(m => new object?[] { personRef, m.RecipientId, m.StructureFiness, Day(m.Start), Day(m.End), now }));
        }

        await AppendAuditAsync(connection, transaction, submission.Audit, rows, cancellationToken);
        return new InsertOutcome(InsertResult.Created, submission.Id) { ChangedConsents = changedConsents, EarlierQueued = found.EarlierQueued };
    }

    // One round trip: the registry keys locked, each consent's latest version, whether the document is
    // already known, (when it brings consents) whether the person has deliveries still queued, so that the
    // review a consent change calls for costs nothing when there is nothing to review, and (readPerson) what a
    // sharing decision reads of the person's registry.
    private async Task<LookedUp> LookUpAsync(
        DbConnection connection, DbTransaction transaction, NewSubmission submission, IReadOnlyList<SealedConsent> consents, bool readPerson, CancellationToken cancellationToken)
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

        var person = readPerson ? submission.PersonRef : null;
        if (person is not null)
        {
            reads.Add(LatestConsentsOf($"person_ref = {reads.Bind(person)}"));
            reads.Add(MembershipsOf($"person_ref = {reads.Bind(person)}"));
        }

        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(reads.Text, reads.Parameters, transaction, cancellationToken: cancellationToken));
        var latest = await ReadRegistryAsync(results, registry);
        var byDocument = await results.ReadSingleOrDefaultAsync<(string Id, string Sha)?>();
        var byKey = submission.IdempotencyKey is null ? null : await results.ReadSingleOrDefaultAsync<(string Id, string Sha)?>();
        var earlierQueued = reviewable && await results.ReadSingleAsync<long>() > 0;
        var registries = person is null ? null : await ReadPersonRegistriesAsync(results, [person]);
        return new LookedUp(byDocument ?? byKey, latest, earlierQueued, registries?[person!]);
    }

    // What the look-up found: the document if already known, each consent's latest version, whether the person
    // has deliveries queued, and (when asked for) the person's registry.
    private sealed record LookedUp(
        (string Id, string Sha)? Existing, Dictionary<(string PersonRef, string Identifier), (int Version, string Sha)?> LatestVersions, bool EarlierQueued, PersonRegistry? Person);

    private static string? Day(DateOnly? day) => day?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
