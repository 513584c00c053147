using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Benchmarks;

/// <summary>
/// <c>api-hanging sqlite|postgres SECONDS CONCURRENCY</c>: plans route to the stub platform and to a partner DUI
/// that accepts connections and never answers, so the partner's backlog grows by every plan accepted. Three
/// phases of sustained intake, then the wait for the platform's copies: whether the platform keeps being
/// served, and at what cost, while the partner's backlog grows.
/// </summary>
internal static class HangingPartnerLoad
{
    private const int Phases = 3;

    public static async Task<int> RunAsync(string provider, int seconds, int concurrency)
    {
        var folder = ApiLoad.NewFolder("hanging");
        var template = await ApiLoad.TemplateAsync();
        var storeProvider = provider == "postgres" ? StoreProvider.Postgres : StoreProvider.Sqlite;
        using var stub = new PlatformStub(GatewayProcess.FreePort());
        using var partner = new HangingEndpoint();
        var environment = ApiLoad.GatewayEnvironment(storeProvider, await ApiLoad.FreshStoreAsync(storeProvider, folder, "hanging"), stub.Url);
        environment["Gateway__Recipients__dui-partner__Channel"] = "FhirRest";
        environment["Gateway__Recipients__dui-partner__Endpoint"] = partner.Url;
        environment["Gateway__Recipients__dui-partner__Category"] = "CoordinationPlatform";
        environment["Gateway__Recipients__dui-partner__CareTeamOf__0"] = "340000017";
        environment["Gateway__Routes__0__Recipients__1"] = "dui-partner";
        using (var gateway = new GatewayProcess(GatewayProcess.FreePort(), environment, Path.Combine(folder, "gateway.log"), ApiLoad.GatewayDll))
        {
            await gateway.StartAsync();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = gateway.BaseAddress };
            long backlog = 0;
            for (var phase = 1; phase <= Phases; phase++)
            {
                var prefix = $"LOAD-6{phase}";
                var arrivedBefore = stub.Arrivals.Count;
                var started = Stopwatch.GetTimestamp();
                var cpu = CpuMeter.Start(gateway.ProcessId);
                var (accepted, count) = await ApiLoad.SustainedAsync(http, template, prefix, seconds, concurrency);
                var (machineMs, gatewayMs, _, _) = cpu.BreakdownPer(count);
                var platformRate = (stub.Arrivals.Count - arrivedBefore) / Stopwatch.GetElapsedTime(started).TotalSeconds;
                Console.WriteLine(FormattableString.Invariant(
                    $"{provider}: phase {phase}: partner_backlog_at_start={backlog} http_accepted_plans_per_s={accepted:F0} platform_delivered_per_s={platformRate:F0} cpu_ms_per_accepted_plan machine={machineMs:F2} gateway={gatewayMs:F2}"));
                backlog += count;
            }

            // What the platform has still to receive of all phases' plans when the intake stops.
            var waiting = backlog - stub.Arrivals.Keys.Count(k => k.StartsWith("LOAD-6", StringComparison.Ordinal));
            var drainStarted = Stopwatch.GetTimestamp();
            var drainCpu = CpuMeter.Start(gateway.ProcessId);
            var drained = await ApiLoad.DrainedAsync(stub, "LOAD-6", backlog, drainStarted, TimeSpan.FromSeconds(600));
            var (drainMachineMs, drainGatewayMs) = drainCpu.MillisecondsPer(waiting);
            Console.WriteLine(FormattableString.Invariant(
                $"{provider}: intake stopped with {waiting} plans on their way to the platform and {backlog} waiting for the partner: all at the platform {drained.TotalSeconds:F1} s later ({waiting / drained.TotalSeconds:F0}/s); cpu_ms_per_delivery machine={drainMachineMs:F2} gateway={drainGatewayMs:F2}"));
        }

        Directory.Delete(folder, recursive: true);
        await ApiLoad.DropStoresAsync();
        return 0;
    }

    /// <summary>A partner that accepts connections and reads nothing, answers nothing.</summary>
    private sealed class HangingEndpoint : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];

        public HangingEndpoint()
        {
            _listener.Start(backlog: 1024);
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/fhir";
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    try
                    {
                        var socket = await _listener.AcceptSocketAsync();
                        lock (_held)
                        {
                            _held.Add(socket);
                        }
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        return;
                    }
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(s => s.Dispose());
            }
        }
    }
}
