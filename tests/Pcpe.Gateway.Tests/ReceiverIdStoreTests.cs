using Dapper;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>The ids "create only" receivers assigned, as the store keeps them: per recipient, hashed and sealed, erasable.</summary>
public class ReceiverIdStoreTests
{
    private const string Patient = "Patient?identifier=urn%3Aoid%3A1.2.250.1.213.1.4.8|295109912611193";
    private const string Plan = "CarePlan?identifier=urn%3Aoid%3A1.2.250.1.71.4.2.2|PP-1";

    // A delivery being sent, with its payload, of a person's submission.
    private static async Task<Guid> DeliveryAsync(GatewayStore store, string personRef)
    {
        var delivery = Guid.NewGuid();
        await store.InsertSubmissionAsync(
            new NewSubmission(Guid.NewGuid(), "dui-test", "plan", "PPA-" + delivery.ToString("N"), 1, null, "sha", GatewayTestHost.Structure, DateTimeOffset.UtcNow, StoreUnderTest.AnyDocument) { PersonRef = personRef },
            [new NewDelivery(delivery, "dui-a", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, StoreUnderTest.AnyDocument)],
            CancellationToken.None);
        return delivery;
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Ids_are_kept_per_recipient_hashed_and_sealed_the_latest_wins_and_a_persons_go_with_their_erasure(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var at = DateTimeOffset.UtcNow;
        var first = await DeliveryAsync(store, "person-1");
        var other = await DeliveryAsync(store, "person-2");

        await store.KeepReceiverIdsAsync("dui-a", first, "person-1", [new(Patient, "Patient/1"), new(Plan, "CarePlan/1")], at, CancellationToken.None);
        await store.KeepReceiverIdsAsync("dui-a", first, "person-1", [new(Plan, "CarePlan/2")], at, CancellationToken.None);
        await store.KeepReceiverIdsAsync("dui-b", first, "person-1", [new(Patient, "Patient/b7")], at, CancellationToken.None);
        await store.KeepReceiverIdsAsync("dui-a", other, "person-2", [new("Patient?identifier=x|2", "Patient/9")], at, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { [Patient] = "Patient/1", [Plan] = "CarePlan/2" },
            await store.ReceiverIdsAsync("dui-a", [Patient, Plan, "Goal?identifier=y|3"], CancellationToken.None));
        Assert.Equal(new Dictionary<string, string> { [Patient] = "Patient/b7" },
            await store.ReceiverIdsAsync("dui-b", [Patient, Plan], CancellationToken.None));
        await using (var connection = underTest.Database.Open())
        {
            var stored = string.Join("\n", await connection.QueryAsync<string>("SELECT address_ref || ' ' || receiver_id FROM receiver_ids"));
            Assert.DoesNotContain("295109912611193", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("PP-1", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("Patient/", stored, StringComparison.Ordinal);
        }

        await store.ErasePersonAsync("person-1", at, CancellationToken.None);

        Assert.Empty(await store.ReceiverIdsAsync("dui-a", [Patient, Plan], CancellationToken.None));
        Assert.Empty(await store.ReceiverIdsAsync("dui-b", [Patient], CancellationToken.None));
        Assert.Single(await store.ReceiverIdsAsync("dui-a", ["Patient?identifier=x|2"], CancellationToken.None));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task The_answer_of_a_send_that_outlived_the_persons_erasure_is_not_kept(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var delivery = await DeliveryAsync(store, "person-1");
        await store.ErasePersonAsync("person-1", DateTimeOffset.UtcNow, CancellationToken.None);

        await store.KeepReceiverIdsAsync("dui-a", delivery, "person-1", [new(Patient, "Patient/1")], DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Empty(await store.ReceiverIdsAsync("dui-a", [Patient], CancellationToken.None));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Forgotten_ids_are_created_again(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var delivery = await DeliveryAsync(store, "person-1");
        await store.KeepReceiverIdsAsync("dui-a", delivery, "person-1", [new(Patient, "Patient/1"), new(Plan, "CarePlan/1")], DateTimeOffset.UtcNow, CancellationToken.None);

        await store.ForgetReceiverIdsAsync("dui-a", [Plan], CancellationToken.None);

        Assert.Equal([Patient], (await store.ReceiverIdsAsync("dui-a", [Patient, Plan], CancellationToken.None)).Keys);
    }
}
