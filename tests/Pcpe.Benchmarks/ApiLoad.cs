using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
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
    /// <summary>How many times the sustained intake and the raw inserts take turns: the cores' speed drifts from
    /// minute to minute on a shared host, and a rate measured a minute after the other compared two machines.</summary>
    private const int Rounds = 3;

    public static async Task<int> RunAsync(string provider, int seconds, int concurrency)
    {
        var folder = NewFolder("load");
        var template = await TemplateAsync();
        var storeProvider = provider == "postgres" ? StoreProvider.Postgres : StoreProvider.Sqlite;

        using var stub = new PlatformStub(GatewayProcess.FreePort());
        await using (var raw = await RawInserter.CreateAsync(storeProvider, await FreshStoreAsync(storeProvider, folder, "raw"), folder, template, concurrency))
        using (var gateway = new GatewayProcess(GatewayProcess.FreePort(), GatewayEnvironment(storeProvider, await FreshStoreAsync(storeProvider, folder, "http"), stub.Url), Path.Combine(folder, "gateway.log"), GatewayDll))
        {
            await gateway.StartAsync();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = gateway.BaseAddress };
            // Latency first, on an empty queue; then the sustained intake (which leaves a backlog behind it).
            await PacedAsync(http, template, stub, 100, 2); // warm-up
            var (p50, p99, count) = await PacedAsync(http, template, stub, 100, seconds);
            Console.WriteLine(FormattableString.Invariant($"{provider}: post_to_delivered_ms p50={p50:F1} p99={p99:F1} at 100 plans/s ({count} plans)"));
            // Steady state: at full load the JIT goes on compiling for a while (dynamic PGO's instrumented, then
            // optimised, code); the rounds start once it has settled.
            var warmUp = await WarmedUpAsync(http, template, concurrency);
            Console.WriteLine(FormattableString.Invariant(
                $"{provider}: warm-up at full load {warmUp.Seconds} s ({warmUp.Accepted} plans); the JIT compiled for {string.Join(", ", warmUp.JitMilliseconds.Select(ms => ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms in its successive {WarmUpStepSeconds} s"));
            await DrainedAsync(stub, "LOAD-0", warmUp.Accepted, Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(600));
            await raw.InsertForAsync(3);
            var (acceptedRates, rawRates) = (new List<double>(), new List<double>());
            for (var round = 1; round <= Rounds; round++)
            {
                // The intake, then its backlog delivered (so that the raw inserts have the cores to themselves), then the raw inserts.
                var prefix = $"LOAD-7{round}";
                var arrivedBefore = stub.Arrivals.Count;
                var started = Stopwatch.GetTimestamp();
                var cpu = CpuMeter.Start(gateway.ProcessId);
                var (accepted, acceptedCount) = await SustainedAsync(http, template, prefix, seconds, concurrency);
                var (machineMs, gatewayMs, loadToolMs, databaseMs) = cpu.BreakdownPer(acceptedCount);
                var intake = Stopwatch.GetElapsedTime(started);
                var deliveredDuringCount = stub.Arrivals.Count - arrivedBefore;
                var deliveredDuring = deliveredDuringCount / intake.TotalSeconds;
                cpu = CpuMeter.Start(gateway.ProcessId);
                var drained = await DrainedAsync(stub, prefix, acceptedCount, started, TimeSpan.FromSeconds(600));
                var (drainMachineMs, drainGatewayMs) = cpu.MillisecondsPer(acceptedCount - deliveredDuringCount);
                cpu = CpuMeter.Start();
                var (inserted, insertedCount) = await raw.InsertForAsync(seconds);
                var (rawMachineMs, _, clientMs, rawDatabaseMs) = cpu.BreakdownPer(insertedCount);
                acceptedRates.Add(accepted);
                rawRates.Add(inserted);
                Console.WriteLine(FormattableString.Invariant($"{provider}: round {round}: http_accepted_plans_per_s={accepted:F0} raw_store_inserts_per_s={inserted:F0} ratio={accepted / inserted:F2}"));
                Console.WriteLine(FormattableString.Invariant(
                    $"{provider}: round {round}: cpu_ms_per_accepted_plan machine={machineMs:F2} gateway={gatewayMs:F2} load_tool={loadToolMs:F2} database={databaseMs:F2} (deliveries during the run included); cpu_ms_per_raw_insert machine={rawMachineMs:F2} client={clientMs:F2} database={rawDatabaseMs:F2}"));
                // Intake outruns delivery while both share the cores: what was accepted is delivered after the run.
                Console.WriteLine(FormattableString.Invariant(
                    $"{provider}: round {round}: delivered_plans_per_s_during_intake={deliveredDuring:F0}; the round's {acceptedCount} plans all delivered {(drained - intake).TotalSeconds:F1} s after it; end to end {acceptedCount / drained.TotalSeconds:F0} plans/s accepted and delivered; cpu_ms_per_delivery (backlog, no intake) machine={drainMachineMs:F2} gateway={drainGatewayMs:F2}"));
            }

            Console.WriteLine(FormattableString.Invariant($"{provider}: http_accepted_plans_per_s={acceptedRates.Average():F0} (concurrency {concurrency}, {Rounds} x {seconds} s)"));
            Console.WriteLine(FormattableString.Invariant($"{provider}: raw_store_inserts_per_s={rawRates.Average():F0} (submission + delivery, same bytes, concurrency {concurrency}, {Rounds} x {seconds} s, each right after an intake round)"));
            Console.WriteLine(FormattableString.Invariant($"{provider}: ratio={acceptedRates.Average() / rawRates.Average():F2} (rounds {acceptedRates.Zip(rawRates, (a, r) => a / r).Min():F2} to {acceptedRates.Zip(rawRates, (a, r) => a / r).Max():F2})"));
        }

        Directory.Delete(folder, recursive: true);
        await DropStoresAsync();
        return 0;
    }

    /// <summary><c>api-scale SECONDS CONCURRENCY</c>: accepted plans/s with one gateway process, then with two on one
    /// PostgreSQL database, the clients split between them, each process under PCPE_BENCH_INSTANCE_CPU of a core when
    /// set (root: a control group each); then whether every accepted plan reached the platform exactly once.</summary>
    public static async Task<int> ScaleAsync(int seconds, int concurrency)
    {
        var folder = NewFolder("scale");
        var template = await TemplateAsync();
        using var stub = new PlatformStub(GatewayProcess.FreePort());
        var rates = new List<double>();
        foreach (var instances in new[] { 1, 2 })
        {
            var connectionString = await FreshStoreAsync(StoreProvider.Postgres, folder, $"scale{instances}");
            // Each instance under the same CPU quota (PCPE_BENCH_INSTANCE_CPU), so that two instances are judged
            // against one on a machine whose cores PostgreSQL and the load tool share.
            var quotas = Enumerable.Range(0, instances).Select(i => CpuQuota.PerInstance() is { } cores ? CpuQuota.Create($"pcpe-bench-{instances}-{i}", cores) : null).ToList();
            var gateways = Enumerable.Range(0, instances).Select(i => new GatewayProcess(
                GatewayProcess.FreePort(), GatewayEnvironment(StoreProvider.Postgres, connectionString, stub.Url), Path.Combine(folder, $"g{instances}-{i}.log"), GatewayDll, quotas[i]?.ProcsFile)).ToList();
            stub.Receipts.Clear();
            try
            {
                foreach (var gateway in gateways)
                {
                    await gateway.StartAsync();
                }

                var clients = gateways.Select(g => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = g.BaseAddress }).ToList();
                var warmUp = await Task.WhenAll(clients.Select((c, i) => SustainedAsync(c, template, $"LOAD-9{instances}{i}", 3, concurrency / instances)));
                var results = await Task.WhenAll(clients.Select((c, i) => SustainedAsync(c, template, $"LOAD-{instances}{i}", seconds, concurrency / instances)));
                var rate = results.Sum(r => r.Rate);
                rates.Add(rate);
                var quota = quotas[0] is { } q ? FormattableString.Invariant($", {q.Cores:F2} of a core each") : ", no CPU quota";
                Console.WriteLine(FormattableString.Invariant($"postgres: {instances} instance(s): http_accepted_plans_per_s={rate:F0} (concurrency {concurrency} in all, {seconds} s{quota})"));
                // Exactly once: every accepted plan (warm-up included) reaches the platform, none twice.
                var accepted = results.Sum(r => r.Accepted) + warmUp.Sum(r => r.Accepted);
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
                while (stub.Receipts.Count < accepted && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }

                var duplicates = stub.Receipts.Values.Sum(n => n - 1);
                Console.WriteLine(FormattableString.Invariant($"postgres: {instances} instance(s): accepted={accepted} delivered={stub.Receipts.Count} duplicates={duplicates}"));
                clients.ForEach(c => c.Dispose());
            }
            finally
            {
                gateways.ForEach(g => g.Dispose());
                quotas.ForEach(q => q?.Dispose());
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
        var folder = NewFolder("rss");
        var template = await TemplateAsync();
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

    /// <summary>A fresh working folder for one run (stores, gateway logs), deleted at its end.</summary>
    internal static string NewFolder(string run)
        => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pcpe-{run}-{Guid.NewGuid():N}")).FullName;

    /// <summary>The sample plan every load run pushes, with its document id and person changed (<see cref="Plan"/>).</summary>
    internal static async Task<JsonNode> TemplateAsync()
        => JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "plan-minimal.json")))!;

    /// <summary>The gateway build the runs start: this project's copy, or PCPE_BENCH_GATEWAY_DLL (a published build, e.g. ReadyToRun).</summary>
    internal static string GatewayDll => Environment.GetEnvironmentVariable("PCPE_BENCH_GATEWAY_DLL") is { Length: > 0 } published ? published : Path.Combine(AppContext.BaseDirectory, "Pcpe.Gateway.dll");

    internal static Dictionary<string, string> GatewayEnvironment(StoreProvider provider, string connectionString, string platformUrl) => new()
    {
        ["Gateway__Store__Provider"] = provider.ToString(),
        ["Gateway__Store__ConnectionString"] = connectionString,
        ["Gateway__Store__PayloadKey"] = Pcpe.Testing.TestEnvironment.PayloadKey,
        ["Gateway__Api__AllowAnonymous"] = "true",
        ["Gateway__AcceptTestIdentities"] = "true",
        ["Gateway__Recipients__eparcours__Channel"] = "FhirRest",
        ["Gateway__Recipients__eparcours__Endpoint"] = platformUrl,
        ["Gateway__Recipients__eparcours__Category"] = "CoordinationPlatform",
        // A regional platform takes more concurrent requests than the default for one endpoint (4). Each send
        // holds its slot for its whole cycle, so with 4 the platform receives 241-247 plans/s end to end on
        // PostgreSQL (docs/performance.md, "Delivery: backlogs and recipients").
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
    internal static async Task<TimeSpan> DrainedAsync(PlatformStub stub, string prefix, long count, long started, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<long> arrivals;
        while ((arrivals = [.. stub.Arrivals.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(a => a.Value)]).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return Stopwatch.GetElapsedTime(started, arrivals.Max());
    }

    private const int WarmUpStepSeconds = 3;

    /// <summary>Full load, <see cref="WarmUpStepSeconds"/> at a time, until the gateway's JIT has settled, or for 60 s at most.</summary>
    private static async Task<(int Seconds, long Accepted, List<double> JitMilliseconds)> WarmedUpAsync(HttpClient http, JsonNode template, int concurrency)
    {
        var (accepted, jit) = await UntilJitSettledAsync(
            http, async step => (await SustainedAsync(http, template, FormattableString.Invariant($"LOAD-0{step:D2}"), WarmUpStepSeconds, concurrency)).Accepted, WarmUpStepSeconds, 60 / WarmUpStepSeconds);
        return (jit.Count * WarmUpStepSeconds, accepted, jit);
    }

    /// <summary>Runs <paramref name="window"/> (a load of <paramref name="seconds"/>, given its number, that says how many
    /// requests it made) again until the gateway's JIT compiled for less than 1 % of a window (read from its
    /// <c>/metrics</c>), or <paramref name="maxWindows"/> times; returns the requests made and the JIT's milliseconds in each window.</summary>
    internal static async Task<(long Requests, List<double> JitMilliseconds)> UntilJitSettledAsync(HttpClient http, Func<int, Task<long>> window, int seconds, int maxWindows)
    {
        long requests = 0;
        var jit = new List<double>();
        var compiled = await JitSecondsAsync(http);
        for (var number = 0; number < maxWindows; number++)
        {
            requests += await window(number);
            var now = await JitSecondsAsync(http);
            jit.Add((now - compiled) * 1000);
            compiled = now;
            if (jit[^1] < seconds * 1000 * 0.01)
            {
                break;
            }
        }

        return (requests, jit);
    }

    /// <summary>The gateway's time spent compiling code since it started, from its <c>/metrics</c>.</summary>
    private static async Task<double> JitSecondsAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        var value = System.Text.RegularExpressions.Regex.Match(metrics, @"^dotnet_jit_compilation_time_seconds_total\{[^}]*\} (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        return value.Success ? double.Parse(value.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : throw new InvalidOperationException("the gateway's /metrics has no dotnet_jit_compilation_time_seconds_total");
    }

    internal static async Task<(double Rate, long Accepted)> SustainedAsync(HttpClient http, JsonNode template, string prefix, int seconds, int concurrency)
        => await ForSecondsAsync(http, n => PostJson("/api/v1/plans", Plan(template, $"{prefix}{n:D8}")), response => response.StatusCode == System.Net.HttpStatusCode.Accepted, seconds, concurrency);

    /// <summary><paramref name="concurrency"/> clients send <paramref name="request"/> (given its number in this run, from 1) back
    /// to back for <paramref name="seconds"/>; counts the answers <paramref name="counts"/> takes (it may throw on one that
    /// should not happen).</summary>
    internal static async Task<(double Rate, long Counted)> ForSecondsAsync(HttpClient http, Func<long, HttpRequestMessage> request, Func<HttpResponseMessage, bool> counts, int seconds, int concurrency)
    {
        long counted = 0;
        long next = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                using var message = request(Interlocked.Increment(ref next));
                using var response = await http.SendAsync(message);
                if (counts(response))
                {
                    Interlocked.Increment(ref counted);
                }
            }
        }));
        return (counted / stop.Elapsed.TotalSeconds, counted);
    }

    internal static HttpRequestMessage PostJson(string path, string json)
        => new(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

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

    internal static async Task<string> FreshStoreAsync(StoreProvider provider, string folder, string name)
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
    internal static async Task DropStoresAsync()
    {
        if (_databases.IsEmpty)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PCPE_TEST_POSTGRES"));
        while (_databases.TryTake(out var database))
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 30)
                {
                    // An autovacuum worker (run by the server's own role, which FORCE may not end) is in the
                    // database the run just filled: it finishes soon.
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }
    }

    /// <summary>Plans go to 20,000 persons in turn, as a structure's plans do: each person's registry (consents,
    /// care team) stays the size real persons have, instead of one person holding every plan of the run.</summary>
    internal const int Persons = 20_000;

    /// <summary>The template plan with this document id, for one of <see cref="Persons"/> persons.</summary>
    internal static string Plan(JsonNode template, string documentId)
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
