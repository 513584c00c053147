using Dapper;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>A lease round takes of each recipient only what it can start now.</summary>
public class LeaseRoundTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_busy_recipient_gets_only_its_free_slots_a_full_one_nothing_and_the_others_the_default(StoreProvider provider)
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
            "worker", 10, 3, new Dictionary<string, int> { ["busy"] = 1, ["full"] = 0 }, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(
            [("busy", 1), ("idle", 3)],
            leased.GroupBy(d => d.RecipientId).Select(g => (g.Key, g.Count())).Order().ToList());
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
        var first = await store.LeaseDueAsync("worker", 2, 10, new Dictionary<string, int>(), TimeSpan.FromMinutes(1), now, CancellationToken.None);
        Assert.Equal(new[] { ids["retry-due"], ids["abandoned"] }.Order(), first.Select(l => l.Id).Order());

        // The next takes the pending one, and nothing that is not due, still leased or done.
        var second = await store.LeaseDueAsync("worker", 10, 10, new Dictionary<string, int>(), TimeSpan.FromMinutes(1), now, CancellationToken.None);
        Assert.Equal([ids["pending-late"]], second.Select(l => l.Id));
    }
}
