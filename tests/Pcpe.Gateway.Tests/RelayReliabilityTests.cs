using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dapper;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Pcpe.Gateway.Tests;

/// <summary>The FHIR relay against partners that fail, throttle, hang and drop connections (WireMock),
/// on each store.</summary>
public abstract class RelayReliabilityTests(StoreProvider provider)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);

    private static Dictionary<string, string?> Fast() => new()
    {
        ["Gateway:Routes:0:Recipients:1"] = null,
        ["Gateway:Delivery:HttpTimeoutSeconds"] = "3",
        ["Gateway:Delivery:BaseRetryDelaySeconds"] = "0.1",
        ["Gateway:Delivery:MaxRetryDelaySeconds"] = "0.5",
        // A platform that keeps failing trips its circuit (ten failed requests): the test waits 2 s, not 30.
        ["Gateway:Delivery:CircuitBreakSeconds"] = "2",
    };

    /// <summary>One more coordination platform, in the structure's care team.</summary>
    private static void AddPlatform(Dictionary<string, string?> settings, string id, string endpoint)
    {
        settings[$"Gateway:Recipients:{id}:Channel"] = "FhirRest";
        settings[$"Gateway:Recipients:{id}:Endpoint"] = endpoint;
        settings[$"Gateway:Recipients:{id}:Category"] = "CoordinationPlatform";
        settings[$"Gateway:Recipients:{id}:CareTeamOf:0"] = GatewayTestHost.Structure;
    }

    private static IRequestBuilder Fhir() => Request.Create().WithPath("/fhir").UsingPost();

    /// <summary>The platform answers these responses in turn, then the last one for ever.</summary>
    private static void Sequence(WireMockServer server, string scenario, params IResponseBuilder[] responses)
    {
        server.Reset();
        for (var i = 0; i < responses.Length; i++)
        {
            var step = server.Given(Fhir()).InScenario(scenario);
            if (i > 0)
            {
                step = step.WhenStateIs($"{scenario}{i}");
            }

            if (i < responses.Length - 1)
            {
                step = step.WillSetStateTo($"{scenario}{i + 1}");
            }

            step.RespondWith(responses[i]);
        }
    }

    private static async Task<JsonElement> PushAndSettleAsync(GatewayTestHost host)
    {
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
        return (await host.WaitUntilSettledAsync(pushed.Headers.Location!, Settle)).GetProperty("deliveries")[0];
    }

    // A sample document under another document id, pushed and accepted.
    private static async Task PushCopyAsync(GatewayTestHost host, string path, string sample, string documentId)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample(sample)))!;
        document["documentId"] = documentId;
        using var pushed = await host.Client.PostAsync(path, new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
    }

    private static async Task<List<(string Outcome, string? Detail)>> AttemptsAsync(GatewayTestHost host)
    {
        await using var connection = host.OpenStore();
        return (await connection.QueryAsync<(string, string?)>("SELECT outcome, detail FROM delivery_attempts ORDER BY attempt")).ToList();
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_platform_recovers()
    {
        // A send's time covers its quick retries: at 3 s, on a busy machine, the recovered platform's answer could
        // come after it, and the plan be sent once more (as it should after a timeout), making the count below 7.
        var settings = Fast();
        settings["Gateway:Delivery:HttpTimeoutSeconds"] = "30";
        await using var host = await GatewayTestHost.StartAsync(provider, settings);
        var platform = host.EParcours;
        // Five failures: more than the quick in-request retries, so a durable retry is needed too.
        Sequence(platform, "flaky", [.. Enumerable.Range(0, 5).Select(_ => Response.Create().WithStatusCode(503)), Response.Create().WithStatusCode(200)]);

        var delivery = await PushAndSettleAsync(host);

        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        Assert.True(delivery.GetProperty("attempts").GetInt32() >= 2);
        Assert.Equal(6, platform.LogEntries.Count());
        Assert.Contains(await AttemptsAsync(host), a => a.Outcome == "RetryScheduled" && a.Detail == "HTTP 503");
    }

    [Fact]
    public async Task Throttling_is_honoured_with_its_Retry_After()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Fast());
        var platform = host.EParcours;
        Sequence(platform, "throttle", [.. Enumerable.Range(0, 3).Select(_ => Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2")), Response.Create().WithStatusCode(200)]);

        var delivery = await PushAndSettleAsync(host);

        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        var calls = platform.LogEntries.OrderBy(e => e.RequestMessage.DateTime).Select(e => e.RequestMessage.DateTime).ToList();
        Assert.Equal(4, calls.Count);
        // Every call after a 429 waited at least what the platform asked (2 s), never the 0.1 s backoff.
        Assert.All(calls.Zip(calls.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(1.9), $"a call came {pair.Second - pair.First} after a 429"));
    }

    [Fact]
    public async Task A_hanging_platform_times_out_and_is_retried()
    {
        var settings = Fast();
        // Timeouts and durable retries, not the circuit: the hanging stand-in answers only after many timed-out
        // requests, enough to trip it (the circuit's own test is below).
        settings["Gateway:Delivery:CircuitMinimumThroughput"] = "1000";
        await using var host = await GatewayTestHost.StartAsync(provider, settings);
        var platform = host.EParcours;
        Sequence(platform, "hang", [.. Enumerable.Range(0, 3).Select(_ => Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(10))), Response.Create().WithStatusCode(200)]);

        var delivery = await PushAndSettleAsync(host);

        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        Assert.Contains(await AttemptsAsync(host), a => a.Outcome == "RetryScheduled" && a.Detail == "timeout");
    }

    [Fact]
    public async Task Dropped_connections_are_retried_until_the_platform_answers()
    {
        // The platform's port first accepts connections and resets them (three: one request and its quick
        // retries), then the platform itself comes up on that port.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var drops = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var connection = await listener.AcceptTcpClientAsync();
                connection.Client.LingerState = new LingerOption(true, 0);
            }

            listener.Stop();
        });
        var settings = Fast();
        settings["Gateway:Recipients:eparcours:Endpoint"] = $"http://127.0.0.1:{port}/fhir";
        await using var host = await GatewayTestHost.StartAsync(provider, settings);

        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
        await drops.WaitAsync(Settle);
        using var platform = WireMockServer.Start(port);
        platform.Given(Fhir()).RespondWith(Response.Create().WithStatusCode(200));
        var delivery = (await host.WaitUntilSettledAsync(pushed.Headers.Location!, Settle)).GetProperty("deliveries")[0];

        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        Assert.Single(platform.LogEntries);
        Assert.Contains(await AttemptsAsync(host), a => a.Outcome == "RetryScheduled" && a.Detail!.StartsWith("connection failed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 0)]
    // Four sends allowed, and a probe answered slowly: the deliveries leased beside a probe would be turned away
    // by the half-open circuit, each spending an attempt, so none is leased until the probe has its answer.
    [InlineData(4, 2)]
    public async Task While_the_platform_circuit_is_open_its_deliveries_wait_without_spending_attempts(int sends, int probeAnswerSeconds)
    {
        var settings = Fast();
        // The first plan's request and its two quick retries are enough to trip the circuit.
        settings["Gateway:Recipients:eparcours:MaxParallelSends"] = sends.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gateway:Delivery:CircuitMinimumThroughput"] = "3";
        settings["Gateway:Delivery:CircuitBreakSeconds"] = "8";
        // Room for the slow probe: each try may take a third of it.
        settings["Gateway:Delivery:HttpTimeoutSeconds"] = "12";
        await using var host = await GatewayTestHost.StartAsync(provider, settings);
        var platform = host.EParcours;
        platform.Reset();
        platform.Given(Fhir()).RespondWith(Response.Create().WithStatusCode(500));
        Task PushAsync(int i) => PushCopyAsync(host, "/api/v1/plans", "plan-minimal.json", $"PPA-CIRCUIT-{i}");

        await PushAsync(0);
        await using var store = host.OpenStore();
        var deadline = DateTime.UtcNow + Settle;
        while (await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_attempts") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // The first plan's send failed three times and tripped the circuit. Five more plans arrive during the outage.
        for (var i = 1; i <= 5; i++)
        {
            await PushAsync(i);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var ready = await host.Client.GetAsync("/health/ready"))
        {
            var circuit = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("relay-circuits");
            Assert.Equal("Degraded", circuit.GetProperty("status").GetString());
            Assert.Equal("circuit open for: eparcours", circuit.GetProperty("description").GetString());
        }

        // Nothing was sent or attempted while it was open: the first plan's retry, though due after 0.1 s, and
        // the five new plans all wait, their attempts untouched.
        Assert.Equal(3, platform.LogEntries.Count());
        Assert.Equal([("RetryScheduled", "HTTP 500")], await AttemptsAsync(host));
        Assert.Equal(5, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Pending' AND attempts = 0"));

        // The platform recovers; once the break is over, one send probes it, closes the circuit, and the rest follow.
        platform.Reset();
        var recovered = Response.Create().WithStatusCode(200);
        platform.Given(Fhir()).RespondWith(probeAnswerSeconds == 0 ? recovered : recovered.WithDelay(TimeSpan.FromSeconds(probeAnswerSeconds)));
        deadline = DateTime.UtcNow + Settle;
        while (await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'") < 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(6, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'"));
        Assert.Equal(6, platform.LogEntries.Count());
        Assert.DoesNotContain(await AttemptsAsync(host), a => a.Detail is not null && a.Detail.StartsWith("circuit open", StringComparison.Ordinal));
        Assert.Equal(7, await store.ExecuteScalarAsync<long>("SELECT SUM(attempts) FROM deliveries"));
    }

    [Fact]
    public async Task A_recipient_sharing_the_platform_endpoint_waits_out_its_open_circuit_without_spending_attempts()
    {
        // Two tenants of one platform (one host, two paths): the breaker keeps one circuit for both. Plans go to
        // the first, assessments to the second, whose deliveries only arrive once the first has tripped the circuit.
        using var platform = WireMockServer.Start();
        platform.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        var settings = Fast();
        settings["Gateway:Recipients:eparcours:Endpoint"] = platform.Url + "/fhir";
        AddPlatform(settings, "tenant2", platform.Url + "/tenant2/fhir");
        settings["Gateway:Routes:0:DocumentKinds:0"] = "plan";
        settings["Gateway:Routes:1:Name"] = "assessments";
        settings["Gateway:Routes:1:Structures:0"] = GatewayTestHost.Structure;
        settings["Gateway:Routes:1:DocumentKinds:0"] = "assessment";
        settings["Gateway:Routes:1:Recipients:0"] = "tenant2";
        settings["Gateway:Delivery:CircuitMinimumThroughput"] = "3";
        settings["Gateway:Delivery:CircuitBreakSeconds"] = "8";
        settings["Gateway:Delivery:HttpTimeoutSeconds"] = "12";
        await using var host = await GatewayTestHost.StartAsync(provider, settings);

        using (var plan = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, plan.StatusCode);
        }

        await using var store = host.OpenStore();
        var deadline = DateTime.UtcNow + Settle;
        while (await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_attempts") == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // The plan's send failed three times and tripped the circuit. Three assessments for the other tenant arrive.
        for (var i = 0; i < 3; i++)
        {
            await PushCopyAsync(host, "/api/v1/assessments", "assessment.json", $"EVAL-CIRCUIT-{i}");
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var ready = await host.Client.GetAsync("/health/ready"))
        {
            var circuit = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("relay-circuits");
            Assert.Equal("circuit open for: eparcours, tenant2", circuit.GetProperty("description").GetString());
        }

        // None of the other tenant's deliveries was sent into the open circuit, or spent an attempt being turned away.
        Assert.Equal(3, platform.LogEntries.Count());
        Assert.Equal(3, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE recipient_id = 'tenant2' AND status = 'Pending' AND attempts = 0"));

        // The platform recovers: one probe closes the circuit for both tenants, and everything flows.
        platform.Reset();
        platform.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        deadline = DateTime.UtcNow + Settle;
        while (await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'") < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(4, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE status = 'Delivered'"));
        Assert.Equal(3, platform.LogEntries.Count(e => e.RequestMessage.Path == "/tenant2/fhir"));
        Assert.DoesNotContain(await AttemptsAsync(host), a => a.Detail is not null && a.Detail.StartsWith("circuit open", StringComparison.Ordinal));
        Assert.Equal(5, await store.ExecuteScalarAsync<long>("SELECT SUM(attempts) FROM deliveries"));
    }

    [Fact]
    public async Task A_hanging_partner_holds_only_its_own_sends_and_the_others_flow()
    {
        // 20 plans, each for the platform and for a partner that hangs far longer than the test. The
        // partner may hold 2 sends; the 14 other slots keep the platform's 20 deliveries flowing.
        using var slow = WireMockServer.Start();
        slow.Given(Fhir()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(25)));
        var settings = Fast();
        AddPlatform(settings, "slow", slow.Url + "/fhir");
        settings["Gateway:Recipients:slow:MaxParallelSends"] = "2";
        settings["Gateway:Routes:0:Recipients:1"] = "slow";
        settings["Gateway:Delivery:HttpTimeoutSeconds"] = "60";
        settings["Gateway:Delivery:MaxParallelSends"] = "16";
        await using var host = await GatewayTestHost.StartAsync(provider, settings);

        for (var i = 0; i < 20; i++)
        {
            await PushCopyAsync(host, "/api/v1/plans", "plan-minimal.json", $"PPA-HANG-{i:D2}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        long platformDelivered;
        await using var store = host.OpenStore();
        do
        {
            await Task.Delay(100);
            platformDelivered = await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE recipient_id = 'eparcours' AND status = 'Delivered'");
        }
        while (platformDelivered < 20 && DateTime.UtcNow < deadline);

        Assert.Equal(20, platformDelivered);
        Assert.Equal(20, host.EParcours.LogEntries.Count());
        // The partner's sends taken at most its limit: 2 in flight, the 18 others still waiting in the store.
        var partner = (await store.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM deliveries WHERE recipient_id = 'slow' GROUP BY status"))
            .ToDictionary(r => r.Status, r => r.Count);
        Assert.Equal(2, partner["InFlight"]);
        Assert.Equal(18, partner["Pending"]);
        // Waiting for a free slot counts no attempt.
        Assert.Equal(0, await store.ExecuteScalarAsync<long>("SELECT MAX(attempts) FROM deliveries WHERE recipient_id = 'slow' AND status = 'Pending'"));
    }
}

public sealed class SqliteRelayReliabilityTests() : RelayReliabilityTests(StoreProvider.Sqlite);

public sealed class PostgresRelayReliabilityTests() : RelayReliabilityTests(StoreProvider.Postgres);
