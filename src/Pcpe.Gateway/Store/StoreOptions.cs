using System.ComponentModel.DataAnnotations;

namespace Pcpe.Gateway.Store;

/// <summary>Configuration section <c>Gateway:Store</c>.</summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>ADO.NET connection string. SQLite default: a file under the content root's data/ folder.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/pcpe-gateway.db";
}
