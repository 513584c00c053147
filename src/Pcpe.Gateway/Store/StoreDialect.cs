using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pcpe.Gateway.Store;

/// <summary>What differs between SQLite and PostgreSQL: connections, migrations folder, row leasing.</summary>
internal abstract class StoreDialect : IAsyncDisposable
{
    public abstract string MigrationsFolder { get; }

    /// <summary>SQLite allows one writer at a time; callers serialise writes through this gate.</summary>
    public abstract bool SingleWriter { get; }

    /// <summary>Whether each command is a round trip to a server, so that statements are worth sending together.</summary>
    public abstract bool BatchesStatements { get; }

    /// <summary>The clause that makes the lease subquery skip rows other instances hold.</summary>
    public abstract string LockClause { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// FROM and WHERE of "a person's deliveries", from their submissions (index on person_ref) to each one's
    /// deliveries (index on submission_id), with the submission as <c>s</c> and the delivery as <c>d</c>.
    /// Left to choose, both databases could walk the whole queue instead whenever their statistics lag
    /// behind a growing backlog, which would make every consent change cost the queue's size.
    /// </summary>
    /// <param name="personRef">The placeholder the person's keyed reference is bound to.</param>
    public abstract string PersonDeliveries(string personRef);

    /// <summary>Serialises schema migration across instances.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>A statement that serialises writers of registry keys (a consent's versions, a person's
    /// memberships) across instances until the transaction ends: it locks the keys bound as
    /// <paramref name="keyPlaceholders"/> in the order given and returns one row; null when writers need no
    /// lock (one writer).</summary>
    public virtual string? LockKeysStatement(IReadOnlyList<string> keyPlaceholders) => null;

    /// <summary>A statement returning one row that serialises appends to the audit chain across instances until
    /// the transaction ends; null with one writer.</summary>
    public virtual string? LockAuditStatement => null;

    /// <summary>Whether a transaction failed only because it met a concurrent one (a deadlock, a serialization
    /// failure), so that running it again can succeed. Never with one writer.</summary>
    public virtual bool IsConflict(Exception exception) => false;

    public static StoreDialect Create(StoreOptions options, string contentRoot) => options.Provider switch
    {
        StoreProvider.Sqlite => new SqliteDialect(options.ConnectionString, contentRoot),
        StoreProvider.Postgres => new PostgresDialect(options.ConnectionString),
        _ => throw new InvalidOperationException($"unknown store provider {options.Provider}"),
    };

    /// <summary>Where the SQLite store keeps its generated payload key (next to the database file); null for PostgreSQL or in memory.</summary>
    public static string? DefaultKeyFile(StoreOptions options, string contentRoot)
    {
        if (options.Provider != StoreProvider.Sqlite)
        {
            return null;
        }

        var source = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        if (source == ":memory:")
        {
            return null;
        }

        var path = Path.IsPathRooted(source) ? source : Path.Combine(contentRoot, source);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path + ".key";
    }

    private sealed class SqliteDialect : StoreDialect
    {
        private static readonly object Configured = new();
        private readonly string _connectionString;
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

        public SqliteDialect(string connectionString, string contentRoot)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
            if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            {
                builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
            }

            if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            _connectionString = builder.ToString();
        }

        public override string MigrationsFolder => "sqlite";

        // CROSS JOIN keeps SQLite on the order written.
        public override string PersonDeliveries(string personRef) => $"FROM submissions s CROSS JOIN deliveries d WHERE d.submission_id = s.id AND s.person_ref = {personRef}";

        public override bool SingleWriter => true;

        public override bool BatchesStatements => false;

        public override string LockClause => string.Empty;

        // Microsoft.Data.Sqlite pools the native connections: a write and every read open one from its pool.
        public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenNativeAsync(cancellationToken);

        private async ValueTask<SqliteConnection> OpenNativeAsync(CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            // These settings live on the native connection, which the pool keeps from one open to the next:
            // set once per native connection, not six statements before every read and every write.
            var native = connection.Handle!;
            if (_configured.TryGetValue(native, out _))
            {
                return connection;
            }

            await using var pragma = connection.CreateCommand();
            // WAL: readers never block the writer; NORMAL sync is durable in WAL mode except on power loss
            // of the last transactions, which FULL guards: we keep FULL because an acknowledged
            // submission must survive anything.
            // The writer checkpoints when the WAL reaches wal_autocheckpoint pages, inside the commit of whichever
            // batch crossed it, with two fsyncs and every page written since copied back. At SQLite's default
            // (1,000 pages, 4 MiB) that is several checkpoints a second under load, each recopying the same hot
            // index pages; at 20,000 the WAL grows to about 80 MiB (docs/performance.md, "Runtime settings and
            // the first minute").
            // journal_size_limit trims the WAL file back after a reset.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = 20000; PRAGMA journal_size_limit = 83886080;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(native, Configured);
            return connection;
        }

        public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresDialect(string connectionString) : StoreDialect
    {
        private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(WithPreparedStatements(connectionString));

        public override string MigrationsFolder => "postgres";

        // A LATERAL subquery kept whole (OFFSET 0) is run once per submission of the person, by index.
        public override string PersonDeliveries(string personRef) => $"FROM submissions s CROSS JOIN LATERAL (SELECT * FROM deliveries WHERE submission_id = s.id OFFSET 0) d WHERE s.person_ref = {personRef}";

        // The gateway runs the same few statements all day: prepared once per connection, PostgreSQL need not
        // parse and plan each again (docs/performance.md, "Runtime settings and the first minute"). An operator
        // behind a pooler that cannot keep prepared statements sets "Max Auto Prepare=0".
        private static string WithPreparedStatements(string connectionString)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            {
                builder.MaxAutoPrepare = 128;
                builder.AutoPrepareMinUsages = 2;
            }

            // The gateway changes no session state (its locks end with their transaction), so a pooled
            // connection need not be reset: a reset is several statements each time a connection goes back to the pool.
            if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            {
                builder.NoResetOnClose = true;
            }

            return builder.ConnectionString;
        }

        public override bool SingleWriter => false;

        public override bool BatchesStatements => true;

        public override string LockClause => "FOR UPDATE SKIP LOCKED";

        public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
            => await _dataSource.OpenConnectionAsync(cancellationToken);

        public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(7305822001)";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // VALUES rows are scanned in order, so every instance takes a submission's locks in one order.
        public override string? LockKeysStatement(IReadOnlyList<string> keyPlaceholders)
            => keyPlaceholders.Count == 0 ? null
                : $"SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock(hashtext(k)) FROM (VALUES {string.Join(", ", keyPlaceholders.Select(k => $"({k})"))}) AS keys (k)) AS locked";

        public override string? LockAuditStatement => "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock(7305822002)) AS locked";

        // Row locks are taken in whatever order each statement meets its rows (an erasure's deliveries, a
        // group of completions): two such transactions can deadlock, and PostgreSQL then aborts one of them.
        public override bool IsConflict(Exception exception)
            => exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

        public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
    }
}
