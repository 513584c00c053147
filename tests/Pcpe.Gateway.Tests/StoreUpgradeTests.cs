using System.Text;
using Dapper;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// A store left by an earlier release keeps every document and payload through the upgrade: what was
/// queued is still sent with its payload, dead letters can still be replayed, purged payloads stay purged,
/// consent versions keep their numbers.
/// </summary>
public class StoreUpgradeTests
{
    private const string Structure = GatewayTestHost.Structure;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Documents_and_payloads_stored_before_their_own_tables_survive_the_upgrade(StoreProvider provider)
    {
        await using var underTest = await StoreUnderTest.CreateAsync(provider, migratedUpTo: "0007_sharing_registry_audit");
        var (store, protector) = (underTest.Store, underTest.Protector);

        var plan = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"id\":\"plan-v1\"}");
        var forPlatform = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"id\":\"for-platform\"}");
        var forPartner = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"id\":\"for-partner\"}");
        var consent = Encoding.UTF8.GetBytes("{\"resourceType\":\"Consent\",\"id\":\"care-team-sharing\"}");
        var (live, queued, deadLetter) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (purged, purgedDeadLetter) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = underTest.Database.Open())
        {
            // Rows as release 0007 wrote them: the BLOBs inside submissions and deliveries, a purged document empty.
            const string Submission = """
                INSERT INTO submissions (id, client_id, kind, document_id, document_version, content_sha256, structure_finess, received_at, document, person_ref, payload_purged_at)
                VALUES (@id, 'dui-test', 'plan', @documentId, 1, 'sha', @structure, 1000, @document, 'person', @purgedAt)
                """;
            await connection.ExecuteAsync(Submission, new { id = live.ToString(), documentId = "PPA-LIVE", structure = Structure, document = protector.Protect(plan), purgedAt = (long?)null });
            await connection.ExecuteAsync(Submission, new { id = purged.ToString(), documentId = "PPA-PURGED", structure = Structure, document = Array.Empty<byte>(), purgedAt = (long?)2000 });
            const string Delivery = """
                INSERT INTO deliveries (id, submission_id, recipient_id, channel, status, attempts, next_attempt_at, created_at, updated_at, payload)
                VALUES (@id, @submission, @recipient, 'FhirRest', @status, @attempts, 0, 1000, 1000, @payload)
                """;
            await connection.ExecuteAsync(Delivery, new { id = queued.ToString(), submission = live.ToString(), recipient = "eparcours", status = "Pending", attempts = 0, payload = protector.Protect(forPlatform) });
            await connection.ExecuteAsync(Delivery, new { id = deadLetter.ToString(), submission = live.ToString(), recipient = "dui-partenaire", status = "DeadLettered", attempts = 8, payload = protector.Protect(forPartner) });
            await connection.ExecuteAsync(Delivery, new { id = purgedDeadLetter.ToString(), submission = purged.ToString(), recipient = "dui-partenaire", status = "DeadLettered", attempts = 8, payload = (byte[]?)null });
            await connection.ExecuteAsync(
                """
                INSERT INTO consents (identifier, version, person_ref, kind, structure_finess, status, content_sha256, recorded_at, source, resource)
                VALUES (@identifier, 7, 'person', 'care-team-sharing', @structure, 'informed', 'sha', 1000, 'submission:x', @resource)
                """,
                new { identifier = $"{Structure}/care-team-sharing", structure = Structure, resource = protector.Protect(consent) });
        }

        await store.MigrateAsync(CancellationToken.None);

        // Consent versions keep their numbers (the audit trail may cite them).
        var kept = Assert.Single(await store.ConsentHistoryAsync("person", CancellationToken.None));
        Assert.Equal(7, kept.Version);
        Assert.Equal(consent, kept.Resource);
        Assert.Equal(plan, await store.FindLatestPlanAsync(Structure, "PPA-LIVE", CancellationToken.None));
        Assert.Null(await store.FindLatestPlanAsync(Structure, "PPA-PURGED", CancellationToken.None));
        var now = DateTimeOffset.UtcNow;
        var leased = Assert.Single(await store.LeaseDueAsync("upgrade-test", 10, 10, new Dictionary<string, int>(), othersToo: true, TimeSpan.FromMinutes(1), now, CancellationToken.None));
        Assert.Equal(queued, leased.Id);
        Assert.Equal(forPlatform, leased.Payload);

        // A dead letter can be replayed only when its payload is still there.
        Assert.Null(await store.ReplayAsync(purgedDeadLetter, now, CancellationToken.None));
        Assert.NotNull(await store.ReplayAsync(deadLetter, now, CancellationToken.None));
        var replayed = Assert.Single(await store.LeaseDueAsync("upgrade-test", 10, 10, new Dictionary<string, int>(), othersToo: true, TimeSpan.FromMinutes(1), now.AddSeconds(1), CancellationToken.None));
        Assert.Equal(deadLetter, replayed.Id);
        Assert.Equal(forPartner, replayed.Payload);
    }
}
