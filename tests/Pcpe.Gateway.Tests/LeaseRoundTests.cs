using System.Text;
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
        var document = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\"}");
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
}
