using Dapper;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>A lease round takes of each recipient only what it can start now.</summary>
public class LeaseRoundTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_busy_recipient_gets_only_its_free_slots_a_full_one_nothing_and_the_unconfigured_the_default(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var document = StoreUnderTest.AnyDocument;
        var received = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var n = 0; n < 5; n++)
        {
            await store.InsertSubmissionAsync(
                new NewSubmission(Guid.NewGuid(), "dui-test", "plan", $"PPA-{n}", 1, null, $"sha-{n}", GatewayTestHost.Structure, received, document) { PersonRef = "person" },
                [.. new[] { "busy", "full", "idle" }.Select(r => new NewDelivery(Guid.NewGuid(), r, "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, document))],
                CancellationToken.None);
        }

        var leased = await store.LeaseDueAsync(
            "worker", 10, 3, new Dictionary<string, int> { ["busy"] = 1, ["full"] = 0 }, othersToo: true, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(
            [("busy", 1), ("idle", 3)],
            ByRecipient(leased));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_recipient_with_a_long_older_backlog_does_not_keep_the_others_out_of_a_round(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        // A hanging partner: 200 deliveries waiting since ten minutes ago, one slot free. Then three plans for the
        // platform, a minute ago. A round reading everyone's backlog in due order met only the partner's.
        await QueueAsync(store, "hanging", 200, DateTimeOffset.UtcNow.AddMinutes(-10));
        await QueueAsync(store, "platform", 3, DateTimeOffset.UtcNow.AddMinutes(-1));

        var leased = await store.LeaseDueAsync(
            "worker", 8, 4, new Dictionary<string, int> { ["hanging"] = 1, ["platform"] = 4 }, othersToo: false, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(
            [("hanging", 1), ("platform", 3)],
            ByRecipient(leased));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Deliveries_of_a_recipient_no_longer_configured_are_taken_only_by_a_round_that_asks_for_them(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        await QueueAsync(store, "removed", 2, DateTimeOffset.UtcNow.AddMinutes(-10));
        await QueueAsync(store, "platform", 2, DateTimeOffset.UtcNow.AddMinutes(-1));
        var configured = new Dictionary<string, int> { ["platform"] = 1 };

        var usual = await store.LeaseDueAsync("worker", 8, 4, configured, othersToo: false, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow, CancellationToken.None);
        var sweeping = await store.LeaseDueAsync("worker", 8, 4, configured, othersToo: true, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(["platform"], usual.Select(d => d.RecipientId));
        Assert.Equal(
            [("platform", 1), ("removed", 2)],
            ByRecipient(sweeping));
    }

    /// <summary>How many deliveries a round took of each recipient, by recipient.</summary>
    private static List<(string Recipient, int Count)> ByRecipient(IEnumerable<LeasedDelivery> leased)
        => leased.GroupBy(d => d.RecipientId).Select(g => (g.Key, g.Count())).Order().ToList();

    /// <summary>Queues <paramref name="count"/> plans for <paramref name="recipient"/>, each due since <paramref name="received"/>.</summary>
    private static async Task QueueAsync(GatewayStore store, string recipient, int count, DateTimeOffset received)
    {
        for (var n = 0; n < count; n++)
        {
            await store.InsertSubmissionAsync(
                new NewSubmission(Guid.NewGuid(), "dui-test", "plan", $"PPA-{recipient}-{n}", 1, null, $"sha-{n}", GatewayTestHost.Structure, received, StoreUnderTest.AnyDocument) { PersonRef = "person" },
                [new NewDelivery(Guid.NewGuid(), recipient, "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, StoreUnderTest.AnyDocument)],
                CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_round_takes_what_is_due_in_every_status_oldest_first_and_nothing_that_is_not(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var document = StoreUnderTest.AnyDocument;
        var now = DateTimeOffset.UtcNow;
        var states = new (string Name, string Status, long NextAttempt, long? LeaseUntil)[]
        {
            ("pending-late", "Pending", now.AddMinutes(-1).ToUnixTimeMilliseconds(), null),
            ("retry-due", "RetryScheduled", now.AddMinutes(-3).ToUnixTimeMilliseconds(), null),
            ("retry-later", "RetryScheduled", now.AddMinutes(5).ToUnixTimeMilliseconds(), null),
            ("abandoned", "InFlight", now.AddMinutes(-2).ToUnixTimeMilliseconds(), now.AddSeconds(-1).ToUnixTimeMilliseconds()),
            ("in-flight", "InFlight", now.AddMinutes(-4).ToUnixTimeMilliseconds(), now.AddMinutes(1).ToUnixTimeMilliseconds()),
            ("delivered", "Delivered", now.AddMinutes(-5).ToUnixTimeMilliseconds(), null),
        };
        var ids = states.ToDictionary(s => s.Name, _ => Guid.NewGuid());
        await store.InsertSubmissionAsync(
            new NewSubmission(Guid.NewGuid(), "dui-test", "plan", "PPA-1", 1, null, "sha-1", GatewayTestHost.Structure, now, document) { PersonRef = "person" },
            [.. states.Select(s => new NewDelivery(ids[s.Name], "eparcours", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, document))],
            CancellationToken.None);
        await using (var connection = underTest.Database.Open())
        {
            foreach (var state in states)
            {
                await connection.ExecuteAsync(
                    "UPDATE deliveries SET status = @Status, next_attempt_at = @NextAttempt, lease_until = @LeaseUntil, lease_owner = CASE WHEN @LeaseUntil IS NULL THEN NULL ELSE 'dead-worker' END WHERE id = @id",
                    new { state.Status, state.NextAttempt, state.LeaseUntil, id = ids[state.Name].ToString() });
            }
        }

        // A round of two takes the two oldest due, whatever their status: the retry (3 min) and the abandoned lease (2 min).
        var first = await store.LeaseDueAsync("worker", 2, 10, new Dictionary<string, int>(), othersToo: true, TimeSpan.FromMinutes(1), now, CancellationToken.None);
        Assert.Equal(new[] { ids["retry-due"], ids["abandoned"] }.Order(), first.Select(l => l.Id).Order());

        // The next takes the pending one, and nothing that is not due, still leased or done.
        var second = await store.LeaseDueAsync("worker", 10, 10, new Dictionary<string, int>(), othersToo: true, TimeSpan.FromMinutes(1), now, CancellationToken.None);
        Assert.Equal([ids["pending-late"]], second.Select(l => l.Id));
    }
}
