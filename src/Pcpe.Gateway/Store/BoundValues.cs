using System.Data;
using Dapper;

namespace Pcpe.Gateway.Store;

/// <summary>
/// The values the store's statements bind (a <see cref="StatementBatch"/>'s, lists of ids, a lease's
/// settings), handed to Dapper as parameters. Not Dapper's DynamicParameters: it compares each parameter's DbType with the one asked for, and reading DbType
/// makes Npgsql infer it from the value through its type resolution, uncached, for every parameter of
/// every command, CPU spent on every delivery. Here a DbType is only ever set.
/// </summary>
internal sealed class BoundValues : SqlMapper.IDynamicParameters, IEnumerable<(string Name, object? Value, DbType? Type)>
{
    private readonly List<(string Name, object? Value, DbType? Type)> _values = [];

    public void Add(string name, object? value, DbType? type) => _values.Add((name, value, type));

    /// <summary>A value whose type the driver takes from the value itself.</summary>
    public void Add(string name, object? value) => Add(name, value, null);

    public void AddRange(BoundValues other) => _values.AddRange(other._values);

    public void AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        foreach (var (name, value, type) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (type is { } dbType)
            {
                parameter.DbType = dbType;
            }

            command.Parameters.Add(parameter);
        }
    }

    public IEnumerator<(string Name, object? Value, DbType? Type)> GetEnumerator() => _values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
