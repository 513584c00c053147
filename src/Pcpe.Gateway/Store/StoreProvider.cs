namespace Pcpe.Gateway.Store;

/// <summary>The database behind the gateway.</summary>
public enum StoreProvider
{
    /// <summary>An embedded SQLite file (WAL): one gateway instance, nothing else to run.</summary>
    Sqlite,
    /// <summary>PostgreSQL: several gateway instances share the work (row leasing).</summary>
    Postgres,
}
