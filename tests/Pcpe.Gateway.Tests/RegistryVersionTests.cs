using System.Text;
using Dapper;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// A submission is stored only if the person's registry is as it was when its deliveries were decided, as far as
/// sharing could narrow: a consent recorded or another document stored in between makes the store refuse it, whole,
/// so its intake decides again; what can only widen sharing (an informed person's care-team record) does not.
/// </summary>
public class RegistryVersionTests
{
    private const string Person = "person-1";

    private static NewSubmission Submission(string documentId, long? decidedAt, params ConsentToStore[] consents)
        => new(Guid.NewGuid(), "dui-test", "plan", documentId, 1, null, "sha-" + documentId, GatewayTestHost.Structure, DateTimeOffset.UtcNow, StoreUnderTest.AnyDocument)
        {
            PersonRef = Person,
            Consents = consents,
            DecidedAtRegistryVersion = decidedAt,
        };

    private static ConsentToStore Consent(string identifier, string status)
        => new(identifier, Person, "disclosure", GatewayTestHost.Structure, status, Encoding.UTF8.GetBytes($"{{\"resourceType\":\"Consent\",\"status\":\"{status}\"}}"), null, "test");

    private static NewDelivery Delivery() => new(Guid.NewGuid(), "eparcours", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, StoreUnderTest.AnyDocument);

    private static async Task<long> VersionAsync(GatewayStore store)
        => (await store.PersonRegistriesAsync([Person], CancellationToken.None))[Person].Version;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Every_write_of_the_registry_counts_and_a_submission_decided_before_one_is_refused_whole(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        Assert.Equal(0, await VersionAsync(store));

        Assert.Equal(InsertResult.Created, (await store.InsertSubmissionAsync(Submission("PPA-1", 0, Consent("340000017/C0", "active")), [Delivery()], CancellationToken.None)).Result);
        Assert.Equal(1, await VersionAsync(store));
        // A document that changes nothing of the registry (the same consent, the same team) leaves its version.
        Assert.Equal(InsertResult.Created, (await store.InsertSubmissionAsync(Submission("PPA-0", 1, Consent("340000017/C0", "active")), [Delivery()], CancellationToken.None)).Result);
        Assert.Equal(1, await VersionAsync(store));
        await store.RecordConsentAsync(Consent("340000017/C1", "active"), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(2, await VersionAsync(store));
        // The same consent again records nothing, and changes nothing a decision reads.
        await store.RecordConsentAsync(Consent("340000017/C1", "active"), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(2, await VersionAsync(store));

        // A care-team record of an informed, unopposed person only widens sharing: a decision without it stays safe.
        await store.RecordConsentAsync(Consent("340000017/CARE", "active") with { OnlyWidens = true }, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(2, await VersionAsync(store));

        // Decided when the registry had one write: the consent came in between.
        var stale = await store.InsertSubmissionAsync(Submission("PPA-2", 1, Consent("340000017/C2", "active")), [Delivery()], CancellationToken.None);

        Assert.Equal(InsertResult.RegistryChanged, stale.Result);
        await using (var connection = underTest.Database.Open())
        {
            Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions"));
            Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries"));
            Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM consents"));
        }

        Assert.Equal(2, await VersionAsync(store));
        Assert.Equal(InsertResult.Created, (await store.InsertSubmissionAsync(Submission("PPA-2", 2, Consent("340000017/C2", "active")), [Delivery()], CancellationToken.None)).Result);
        Assert.Equal(3, await VersionAsync(store));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_document_already_stored_is_a_duplicate_whatever_version_it_was_decided_at(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider);
        var store = underTest.Store;
        var first = Submission("PPA-1", 0, Consent("340000017/C0", "active"));
        await store.InsertSubmissionAsync(first, [Delivery()], CancellationToken.None);

        var again = await store.InsertSubmissionAsync(first with { Id = Guid.NewGuid(), DecidedAtRegistryVersion = 0 }, [Delivery()], CancellationToken.None);

        Assert.Equal((InsertResult.Duplicate, first.Id), (again.Result, again.SubmissionId));
        Assert.Equal(1, await VersionAsync(store));
    }
}
