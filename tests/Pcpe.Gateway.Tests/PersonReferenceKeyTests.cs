using System.Security.Cryptography;
using Dapper;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// Persons are filed under an HMAC whose key the store keeps: rotating the payload key (and later retiring the
/// old one) leaves every person reference as it was, so consents and memberships are still found.
/// </summary>
public class PersonReferenceKeyTests
{
    private const string Person = "ins:295109912611193";

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Rotating_the_payload_key_then_retiring_the_old_one_keeps_every_person_reference(StoreProvider provider)
    {
        await using var database = await ThrowawayStore.CreateAsync(provider);
        var first = RandomNumberGenerator.GetBytes(32);
        var second = RandomNumberGenerator.GetBytes(32);

        var before = await PersonRefAsync(database, first, []);
        var rotated = await PersonRefAsync(database, second, [first]);
        var retired = await PersonRefAsync(database, second, []);

        Assert.Equal(before, rotated);
        Assert.Equal(before, retired);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_store_that_filed_persons_before_it_kept_a_key_keeps_filing_them_as_it_did(StoreProvider provider)
    {
        await using var database = await ThrowawayStore.CreateAsync(provider);
        var key = RandomNumberGenerator.GetBytes(32);
        using (var earlier = new PayloadProtector(key, []))
        {
            // A store as the release before it kept a key left it, with one person filed.
            await using var store = Open(database, earlier);
            await store.MigrateAsync("0013_receiver_ids", CancellationToken.None);
            await using var connection = database.Open();
            await connection.ExecuteAsync(
                """
                INSERT INTO submissions (id, client_id, kind, document_id, document_version, content_sha256, structure_finess, received_at, person_ref)
                VALUES (@id, 'dui-test', 'plan', 'PPA-1', 1, 'sha-1', @structure, 0, @person)
                """,
                new { id = Guid.NewGuid().ToString(), structure = GatewayTestHost.Structure, person = earlier.PersonRef(Person) });
        }

        using var legacy = new PayloadProtector(key, []);
        var filedThen = legacy.PersonRef(Person);

        Assert.Equal(filedThen, await PersonRefAsync(database, key, []));
        Assert.Equal(filedThen, await PersonRefAsync(database, RandomNumberGenerator.GetBytes(32), [key]));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_store_upgraded_and_rotated_at_once_keeps_filing_persons_under_the_key_they_were_filed_with(StoreProvider provider)
    {
        await using var database = await ThrowawayStore.CreateAsync(provider);
        var old = RandomNumberGenerator.GetBytes(32);
        string filedThen;
        using (var earlier = new PayloadProtector(old, []))
        {
            // A store as the release before it kept a key left it: a consent filed under the old key's derivation.
            await using var store = Open(database, earlier);
            await store.MigrateAsync("0013_receiver_ids", CancellationToken.None);
            filedThen = earlier.PersonRef(Person);
            await using var connection = database.Open();
            await connection.ExecuteAsync(
                """
                INSERT INTO consents (identifier, version, person_ref, kind, structure_finess, status, content_sha256, recorded_at, source, resource)
                VALUES ('340000017/C1', 1, @person, 'disclosure', @structure, 'active', 'sha', 0, 'test', @resource)
                """,
                new { person = filedThen, structure = GatewayTestHost.Structure, resource = earlier.Protect("{\"resourceType\":\"Consent\"}"u8) });
        }

        // The operator upgrades and rotates in one go: the new key is current, the old one only decrypts.
        Assert.Equal(filedThen, await PersonRefAsync(database, RandomNumberGenerator.GetBytes(32), [old]));
    }

    [Fact]
    public async Task A_store_not_migrated_refuses_to_file_a_person()
    {
        await using var database = await ThrowawayStore.CreateAsync(StoreProvider.Sqlite);
        using var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        await using var store = Open(database, protector);

        Assert.Throws<InvalidOperationException>(() => store.PersonRefOf(Person));
    }

    [Fact]
    public async Task A_new_store_files_persons_under_a_key_of_its_own_not_one_derived_from_the_payload_key()
    {
        await using var database = await ThrowawayStore.CreateAsync(StoreProvider.Sqlite);
        var key = RandomNumberGenerator.GetBytes(32);
        using var derivedOnly = new PayloadProtector(key, []);

        Assert.NotEqual(derivedOnly.PersonRef(Person), await PersonRefAsync(database, key, []));
    }

    private static GatewayStore Open(ThrowawayStore database, PayloadProtector protector)
        => GatewayStore.Create(new StoreOptions { Provider = database.Provider, ConnectionString = database.ConnectionString }, Path.GetTempPath(), protector);

    // The reference a gateway started with these keys files the person under.
    private static async Task<string> PersonRefAsync(ThrowawayStore database, byte[] current, byte[][] previous)
    {
        using var protector = new PayloadProtector(current, previous);
        await using var store = Open(database, protector);
        await store.MigrateAsync(CancellationToken.None);
        return protector.PersonRef(Person);
    }
}
