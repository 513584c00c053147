using System.Diagnostics;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Benchmarks;

/// <summary>
/// <c>api-floor SECONDS CONCURRENCY</c> (SQLite): what an accepted plan's CPU is made of. The same gateway and client
/// run, one after the other, requests that do less and less of a push, each warmed up then measured for SECONDS:
/// the whole push (<c>POST /api/v1/plans</c>, deliveries alongside), the push without the store, the sharing
/// decision and the deliveries (<c>POST /api/v1/$preview</c>: read, check, map, check against the profiles,
/// serialize), and an HTTP exchange with no work (<c>GET /health/live</c>); then the raw inserts of api-load.
/// </summary>
internal static class HttpFloor
{
    public static async Task<int> RunAsync(int seconds, int concurrency)
    {
        var folder = ApiLoad.NewFolder("floor");
        var template = await ApiLoad.TemplateAsync();
        using var stub = new PlatformStub(GatewayProcess.FreePort());
        await using (var raw = await RawInserter.CreateAsync(StoreProvider.Sqlite, await ApiLoad.FreshStoreAsync(StoreProvider.Sqlite, folder, "raw"), folder, template, concurrency))
        using (var gateway = new GatewayProcess(GatewayProcess.FreePort(), ApiLoad.GatewayEnvironment(StoreProvider.Sqlite, await ApiLoad.FreshStoreAsync(StoreProvider.Sqlite, folder, "http"), stub.Url), Path.Combine(folder, "gateway.log"), ApiLoad.GatewayDll))
        {
            await gateway.StartAsync();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = gateway.BaseAddress };
            var loads = new (string Name, Func<long, HttpRequestMessage> Request, System.Net.HttpStatusCode Expected)[]
            {
                ("push", n => ApiLoad.PostJson("/api/v1/plans", ApiLoad.Plan(template, $"LOAD-5{n:D10}")), System.Net.HttpStatusCode.Accepted),
                ("preview", n => ApiLoad.PostJson("/api/v1/$preview", ApiLoad.Plan(template, $"LOAD-4{n:D10}")), System.Net.HttpStatusCode.OK),
                ("health", _ => new HttpRequestMessage(HttpMethod.Get, "/health/live"), System.Net.HttpStatusCode.OK),
            };
            foreach (var (name, request, expected) in loads)
            {
                // Until the JIT has settled on this load's code, as api-load.
                var (warmUp, _) = await ApiLoad.UntilJitSettledAsync(http, async _ => (await TimedAsync(http, request, expected, seconds, concurrency)).Count, seconds, 10);

                Console.WriteLine(FormattableString.Invariant($"sqlite: {name}: warmed up with {warmUp} requests; measuring"));
                var cpu = CpuMeter.Start(gateway.ProcessId);
                var (rate, count) = await TimedAsync(http, request, expected, seconds, concurrency);
                var (machine, gatewayMs, loadTool, _) = cpu.BreakdownPer(count);
                Console.WriteLine(FormattableString.Invariant($"sqlite: {name}: {rate:F0}/s; cpu_ms_per_request machine={machine:F2} gateway={gatewayMs:F2} load_tool={loadTool:F2}"));
                if (name == "push")
                {
                    // The backlog delivered before the next load has the cores.
                    var drained = await ApiLoad.DrainedAsync(stub, "LOAD-5", warmUp + count, Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(600));
                    Console.WriteLine(FormattableString.Invariant($"sqlite: push: {stub.Arrivals.Keys.Count(k => k.StartsWith("LOAD-5", StringComparison.Ordinal))} of {warmUp + count} plans delivered, the last {drained.TotalSeconds:F1} s later"));
                }
            }

            await raw.InsertForAsync(seconds);
            var rawCpu = CpuMeter.Start();
            var (inserted, insertedCount) = await raw.InsertForAsync(seconds);
            var (rawMachine, _, rawClient, _) = rawCpu.BreakdownPer(insertedCount);
            Console.WriteLine(FormattableString.Invariant($"sqlite: raw inserts: {inserted:F0}/s; cpu_ms_per_insert machine={rawMachine:F2} client={rawClient:F2}"));
        }

        Directory.Delete(folder, recursive: true);
        return 0;
    }

    // Across loads and their warm-ups: every push is a new document.
    private static long _sent;

    private static Task<(double Rate, long Count)> TimedAsync(HttpClient http, Func<long, HttpRequestMessage> request, System.Net.HttpStatusCode expected, int seconds, int concurrency)
        => ApiLoad.ForSecondsAsync(
            http,
            _ => request(Interlocked.Increment(ref _sent)),
            response => response.StatusCode == expected ? true : throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}"),
            seconds,
            concurrency);
}
