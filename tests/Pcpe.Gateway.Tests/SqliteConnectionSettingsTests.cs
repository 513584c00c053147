using System.Data.Common;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// The SQLite store's durability and integrity settings hold on every connection it hands out, new ones and those
/// the pool hands out again (configured once per native connection, not at every open).
/// </summary>
public class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task Every_connection_is_durable_and_checks_references_also_when_reopened_from_the_pool()
    {
        await using var store = await StoreUnderTest.CreateAsync(StoreProvider.Sqlite);
        await using var dialect = StoreDialect.Create(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = store.Database.ConnectionString }, Path.GetTempPath());

        SQLitePCL.sqlite3[] natives;
        await using (var first = await dialect.OpenAsync(CancellationToken.None))
        await using (var second = await dialect.OpenAsync(CancellationToken.None))
        {
            // Two at once: two native connections, each configured.
            await AssertSettingsAsync(first);
            await AssertSettingsAsync(second);
            natives = [((Microsoft.Data.Sqlite.SqliteConnection)first).Handle!, ((Microsoft.Data.Sqlite.SqliteConnection)second).Handle!];
            Assert.NotSame(natives[0], natives[1]);
        }

        // From the pool again: one of the two, still configured.
        await using var reopened = await dialect.OpenAsync(CancellationToken.None);
        Assert.Contains(((Microsoft.Data.Sqlite.SqliteConnection)reopened).Handle, natives);
        await AssertSettingsAsync(reopened);
    }

    private static async Task AssertSettingsAsync(DbConnection connection)
    {
        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("2", await PragmaAsync(connection, "synchronous")); // FULL: an acknowledged submission survives a power cut
        Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));
        Assert.Equal("30000", await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal("20000", await PragmaAsync(connection, "wal_autocheckpoint"));
        Assert.Equal("83886080", await PragmaAsync(connection, "journal_size_limit"));
    }

    private static async Task<string?> PragmaAsync(DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
