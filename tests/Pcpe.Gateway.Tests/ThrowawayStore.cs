using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests;

/// <summary>A store of its own for one test: a fresh SQLite file or a fresh PostgreSQL database, dropped afterwards.</summary>
public sealed class ThrowawayStore : IAsyncDisposable
{
    private readonly Func<Task> _drop;

    private ThrowawayStore(StoreProvider provider, string connectionString, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    public StoreProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<ThrowawayStore> CreateAsync(StoreProvider provider)
    {
        if (provider == StoreProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "pcpe-gateway-tests");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
            return new ThrowawayStore(provider, $"Data Source={file}", () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (var f in Directory.EnumerateFiles(folder, Path.GetFileName(file) + "*"))
                {
                    File.Delete(f);
                }

                return Task.CompletedTask;
            });
        }

        // A fresh database per test: tests never see each other's rows.
        var database = $"pcpe_t_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString);
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.ExecuteAsync($"CREATE DATABASE {database}");
        }

        var own = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database };
        return new ThrowawayStore(provider, own.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            // Seen once in CI: a backend on the database that the test role may not terminate (42501), cause
            // not identified. Try again; otherwise leave the throwaway database to the environment's teardown.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                    return;
                }
                catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 10)
                {
                    await Task.Delay(200 * attempt);
                }
                catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
                {
                    return;
                }
            }
        });
    }

    /// <summary>A direct connection, to look at rows as an auditor would.</summary>
    public DbConnection Open() => Provider == StoreProvider.Sqlite
        ? new SqliteConnection(ConnectionString)
        : new NpgsqlConnection(ConnectionString);

    public ValueTask DisposeAsync() => new(_drop());
}
