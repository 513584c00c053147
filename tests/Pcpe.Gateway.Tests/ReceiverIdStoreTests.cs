using Dapper;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>The ids "create only" receivers assigned, as the store keeps them: per recipient, hashed, erasable.</summary>
public class ReceiverIdStoreTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Ids_are_kept_per_recipient_under_a_hash_the_latest_wins_and_a_persons_go_with_their_erasure(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        const string Patient = "Patient?identifier=urn%3Aoid%3A1.2.250.1.213.1.4.8|295109912611193";
        const string Plan = "CarePlan?identifier=urn%3Aoid%3A1.2.250.1.71.4.2.2|PP-1";
        var at = DateTimeOffset.UtcNow;

        await store.KeepReceiverIdsAsync("dui-a", "person-1", [new(Patient, "Patient/1"), new(Plan, "CarePlan/1")], at, CancellationToken.None);
        await store.KeepReceiverIdsAsync("dui-a", "person-1", [new(Plan, "CarePlan/2")], at, CancellationToken.None);
        await store.KeepReceiverIdsAsync("dui-b", "person-1", [new(Patient, "Patient/b7")], at, CancellationToken.None);
        await store.KeepReceiverIdsAsync("dui-a", "person-2", [new("Patient?identifier=x|2", "Patient/9")], at, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { [Patient] = "Patient/1", [Plan] = "CarePlan/2" },
            await store.ReceiverIdsAsync("dui-a", [Patient, Plan, "Goal?identifier=y|3"], CancellationToken.None));
        Assert.Equal(new Dictionary<string, string> { [Patient] = "Patient/b7" },
            await store.ReceiverIdsAsync("dui-b", [Patient, Plan], CancellationToken.None));
        await using (var connection = underTest.Database.Open())
        {
            var stored = string.Join("\n", await connection.QueryAsync<string>("SELECT address_ref || ' ' || receiver_id FROM receiver_ids"));
            Assert.DoesNotContain("295109912611193", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("PP-1", stored, StringComparison.Ordinal);
        }

        await store.ErasePersonAsync("person-1", at, CancellationToken.None);

        Assert.Empty(await store.ReceiverIdsAsync("dui-a", [Patient, Plan], CancellationToken.None));
        Assert.Empty(await store.ReceiverIdsAsync("dui-b", [Patient], CancellationToken.None));
        Assert.Single(await store.ReceiverIdsAsync("dui-a", ["Patient?identifier=x|2"], CancellationToken.None));
    }
}
