using System.Data.Common;
using System.Text;
using Dapper;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>Writes committed together (SQLite's group commit) stay independent: a bad one fails alone.</summary>
public class StoreWriteTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_bad_write_among_concurrent_ones_fails_alone_and_leaves_nothing_of_itself(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var document = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\"}");
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
}
