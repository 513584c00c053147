using System.ComponentModel.DataAnnotations;

namespace Pcpe.Gateway.Store;

/// <summary>Configuration section <c>Gateway:Store</c>.</summary>
public sealed class StoreOptions
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>ADO.NET connection string. SQLite default: a file under the content root's data/ folder.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/pcpe-gateway.db";

    /// <summary>
    /// AES-256 key (32 bytes, base64) encrypting documents, payloads and consents at rest. Required with
    /// PostgreSQL; with SQLite, when empty, a key file is created next to the database on first start.
    /// </summary>
    public string? PayloadKey { get; set; }

    /// <summary>Keys used before a rotation, still needed to decrypt what they encrypted.</summary>
    public List<string> PreviousPayloadKeys { get; set; } = [];
}
