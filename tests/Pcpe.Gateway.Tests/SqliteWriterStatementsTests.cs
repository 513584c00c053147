using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// The SQLite writer runs each statement from one prepared copy, kept on its one connection: run again with
/// other values, in later transactions, and after a run that failed, it writes exactly what it is given.
/// The readers are kept between reads too, and each read still sees every commit before it.
/// </summary>
public class SqliteWriterStatementsTests
{
    // SQLITE_STMTSTATUS_RUN (sqlite3.h), which SQLitePCLRaw does not name.
    private const int StatementStatusRun = 6;

    private const string Insert = "INSERT INTO probe (id, value) VALUES (@id, @value) RETURNING id";

    [Fact]
    public async Task A_statement_prepared_once_writes_each_runs_own_values_also_after_a_failed_run()
    {
        await using var store = await StoreUnderTest.CreateAsync(StoreProvider.Sqlite);
        await using var dialect = StoreDialect.Create(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = store.Database.ConnectionString }, Path.GetTempPath());
        var writer = await dialect.OpenWriterAsync(CancellationToken.None);
        Assert.Same(writer, await dialect.OpenWriterAsync(CancellationToken.None));
        await InTransactionAsync(writer, t => writer.ExecuteAsync("CREATE TABLE probe (id INTEGER PRIMARY KEY, value TEXT NOT NULL)", transaction: t));

        await InTransactionAsync(writer, t => writer.ExecuteScalarAsync<long>(Insert, new { id = 1, value = "one" }, t));
        // A duplicate key fails its run; the transaction is rolled back and the statement stays usable.
        var failure = await Assert.ThrowsAsync<SqliteException>(() => InTransactionAsync(writer, t => writer.ExecuteScalarAsync<long>(Insert, new { id = 1, value = "again" }, t)));
        Assert.Equal(19, failure.SqliteErrorCode); // SQLITE_CONSTRAINT
        for (var id = 2; id <= 20; id++)
        {
            var row = id;
            await InTransactionAsync(writer, t => writer.ExecuteScalarAsync<long>(Insert, new { id = row, value = $"value {row}" }, t));
        }

        // Several rows in one transaction, and a read on the same connection in it.
        await InTransactionAsync(writer, async t =>
        {
            await writer.ExecuteScalarAsync<long>(Insert, new { id = 21, value = "twenty-one" }, t);
            await writer.ExecuteScalarAsync<long>(Insert, new { id = 22, value = "twenty-two" }, t);
            Assert.Equal(22, await writer.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe", transaction: t));
        });

        // One prepared statement served every run: SQLite counts a run as it starts, so this one counts itself
        // and the 23 before it (1, the failed one, 19, 2). A statement prepared for this run would count 1.
        await InTransactionAsync(writer, async t =>
        {
            await using var command = writer.CreateCommand();
            command.Transaction = t;
            command.CommandText = Insert;
            command.Parameters.Add(new SqliteParameter("@id", 23));
            command.Parameters.Add(new SqliteParameter("@value", "twenty-three"));
            await using var reader = (SqliteDataReader)await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(24, SQLitePCL.raw.sqlite3_stmt_status(reader.Handle, StatementStatusRun, 0));
        });

        // Read on a connection of its own: what was committed, each row with its own value.
        await using var separate = await dialect.OpenAsync(CancellationToken.None);
        var rows = (await separate.QueryAsync<(long Id, string Value)>("SELECT id, value FROM probe ORDER BY id")).ToList();
        Assert.Equal(
            [(1L, "one"), .. Enumerable.Range(2, 19).Select(i => ((long)i, $"value {i}")), (21L, "twenty-one"), (22L, "twenty-two"), (23L, "twenty-three")],
            rows);
    }

    [Fact]
    public async Task A_reader_kept_between_reads_reuses_its_statement_and_sees_every_commit()
    {
        await using var store = await StoreUnderTest.CreateAsync(StoreProvider.Sqlite);
        await using var dialect = StoreDialect.Create(new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = store.Database.ConnectionString }, Path.GetTempPath());
        var writer = await dialect.OpenWriterAsync(CancellationToken.None);
        await InTransactionAsync(writer, t => writer.ExecuteAsync("CREATE TABLE probe (id INTEGER PRIMARY KEY, value TEXT NOT NULL)", transaction: t));

        // Each read, on a connection opened and disposed around it as the store does, counts every row committed
        // before it (no snapshot kept from the read before), from the one statement prepared for the first read.
        for (var id = 1; id <= 5; id++)
        {
            var row = id;
            await InTransactionAsync(writer, t => writer.ExecuteScalarAsync<long>(Insert, new { id = row, value = $"value {row}" }, t));
            await using var reader = await dialect.OpenAsync(CancellationToken.None);
            await using var command = reader.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM probe";
            await using var rows = (SqliteDataReader)await command.ExecuteReaderAsync();
            Assert.True(await rows.ReadAsync());
            Assert.Equal((long)id, rows.GetInt64(0));
            Assert.Equal(id, SQLitePCL.raw.sqlite3_stmt_status(rows.Handle, StatementStatusRun, 0));
        }

        // A reader given back in a transaction, or with a result still being read, would keep its old snapshot
        // for whoever borrows it next: the transaction is rolled back, the reader with a running statement closed.
        await using (var inTransaction = await dialect.OpenAsync(CancellationToken.None))
        {
            var transaction = await inTransaction.BeginTransactionAsync();
            Assert.Equal(5, await inTransaction.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe", transaction: transaction));
        }

        await InTransactionAsync(writer, t => writer.ExecuteScalarAsync<long>(Insert, new { id = 6, value = "six" }, t));
        await using (var next = await dialect.OpenAsync(CancellationToken.None))
        {
            Assert.Equal(6, await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe"));
            var unfinished = await next.ExecuteReaderAsync("SELECT id FROM probe ORDER BY id");
            Assert.True(await unfinished.ReadAsync());
        }

        await InTransactionAsync(writer, t => writer.ExecuteScalarAsync<long>(Insert, new { id = 7, value = "seven" }, t));
        await using var afterwards = await dialect.OpenAsync(CancellationToken.None);
        Assert.Equal(7, await afterwards.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe"));
    }

    private static async Task InTransactionAsync(DbConnection connection, Func<DbTransaction, Task> work)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await work(transaction);
        await transaction.CommitAsync();
    }
}
