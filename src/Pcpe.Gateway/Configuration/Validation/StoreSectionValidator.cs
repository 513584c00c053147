namespace Pcpe.Gateway.Configuration.Validation;

/// <summary><c>Gateway:Store</c>: a connection string the provider reads, and the payload key PostgreSQL needs.</summary>
public sealed class StoreSectionValidator : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        Annotations(options.Store, "Gateway:Store", problems);
        if (ConnectionStringProblem(options.Store) is { } connectionProblem)
        {
            problems.Add(connectionProblem);
        }

        if (options.Store.Provider == Store.StoreProvider.Postgres && string.IsNullOrWhiteSpace(options.Store.PayloadKey))
        {
            problems.Add("Gateway:Store:PayloadKey (32 random bytes, base64) is required with PostgreSQL: every instance encrypts and decrypts with it");
        }
    }

    // The connection string is not quoted back: it may hold a password.
    private static string? ConnectionStringProblem(Store.StoreOptions store)
    {
        if (string.IsNullOrWhiteSpace(store.ConnectionString))
        {
            return null; // [Required] names it.
        }

        try
        {
            _ = store.Provider == Store.StoreProvider.Postgres
                ? new Npgsql.NpgsqlConnectionStringBuilder(store.ConnectionString).ConnectionString
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString).ConnectionString;
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"Gateway:Store:ConnectionString is not a valid {(store.Provider == Store.StoreProvider.Postgres ? "PostgreSQL" : "SQLite")} connection string (keywords separated by ';', each keyword=value)";
        }
    }
}
