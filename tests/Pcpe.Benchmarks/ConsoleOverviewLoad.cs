using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Benchmarks;

/// <summary>
/// The store reads of the console's overview (each recipient's queue, the intake per hour) against a store
/// holding <c>count</c> deliveries: half a year of traffic over eight recipients, nearly all delivered, a few
/// per cent waiting, dead-lettered or blocked. Prints the time per overview and the databases' query plans.
/// </summary>
internal static class ConsoleOverviewLoad
{
    private const int Recipients = 8;
    private const int Rounds = 30;

    public static async Task<int> RunAsync(string providerName, int count)
    {
        var provider = providerName == "postgres" ? StoreProvider.Postgres : StoreProvider.Sqlite;
        var folder = Path.Combine(Path.GetTempPath(), "pcpe-overview-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connectionString = await ApiLoad.FreshStoreAsync(provider, folder, "overview");
        // The key the gateway process is given too, when the whole page is measured.
        using var protector = new PayloadProtector(Convert.FromBase64String(TestEnvironment.PayloadKey), []);
        await using var store = GatewayStore.Create(new StoreOptions { Provider = provider, ConnectionString = connectionString }, folder, protector);
        await store.MigrateAsync(CancellationToken.None);

        var filling = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        await FillAsync(provider, connectionString, count, now);
        Console.WriteLine(FormattableString.Invariant($"{providerName}: {count} deliveries over {count / 2} submissions filled in {filling.Elapsed.TotalSeconds:F0} s"));

        var times = new List<double>();
        for (var round = 0; round < Rounds + 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var queues = await store.RecipientQueuesAsync(CancellationToken.None);
            var hours = await store.SubmissionsPerHourAsync(now.AddDays(-7), CancellationToken.None);
            watch.Stop();
            if (round >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            if (round == 0)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"{providerName}: {queues.Count} recipients, {queues.Sum(q => q.Counts.Values.Sum())} deliveries not delivered, {hours.Count} hours with intake this week"));
            }
        }

        times.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"{providerName}: overview store reads median={times[times.Count / 2]:F1} ms p95={times[(int)(times.Count * 0.95)]:F1} ms max={times[^1]:F1} ms ({Rounds} rounds after 3 warm-up)"));
        await PrintPlansAsync(provider, connectionString, now);
        if (Environment.GetEnvironmentVariable("PCPE_TEST_OIDC_AUTHORITY") is { Length: > 0 })
        {
            await MeasurePageAsync(providerName, provider, connectionString, folder);
        }

        SqliteCleanup(folder);
        return 0;
    }

    /// <summary>The whole overview page as an operator gets it: a gateway process on the filled store, signed in
    /// through the test OpenID Connect provider in Chromium; the server's time is the time to the first byte.</summary>
    private static async Task MeasurePageAsync(string providerName, StoreProvider provider, string connectionString, string folder)
    {
        var settings = new Dictionary<string, string>
        {
            ["Gateway__Store__Provider"] = provider.ToString(),
            ["Gateway__Store__ConnectionString"] = connectionString,
            ["Gateway__Store__PayloadKey"] = TestEnvironment.PayloadKey,
            ["Gateway__Console__Authority"] = TestEnvironment.OidcAuthority.ToString(),
            ["Gateway__Console__ClientId"] = "pcpe-console",
            ["Gateway__Console__ClientSecret"] = TestEnvironment.OidcClientSecret,
            ["Gateway__Console__Scopes__0"] = "profile",
            ["Gateway__Console__Scopes__1"] = "roles",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        for (var r = 0; r < Recipients; r++)
        {
            settings[$"Gateway__Recipients__recipient-{r}__Channel"] = "FhirRest";
            settings[$"Gateway__Recipients__recipient-{r}__Endpoint"] = "http://127.0.0.1:9/fhir";
            settings[$"Gateway__Recipients__recipient-{r}__Category"] = "CoordinationPlatform";
        }

        using var gateway = new GatewayProcess(GatewayProcess.FreePort(), settings, Path.Combine(folder, "gateway.log"));
        await gateway.StartAsync();
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = TestEnvironment.Chromium, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var overview = $"http://localhost:{gateway.Port}/console";
        await page.GotoAsync(overview);
        await page.FillAsync("input[name=login]", "supervisor");
        await page.FillAsync("input[name=password]", "any");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.EndsWith("/console", StringComparison.Ordinal));

        var times = new List<double>();
        for (var round = 0; round < Rounds + 3; round++)
        {
            var response = await page.GotoAsync(overview) ?? throw new InvalidOperationException("no answer");
            if (response.Status != 200)
            {
                throw new InvalidOperationException($"the overview answered {response.Status}");
            }

            var timing = response.Request.Timing;
            if (round >= 3)
            {
                times.Add(timing.ResponseStart - timing.RequestStart);
            }
        }

        times.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"{providerName}: overview page, server time to first byte median={times[times.Count / 2]:F1} ms p95={times[(int)(times.Count * 0.95)]:F1} ms max={times[^1]:F1} ms ({Rounds} loads after 3)"));
    }

    private static async Task FillAsync(StoreProvider provider, string connectionString, int count, DateTimeOffset now)
    {
        var end = now.ToUnixTimeMilliseconds();
        var span = (long)TimeSpan.FromDays(180).TotalMilliseconds;
        var submissions = count / 2;
        // Per mille of deliveries in each state but Delivered; the rest are delivered.
        var status = """
            CASE WHEN n % 1000 < 10 THEN 'Pending' WHEN n % 1000 < 20 THEN 'RetryScheduled'
                 WHEN n % 1000 < 30 THEN 'DeadLettered' WHEN n % 1000 < 40 THEN 'Blocked' ELSE 'Delivered' END
            """;
        string Submissions(string n) => $"""
            INSERT INTO submissions (id, client_id, kind, document_id, document_version, content_sha256, structure_finess, received_at, person_ref)
            SELECT 's' || {n}, 'dui', 'plan', 'DOC-' || {n}, 1, 'x', '340000017', {end} - ({n} * {span} / {submissions}), 'p' || ({n} % 50000)
            """;
        string Deliveries(string n, string parent) => $"""
            INSERT INTO deliveries (id, submission_id, recipient_id, channel, status, attempts, next_attempt_at, last_error, delivered_at, created_at, updated_at)
            SELECT 'd' || {n}, 's' || {parent}, 'recipient-' || ({n} % {Recipients}), 'FhirRest', {status.Replace("n %", n + " %", StringComparison.Ordinal)}, 1,
                   CASE WHEN {n} % 1000 < 20 THEN {end} + 86400000 ELSE {end} - ({parent} * {span} / {submissions}) END,
                   CASE WHEN {n} % 1000 >= 10 AND {n} % 1000 < 30 THEN 'HTTP 503' END,
                   NULL, {end} - ({parent} * {span} / {submissions}), {end} - ({parent} * {span} / {submissions})
            """;
        if (provider == StoreProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.ExecuteAsync($"{Submissions("n")} FROM generate_series(0, {submissions - 1}) AS n", commandTimeout: 3600);
            await connection.ExecuteAsync($"{Deliveries("n", "(n / 2)")} FROM generate_series(0, {count - 1}) AS n", commandTimeout: 3600);
            await connection.ExecuteAsync("ANALYZE", commandTimeout: 3600, commandType: System.Data.CommandType.Text);
            return;
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await sqlite.OpenAsync();
        await using var transaction = await sqlite.BeginTransactionAsync();
        await sqlite.ExecuteAsync(
            $"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < {submissions - 1}) {Submissions("n")} FROM seq",
            transaction: transaction,
            commandTimeout: 3600);
        await sqlite.ExecuteAsync(
            $"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < {count - 1}) {Deliveries("n", "(n / 2)")} FROM seq",
            transaction: transaction,
            commandTimeout: 3600);
        await transaction.CommitAsync();
        await sqlite.ExecuteAsync("ANALYZE", commandTimeout: 3600, commandType: System.Data.CommandType.Text);
    }

    private static async Task PrintPlansAsync(StoreProvider provider, string connectionString, DateTimeOffset now)
    {
        var since = now.AddDays(-7).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        string[] queries =
        [
            "SELECT recipient_id, status, COUNT(*), MIN(CASE WHEN status IN ('Pending', 'RetryScheduled') THEN created_at END) FROM deliveries WHERE status IN ('Pending', 'RetryScheduled', 'InFlight', 'DeadLettered', 'Blocked') GROUP BY recipient_id, status",
            "SELECT recipient_id, last_error, updated_at FROM (SELECT recipient_id, last_error, updated_at, ROW_NUMBER() OVER (PARTITION BY recipient_id ORDER BY updated_at DESC) AS latest FROM deliveries WHERE status IN ('RetryScheduled', 'DeadLettered') AND last_error IS NOT NULL) AS errors WHERE latest = 1",
            $"SELECT received_at / 3600000 AS hour, COUNT(*) FROM submissions WHERE received_at >= {since} GROUP BY received_at / 3600000 ORDER BY hour",
        ];
        foreach (var query in queries)
        {
            IEnumerable<string> plan;
            if (provider == StoreProvider.Postgres)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                plan = await connection.QueryAsync<string>("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + query);
            }
            else
            {
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
                plan = (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + query)).Select(r => r.Detail);
            }

            Console.WriteLine("plan: " + query[..Math.Min(90, query.Length)] + "…");
            foreach (var line in plan)
            {
                Console.WriteLine("    " + line);
            }
        }
    }

    private static void SqliteCleanup(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
