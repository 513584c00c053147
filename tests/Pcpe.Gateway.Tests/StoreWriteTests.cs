using System.Data.Common;
using System.Text;
using Dapper;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>Writes committed together (group commit) stay independent, and writes sent as one command keep what
/// each statement on its own did: a bad one fails alone, versions follow, the audit chain holds; and a transaction
/// PostgreSQL aborts on a deadlock is run again.</summary>
public class StoreWriteTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_bad_write_among_concurrent_ones_fails_alone_and_leaves_nothing_of_itself(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var document = StoreUnderTest.AnyDocument;
        var bad = Guid.NewGuid();

        var writes = Enumerable.Range(0, 40).Select(n =>
        {
            var id = n == 17 ? bad : Guid.NewGuid();
            var delivery = Guid.NewGuid();
            // The bad one repeats a delivery id: its second delivery breaks the primary key after its submission was written.
            var deliveries = new[] { delivery, n == 17 ? delivery : Guid.NewGuid() }
                .Select((d, i) => new NewDelivery(d, i == 0 ? "eparcours" : "dui-partenaire", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, document))
                .ToList();
            return store.InsertSubmissionAsync(
                new NewSubmission(id, "dui-test", "plan", $"PPA-{n}", 1, null, $"sha-{n}", GatewayTestHost.Structure, DateTimeOffset.UtcNow, document) { PersonRef = $"person-{n}" },
                deliveries,
                CancellationToken.None);
        }).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (await w).Result.ToString();
            }
            catch (DbException)
            {
                return "refused";
            }
        }));

        Assert.Equal(39, outcomes.Count(o => o == nameof(InsertResult.Created)));
        Assert.Equal("refused", outcomes[17]);
        await using var connection = underTest.Database.Open();
        Assert.Equal(39, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions"));
        Assert.Equal(39, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submission_documents"));
        Assert.Equal(78, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries"));
        Assert.Equal(78, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_payloads"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions WHERE id = @id", new { id = bad.ToString() }));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Consents_of_one_document_under_one_identifier_become_successive_versions_and_a_repush_adds_none(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var document = StoreUnderTest.AnyDocument;
        ConsentToStore Consent(string status) => new("340000017/C1", "person", "disclosure", GatewayTestHost.Structure, status, Encoding.UTF8.GetBytes($"{{\"resourceType\":\"Consent\",\"status\":\"{status}\"}}"), null, "test");
        Task<InsertOutcome> Push(int version, params ConsentToStore[] consents) => store.InsertSubmissionAsync(
            new NewSubmission(Guid.NewGuid(), "dui-test", "plan", "PPA-1", version, null, $"sha-{version}", GatewayTestHost.Structure, DateTimeOffset.UtcNow, document) { PersonRef = "person", Consents = consents },
            [],
            CancellationToken.None);

        Assert.Equal(["340000017/C1"], (await Push(1, Consent("active"), Consent("inactive"))).ChangedConsents);
        Assert.Empty((await Push(2, Consent("inactive"))).ChangedConsents);
        Assert.Equal(["340000017/C1"], (await Push(3, Consent("active"))).ChangedConsents);

        var history = await store.ConsentHistoryAsync("person", CancellationToken.None);
        Assert.Equal([(1, "active"), (2, "inactive"), (3, "active")], history.Select(c => (c.Version, c.Status)).ToList());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_push_with_consents_says_whether_deliveries_of_the_persons_earlier_documents_are_still_queued(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var document = StoreUnderTest.AnyDocument;
        var consent = new ConsentToStore("340000017/C1", "person", "disclosure", GatewayTestHost.Structure, "active", Encoding.UTF8.GetBytes("{\"resourceType\":\"Consent\"}"), null, "test");
        Task<InsertOutcome> Push(string person, string documentId, bool withConsent, params NewDelivery[] deliveries) => store.InsertSubmissionAsync(
            new NewSubmission(Guid.NewGuid(), "dui-test", "plan", documentId, 1, null, $"sha-{documentId}", GatewayTestHost.Structure, DateTimeOffset.UtcNow, document)
            {
                PersonRef = person,
                Consents = withConsent ? [consent with { PersonRef = person, Identifier = $"340000017/{documentId}" }] : [],
            },
            deliveries,
            CancellationToken.None);
        NewDelivery Pending() => new(Guid.NewGuid(), "eparcours", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, document);
        NewDelivery Blocked() => new(Guid.NewGuid(), "dui-partenaire", "FhirRest", DeliveryStatus.Blocked, null, "no legal basis", null);

        // Nothing earlier: nothing to review, even with the document's own deliveries queued.
        var first = Pending();
        Assert.False((await Push("person", "PPA-1", true, first, Blocked())).EarlierQueued);
        // The first document's delivery is queued: a consent change must review it; another person's is not theirs.
        Assert.True((await Push("person", "PPA-2", true)).EarlierQueued);
        Assert.False((await Push("other", "PPA-3", true)).EarlierQueued);
        // A document without consents changes none: nothing is looked up.
        Assert.False((await Push("person", "PPA-4", false)).EarlierQueued);

        // Once delivered (or blocked, above), nothing of the person is queued any more.
        var leased = await LeaseAsync(store, "worker", 10);
        Assert.Equal([first.Id], leased.Select(l => l.Id));
        Assert.True(await store.CompleteAttemptAsync(first.Id, "worker", Delivered(), CancellationToken.None));
        Assert.False((await Push("person", "PPA-5", true)).EarlierQueued);

        // A delivery waiting for its retry is still queued.
        var retried = Pending();
        await Push("person", "PPA-6", false, retried);
        await LeaseAsync(store, "worker", 10);
        Assert.True(await store.CompleteAttemptAsync(retried.Id, "worker", new AttemptOutcome(DeliveryStatus.RetryScheduled, "503", DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), CancellationToken.None));
        Assert.True((await Push("person", "PPA-7", true)).EarlierQueued);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Disclosures_recorded_by_concurrent_completions_and_blocks_keep_one_unbroken_audit_chain(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var document = StoreUnderTest.AnyDocument;
        var received = DateTimeOffset.UtcNow.AddMinutes(-1);

        // Rounds of completions (committed in groups) with blocks (each its own transaction) in between:
        // every append must find the chain's head as the others left it.
        var recorded = 0;
        for (var round = 0; round < 3; round++)
        {
            var deliveries = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
            await store.InsertSubmissionAsync(
                new NewSubmission(Guid.NewGuid(), "dui-test", "plan", $"PPA-{round}", 1, null, $"sha-{round}", GatewayTestHost.Structure, received, document) { PersonRef = "person" },
                [.. deliveries.Select(d => new NewDelivery(d, "eparcours", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, document))],
                CancellationToken.None);
            var leased = await LeaseAsync(store, "worker", 20);
            var stillQueued = deliveries.Except(leased.Select(l => l.Id)).ToList();
            var writes = leased.Select(l => store.CompleteAttemptAsync(
                    l.Id, "worker", Delivered(), Audit(l.Id), CancellationToken.None))
                .Concat(stillQueued.Select(d => store.BlockQueuedAsync(d, "opposition", Audit(d, "blocked"), CancellationToken.None)));
            Assert.All(await Task.WhenAll(writes), Assert.True);
            recorded += deliveries.Count;
        }

        var verification = await store.VerifyAuditAsync(CancellationToken.None);
        Assert.True(verification.Intact, $"chain broken at {verification.FirstBrokenSequence}");
        Assert.Equal(recorded, verification.Events);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Registries_read_together_give_each_person_only_their_own_latest_consents_and_memberships(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        ConsentToStore Consent(string person, string status) => new("340000017/C1", person, "disclosure", GatewayTestHost.Structure, status, Encoding.UTF8.GetBytes($"{{\"resourceType\":\"Consent\",\"status\":\"{status}\"}}"), null, "test");
        Task<InsertOutcome> Push(string person, int version, ConsentToStore consent, params string[] team) => store.InsertSubmissionAsync(
            new NewSubmission(Guid.NewGuid(), "dui-test", "plan", $"PPA-{person}", version, null, $"sha-{person}-{version}", GatewayTestHost.Structure, DateTimeOffset.UtcNow, StoreUnderTest.AnyDocument)
            {
                PersonRef = person,
                Consents = [consent],
                Memberships = [.. team.Select(r => new MembershipToStore(r, GatewayTestHost.Structure, new DateOnly(2026, 1, 1), null))],
            },
            [],
            CancellationToken.None);
        await Push("anna", 1, Consent("anna", "active"), "eparcours");
        await Push("anna", 2, Consent("anna", "inactive"), "eparcours", "dui-partenaire");
        await Push("bruno", 1, Consent("bruno", "active"));

        var registries = await store.PersonRegistriesAsync(["anna", "bruno", "chloe", "anna"], CancellationToken.None);

        Assert.Equal(["anna", "bruno", "chloe"], registries.Keys.Order(StringComparer.Ordinal).ToList());
        string Status(LatestConsent c) => System.Text.Json.JsonDocument.Parse(underTest.Protector.Unprotect(c.SealedResource)).RootElement.GetProperty("status").GetString()!;
        Assert.Equal(["inactive"], registries["anna"].Consents.Select(Status).ToList());
        Assert.Equal(["dui-partenaire", "eparcours"], registries["anna"].Memberships.Select(m => m.RecipientId).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(["active"], registries["bruno"].Consents.Select(Status).ToList());
        Assert.Empty(registries["bruno"].Memberships);
        Assert.Empty(registries["chloe"].Consents);
        Assert.Empty(registries["chloe"].Memberships);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_completion_by_a_worker_that_lost_its_lease_records_no_attempt_and_no_audit_even_among_others_committed_with_it(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var lost = Guid.NewGuid();
        var others = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();
        await QueueForPersonAsync(store, Guid.NewGuid(), [(lost, "eparcours"), .. others.Select(o => (o, "dui-partenaire"))]);
        Assert.Equal(9, (await LeaseAsync(store, "worker-a", 9)).Count);
        // Two minutes later worker-a's leases have expired: worker-b takes over the eparcours delivery.
        var takenOver = await store.LeaseDueAsync("worker-b", 1, 1, new Dictionary<string, int> { ["eparcours"] = 1, ["dui-partenaire"] = 0 }, othersToo: false, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow.AddMinutes(2), CancellationToken.None);
        Assert.Equal([lost], takenOver.Select(l => l.Id));

        // worker-a completes all nine at once (committed together): the lost one records nothing.
        var completions = await Task.WhenAll(others.Prepend(lost).Select(d => store.CompleteAttemptAsync(d, "worker-a", Delivered(), Audit(d), CancellationToken.None)));
        Assert.Equal([false, .. Enumerable.Repeat(true, 8)], completions);
        Assert.True(await store.CompleteAttemptAsync(lost, "worker-b", Delivered(), Audit(lost), CancellationToken.None));

        await using var connection = underTest.Database.Open();
        Assert.Equal(["worker-b"], await connection.QueryAsync<string>("SELECT worker FROM delivery_attempts WHERE delivery_id = @id", new { id = lost.ToString() }));
        Assert.Equal(9, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_attempts"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events WHERE delivery_id = @id", new { id = lost.ToString() }));
        var audit = await store.VerifyAuditAsync(CancellationToken.None);
        Assert.True(audit.Intact);
        Assert.Equal(9, audit.Events);
    }

    [Fact]
    public async Task An_erasure_that_deadlocks_with_another_transaction_on_postgres_is_run_again_and_completes()
    {
        await using var underTest = await StoreUnderTest.CreateAsync(StoreProvider.Postgres);
        var store = underTest.Store;
        var submission = Guid.NewGuid();
        await QueueForPersonAsync(store, submission, (Guid.NewGuid(), "eparcours"), (Guid.NewGuid(), "dui-partenaire"));

        // The other transaction holds the submission's row; the erasure locks the person's deliveries, then waits
        // for that row; the other then asks for a delivery: each waits for the other, and PostgreSQL aborts the
        // one that waited first, the erasure.
        var (submissions, blocked, inFlight) = await DeadlockedAsync(
            underTest,
            "SELECT id FROM submissions WHERE id = @id FOR UPDATE",
            "UPDATE deliveries SET updated_at = updated_at + 1 WHERE submission_id = @id",
            new { id = submission.ToString() },
            () => store.ErasePersonAsync("person", DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Equal(1, submissions);
        Assert.Equal(2, blocked.Count);
        Assert.Equal(0, inFlight);
        await using var connection = underTest.Database.Open();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Blocked'"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_payloads"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submission_documents"));
    }

    [Fact]
    public async Task A_completion_that_deadlocks_with_another_transaction_on_postgres_is_run_again_and_recorded_with_its_audit()
    {
        await using var underTest = await StoreUnderTest.CreateAsync(StoreProvider.Postgres);
        var store = underTest.Store;
        var delivery = Guid.NewGuid();
        await QueueForPersonAsync(store, Guid.NewGuid(), (delivery, "eparcours"));
        Assert.Single(await LeaseAsync(store, "worker", 1));

        // The other transaction holds the delivery's row; the completion takes the audit chain's lock (it reads
        // the head first), then waits for the row; the other then asks for the audit lock: PostgreSQL aborts the
        // completion, which waited first.
        var recorded = await DeadlockedAsync(
            underTest,
            "UPDATE deliveries SET updated_at = updated_at + 1 WHERE id = @id",
            "SELECT pg_advisory_xact_lock(7305822002)",
            new { id = delivery.ToString() },
            () => store.CompleteAttemptAsync(
                delivery, "worker", Delivered(), Audit(delivery),
                CancellationToken.None));

        Assert.True(recorded);
        await using var connection = underTest.Database.Open();
        Assert.Equal("Delivered", await connection.ExecuteScalarAsync<string>("SELECT status FROM deliveries WHERE id = @id", new { id = delivery.ToString() }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_attempts"));
        var audit = await store.VerifyAuditAsync(CancellationToken.None);
        Assert.True(audit.Intact);
        Assert.Equal(1, audit.Events);
    }

    /// <summary>Leases up to <paramref name="max"/> deliveries due now, of any recipient, for a minute.</summary>
    private static Task<IReadOnlyList<LeasedDelivery>> LeaseAsync(GatewayStore store, string owner, int max)
        => store.LeaseDueAsync(owner, max, max, new Dictionary<string, int>(), othersToo: true, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow, CancellationToken.None);

    private static AttemptOutcome Delivered() => new(DeliveryStatus.Delivered, null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    /// <summary>An audit event of the person "person" about one delivery (a disclosure unless said otherwise).</summary>
    private static AuditRecord Audit(Guid delivery, string outcome = "disclosed")
        => new(DateTimeOffset.UtcNow, "person", outcome, "eparcours", delivery, "plan", "PPA-1", 1, "care-team:L1110-12", null, "test", "{}");

    /// <summary>Stores a plan of the person "person" with one pending delivery per recipient given.</summary>
    private static Task<InsertOutcome> QueueForPersonAsync(GatewayStore store, Guid submission, params (Guid Id, string RecipientId)[] deliveries)
        => store.InsertSubmissionAsync(
            new NewSubmission(submission, "dui-test", "plan", "PPA-1", 1, null, "sha-1", GatewayTestHost.Structure, DateTimeOffset.UtcNow, StoreUnderTest.AnyDocument) { PersonRef = "person" },
            [.. deliveries.Select(d => new NewDelivery(d.Id, d.RecipientId, "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, StoreUnderTest.AnyDocument))],
            CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="write"/> into a deadlock with another transaction on PostgreSQL: the other takes what
    /// <paramref name="hold"/> locks; the write starts and waits for it; the other then asks, with
    /// <paramref name="meet"/>, for what the write already holds, and commits once it got it. PostgreSQL aborts
    /// the transaction that waited first, the write's; what the write's caller gets is returned.
    /// </summary>
    private static async Task<T> DeadlockedAsync<T>(StoreUnderTest underTest, string hold, string meet, object parameters, Func<Task<T>> write)
    {
        await using var other = underTest.Database.Open();
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync(hold, parameters, transaction);
        var written = write();
        await using (var observer = underTest.Database.Open())
        {
            await observer.OpenAsync();
            const string Waiting = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
            for (var tries = 0; await observer.ExecuteScalarAsync<long>(Waiting) == 0; tries++)
            {
                Assert.True(tries < 200, "the write never waited for the other transaction");
                await Task.Delay(50);
            }
        }

        await other.ExecuteAsync(meet, parameters, transaction);
        await transaction.CommitAsync();
        return await written;
    }
}
