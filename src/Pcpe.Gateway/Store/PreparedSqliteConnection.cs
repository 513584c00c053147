using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Pcpe.Gateway.Store;

/// <summary>
/// A SQLite connection kept open, and the statements it runs kept prepared, one command per distinct text:
/// the single writer's, and the readers the store keeps. Otherwise every call would compile its SQL again:
/// Microsoft.Data.Sqlite keeps a statement prepared only for the life of one command (dotnet/efcore#14044),
/// and Dapper makes a new command for each call.
/// It is used by one caller at a time: the group commit's gate holder, or the reader it is lent to.
/// </summary>
/// <remarks>Hand-written: neither Microsoft.Data.Sqlite nor Dapper caches prepared statements across commands.
/// Closing or disposing the writer's does nothing, a reader's gives it back (<paramref name="giveBack"/>);
/// <see cref="CloseForGood"/> closes it, when the store is disposed.</remarks>
internal sealed class PreparedSqliteConnection(SqliteConnection inner, Action<PreparedSqliteConnection>? giveBack = null) : DbConnection
{
    // Enough for every statement the writer runs, in every shape a document gives it (its deliveries,
    // consents, memberships, audit events). Past it the least recently used is let go.
    private const int Capacity = 256;

    private readonly Dictionary<string, LinkedListNode<SqliteCommand>> _prepared = new(StringComparer.Ordinal);
    private readonly LinkedList<SqliteCommand> _byUse = new();

    // Whether a reader is lent to a caller now: given back once, however many times that caller closes it.
    private bool _lent;

    // A reader's transaction left open when it is given back is rolled back, not kept for its next borrower.
    private SqliteTransaction? _transaction;

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => throw new NotSupportedException("the writer's connection string is fixed");
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    /// <summary>The native connection (SQLitePCLRaw).</summary>
    public SQLitePCL.sqlite3 Handle => inner.Handle!;

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    public override void Open()
    {
        // Opened once, at creation.
    }

    public override void Close()
    {
        // Kept open: CloseForGood closes it.
        if (giveBack is not null && _lent)
        {
            _lent = false;
            _transaction?.Dispose();
            _transaction = null;
            giveBack(this);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    /// <summary>Marks a reader as lent to one caller, until it closes or disposes it.</summary>
    public PreparedSqliteConnection Lend()
    {
        _lent = true;
        return this;
    }

    /// <summary>
    /// Whether a statement of this connection is still running (a reader not disposed): its read snapshot would
    /// hold back every later read on it, and the WAL's checkpoints.
    /// </summary>
    public bool HasRunningStatement()
    {
        var db = Handle;
        for (var statement = SQLitePCL.raw.sqlite3_next_stmt(db, null); statement is not null && !statement.IsInvalid; statement = SQLitePCL.raw.sqlite3_next_stmt(db, statement))
        {
            if (SQLitePCL.raw.sqlite3_stmt_busy(statement) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Releases the prepared statements and closes the native connection.</summary>
    public void CloseForGood()
    {
        foreach (var command in _byUse)
        {
            command.Dispose();
        }

        _byUse.Clear();
        _prepared.Clear();
        inner.Dispose();
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        var transaction = inner.BeginTransaction(isolationLevel);
        if (giveBack is not null)
        {
            _transaction = transaction;
        }

        return transaction;
    }

    protected override DbCommand CreateDbCommand() => new ReusedCommand(this);

    // A command for the text, taken out of the cache while in use (a text run again before the first run's
    // reader is disposed gets a command of its own).
    private SqliteCommand Take(string text)
    {
        if (_prepared.Remove(text, out var node))
        {
            _byUse.Remove(node);
            return node.Value;
        }

        var command = inner.CreateCommand();
        command.CommandText = text;
        return command;
    }

    private void Give(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        if (_prepared.ContainsKey(command.CommandText))
        {
            command.Dispose();
            return;
        }

        if (_prepared.Count >= Capacity && _byUse.Last is { } leastRecent)
        {
            _byUse.RemoveLast();
            _prepared.Remove(leastRecent.Value.CommandText);
            leastRecent.Value.Dispose();
        }

        _prepared[command.CommandText] = _byUse.AddFirst(command);
    }

    /// <summary>What Dapper is given: the prepared command for its text, handed back to the cache when disposed.</summary>
    private sealed class ReusedCommand(PreparedSqliteConnection connection) : DbCommand
    {
        private SqliteCommand? _command;
        private string _text = string.Empty;

        // Dapper sets the transaction before the text: kept here until the text names the command.
        private SqliteTransaction? _transaction;

        private SqliteCommand Command
        {
            get
            {
                if (_command is null)
                {
                    _command = connection.Take(_text);
                    _command.Transaction = _transaction;
                    _command.CommandTimeout = _timeout;
                }

                return _command;
            }
        }

        [AllowNull]
        public override string CommandText
        {
            get => _text;
            set
            {
                if (_command is not null)
                {
                    throw new InvalidOperationException("a reused command's text is set once");
                }

                _text = value ?? string.Empty;
            }
        }

        private int _timeout = 30;

        public override int CommandTimeout
        {
            get => _timeout;
            set
            {
                _timeout = value;
                if (_command is not null)
                {
                    _command.CommandTimeout = value;
                }
            }
        }

        public override CommandType CommandType
        {
            get => CommandType.Text;
            set
            {
                if (value != CommandType.Text)
                {
                    throw new NotSupportedException("SQLite runs text commands only");
                }
            }
        }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set => throw new NotSupportedException("a reused command stays on its connection");
        }

        protected override DbParameterCollection DbParameterCollection => Command.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => _transaction;
            set
            {
                _transaction = (SqliteTransaction?)value;
                if (_command is not null)
                {
                    _command.Transaction = _transaction;
                }
            }
        }

        public override void Cancel() => _command?.Cancel();

        public override int ExecuteNonQuery() => Command.ExecuteNonQuery();

        public override object? ExecuteScalar() => Command.ExecuteScalar();

        public override void Prepare() => Command.Prepare();

        protected override DbParameter CreateDbParameter() => Command.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Command.ExecuteReader(behavior);

        protected override void Dispose(bool disposing)
        {
            if (disposing && _command is { } command)
            {
                _command = null;
                connection.Give(command);
            }

            base.Dispose(disposing);
        }
    }
}
