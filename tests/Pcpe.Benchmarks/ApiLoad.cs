using Pcpe.Fhir.Model;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Terminology;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Benchmarks;

/// <summary>
/// <c>api-load sqlite|postgres SECONDS CONCURRENCY</c> (scripts/bench-api): the gateway as a real process on
/// loopback relaying to a stub platform. Measures (1) sustained accepted plans/s over HTTP, side by side
/// with (2) the raw rate of the same durable inserts (submission + delivery, same document bytes) in the
/// same kind of store, and (3) p50/p99 from POST to arrival at the stub at 100 plans/s.
/// </summary>
internal static class ApiLoad
{
    public static async Task<int> RunAsync(string provider, int seconds, int concurrency)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pcpe-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "plan-minimal.json")))!;
        var storeProvider = provider == "postgres" ? StoreProvider.Postgres : StoreProvider.Sqlite;

        using var stub = new PlatformStub(GatewayProcess.FreePort());
        using (var gateway = new GatewayProcess(GatewayProcess.FreePort(), GatewayEnvironment(storeProvider, await FreshStoreAsync(storeProvider, folder, "http"), stub.Url), Path.Combine(folder, "gateway.log"), GatewayDll))
        {
            await gateway.StartAsync();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = gateway.BaseAddress };
            // Latency first, on an empty queue; then the sustained intake (which leaves a backlog behind it).
            await PacedAsync(http, template, stub, 100, 2); // warm-up
            var (p50, p99, count) = await PacedAsync(http, template, stub, 100, seconds);
            Console.WriteLine(FormattableString.Invariant($"{provider}: post_to_delivered_ms p50={p50:F1} p99={p99:F1} at 100 plans/s ({count} plans)"));
            // Steady state: the first seconds at full load still compile the code paths only contention takes.
            await SustainedAsync(http, template, "LOAD-0", 3, concurrency);
            var arrivedBefore = stub.Arrivals.Count;
            var started = Stopwatch.GetTimestamp();
            var (accepted, acceptedCount) = await SustainedAsync(http, template, "LOAD-1", seconds, concurrency);
            var intake = Stopwatch.GetElapsedTime(started);
            var deliveredDuring = (stub.Arrivals.Count - arrivedBefore) / intake.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant($"{provider}: http_accepted_plans_per_s={accepted:F0} (concurrency {concurrency}, {seconds} s)"));
            // Intake outruns delivery while both share the cores: what was accepted is delivered after the run.
            var drained = await DrainedAsync(stub, "LOAD-1", acceptedCount, started, TimeSpan.FromSeconds(600));
            Console.WriteLine(FormattableString.Invariant(
                $"{provider}: delivered_plans_per_s_during_intake={deliveredDuring:F0}; the run's {acceptedCount} plans all delivered {(drained - intake).TotalSeconds:F1} s after it; end to end {acceptedCount / drained.TotalSeconds:F0} plans/s accepted and delivered"));
        }

        var raw = await RawInsertsAsync(storeProvider, await FreshStoreAsync(storeProvider, folder, "raw"), folder, template, seconds, concurrency);
        Console.WriteLine(FormattableString.Invariant($"{provider}: raw_store_inserts_per_s={raw:F0} (submission + delivery, same bytes, concurrency {concurrency})"));
        Directory.Delete(folder, recursive: true);
        await DropStoresAsync();
        return 0;
    }

    /// <summary><c>api-scale postgres SECONDS CONCURRENCY</c>: accepted plans/s with one gateway process, then
    /// with two on one PostgreSQL database, the clients split between them.</summary>
    public static async Task<int> ScaleAsync(int seconds, int concurrency)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pcpe-scale-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "plan-minimal.json")))!;
        using var stub = new PlatformStub(GatewayProcess.FreePort());
        var rates = new List<double>();
        foreach (var instances in new[] { 1, 2 })
        {
            var connectionString = await FreshStoreAsync(StoreProvider.Postgres, folder, $"scale{instances}");
            var gateways = Enumerable.Range(0, instances).Select(i => new GatewayProcess(GatewayProcess.FreePort(), GatewayEnvironment(StoreProvider.Postgres, connectionString, stub.Url), Path.Combine(folder, $"g{instances}-{i}.log"), GatewayDll)).ToList();
            try
            {
                foreach (var gateway in gateways)
                {
                    await gateway.StartAsync();
                }

                var clients = gateways.Select(g => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = g.BaseAddress }).ToList();
                await Task.WhenAll(clients.Select((c, i) => SustainedAsync(c, template, $"LOAD-9{instances}{i}", 3, concurrency / instances))); // warm-up
                var results = await Task.WhenAll(clients.Select((c, i) => SustainedAsync(c, template, $"LOAD-{instances}{i}", seconds, concurrency / instances)));
                var rate = results.Sum(r => r.Rate);
                rates.Add(rate);
                Console.WriteLine(FormattableString.Invariant($"postgres: {instances} instance(s): http_accepted_plans_per_s={rate:F0} (concurrency {concurrency} in all, {seconds} s)"));
                clients.ForEach(c => c.Dispose());
            }
            finally
            {
                gateways.ForEach(g => g.Dispose());
            }
        }

        Console.WriteLine(FormattableString.Invariant($"postgres: two instances / one = {rates[1] / rates[0]:F2}"));
        Directory.Delete(folder, recursive: true);
        await DropStoresAsync();
        return 0;
    }

    /// <summary><c>api-rss COUNT</c>: the gateway's resident memory after a warm-up of 10,000 plans and after COUNT more (SQLite).</summary>
    public static async Task<int> ResidentMemoryAsync(int count, int concurrency)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pcpe-rss-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "plan-minimal.json")))!;
        using var stub = new PlatformStub(GatewayProcess.FreePort());
        using var gateway = new GatewayProcess(GatewayProcess.FreePort(), GatewayEnvironment(StoreProvider.Sqlite, $"Data Source={Path.Combine(folder, "rss.db")}", stub.Url), Path.Combine(folder, "gateway.log"), GatewayDll);
        await gateway.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = gateway.BaseAddress };
        await CountedAsync(http, template, "LOAD-7", 10_000, concurrency);
        var before = gateway.ResidentBytes();
        var watch = Stopwatch.StartNew();
        await CountedAsync(http, template, "LOAD-8", count, concurrency);
        var after = gateway.ResidentBytes();
        Console.WriteLine(FormattableString.Invariant($"sqlite: rss_after_warmup={before / 1048576.0:F0} MiB rss_after_{count}_plans={after / 1048576.0:F0} MiB growth={100.0 * (after - before) / before:F1}% ({watch.Elapsed.TotalSeconds:F0} s)"));
        gateway.Kill();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static string GatewayDll => Path.Combine(AppContext.BaseDirectory, "Pcpe.Gateway.dll");

    private static Dictionary<string, string> GatewayEnvironment(StoreProvider provider, string connectionString, string platformUrl) => new()
    {
        ["Gateway__Store__Provider"] = provider.ToString(),
        ["Gateway__Store__ConnectionString"] = connectionString,
        ["Gateway__Store__PayloadKey"] = Pcpe.Testing.TestEnvironment.PayloadKey,
        ["Gateway__Api__AllowAnonymous"] = "true",
        ["Gateway__AcceptTestIdentities"] = "true",
        ["Gateway__Recipients__eparcours__Channel"] = "FhirRest",
        ["Gateway__Recipients__eparcours__Endpoint"] = platformUrl,
        ["Gateway__Recipients__eparcours__Category"] = "CoordinationPlatform",
        // A regional platform takes more concurrent requests than the default for one endpoint (4); with 4 a
        // send's round trips to PostgreSQL cap the platform below 100 plans/s (docs/performance.md).
        ["Gateway__Recipients__eparcours__MaxParallelSends"] = Environment.GetEnvironmentVariable("PCPE_BENCH_PLATFORM_SENDS") ?? "16",
        ["Gateway__Recipients__eparcours__CareTeamOf__0"] = "340000017",
        ["Gateway__Routes__0__Recipients__0"] = "eparcours",
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };

    private static async Task CountedAsync(HttpClient http, JsonNode template, string prefix, int count, int concurrency)
    {
        long next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                using var response = await http.PostAsync("/api/v1/plans", new StringContent(Plan(template, $"{prefix}{n:D8}"), Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }
        }));
    }

    /// <summary>Waits until every one of the <paramref name="count"/> plans whose id starts with <paramref name="prefix"/>
    /// reached the stub; returns when the last one did, from <paramref name="started"/> (their run's start), or the timeout.</summary>
    private static async Task<TimeSpan> DrainedAsync(PlatformStub stub, string prefix, long count, long started, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<long> arrivals;
        while ((arrivals = [.. stub.Arrivals.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Value)]).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return Stopwatch.GetElapsedTime(started, arrivals.Max());
    }

    private static async Task<(double Rate, long Accepted)> SustainedAsync(HttpClient http, JsonNode template, string prefix, int seconds, int concurrency)
    {
        long accepted = 0;
        long next = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                var plan = Plan(template, $"{prefix}{Interlocked.Increment(ref next):D8}");
                using var response = await http.PostAsync("/api/v1/plans", new StringContent(plan, Encoding.UTF8, "application/json"));
                if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        }));
        return (accepted / stop.Elapsed.TotalSeconds, accepted);
    }

    private static int _pacedRuns;

    private static async Task<(double P50, double P99, int Count)> PacedAsync(HttpClient http, JsonNode template, PlatformStub stub, int rate, int seconds)
    {
        var run = Interlocked.Increment(ref _pacedRuns);
        var posted = new Dictionary<string, long>();
        var sends = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var id = $"LOAD-{run + 1}{i:D8}";
            posted[id] = Stopwatch.GetTimestamp();
            sends.Add(http.PostAsync("/api/v1/plans", new StringContent(Plan(template, id), Encoding.UTF8, "application/json")));
        }

        await Task.WhenAll(sends);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (posted.Keys.Any(k => !stub.Arrivals.ContainsKey(k)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var latencies = posted.Where(p => stub.Arrivals.ContainsKey(p.Key))
            .Select(p => Stopwatch.GetElapsedTime(p.Value, stub.Arrivals[p.Key]).TotalMilliseconds)
            .Order()
            .ToList();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count);
    }

    private static async Task<double> RawInsertsAsync(StoreProvider provider, string connectionString, string folder, JsonNode template, int seconds, int concurrency)
    {
        // The same encryption at rest as the gateway's inserts: it is part of a durable insert.
        using var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        await using var store = GatewayStore.Create(new StoreOptions { Provider = provider, ConnectionString = connectionString }, folder, protector);
        await store.MigrateAsync(CancellationToken.None);
        var pipeline = new DocumentPipeline(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, null);
        var prepared = pipeline.Prepare(DocumentKinds.Plan, Encoding.UTF8.GetBytes(Plan(template, "LOAD-0"))).Document!;
        var document = FhirJson.SerializeToUtf8(prepared.Bundle);
        var consents = Pcpe.Fhir.Sharing.ConsentRecords.FromBundle(prepared.Bundle, prepared.StructureFiness)
            .Select(c => new ConsentToStore(c.Identifier, string.Empty, c.Kind, c.StructureFiness, Pcpe.Fhir.Sharing.ConsentRecords.StatusOf(c), FhirJson.SerializeToUtf8(c.Resource), string.Empty))
            .ToList();
        var sha = Convert.ToHexStringLower(SHA256.HashData(document));
        long next = 0;
        async Task<double> InsertForAsync(int duration)
        {
            long inserted = 0;
            var stop = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (stop.Elapsed.TotalSeconds < duration)
                {
                    var n = Interlocked.Increment(ref next);
                    // What the gateway writes with a plan: the submission and its delivery, and the person's
                    // registry (the plan's sharing consent, under the person's keyed reference).
                    var personRef = protector.PersonRef($"local:3340000017/U-RAW-{n % Persons}");
                    var id = Guid.CreateVersion7();
                    await store.InsertSubmissionAsync(
                        new NewSubmission(id, "load", "plan", $"RAW-{n}", 1, null, sha, "340000017", DateTimeOffset.UtcNow, document)
                        {
                            PersonRef = personRef,
                            Consents = consents.Select(c => c with { Identifier = $"{c.Identifier}-{n}", PersonRef = personRef, Source = $"submission:{id}" }).ToList(),
                        },
                        [new NewDelivery(Guid.CreateVersion7(), "eparcours", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, document)],
                        CancellationToken.None);
                    Interlocked.Increment(ref inserted);
                }
            }));
            return inserted / stop.Elapsed.TotalSeconds;
        }

        // The same 3 s warm-up as the HTTP run, then counted.
        await InsertForAsync(3);
        return await InsertForAsync(seconds);
    }

    private static async Task<string> FreshStoreAsync(StoreProvider provider, string folder, string name)
    {
        if (provider == StoreProvider.Sqlite)
        {
            return $"Data Source={Path.Combine(folder, name + ".db")}";
        }

        var admin = Environment.GetEnvironmentVariable("PCPE_TEST_POSTGRES") ?? throw new InvalidOperationException("PCPE_TEST_POSTGRES not set: eval \"$(scripts/testenv up)\"");
        var database = $"pcpe_load_{name}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.ExecuteAsync($"CREATE DATABASE {database}");
        }

        _databases.Add(database);

        return new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = 100 }.ConnectionString;
    }

    private static readonly ConcurrentBag<string> _databases = [];

    /// <summary>Drops the PostgreSQL databases this run created (each holds thousands of plans).</summary>
    private static async Task DropStoresAsync()
    {
        if (_databases.IsEmpty)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PCPE_TEST_POSTGRES"));
        while (_databases.TryTake(out var database))
        {
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    // Plans go to 20,000 persons in turn, as a structure's plans do: each person's registry (consents,
    // care team) stays the size real persons have, instead of one person holding every plan of the run.
    private const int Persons = 20_000;

    private static string Plan(JsonNode template, string documentId)
    {
        var plan = template.DeepClone();
        plan["documentId"] = documentId;
        var person = (int)(long.Parse(documentId.AsSpan(documentId.LastIndexOf('-') + 1), System.Globalization.CultureInfo.InvariantCulture) % Persons);
        plan["person"]!["localId"] = $"U-LOAD-{person:D5}";
        plan["person"]!["ins"]!["number"] = TestIns(person);
        return plan.ToJsonString();
    }

    /// <summary>A well-formed test INS (born abroad, department 99) with its key, one per person.</summary>
    private static string TestIns(int person)
    {
        var number = 2_95_10_99_000_000L + ((person / 999) + 1) * 1000 + (person % 999) + 1;
        return FormattableString.Invariant($"{number}{97 - (number % 97):D2}");
    }

    private static double Percentile(List<double> sorted, double p)
        => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
