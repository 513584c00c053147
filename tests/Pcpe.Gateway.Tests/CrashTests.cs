using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Hl7.Fhir.Model;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// The gateway process is killed with SIGKILL at random moments while DUI clients push plans, and started
/// again on the same store (SQLite file or PostgreSQL database). Every plan acknowledged with 202 must reach the platform; the platform
/// may see a plan again only when a crash fell between its send and the record of that send — then it
/// receives the identical idempotent bundle (conditional updates), which changes nothing there.
/// Stopped with SIGTERM instead, it hands back what it had in flight, for the next start to send at once.
/// </summary>
public class CrashTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Every_acknowledged_plan_is_delivered_across_SIGKILL_crashes(StoreProvider provider)
    {
        const int plans = 150;
        const int crashes = 5;
        var random = new Random(20261122);
        using var platform = WireMockServer.Start();
        platform.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromMilliseconds(15)));
        var (folder, connectionString) = await FreshStoreAsync(provider);
        // A killed worker's leases are taken over after 5 s.
        using var gateway = new GatewayProcess(GatewayProcess.FreePort(), Settings(provider, connectionString, platform.Url + "/fhir", leaseSeconds: 5, httpTimeoutSeconds: 3), Path.Combine(folder, "gateway.log"));
        await gateway.StartAsync();

        var accepted = new ConcurrentDictionary<string, bool>();
        var template = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!;
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var pushing = Task.Run(async () =>
        {
            for (var i = 0; i < plans; i++)
            {
                var plan = template.DeepClone();
                plan["documentId"] = $"PPA-CRASH-{i:D4}";
                // A DUI retries what got no answer: the same document id and version, so a plan committed
                // just before a crash is recognised, not stored twice.
                while (true)
                {
                    try
                    {
                        using var response = await http.PostAsync("/api/v1/plans", new StringContent(plan.ToJsonString(), Encoding.UTF8, "application/json"));
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            accepted[$"PPA-CRASH-{i:D4}"] = true;
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // the gateway is down: try again
                    }

                    await Task.Delay(50);
                }
            }
        });

        for (var crash = 0; crash < crashes; crash++)
        {
            await Task.Delay(random.Next(300, 1500));
            gateway.Kill();
            await gateway.StartAsync();
        }

        await pushing;
        await using DbConnection store = provider == StoreProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'") < plans && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(crashes + 1, gateway.Starts);
        Assert.Equal(plans, accepted.Count);
        Assert.Equal(plans, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions"));
        Assert.Equal(plans, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'"));

        var received = platform.LogEntries
            .Select(e => FhirJson.Deserialize<Bundle>(e.RequestMessage.Body!))
            .Select(b => (Id: b.Entry.Select(x => x.Resource).OfType<CarePlan>().Single().Identifier[0].Value!, Json: FhirJson.Serialize(b)))
            .ToList();
        var byPlan = received.GroupBy(r => r.Id).ToList();
        Assert.Equal(plans, byPlan.Count);
        Assert.All(accepted.Keys, id => Assert.Contains(byPlan, g => g.Key.EndsWith("-PPER-" + id, StringComparison.Ordinal)));
        // A plan received more than once was sent again after a crash: always the identical, idempotent bundle.
        Assert.All(byPlan, g => Assert.Single(g.Select(r => r.Json).Distinct()));
        Console.WriteLine($"crash test ({provider}): {plans} plans, {crashes} SIGKILLs, {received.Count} POSTs at the platform, {received.Count - plans} re-sends after crashes");
        Release(folder);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_gateway_stopped_with_SIGTERM_hands_back_the_send_it_had_in_flight_and_its_next_start_makes_it_at_once(StoreProvider provider)
    {
        // Leases last ten minutes: within the test, only a lease handed back at the stop lets the next start send.
        using var hanging = WireMockServer.Start();
        hanging.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(60)));
        using var platform = WireMockServer.Start();
        platform.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var (folder, connectionString) = await FreshStoreAsync(provider);
        await using DbConnection store = provider == StoreProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        var log = Path.Combine(folder, "gateway.log");

        using (var stopping = new GatewayProcess(GatewayProcess.FreePort(), Settings(provider, connectionString, hanging.Url + "/fhir", leaseSeconds: 600, httpTimeoutSeconds: 120), log))
        {
            await stopping.StartAsync();
            using var http = new HttpClient { BaseAddress = stopping.BaseAddress };
            using var pushed = await http.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await store.ExecuteScalarAsync<string>("SELECT status FROM deliveries") != "InFlight" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal("InFlight", await store.ExecuteScalarAsync<string>("SELECT status FROM deliveries"));
            Assert.Equal(0, await stopping.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        // Handed back as it was before the lease: due at once, no attempt counted, nothing recorded as sent.
        var returned = await store.QuerySingleAsync<(string Status, long Attempts, string? LeaseOwner)>("SELECT status, attempts, lease_owner FROM deliveries");
        Assert.Equal(("Pending", 0L, (string?)null), returned);
        Assert.Equal(0, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_attempts"));

        using (var restarted = new GatewayProcess(GatewayProcess.FreePort(), Settings(provider, connectionString, platform.Url + "/fhir", leaseSeconds: 600, httpTimeoutSeconds: 120), log))
        {
            await restarted.StartAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await store.ExecuteScalarAsync<string>("SELECT status FROM deliveries") != "Delivered" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal("Delivered", await store.ExecuteScalarAsync<string>("SELECT status FROM deliveries"));
            Assert.Single(platform.LogEntries);
            Assert.Equal(1, await store.ExecuteScalarAsync<long>("SELECT attempts FROM deliveries"));
        }

        await store.CloseAsync();
        Release(folder);
    }

    /// <summary>The process's configuration, as environment variables: one route from the test structure to one platform.</summary>
    /// <summary>A gateway process's environment: the test store, one platform route, warnings only.</summary>
    internal static Dictionary<string, string> Settings(StoreProvider provider, string connectionString, string platformEndpoint, int leaseSeconds, int httpTimeoutSeconds)
    {
        var settings = new Dictionary<string, string?>(GatewayTestHost.CommonSettings(provider, connectionString))
        {
            ["Gateway:Delivery:LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Delivery:HttpTimeoutSeconds"] = httpTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Recipients:eparcours:Channel"] = "FhirRest",
            ["Gateway:Recipients:eparcours:Endpoint"] = platformEndpoint,
            ["Gateway:Recipients:eparcours:Category"] = "CoordinationPlatform",
            ["Gateway:Recipients:eparcours:CareTeamOf:0"] = GatewayTestHost.Structure,
            ["Gateway:Routes:0:Name"] = "crash",
            ["Gateway:Routes:0:Recipients:0"] = "eparcours",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        return settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
    }

    /// <summary>A folder for the process's log (and the SQLite file), and a store of its own.</summary>
    private static async Task<(string Folder, string ConnectionString)> FreshStoreAsync(StoreProvider provider)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pcpe-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return (folder, provider == StoreProvider.Sqlite ? $"Data Source={Path.Combine(folder, "gateway.db")}" : await FreshPostgresDatabaseAsync());
    }

    private static void Release(string folder)
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> FreshPostgresDatabaseAsync()
    {
        var database = $"pcpe_crash_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {database}");
        }

        return new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = database }.ConnectionString;
    }
}
