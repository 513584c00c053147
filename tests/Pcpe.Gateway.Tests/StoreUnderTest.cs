using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>The gateway's store on a throwaway database of its own, with a fresh payload key, for tests of the store itself.</summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    private StoreUnderTest(ThrowawayStore database, PayloadProtector protector, GatewayStore store)
    {
        Database = database;
        Protector = protector;
        Store = store;
    }

    public ThrowawayStore Database { get; }

    public PayloadProtector Protector { get; }

    public GatewayStore Store { get; }

    /// <summary>A document (or payload) whose content the test does not look at.</summary>
    public static byte[] AnyDocument => "{\"resourceType\":\"Bundle\"}"u8.ToArray();

    /// <param name="provider">SQLite or PostgreSQL (the test environment's).</param>
    /// <param name="migratedUpTo">The last migration applied (all when null): a store as an earlier release left it.</param>
    public static async Task<StoreUnderTest> CreateAsync(StoreProvider provider, string? migratedUpTo = null)
    {
        var database = await ThrowawayStore.CreateAsync(provider);
        var protector = new PayloadProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), []);
        var store = GatewayStore.Create(new StoreOptions { Provider = provider, ConnectionString = database.ConnectionString }, Path.GetTempPath(), protector);
        await store.MigrateAsync(migratedUpTo, CancellationToken.None);
        return new StoreUnderTest(database, protector, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Protector.Dispose();
        await Database.DisposeAsync();
    }
}
