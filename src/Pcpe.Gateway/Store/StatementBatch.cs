using System.Data;
using System.Text;
using Dapper;

namespace Pcpe.Gateway.Store;

/// <summary>
/// Several statements sent as one command (one round trip), each value bound as a numbered parameter.
/// A PostgreSQL write was bound by the round trips of its statements, not by the work they do; SQLite
/// and Npgsql both run a multi-statement command text in order.
/// </summary>
internal sealed class StatementBatch
{
    private readonly StringBuilder _text = new();
    private int _bound;

    public DynamicParameters Parameters { get; } = new();

    public string Text => _text.ToString();

    public bool IsEmpty => _text.Length == 0;

    /// <summary>Binds a value and returns its placeholder. A null string is typed, so that PostgreSQL can
    /// infer the type of a parameter used only in a comparison.</summary>
    public string Bind(object? value, DbType? type = null)
    {
        var name = "b" + _bound++;
        Parameters.Add(name, value, type);
        return "@" + name;
    }

    public string Bind(string? value) => Bind(value, DbType.String);

    public void Add(string statement) => _text.Append(statement).Append(";\n");

    /// <summary>One multi-row INSERT; nothing when there are no rows.</summary>
    public void AddInsert(string table, string columns, IEnumerable<object?[]> rows)
    {
        var values = rows.Select(row => "(" + string.Join(", ", row.Select(v => v is string s ? Bind(s) : Bind(v))) + ")").ToList();
        if (values.Count > 0)
        {
            Add($"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", values)}");
        }
    }
}
