using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace Pcpe.Gateway.Store;

/// <summary>
/// Several statements, each value bound as a numbered parameter, run in one round trip on PostgreSQL (a write there
/// waits on its round trips more than on the statements' work). A read of several result sets runs
/// <see cref="Text"/> as one command (SQLite and Npgsql both run a multi-statement text in order). A value used by
/// two statements is bound once for each.
/// </summary>
internal sealed class StatementBatch
{
    private readonly List<(string Text, BoundValues Parameters)> _statements = [];
    private BoundValues _bound = new();
    private int _count;

    /// <summary>Every parameter of every statement, for the command that runs them all.</summary>
    public BoundValues Parameters
    {
        get
        {
            var all = new BoundValues();
            _statements.ForEach(s => all.AddRange(s.Parameters));
            return all;
        }
    }

    /// <summary>Every statement, in order, as one command text.</summary>
    public string Text => string.Concat(_statements.Select(s => s.Text + ";\n"));

    public bool IsEmpty => _statements.Count == 0;

    /// <summary>Binds a value for the next statement and returns its placeholder. A null string is typed,
    /// so that PostgreSQL can infer the type of a parameter used only in a comparison.</summary>
    public string Bind(object? value, DbType? type = null)
    {
        var name = "b" + _count++;
        _bound.Add(name, value, type);
        return "@" + name;
    }

    public string Bind(string? value) => Bind(value, DbType.String);

    /// <summary>Binds values for a SELECT list (an INSERT … SELECT) and returns their placeholders, comma
    /// separated. There a null has no column to take its type from: a null or a string is bound as text.</summary>
    public string BindSelectList(IEnumerable<object?> values)
        => string.Join(", ", values.Select(v => v is null or string ? Bind(v, DbType.String) : Bind(v)));

    public void Add(string statement)
    {
        _statements.Add((statement, _bound));
        _bound = new BoundValues();
    }

    /// <summary>One multi-row INSERT; nothing when there are no rows.</summary>
    public void AddInsert(string table, string columns, IEnumerable<object?[]> rows)
    {
        var values = rows.Select(row => "(" + string.Join(", ", row.Select(v => v is string s ? Bind(s) : Bind(v))) + ")").ToList();
        if (values.Count > 0)
        {
            Add($"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", values)}");
        }
    }

    /// <summary>Runs the statements in order: on PostgreSQL as one <see cref="NpgsqlBatch"/> (one round trip, each
    /// statement with its own parameters), elsewhere one command each: in process (SQLite) there is no round
    /// trip to save, and a command binds every parameter it holds to each of its statements.</summary>
    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection postgres)
        {
            await using var batch = new NpgsqlBatch(postgres, (NpgsqlTransaction)transaction);
            foreach (var (text, parameters) in _statements)
            {
                var command = new NpgsqlBatchCommand(text);
                foreach (var (name, value, type) in parameters)
                {
                    var parameter = new NpgsqlParameter(name, value ?? DBNull.Value);
                    if (type is { } dbType)
                    {
                        parameter.DbType = dbType;
                    }

                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        foreach (var (text, parameters) in _statements)
        {
            await connection.ExecuteAsync(new CommandDefinition(text, parameters, transaction, cancellationToken: cancellationToken));
        }
    }
}
